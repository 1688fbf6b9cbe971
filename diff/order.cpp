#include "diff/order.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <algorithm>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <type_traits>

#include "core/error.hpp"
#include "core/names.hpp"
#include "core/sql_lexer.hpp"
#include "core/type_texts.hpp"
#include "core/types.hpp"
#include "diff/naming.hpp"

namespace autogen::diff {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

// Coarse phases: drops of dependents first, then renames, drops, types, tables, parts, and dependents last.
// Explicit edges refine the order inside and across phases.
enum Phase {
    phase_drop_trigger,
    phase_drop_view,
    phase_drop_foreign_key,
    phase_drop_constraint,
    phase_rename,
    phase_drop_column,
    phase_drop_table,
    phase_drop_routine,
    phase_drop_type,
    phase_drop_extension,
    phase_create_extension,
    phase_create_type,
    phase_create_routine,
    phase_table,
    phase_column,
    phase_constraint,
    phase_index,
    phase_foreign_key,
    phase_view,
    phase_trigger,
};

struct PhaseOf {
    int operator()(const DropTrigger&) const { return phase_drop_trigger; }
    int operator()(const DropView&) const { return phase_drop_view; }
    int operator()(const DropForeignKey&) const { return phase_drop_foreign_key; }
    int operator()(const DropIndex&) const { return phase_drop_constraint; }
    int operator()(const DropUnique&) const { return phase_drop_constraint; }
    int operator()(const DropCheck&) const { return phase_drop_constraint; }
    int operator()(const DropExclusion&) const { return phase_drop_constraint; }
    int operator()(const DropPrimaryKey&) const { return phase_drop_constraint; }
    template <class T> int operator()(const Rename<T>&) const { return phase_rename; }
    int operator()(const DropColumn&) const { return phase_drop_column; }
    int operator()(const DropTable&) const { return phase_drop_table; }
    int operator()(const DropRoutine&) const { return phase_drop_routine; }
    int operator()(const DropSequence&) const { return phase_drop_type; }
    int operator()(const DropEnum&) const { return phase_drop_type; }
    int operator()(const DropDomain&) const { return phase_drop_type; }
    int operator()(const DropExtension&) const { return phase_drop_extension; }
    int operator()(const CreateExtension&) const { return phase_create_extension; }
    int operator()(const AlterExtension&) const { return phase_create_extension; }
    int operator()(const CreateEnum&) const { return phase_create_type; }
    int operator()(const AlterEnum&) const { return phase_create_type; }
    int operator()(const CreateDomain&) const { return phase_create_type; }
    int operator()(const AlterDomain&) const { return phase_create_type; }
    int operator()(const CreateSequence&) const { return phase_create_type; }
    int operator()(const AlterSequence&) const { return phase_create_type; }
    int operator()(const CreateRoutine&) const { return phase_create_routine; }
    int operator()(const AlterRoutine&) const { return phase_create_routine; }
    int operator()(const CreateTable&) const { return phase_table; }
    int operator()(const RebuildTable&) const { return phase_table; }
    int operator()(const AlterTable&) const { return phase_table; }
    int operator()(const AddColumn&) const { return phase_column; }
    int operator()(const AlterColumn&) const { return phase_column; }
    int operator()(const AddPrimaryKey&) const { return phase_constraint; }
    int operator()(const AddUnique&) const { return phase_constraint; }
    int operator()(const AddCheck&) const { return phase_constraint; }
    int operator()(const AddExclusion&) const { return phase_constraint; }
    int operator()(const CreateIndex&) const { return phase_index; }
    int operator()(const AddForeignKey&) const { return phase_foreign_key; }
    int operator()(const CreateView&) const { return phase_view; }
    int operator()(const AlterView&) const { return phase_view; }
    int operator()(const CreateTrigger&) const { return phase_trigger; }
    int operator()(const AlterTrigger&) const { return phase_trigger; }
};

std::string table_key(const std::string& schema, const std::string& name) { return schema + "." + core::ascii_lower(name); }

// The names (schema-qualified keys) a view reads: depends_on when introspection filled it, else its tokens.
std::set<std::string> view_reads(const core::View& view, core::Dialect dialect) {
    std::set<std::string> out;
    if (view.depends_on) {
        for (const auto& d : *view.depends_on) out.insert(table_key(d.schema, d.name));
        return out;
    }
    for (const auto& token : core::tokenize(view.definition, dialect))
        if (token.kind == core::TokenKind::word || token.kind == core::TokenKind::quoted_identifier)
            out.insert(table_key(view.schema, core::identifier_value(token)));
    return out;
}

// A generated column an op writes the expression of: added, or dropped and added again with a new expression.
struct GeneratedColumnWritten {
    const core::QualifiedName& owner;
    const core::Column* column;
};
std::optional<GeneratedColumnWritten> generated_column_written(const Op& op) {
    if (const auto* add = std::get_if<AddColumn>(&op); add && add->object.generated)
        return GeneratedColumnWritten{add->owner, &add->object};
    if (const auto* alter = std::get_if<AlterColumn>(&op); alter && (alter->changed & change_generated) && alter->to.generated)
        return GeneratedColumnWritten{alter->owner, &alter->to};
    return std::nullopt;
}

// Splits foreign keys that form cycles among created (or dropped) tables into separate ops.
void detach_cycles(std::vector<Op>& ops, const Capabilities& caps) {
    for (const bool creating : {true, false}) {
        if (creating && !caps.fk_targets_exist_at_create) continue;
        if (!creating && !caps.add_constraint) continue;
        std::vector<std::size_t> tables;
        std::map<std::string, std::size_t> vertex_of;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const core::Table* t = nullptr;
            if (creating) {
                if (const auto* c = std::get_if<CreateTable>(&ops[i])) t = &c->object;
            } else if (const auto* d = std::get_if<DropTable>(&ops[i])) {
                t = &d->object;
            }
            if (!t) continue;
            vertex_of[table_key(t->schema, t->name)] = tables.size();
            tables.push_back(i);
        }
        if (tables.size() < 2) continue;
        Graph g(tables.size());
        auto table_at = [&](std::size_t v) -> core::Table& {
            if (creating) return std::get<CreateTable>(ops[tables[v]]).object;
            return std::get<DropTable>(ops[tables[v]]).object;
        };
        for (std::size_t v = 0; v < tables.size(); ++v)
            for (const auto& fk : table_at(v).foreign_keys) {
                auto it = vertex_of.find(table_key(fk.references.schema, fk.references.table));
                if (it != vertex_of.end() && it->second != v) boost::add_edge(v, it->second, g);
            }
        std::vector<int> component(tables.size());
        boost::strong_components(g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
        std::map<int, int> size_of;
        for (int c : component) ++size_of[c];
        // The separate FK ops are appended after the loop: appending inside it could reallocate `ops` under the
        // reference to the table being edited.
        std::vector<Op> detached;
        for (std::size_t v = 0; v < tables.size(); ++v) {
            if (size_of[component[v]] < 2) continue;
            auto& table = table_at(v);
            std::vector<core::ForeignKey> kept;
            for (auto& fk : table.foreign_keys) {
                auto it = vertex_of.find(table_key(fk.references.schema, fk.references.table));
                const bool in_cycle = it != vertex_of.end() && it->second != v && component[it->second] == component[v];
                if (!in_cycle) {
                    kept.push_back(fk);
                    continue;
                }
                if (!fk.name) fk.name = foreign_key_name(table, fk, caps.dialect);
                if (creating) detached.push_back(AddForeignKey{table.qualified(), fk, {}});
                else detached.push_back(DropForeignKey{table.qualified(), fk, {}});
            }
            table.foreign_keys = std::move(kept);
        }
        ops.insert(ops.end(), detached.begin(), detached.end());
    }
}

// Splits from a created table the foreign keys naming a table by the name a rename gives it, when a foreign key
// added to that table under its old name references the created table: the create waits for the rename, which
// waits for the keys added under the old name, one of which waits for the create (soak seed 4910: a downgrade
// renaming a table back and creating the table the upgrade dropped, each with a key to the other). The detached
// keys are added after the rename.
void detach_keys_around_renames(std::vector<Op>& ops, const Capabilities& caps) {
    if (!caps.fk_targets_exist_at_create || !caps.add_constraint) return;
    std::map<std::string, std::string> renamed_from;  // a table's new name -> its old one
    for (const auto& op : ops)
        if (const auto* r = std::get_if<RenameTable>(&op))
            renamed_from[table_key(r->to.schema, r->to.name)] = table_key(r->from.schema, r->from.name);
    if (renamed_from.empty()) return;
    std::set<std::pair<std::string, std::string>> added_keys;  // (owner, referenced table) of AddForeignKey ops
    for (const auto& op : ops)
        if (const auto* f = std::get_if<AddForeignKey>(&op))
            added_keys.emplace(table_key(f->owner.schema, f->owner.name),
                               table_key(f->object.references.schema, f->object.references.table));
    std::vector<Op> detached;
    for (auto& op : ops) {
        auto* create = std::get_if<CreateTable>(&op);
        if (!create) continue;
        core::Table& table = create->object;
        const std::string self = table_key(table.schema, table.name);
        std::vector<core::ForeignKey> kept;
        for (auto& fk : table.foreign_keys) {
            const auto it = renamed_from.find(table_key(fk.references.schema, fk.references.table));
            if (it == renamed_from.end() || !added_keys.count({it->second, self})) {
                kept.push_back(fk);
                continue;
            }
            if (!fk.name) fk.name = foreign_key_name(table, fk, caps.dialect);
            detached.push_back(AddForeignKey{table.qualified(), fk, {}});
        }
        table.foreign_keys = std::move(kept);
    }
    ops.insert(ops.end(), detached.begin(), detached.end());
}

std::string owner_key(const Op& op) {
    const auto id = object_id(op);
    std::string key;
    for (std::size_t i = 0; i < id.size() && i < 3; ++i) key += id[i] + '\x1f';
    return key;
}

// Whether the DDL of `op` writes the type `reference` (a core::type_reference): as a column's or domain's type, or
// in a cast inside an expression it creates.
bool writes_type(const Op& op, const std::string& reference) {
    bool found = false;
    for_each_written_type_text(op, [&](const std::string& text, bool is_type) {
        if (!found) found = is_type ? core::retyped(text, reference, reference).has_value() : core::casts_to(text, reference);
    });
    return found;
}

}  // namespace

std::vector<Step> order(const std::vector<Op>& input, const Capabilities& caps) {
    std::vector<Op> ops = input;
    detach_cycles(ops, caps);
    detach_keys_around_renames(ops, caps);
    const std::size_t n = ops.size();
    Graph g(n);
    std::vector<std::string> why(n);
    auto depend = [&](std::size_t before, std::size_t after, const std::string& reason) {
        if (before == after) return;
        boost::add_edge(before, after, g);
        if (why[after].empty()) why[after] = "after " + describe(ops[before]) + " (" + reason + ")";
    };

    // A generated column goes before the columns its expression reads, and comes after them: the server refuses
    // to drop a column a generated one depends on, or to add one that reads a column not there yet.
    auto reads_column = [&](const core::Column& generated, const std::string& column) {
        if (!generated.generated) return false;
        for (const auto& token : core::tokenize(generated.generated->expression, caps.dialect))
            if ((token.kind == core::TokenKind::word || token.kind == core::TokenKind::quoted_identifier) &&
                core::same_name(core::identifier_value(token), column, caps.dialect, core::NameKind::column))
                return true;
        return false;
    };
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            const auto* gi = std::get_if<DropColumn>(&ops[i]);
            const auto* cj = std::get_if<DropColumn>(&ops[j]);
            if (gi && cj && i != j && gi->owner == cj->owner && reads_column(gi->object, cj->object.name))
                depend(i, j, "the generated column reads it");
            const auto* ai = std::get_if<AddColumn>(&ops[i]);
            const auto* aj = std::get_if<AddColumn>(&ops[j]);
            if (ai && aj && i != j && ai->owner == aj->owner && reads_column(aj->object, ai->object.name))
                depend(i, j, "the generated column reads it");
        }

    // Index the ops that create, drop or change tables and views.
    std::map<std::string, std::size_t> created_table, dropped_table, created_view, dropped_view;
    for (std::size_t i = 0; i < n; ++i) {
        if (const auto* c = std::get_if<CreateTable>(&ops[i])) created_table[table_key(c->object.schema, c->object.name)] = i;
        if (const auto* r = std::get_if<RebuildTable>(&ops[i])) created_table[table_key(r->to.schema, r->to.name)] = i;
        if (const auto* d = std::get_if<DropTable>(&ops[i])) dropped_table[table_key(d->object.schema, d->object.name)] = i;
        if (const auto* c = std::get_if<CreateView>(&ops[i])) created_view[table_key(c->object.schema, c->object.name)] = i;
        if (const auto* a = std::get_if<AlterView>(&ops[i])) created_view[table_key(a->to.schema, a->to.name)] = i;
        if (const auto* d = std::get_if<DropView>(&ops[i])) dropped_view[table_key(d->object.schema, d->object.name)] = i;
    }
    // The keys added to and dropped from existing tables: a table created with a foreign key to one needs it
    // first, and a table dropped with one goes before it.
    std::map<std::string, std::vector<std::size_t>> key_added, key_dropped;
    for (std::size_t i = 0; i < n; ++i) {
        if (const auto* k = std::get_if<AddPrimaryKey>(&ops[i])) key_added[table_key(k->owner.schema, k->owner.name)].push_back(i);
        if (const auto* u = std::get_if<AddUnique>(&ops[i])) key_added[table_key(u->owner.schema, u->owner.name)].push_back(i);
        if (const auto* k = std::get_if<DropPrimaryKey>(&ops[i])) key_dropped[table_key(k->owner.schema, k->owner.name)].push_back(i);
        if (const auto* u = std::get_if<DropUnique>(&ops[i])) key_dropped[table_key(u->owner.schema, u->owner.name)].push_back(i);
        // A referenced column or index cannot go while a foreign key names it either (InnoDB refuses both).
        if (const auto* c = std::get_if<DropColumn>(&ops[i])) key_dropped[table_key(c->owner.schema, c->owner.name)].push_back(i);
        if (const auto* x = std::get_if<DropIndex>(&ops[i])) key_dropped[table_key(x->owner.schema, x->owner.name)].push_back(i);
        // A column changing type is a key going and coming back to a foreign key: it names a column of the old
        // type until the change, of the new one after (soak seed 1518: a table created with a key to a column of
        // a recreated enum, while the column still had the old enum).
        if (const auto* a = std::get_if<AlterColumn>(&ops[i]); a && (a->changed & (change_type | change_collation))) {
            key_added[table_key(a->owner.schema, a->owner.name)].push_back(i);
            key_dropped[table_key(a->owner.schema, a->owner.name)].push_back(i);
        }
    }
    // A key of a table renamed in the same plan is added or dropped under the name the table has at that point,
    // while a created or dropped table's foreign key may name it by the other: both names lead to its key ops.
    std::map<std::string, std::vector<std::string>> names_of_table;
    std::map<std::string, std::size_t> renamed_to;  // a table's new name -> the rename giving it
    for (std::size_t i = 0; i < n; ++i)
        if (const auto* r = std::get_if<RenameTable>(&ops[i])) {
            const auto from = table_key(r->from.schema, r->from.name), to = table_key(r->to.schema, r->to.name);
            names_of_table[from].push_back(to);
            names_of_table[to].push_back(from);
            renamed_to[to] = i;
        }
    auto key_ops = [&](const std::map<std::string, std::vector<std::size_t>>& keys, const std::string& target) {
        std::vector<std::size_t> out;
        auto add = [&](const std::string& name) {
            if (auto it = keys.find(name); it != keys.end()) out.insert(out.end(), it->second.begin(), it->second.end());
        };
        add(target);
        if (auto it = names_of_table.find(target); it != names_of_table.end())
            for (const auto& other : it->second) add(other);
        return out;
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (const auto* c = std::get_if<CreateTable>(&ops[i]); c && caps.fk_targets_exist_at_create) {
            for (const auto& fk : c->object.foreign_keys) {
                const auto target = table_key(fk.references.schema, fk.references.table);
                if (auto it = created_table.find(target); it != created_table.end())
                    depend(it->second, i, "foreign key target");
                for (std::size_t k : key_ops(key_added, target)) depend(k, i, "the key its foreign key references");
                if (auto it = renamed_to.find(target); it != renamed_to.end())
                    depend(it->second, i, "its foreign key names the table by its new name");
            }
        }
        if (const auto* d = std::get_if<DropTable>(&ops[i])) {
            for (const auto& fk : d->object.foreign_keys) {
                const auto target = table_key(fk.references.schema, fk.references.table);
                if (auto it = dropped_table.find(target); it != dropped_table.end())
                    depend(i, it->second, "it references that table");
                for (std::size_t k : key_ops(key_dropped, target)) depend(i, k, "its foreign key references that key");
            }
        }
        if (const auto* f = std::get_if<AddForeignKey>(&ops[i])) {
            const auto target = table_key(f->object.references.schema, f->object.references.table);
            if (auto it = created_table.find(target); it != created_table.end()) depend(it->second, i, "foreign key target");
            // A key detached from its table's CREATE TABLE comes after it, whatever else that create waits for.
            const auto own = created_table.find(table_key(f->owner.schema, f->owner.name));
            if (own != created_table.end() && std::holds_alternative<CreateTable>(ops[own->second]))
                depend(own->second, i, "a key of that table");
            for (std::size_t k : key_ops(key_added, target)) depend(k, i, "the key its foreign key references");
        }
        // The phases put a foreign key's drop before the drop of the key it references, but a rename of its table
        // puts it after that rename, which the key's drop does not wait for (soak seeds 1150, 1461).
        if (const auto* f = std::get_if<DropForeignKey>(&ops[i]))
            for (std::size_t k : key_ops(key_dropped, table_key(f->object.references.schema, f->object.references.table)))
                depend(i, k, "its foreign key references that key");
        const core::View* view = nullptr;
        if (const auto* c = std::get_if<CreateView>(&ops[i])) view = &c->object;
        if (const auto* a = std::get_if<AlterView>(&ops[i])) view = &a->to;
        if (view) {
            for (const auto& read : view_reads(*view, caps.dialect)) {
                if (auto it = created_view.find(read); it != created_view.end()) depend(it->second, i, "the view reads it");
                if (auto it = created_table.find(read); it != created_table.end()) depend(it->second, i, "the view reads it");
            }
        }
        if (const auto* d = std::get_if<DropView>(&ops[i])) {
            for (const auto& read : view_reads(d->object, caps.dialect)) {
                if (auto it = dropped_view.find(read); it != dropped_view.end()) depend(i, it->second, "it reads that view");
                if (auto it = dropped_table.find(read); it != dropped_table.end()) depend(i, it->second, "it reads that table");
            }
        }
        // Indexes of a materialized view come after the view.
        if (const auto* ci = std::get_if<CreateIndex>(&ops[i])) {
            if (auto it = created_view.find(table_key(ci->owner.schema, ci->owner.name)); it != created_view.end())
                depend(it->second, i, "index of that view");
        }
        // A generated column is added after the columns of its table that its expression reads: ADD COLUMN checks
        // the expression against the table as it is. A generated column whose expression changes is dropped and
        // added again, so the same holds for the expression it gets.
        const auto* regenerated = std::get_if<AlterColumn>(&ops[i]);
        if (regenerated && !(regenerated->changed & change_generated)) regenerated = nullptr;
        if (const auto written = generated_column_written(ops[i])) {
            const core::QualifiedName& owner = written->owner;
            const std::set<std::string> reads = core::identifiers_in(written->column->generated->expression, caps.dialect);
            for (std::size_t j = 0; j < n; ++j) {
                const auto* other = std::get_if<AddColumn>(&ops[j]);
                if (other && j != i && other->owner == owner && reads.count(core::ascii_lower(other->object.name)))
                    depend(j, i, "the generated column reads it");
                // And after the renames of those columns (a downgrade regenerating a column by the old name of a
                // column it renames back, soak seeds 3804, 3955: the expression read a column not there yet).
                const auto* renamed = std::get_if<RenameColumn>(&ops[j]);
                if (renamed && renamed->owner == owner && reads.count(core::ascii_lower(renamed->to.name)))
                    depend(j, i, "the generated column reads it by its new name");
                // And after the type changes of those columns: its expression is checked against the new type.
                const auto* changed = std::get_if<AlterColumn>(&ops[j]);
                if (changed && j != i && changed->owner == owner && (changed->changed & change_type) &&
                    reads.count(core::ascii_lower(changed->to.name)))
                    depend(j, i, "the generated column reads it");
            }
        }
        // The generated column dropped by such a change goes before the columns its old expression reads that the
        // plan drops: PostgreSQL refuses to drop a column a generated column reads.
        if (regenerated && regenerated->from.generated) {
            const std::set<std::string> reads = core::identifiers_in(regenerated->from.generated->expression, caps.dialect);
            for (std::size_t j = 0; j < n; ++j) {
                const auto* dropped = std::get_if<DropColumn>(&ops[j]);
                if (dropped && dropped->owner == regenerated->owner && reads.count(core::ascii_lower(dropped->object.name)))
                    depend(i, j, "the generated column reads it");
            }
        }
    }

    // A type is dropped only after the columns converted away from it (an enum recreated under a new name, or a
    // column whose type changes from an enum or domain that goes away).
    std::map<std::string, std::size_t> dropped_type;
    for (std::size_t i = 0; i < n; ++i) {
        if (const auto* d = std::get_if<DropEnum>(&ops[i])) dropped_type[core::type_reference(d->object.schema, d->object.name)] = i;
        if (const auto* d = std::get_if<DropDomain>(&ops[i])) dropped_type[core::type_reference(d->object.schema, d->object.name)] = i;
    }
    for (std::size_t i = 0; i < n && !dropped_type.empty(); ++i) {
        const auto* alter = std::get_if<AlterColumn>(&ops[i]);
        if (!alter || !(alter->changed & change_type)) continue;
        const std::string& type = alter->from.type;
        if (auto it = dropped_type.find(type.substr(0, type.find('['))); it != dropped_type.end())
            depend(i, it->second, "its column no longer uses that type");
    }
    // A partition is created after its parent and dropped before it (dropping the parent drops its partitions).
    auto parent_key = [](const core::Table& t) -> std::optional<std::string> {
        if (!t.partition_of) return std::nullopt;
        const std::string& parent = *t.partition_of;
        const auto dot = parent.find('.');
        if (dot == std::string::npos) return table_key(t.schema, parent);
        const std::string schema = parent.substr(0, dot);
        return table_key(schema == "public" ? "" : schema, parent.substr(dot + 1));
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (const auto* c = std::get_if<CreateTable>(&ops[i])) {
            if (const auto parent = parent_key(c->object))
                if (auto it = created_table.find(*parent); it != created_table.end()) depend(it->second, i, "its partitioned parent");
        }
        if (const auto* d = std::get_if<DropTable>(&ops[i])) {
            if (const auto parent = parent_key(d->object))
                if (auto it = dropped_table.find(*parent); it != dropped_table.end()) depend(i, it->second, "a partition of it");
        }
    }
    // A routine whose signature or body names a table's row type comes after the table; a routine is dropped only
    // after the defaults and generated columns that call it are changed.
    for (std::size_t i = 0; i < n; ++i) {
        const core::Routine* routine = nullptr;
        if (const auto* c = std::get_if<CreateRoutine>(&ops[i])) routine = &c->object;
        if (const auto* a = std::get_if<AlterRoutine>(&ops[i])) routine = &a->to;
        if (routine && routine->depends_on) {
            for (const auto& d : *routine->depends_on) {
                if (d.kind == "routine") {
                    // An aggregate after its support functions (any routine after those it names).
                    for (std::size_t j = 0; j < n; ++j) {
                        const auto* other = std::get_if<CreateRoutine>(&ops[j]);
                        if (other && j != i && other->object.schema == d.schema && other->object.name == d.name)
                            depend(j, i, "it uses that routine");
                    }
                    continue;
                }
                if (d.kind != "table" && d.kind != "view") continue;
                if (auto it = created_table.find(table_key(d.schema, d.name)); it != created_table.end()) depend(it->second, i, "the routine uses its type");
                if (auto it = created_view.find(table_key(d.schema, d.name)); it != created_view.end()) depend(it->second, i, "the routine uses its type");
            }
        }
        if (const auto* d = std::get_if<DropRoutine>(&ops[i])) {
            const std::string name = core::ascii_lower(d->object.name);
            for (std::size_t j = 0; j < n; ++j) {
                const auto* alter = std::get_if<AlterColumn>(&ops[j]);
                if (!alter || !(alter->changed & (change_default | change_generated | change_type))) continue;
                const std::string text = alter->from.default_value.value_or("") + " " +
                                         (alter->from.generated ? alter->from.generated->expression : std::string());
                for (const auto& token : core::tokenize(text, caps.dialect)) {
                    if ((token.kind == core::TokenKind::word || token.kind == core::TokenKind::quoted_identifier) &&
                        core::ascii_lower(core::identifier_value(token)) == name) {
                        depend(j, i, "the column no longer calls it");
                        break;
                    }
                }
            }
        }
    }
    // A sequence takes an owner only once the owning table exists.
    for (std::size_t i = 0; i < n; ++i) {
        const auto* alter = std::get_if<AlterSequence>(&ops[i]);
        if (!alter || !alter->to.owned_by) continue;
        const std::string& owned = *alter->to.owned_by;
        const auto last = owned.rfind('.');
        if (last == std::string::npos) continue;
        std::string table = owned.substr(0, last);
        std::string schema = alter->to.schema;
        if (const auto dot = table.find('.'); dot != std::string::npos) {
            schema = table.substr(0, dot) == "public" ? "" : table.substr(0, dot);
            table = table.substr(dot + 1);
        }
        if (auto it = created_table.find(table_key(schema, table)); it != created_table.end())
            depend(it->second, i, "the table owns the sequence");
    }

    // A renamed table's parts are changed under the name they carry: after a rename to it, before a rename from it.
    // Ops are grouped by the table they belong to once, so that each rename visits only the ops of its two names
    // (a scan of every op per rename is quadratic); the edges are added in the order of a full scan all the same.
    std::map<std::string, std::vector<std::size_t>> ops_of_table;
    if (std::any_of(ops.begin(), ops.end(), [](const Op& op) { return std::holds_alternative<RenameTable>(op); })) {
        for (std::size_t i = 0; i < n; ++i) {
            if (std::holds_alternative<RenameTable>(ops[i])) continue;
            const auto owner = std::visit(
                [](const auto& op) {
                    if constexpr (requires { op.owner; }) return table_key(op.owner.schema, op.owner.name);
                    else return table_key(op.to.schema, op.to.name);
                },
                ops[i]);
            ops_of_table[owner].push_back(i);
        }
    }
    static const std::vector<std::size_t> no_ops;
    auto ops_of = [&](const std::string& key) -> const std::vector<std::size_t>& {
        const auto it = ops_of_table.find(key);
        return it == ops_of_table.end() ? no_ops : it->second;
    };
    // Tables created with, and foreign keys added with, a reference to a table by name: such a name must exist
    // first, so a rename that gives it comes before (a downgrade creating a table whose key names a table renamed
    // back later in it).
    std::map<std::string, std::vector<std::size_t>> referencing;
    if (!ops_of_table.empty())
        for (std::size_t i = 0; i < n; ++i) {
            if (const auto* c = std::get_if<CreateTable>(&ops[i])) {
                for (const auto& fk : c->object.foreign_keys)
                    referencing[table_key(fk.references.schema, fk.references.table)].push_back(i);
            } else if (const auto* f = std::get_if<AddForeignKey>(&ops[i])) {
                referencing[table_key(f->object.references.schema, f->object.references.table)].push_back(i);
            }
        }
    for (std::size_t r = 0; r < n; ++r) {
        const auto* rename = std::get_if<RenameTable>(&ops[r]);
        if (!rename) continue;
        const auto from = table_key(rename->from.schema, rename->from.name);
        const auto to = table_key(rename->to.schema, rename->to.name);
        if (const auto it = referencing.find(to); it != referencing.end() && from != to)
            for (std::size_t i : it->second) {
                const auto owner = std::visit([](const auto& op) {
                    if constexpr (requires { op.owner; }) return table_key(op.owner.schema, op.owner.name);
                    else return std::string();
                }, ops[i]);
                // The table's own ops are ordered below, by the name they carry.
                if (owner != from && owner != to) depend(r, i, "the key names the table by its new name");
            }
        const auto& to_ops = ops_of(to);
        const auto& from_ops = from == to ? no_ops : ops_of(from);
        // A table created under the old name (renamed away, then replaced) owns the creating ops of that name;
        // a table dropped under the new name (a downgrade renaming back over the one the upgrade created) goes
        // before the rename that takes its name.
        const auto replacement = created_table.find(from);
        const bool replaced = from != to && replacement != created_table.end() &&
                              std::holds_alternative<CreateTable>(ops[replacement->second]);
        const auto displacement = dropped_table.find(to);
        const bool displaced = from != to && displacement != dropped_table.end();
        // Both lists ascend: merged, they visit the ops in the order of the whole list.
        std::size_t a = 0, b = 0;
        while (a < to_ops.size() || b < from_ops.size()) {
            if (b == from_ops.size() || (a < to_ops.size() && to_ops[a] < from_ops[b])) {
                const std::size_t i = to_ops[a++];
                if (from != to && std::holds_alternative<DropTable>(ops[i])) depend(i, r, "the name is free once it is dropped");
                else if (displaced && std::visit(PhaseOf{}, ops[i]) < phase_rename) depend(i, displacement->second, "it belongs to the table dropped under that name");
                else depend(r, i, "the table is renamed first");
                continue;
            }
            const std::size_t i = from_ops[b++];
            // A foreign key of the table to itself that names it by the rename's new name (a downgrade adding back
            // a self-reference the upgrade dropped) can only be added once the table has that name.
            const auto* fk = std::get_if<AddForeignKey>(&ops[i]);
            const bool names_new = fk && table_key(fk->object.references.schema, fk->object.references.table) == to;
            if (std::holds_alternative<CreateTable>(ops[i])) depend(r, i, "the name is free after the rename");
            else if (replaced && std::visit(PhaseOf{}, ops[i]) >= phase_table) depend(replacement->second, i, "it belongs to the table created under that name");
            else if (names_new) depend(r, i, "the key names the table by its new name");
            else depend(i, r, "before the table is renamed");
        }
    }

    // MariaDB refuses a table whose AUTO_INCREMENT column leads no key (error 1075): a column of a dropped primary
    // key loses AUTO_INCREMENT before the key goes (or in the same statement, where the renderer merges them).
    // Not on PostgreSQL, which refuses DROP NOT NULL on a key's column: a serial key column made nullable changes
    // after its key goes, as the phases order it (soak seed 3673).
    for (std::size_t i = 0; i < n && core::is_mysql_family(caps.dialect); ++i) {
        const auto* alter = std::get_if<AlterColumn>(&ops[i]);
        if (!alter || !alter->from.autoincrement || alter->to.autoincrement) continue;
        for (std::size_t j = 0; j < n; ++j) {
            const auto* drop = std::get_if<DropPrimaryKey>(&ops[j]);
            if (!drop || !(drop->owner == alter->owner)) continue;
            if (std::any_of(drop->object.columns.begin(), drop->object.columns.end(), [&](const std::string& c) {
                    return core::same_name(c, alter->from.name, caps.dialect, core::NameKind::column);
                }))
                depend(i, j, "the key's AUTO_INCREMENT column loses it first");
        }
    }

    // InnoDB refuses to drop the last index a foreign key can use: on MySQL/MariaDB an index dropped while the plan
    // creates another that leads with its columns (a key, unique constraint or index of another name) goes after it
    // (lower.cpp drops the index of a foreign key that a new index covers).
    if (core::is_mysql_family(caps.dialect)) {
        auto leads = [&](const std::vector<std::string>& columns, const core::Index& dropped) {
            if (dropped.keys.empty() || columns.size() < dropped.keys.size()) return false;
            for (std::size_t k = 0; k < dropped.keys.size(); ++k)
                if (!dropped.keys[k].column || dropped.keys[k].length ||
                    !core::same_name(columns[k], *dropped.keys[k].column, caps.dialect, core::NameKind::column))
                    return false;
            return true;
        };
        auto same = [&](const std::optional<std::string>& a, const std::optional<std::string>& b) {
            return a && b && core::same_name(*a, *b, caps.dialect, core::NameKind::index);
        };
        for (std::size_t j = 0; j < n; ++j) {
            const auto* drop = std::get_if<DropIndex>(&ops[j]);
            if (!drop || drop->object.unique) continue;
            for (std::size_t i = 0; i < n; ++i) {
                std::vector<std::string> columns;
                std::optional<std::string> name;
                const core::QualifiedName* owner = nullptr;
                if (const auto* c = std::get_if<CreateIndex>(&ops[i])) {
                    owner = &c->owner;
                    name = c->object.name;
                    for (const auto& key : c->object.keys) {
                        if (!key.column || key.length) break;
                        columns.push_back(*key.column);
                    }
                } else if (const auto* u = std::get_if<AddUnique>(&ops[i])) {
                    owner = &u->owner;
                    name = u->object.name;
                    columns = u->object.columns;
                } else if (const auto* k = std::get_if<AddPrimaryKey>(&ops[i])) {
                    owner = &k->owner;
                    columns = k->object.columns;
                }
                if (!owner || !(*owner == drop->owner) || same(name, drop->object.name) || !leads(columns, drop->object))
                    continue;
                depend(i, j, "an index that covers its columns is created first");
            }
        }
    }

    // A change names its object as it is called at that point: after a rename to that name, before a rename away
    // from it. A downgrade reverses an upgrade's rename-then-change into a change under the new name and a rename
    // back, which the phases alone would run the other way round. Columns by their table; sequences (ALTER
    // SEQUENCE), views (CREATE OR REPLACE VIEW, soak seeds 1262, 1479) and enums (ALTER TYPE ... ADD VALUE, soak seed
    // 3785) by their schema.
    auto changes_around_renames = [&]<class RenameOp, class AlterOp>(std::type_identity<RenameOp>, std::type_identity<AlterOp>,
                                                                     const std::string& what, auto same_place,
                                                                     core::NameKind kind) {
        for (std::size_t r = 0; r < n; ++r) {
            const auto* rename = std::get_if<RenameOp>(&ops[r]);
            if (!rename) continue;
            for (std::size_t i = 0; i < n; ++i) {
                const auto* alter = std::get_if<AlterOp>(&ops[i]);
                if (!alter || !same_place(*alter, *rename)) continue;
                if (core::same_name(alter->to.name, rename->from.name, caps.dialect, kind))
                    depend(i, r, "it names the " + what + " before the rename");
                else if (core::same_name(alter->to.name, rename->to.name, caps.dialect, kind))
                    depend(r, i, "it names the " + what + " by its new name");
            }
        }
    };
    auto same_table = [](const auto& alter, const auto& rename) { return alter.owner == rename.owner; };
    auto same_schema = [](const auto& alter, const auto& rename) { return alter.to.schema == rename.from.schema; };
    changes_around_renames(std::type_identity<RenameColumn>{}, std::type_identity<AlterColumn>{}, "column", same_table,
                           core::NameKind::column);
    changes_around_renames(std::type_identity<RenameSequence>{}, std::type_identity<AlterSequence>{}, "sequence",
                           same_schema, core::NameKind::other);
    changes_around_renames(std::type_identity<RenameView>{}, std::type_identity<AlterView>{}, "view", same_schema,
                           core::NameKind::table);
    changes_around_renames(std::type_identity<RenameEnum>{}, std::type_identity<AlterEnum>{}, "enum", same_schema,
                           core::NameKind::other);

    // A renamed enum: what writes its new name comes after the rename, what writes its old name before it (in a
    // downgrade, a column converted back to the type before the type is renamed back). Not when an enum is created
    // under the old name (an enum recreated by lower.cpp): the old name is then the new type's.
    for (std::size_t r = 0; r < n; ++r) {
        const auto* rename = std::get_if<RenameEnum>(&ops[r]);
        if (!rename) continue;
        const std::string from = core::type_reference(rename->from.schema, rename->from.name);
        const std::string to = core::type_reference(rename->to.schema, rename->to.name);
        const bool old_name_reused = std::any_of(ops.begin(), ops.end(), [&](const Op& op) {
            const auto* create = std::get_if<CreateEnum>(&op);
            return create && create->object.schema == rename->from.schema && create->object.name == rename->from.name;
        });
        for (std::size_t i = 0; i < n; ++i) {
            if (i == r) continue;
            if (writes_type(ops[i], to)) depend(r, i, "it names the enum's new name");
            else if (!old_name_reused && writes_type(ops[i], from)) depend(i, r, "it names the enum's old name");
        }
    }

    // A rename to a name that an object being dropped still holds comes after that drop (a column renamed back
    // in a downgrade while the column added under its old name goes): renames otherwise run before drops. Not
    // enums: a recreated enum is renamed out of the way and that renamed copy is dropped last (lower.cpp).
    {
        auto key_of_id = [&](const std::vector<std::string>& id) {
            std::string key;
            for (const auto& part : id) key += (caps.dialect == core::Dialect::postgresql ? part : core::ascii_lower(part)) + '\x1f';
            return key;
        };
        auto name_key = [&](const Op& op) { return key_of_id(object_id(op)); };
        // Each rename's old name, once (std::nullopt for every other op; enums left out, as above).
        std::vector<std::optional<std::vector<std::string>>> renamed_from(n);
        for (std::size_t i = 0; i < n; ++i)
            if (!std::holds_alternative<RenameEnum>(ops[i])) renamed_from[i] = renamed_object_id(ops[i]);
        std::map<std::string, std::vector<std::size_t>> dropped;
        for (std::size_t i = 0; i < n; ++i)
            if (op_name(ops[i]).rfind("drop_", 0) == 0) dropped[name_key(ops[i])].push_back(i);
        if (!dropped.empty())
            for (std::size_t r = 0; r < n; ++r) {
                if (!renamed_from[r]) continue;
                if (auto it = dropped.find(name_key(ops[r])); it != dropped.end())
                    for (std::size_t d : it->second) depend(d, r, "the name is free once that is dropped");
            }
        // Likewise a rename to a name that another rename moves away comes after it (renames in a chain: b -> c
        // before a -> b; renamed_from hints never form a swap, see diff/compare.cpp).
        std::map<std::string, std::size_t> renamed_away;
        for (std::size_t i = 0; i < n; ++i)
            if (renamed_from[i]) renamed_away.emplace(key_of_id(*renamed_from[i]), i);
        if (!renamed_away.empty())
            for (std::size_t r = 0; r < n; ++r) {
                if (!renamed_from[r]) continue;
                const auto it = renamed_away.find(name_key(ops[r]));
                if (it != renamed_away.end() && it->second != r) depend(it->second, r, "the name is free once that is renamed");
            }
    }

    // MySQL/MariaDB: a column placed AFTER a column the plan adds goes after that ADD COLUMN (soak seed 3423: a
    // regenerated column, which a created table's foreign key put first, was placed after a column added later).
    // Only where no other rule orders the two the other way, which would make a cycle: the renderer then orders
    // the clauses of the one statement that takes both.
    if (core::is_mysql_family(caps.dialect)) {
        auto column_key = [&](const core::QualifiedName& owner, const std::string& column) {
            return table_key(owner.schema, owner.name) + '\x1f' + core::name_key(column, caps.dialect, core::NameKind::column);
        };
        std::map<std::string, std::size_t> added;
        for (std::size_t i = 0; i < n; ++i)
            if (const auto* a = std::get_if<AddColumn>(&ops[i])) added.emplace(column_key(a->owner, a->object.name), i);
        auto reaches = [&](std::size_t from, std::size_t to) {
            std::vector<bool> seen(n, false);
            std::vector<std::size_t> stack{from};
            while (!stack.empty()) {
                const std::size_t at = stack.back();
                stack.pop_back();
                if (at == to) return true;
                if (seen[at]) continue;
                seen[at] = true;
                for (auto [e, end] = boost::out_edges(at, g); e != end; ++e) stack.push_back(boost::target(*e, g));
            }
            return false;
        };
        for (std::size_t i = 0; i < n && !added.empty(); ++i) {
            const Placement* placement = nullptr;
            const core::QualifiedName* owner = nullptr;
            if (const auto* a = std::get_if<AddColumn>(&ops[i])) placement = &a->placement, owner = &a->owner;
            if (const auto* a = std::get_if<AlterColumn>(&ops[i])) placement = &a->placement, owner = &a->owner;
            if (!placement || !placement->after) continue;
            const auto it = added.find(column_key(*owner, *placement->after));
            if (it != added.end() && it->second != i && !reaches(i, it->second))
                depend(it->second, i, "it is placed after that column");
        }

        // Changes that must join the table's first statement: an index or unique key dropped and created again
        // under its name (a column of it renamed), which a foreign key of the table may need (InnoDB refuses to
        // drop it alone, error 1553; soak seed 4364), and a generated column's new expression where a column of
        // the table is renamed (the rename's CHANGE leaves the old expression naming a column gone: "Unknown
        // column in GENERATED ALWAYS AS", soak seed 5243). The renderer ends the table's statement at a table
        // created with a foreign key to it, so these come before such a table.
        auto index_key = [&](const core::QualifiedName& owner, const std::optional<std::string>& name) {
            return table_key(owner.schema, owner.name) + '\x1f' +
                   (name ? core::name_key(*name, caps.dialect, core::NameKind::index) : std::string());
        };
        std::set<std::string> dropped_indexes;
        for (const auto& op : ops) {
            if (const auto* d = std::get_if<DropIndex>(&op); d && d->object.name) dropped_indexes.insert(index_key(d->owner, d->object.name));
            if (const auto* d = std::get_if<DropUnique>(&op); d && d->object.name) dropped_indexes.insert(index_key(d->owner, d->object.name));
        }
        std::set<std::string> columns_renamed_in;  // table keys
        for (const auto& op : ops)
            if (const auto* r = std::get_if<RenameColumn>(&op)) columns_renamed_in.insert(table_key(r->owner.schema, r->owner.name));
        for (std::size_t i = 0; i < n && (!dropped_indexes.empty() || !columns_renamed_in.empty()); ++i) {
            const core::QualifiedName* owner = nullptr;
            std::optional<std::string> name;
            bool first_statement = false;
            if (const auto* c = std::get_if<CreateIndex>(&ops[i])) owner = &c->owner, name = c->object.name;
            if (const auto* u = std::get_if<AddUnique>(&ops[i])) owner = &u->owner, name = u->object.name;
            if (owner && name) first_statement = dropped_indexes.count(index_key(*owner, name)) > 0;
            if (const auto* a = std::get_if<AlterColumn>(&ops[i]); a && (a->changed & change_generated)) {
                owner = &a->owner;
                first_statement = columns_renamed_in.count(table_key(owner->schema, owner->name)) > 0;
            }
            if (!first_statement) continue;
            for (std::size_t t = 0; t < n; ++t) {
                const auto* created = std::get_if<CreateTable>(&ops[t]);
                if (!created) continue;
                const bool references = std::any_of(
                    created->object.foreign_keys.begin(), created->object.foreign_keys.end(), [&](const core::ForeignKey& f) {
                        return table_key(f.references.schema, f.references.table) == table_key(owner->schema, owner->name);
                    });
                if (references && !reaches(t, i)) depend(i, t, "it belongs in its table's first statement");
            }
        }
    }

    // Kahn's algorithm with a priority (phase, owner, input position): deterministic and phase-respecting.
    using Key = std::tuple<int, std::string, std::size_t>;
    std::vector<Key> keys(n);
    for (std::size_t i = 0; i < n; ++i) keys[i] = {std::visit(PhaseOf{}, ops[i]), owner_key(ops[i]), i};
    std::vector<std::size_t> waiting(n, 0);
    for (std::size_t i = 0; i < n; ++i) waiting[i] = boost::in_degree(i, g);
    std::priority_queue<Key, std::vector<Key>, std::greater<>> ready;
    for (std::size_t i = 0; i < n; ++i)
        if (waiting[i] == 0) ready.push(keys[i]);
    std::vector<bool> placed(n, false);
    std::vector<Step> out;
    out.reserve(n);
    while (out.size() < n) {
        if (ready.empty() && !caps.add_constraint) {
            // Tables that reference each other can only be dropped together where foreign keys are switched off
            // around the section (SQLite): start with the first of the cycle.
            std::optional<Key> first;
            for (std::size_t i = 0; i < n; ++i)
                if (!placed[i] && std::holds_alternative<DropTable>(ops[i]) && (!first || keys[i] < *first)) first = keys[i];
            if (first) {
                const auto i = std::get<2>(*first);
                why[i] = "first of a foreign key cycle (foreign keys are off while tables are dropped)";
                waiting[i] = 0;
                ready.push(*first);
            }
        }
        if (ready.empty()) {
            // A cycle the FK detaching could not break (e.g. views reading each other): refuse rather than guess.
            std::string members;
            for (std::size_t i = 0; i < n; ++i)
                if (!placed[i]) members += (members.empty() ? "" : "; ") + describe(ops[i]);
            throw Error("cannot order operations: they depend on each other in a cycle: " + members, ErrorKind::input);
        }
        const auto [phase, owner, i] = ready.top();
        ready.pop();
        placed[i] = true;
        out.push_back(Step{ops[i], hazards_of(ops[i], caps), why[i]});
        for (auto [e, end] = boost::out_edges(i, g); e != end; ++e) {
            const auto next = boost::target(*e, g);
            if (--waiting[next] == 0) ready.push(keys[next]);
        }
    }
    return out;
}

}  // namespace autogen::diff
