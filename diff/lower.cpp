#include "diff/lower.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/names.hpp"
#include "core/sql_lexer.hpp"
#include "diff/hazards.hpp"
#include "diff/naming.hpp"

namespace autogen::diff {
namespace {

using core::Dialect;
using core::NameKind;

// Identifier tokens of a SQL text, case-folded, to find which objects a view or trigger mentions.
std::set<std::string> identifiers_in(const std::string& sql, Dialect dialect) {
    std::set<std::string> out;
    for (const auto& token : core::tokenize(sql, dialect))
        if (token.kind == core::TokenKind::word || token.kind == core::TokenKind::quoted_identifier)
            out.insert(core::ascii_lower(core::identifier_value(token)));
    return out;
}

bool mentions(const std::string& sql, const std::string& name, Dialect dialect) {
    return identifiers_in(sql, dialect).count(core::ascii_lower(name)) > 0;
}

const core::Table* find_table(const core::Schema& schema, const core::QualifiedName& name, Dialect dialect) {
    if (!schema.tables) return nullptr;
    for (const auto& t : *schema.tables)
        if (t.schema == name.schema && core::same_name(t.name, name.name, dialect, NameKind::table)) return &t;
    return nullptr;
}

// The table an op changes in place, when it is one of a table's parts.
std::optional<core::QualifiedName> table_part_owner(const Op& op) {
    return std::visit(
        [](const auto& o) -> std::optional<core::QualifiedName> {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, AddColumn> || std::is_same_v<T, DropColumn> || std::is_same_v<T, AlterColumn> ||
                          std::is_same_v<T, RenameColumn> || std::is_same_v<T, AddPrimaryKey> ||
                          std::is_same_v<T, DropPrimaryKey> || std::is_same_v<T, AddForeignKey> ||
                          std::is_same_v<T, DropForeignKey> || std::is_same_v<T, RenameForeignKey> ||
                          std::is_same_v<T, AddUnique> || std::is_same_v<T, DropUnique> ||
                          std::is_same_v<T, RenameUnique> || std::is_same_v<T, AddCheck> ||
                          std::is_same_v<T, DropCheck> || std::is_same_v<T, RenameCheck> ||
                          std::is_same_v<T, AddExclusion> || std::is_same_v<T, DropExclusion> ||
                          std::is_same_v<T, CreateIndex> || std::is_same_v<T, DropIndex> ||
                          std::is_same_v<T, RenameIndex> || std::is_same_v<T, AlterTable>)
                return o.owner;
            else
                return std::nullopt;
        },
        op);
}

// SQLite's documented ADD COLUMN restrictions (lang_altertable.html), decided as if the table had rows.
bool sqlite_can_add(const AddColumn& op, const core::Table& to) {
    const auto& c = op.object;
    if (to.primary_key && std::find(to.primary_key->columns.begin(), to.primary_key->columns.end(), c.name) !=
                              to.primary_key->columns.end())
        return false;
    if (c.autoincrement || (c.generated && c.generated->stored)) return false;
    // "Cannot add a NOT NULL column with default value NULL", however the NULL is spelled.
    if (!c.nullable && (!c.default_value || core::is_null_literal(*c.default_value, Dialect::sqlite)) && !c.generated)
        return false;
    if (c.default_value) {
        // ADD COLUMN takes only a default it can evaluate up front: a literal or a signed number. Anything else,
        // "(5)" or "1 + 2" alike (which the renderer writes as "(1 + 2)"), is "non-constant" to it.
        const auto tokens = core::tokenize(*c.default_value, Dialect::sqlite);
        const bool literal = tokens.size() == 1 && tokens[0].kind != core::TokenKind::op &&
                             tokens[0].kind != core::TokenKind::punct;
        const bool signed_number = tokens.size() == 2 && (tokens[0].text == "-" || tokens[0].text == "+") &&
                                   tokens[1].kind == core::TokenKind::number;
        if (!literal && !signed_number) return false;
        for (const auto& t : tokens)
            if (core::is_keyword(t, "current_time") || core::is_keyword(t, "current_date") ||
                core::is_keyword(t, "current_timestamp"))
                return false;
    }
    for (const auto& u : to.unique)
        if (std::find(u.columns.begin(), u.columns.end(), c.name) != u.columns.end()) return false;
    for (const auto& f : to.foreign_keys)
        if (std::find(f.columns.begin(), f.columns.end(), c.name) != f.columns.end()) return false;
    return true;
}

// SQLite refuses DROP COLUMN for a column that any key, index, constraint, generated column, view or trigger uses.
bool sqlite_can_drop(const DropColumn& op, const core::Table& from, const core::Schema& current) {
    const auto& name = op.object.name;
    auto in = [&](const std::vector<std::string>& cols) {
        return std::any_of(cols.begin(), cols.end(),
                           [&](const std::string& c) { return core::same_name(c, name, Dialect::sqlite, NameKind::column); });
    };
    if (from.primary_key && in(from.primary_key->columns)) return false;
    for (const auto& u : from.unique)
        if (in(u.columns)) return false;
    for (const auto& f : from.foreign_keys)
        if (in(f.columns)) return false;
    for (const auto& c : from.checks)
        if (mentions(c.expression, name, Dialect::sqlite)) return false;
    for (const auto& i : from.indexes) {
        if (i.where && mentions(*i.where, name, Dialect::sqlite)) return false;
        for (const auto& k : i.keys)
            if ((k.column && core::same_name(*k.column, name, Dialect::sqlite, NameKind::column)) ||
                (k.expression && mentions(*k.expression, name, Dialect::sqlite)))
                return false;
    }
    for (const auto& c : from.columns)
        if (c.generated && mentions(c.generated->expression, name, Dialect::sqlite)) return false;
    if (current.views)
        for (const auto& v : *current.views)
            if (mentions(v.definition, name, Dialect::sqlite) && mentions(v.definition, from.name, Dialect::sqlite))
                return false;
    if (current.triggers)
        for (const auto& t : *current.triggers)
            if (mentions(t.definition, name, Dialect::sqlite) && mentions(t.definition, from.name, Dialect::sqlite))
                return false;
    return true;
}

bool sqlite_in_place(const Op& op, const core::Table* from, const core::Table* to, const core::Schema& current) {
    if (const auto* add = std::get_if<AddColumn>(&op)) return to && sqlite_can_add(*add, *to);
    if (const auto* drop = std::get_if<DropColumn>(&op)) return from && sqlite_can_drop(*drop, *from, current);
    return std::holds_alternative<RenameColumn>(op) || std::holds_alternative<CreateIndex>(op) ||
           std::holds_alternative<DropIndex>(op) || std::holds_alternative<RenameIndex>(op);
}

// The target table as a rebuild creates it: unnamed indexes take the name of the index they match, or a new one.
core::Table rebuild_target(const core::Table& target, const core::Table& from, Dialect dialect) {
    core::Table to = target;
    to.renamed_from.reset();
    for (auto& c : to.columns) c.renamed_from.reset();
    for (auto& i : to.indexes) {
        i.renamed_from.reset();
        if (i.name) continue;
        for (const auto& existing : from.indexes) {
            if (!existing.name || existing.unique != i.unique || existing.keys.size() != i.keys.size()) continue;
            bool same = true;
            for (std::size_t k = 0; k < i.keys.size() && same; ++k)
                same = existing.keys[k].column == i.keys[k].column && existing.keys[k].order == i.keys[k].order &&
                       core::normalize_expression(existing.keys[k].expression.value_or(""), dialect) ==
                           core::normalize_expression(i.keys[k].expression.value_or(""), dialect);
            if (same) {
                i.name = existing.name;
                break;
            }
        }
        if (!i.name) i.name = index_name(to, i, dialect);
    }
    return to;
}

class Lowerer {
public:
    Lowerer(const core::Schema& current, const core::Schema& target, const Capabilities& caps)
        : current_(current), target_(target), caps_(caps), dialect_(caps.dialect) {}

    std::vector<Op> run(const std::vector<Op>& input) {
        std::vector<Op> ops;
        for (const auto& op : renamed_views_replaced(input)) split_unsupported(op, ops);
        if (dialect_ == Dialect::sqlite) return rebuild_tables(ops);
        if (dialect_ == Dialect::postgresql) {
            // PostgreSQL refuses to change a column's type, or drop it, under a view that reads it.
            std::set<core::QualifiedName> touched;
            for (const auto& op : ops) {
                if (const auto* a = std::get_if<AlterColumn>(&op); a && (a->changed & (change_type | change_generated)))
                    touched.insert(a->owner);
                if (const auto* d = std::get_if<DropColumn>(&op)) touched.insert(d->owner);
            }
            add_dependents(ops, touched, {}, false);
        }
        return ops;
    }

private:
    const core::Schema& current_;
    const core::Schema& target_;
    const Capabilities& caps_;
    Dialect dialect_;

    // SQLite renames a view by dropping it and creating it under the new name. A view renamed and changed in one
    // plan (a RenameView and an AlterView of the new name, or of the old one in a downgrade, which reverses the
    // order) is one drop of the view as it is and one create of it as it will be; split separately, the two
    // would drop one name twice.
    std::vector<Op> renamed_views_replaced(const std::vector<Op>& input) const {
        if (dialect_ != Dialect::sqlite) return input;
        std::map<std::size_t, std::size_t> alter_of;  // rename index -> alter index
        std::set<std::size_t> paired;
        for (std::size_t i = 0; i < input.size(); ++i) {
            const auto* rename = std::get_if<RenameView>(&input[i]);
            if (!rename) continue;
            for (std::size_t j = 0; j < input.size(); ++j) {
                const auto* a = std::get_if<AlterView>(&input[j]);
                if (!a || paired.count(j) || a->from.schema != rename->to.schema) continue;
                if (core::same_name(a->from.name, rename->to.name, dialect_) ||
                    core::same_name(a->from.name, rename->from.name, dialect_)) {
                    alter_of[i] = j;
                    paired.insert(j);
                    break;
                }
            }
        }
        std::vector<Op> out;
        for (std::size_t i = 0; i < input.size(); ++i) {
            if (paired.count(i)) continue;
            const auto it = alter_of.find(i);
            if (it == alter_of.end()) {
                out.push_back(input[i]);
                continue;
            }
            const auto& rename = std::get<RenameView>(input[i]);
            const auto& alter = std::get<AlterView>(input[it->second]);
            const bool altered_after = core::same_name(alter.from.name, rename.to.name, dialect_);
            const core::View& before = altered_after ? rename.from : alter.from;
            const core::View& after = altered_after ? alter.to : rename.to;
            out.push_back(DropView{{before.schema, before.name}, before, {}});
            out.push_back(CreateView{{after.schema, after.name}, after, {}});
        }
        return out;
    }

    // Ops the dialect has no statement for become a drop plus a create.
    void split_unsupported(const Op& op, std::vector<Op>& out) const {
        if (const auto* v = std::get_if<AlterView>(&op); v && (!caps_.replace_view || v->from.materialized ||
                                                               v->to.materialized)) {
            out.push_back(DropView{v->owner, v->from, {}});
            out.push_back(CreateView{v->owner, v->to, {}});
        } else if (const auto* r = std::get_if<RenameView>(&op); r && dialect_ == Dialect::sqlite) {
            out.push_back(DropView{r->owner, r->from, {}});
            out.push_back(CreateView{{r->to.schema, r->to.name}, r->to, {}});
        } else if (const auto* t = std::get_if<AlterTrigger>(&op); t && dialect_ != Dialect::postgresql) {
            out.push_back(DropTrigger{t->owner, t->from, {}});
            out.push_back(CreateTrigger{t->owner, t->to, {}});
        } else if (const auto* i = std::get_if<RenameIndex>(&op); i && !caps_.rename_index) {
            out.push_back(DropIndex{i->owner, i->from, {}});
            out.push_back(CreateIndex{i->owner, i->to, {}});
        } else {
            out.push_back(op);
        }
    }

    std::vector<Op> rebuild_tables(const std::vector<Op>& ops) const {
        // Tables renamed in this plan. An upgrade's part ops name the new table (the rename runs first); a
        // downgrade's name the old one (the rename back runs last). Either way the rebuild works under the name
        // the part ops use, and the table's two states are looked up under their own names.
        std::map<core::QualifiedName, core::QualifiedName> old_name_of, new_name_of;
        for (const auto& op : ops)
            if (const auto* r = std::get_if<RenameTable>(&op)) {
                old_name_of[r->to.qualified()] = r->from.qualified();
                new_name_of[r->from.qualified()] = r->to.qualified();
            }
        auto states = [&](const core::QualifiedName& owner) -> std::pair<const core::Table*, const core::Table*> {
            const auto old_it = old_name_of.find(owner);
            const auto new_it = new_name_of.find(owner);
            return {find_table(current_, old_it == old_name_of.end() ? owner : old_it->second, dialect_),
                    find_table(target_, new_it == new_name_of.end() ? owner : new_it->second, dialect_)};
        };

        std::map<core::QualifiedName, bool> needs_rebuild;
        for (const auto& op : ops) {
            const auto owner = table_part_owner(op);
            if (!owner) continue;
            const auto [from, to] = states(*owner);
            if (!from || !to) continue;  // a table being created or dropped: nothing to alter in place
            bool& flag = needs_rebuild[*owner];
            if (!sqlite_in_place(op, from, to, current_)) flag = true;
        }

        std::vector<Op> out;
        std::set<core::QualifiedName> rebuilt;
        std::map<core::QualifiedName, std::size_t> rebuild_at;
        for (const auto& op : ops) {
            const auto owner = table_part_owner(op);
            if (!owner || !needs_rebuild[*owner]) {
                out.push_back(op);
                continue;
            }
            auto it = rebuild_at.find(*owner);
            if (it == rebuild_at.end()) {
                const auto [from_state, to_state] = states(*owner);
                core::Table from = *from_state;
                from.name = owner->name;
                core::Table to = rebuild_target(*to_state, from, dialect_);
                to.name = owner->name;
                RebuildTable rebuild{from, to, {}, 0, 0, {}};
                rebuild_at[*owner] = out.size();
                out.push_back(rebuild);
                rebuilt.insert(*owner);
                it = rebuild_at.find(*owner);
            }
            auto& rebuild = std::get<RebuildTable>(out[it->second]);
            if (const auto* alter = std::get_if<AlterColumn>(&op)) rebuild.changed |= alter->changed;
            rebuild.hazards |= hazards_of(op, caps_);
            rebuild.replaces.push_back(describe(op));
        }
        for (const auto& [owner, index] : rebuild_at) fill_sources(std::get<RebuildTable>(out[index]), ops);
        // A view dropped to be created again (SQLite has no CREATE OR REPLACE) is missing in between, and every
        // ALTER TABLE ... RENAME re-reads all views and triggers of the schema, failing on one that reads the
        // missing view: what reads it is dropped and created again with it, like what reads a rebuilt table.
        std::set<core::QualifiedName> touched = rebuilt;
        for (const auto& op : out)
            if (const auto* d = std::get_if<DropView>(&op)) touched.insert({d->object.schema, d->object.name});
        add_dependents(out, touched, old_name_of, true);
        return out;
    }

    // Each new column takes its values from the column of the same name, or the one it was renamed from.
    void fill_sources(RebuildTable& rebuild, const std::vector<Op>& ops) const {
        std::map<std::string, std::string> renamed;  // new name key -> old name
        std::set<std::string> renamed_away;          // old name keys
        for (const auto& op : ops)
            if (const auto* r = std::get_if<RenameColumn>(&op); r && r->owner == rebuild.to.qualified()) {
                renamed[core::name_key(r->to.name, dialect_, NameKind::column)] = r->from.name;
                renamed_away.insert(core::name_key(r->from.name, dialect_, NameKind::column));
            }
        for (const auto& column : rebuild.to.columns) {
            const auto key = core::name_key(column.name, dialect_, NameKind::column);
            const auto r = renamed.find(key);
            // A new column under the name of one renamed away is new: its values are not the renamed column's.
            if (r == renamed.end() && renamed_away.count(key)) {
                rebuild.sources.push_back(std::nullopt);
                continue;
            }
            const std::string wanted = r == renamed.end() ? column.name : r->second;
            std::optional<std::string> source;
            for (const auto& old : rebuild.from.columns)
                if (core::same_name(old.name, wanted, dialect_, NameKind::column)) source = old.name;
            rebuild.sources.push_back(source);
        }
    }

    // Views and triggers that read a rebuilt table are dropped before it and created again after it.
    void add_dependents(std::vector<Op>& out, const std::set<core::QualifiedName>& rebuilt,
                        const std::map<core::QualifiedName, core::QualifiedName>& old_name_of,
                        bool with_triggers) const {
        if (rebuilt.empty()) return;
        std::set<std::string> touched;  // lower-cased names of rebuilt tables and recreated views
        for (const auto& name : rebuilt) {
            touched.insert(core::ascii_lower(name.name));
            if (auto it = old_name_of.find(name); it != old_name_of.end()) touched.insert(core::ascii_lower(it->second.name));
        }
        auto has_op_for_view = [&](const core::View& v) {
            return std::any_of(out.begin(), out.end(), [&](const Op& op) {
                if (const auto* d = std::get_if<DropView>(&op)) return core::same_name(d->object.name, v.name, dialect_);
                if (const auto* c = std::get_if<CreateView>(&op)) return core::same_name(c->object.name, v.name, dialect_);
                return false;
            });
        };
        auto has_op_for_trigger = [&](const core::Trigger& t) {
            return std::any_of(out.begin(), out.end(), [&](const Op& op) {
                if (const auto* d = std::get_if<DropTrigger>(&op)) return core::same_name(d->object.name, t.name, dialect_);
                if (const auto* c = std::get_if<CreateTrigger>(&op)) return core::same_name(c->object.name, t.name, dialect_);
                return false;
            });
        };
        auto reads_touched = [&](const std::string& sql) {
            for (const auto& id : identifiers_in(sql, dialect_))
                if (touched.count(id)) return true;
            return false;
        };
        if (current_.views) {
            // Views over views: repeat until no new view is pulled in.
            bool grew = true;
            std::set<std::string> done;
            while (grew) {
                grew = false;
                for (const auto& v : *current_.views) {
                    const auto key = core::ascii_lower(v.name);
                    if (done.count(key) || !reads_touched(v.definition)) continue;
                    done.insert(key);
                    touched.insert(key);
                    grew = true;
                    if (has_op_for_view(v)) continue;
                    // A replace in place is not enough under a changing table: drop before, create after.
                    const auto alter = std::find_if(out.begin(), out.end(), [&](const Op& op) {
                        const auto* a = std::get_if<AlterView>(&op);
                        return a && core::same_name(a->from.name, v.name, dialect_);
                    });
                    if (alter != out.end()) {
                        const AlterView replaced = std::get<AlterView>(*alter);
                        out.erase(alter);
                        out.push_back(DropView{replaced.owner, replaced.from, {}});
                        out.push_back(CreateView{replaced.owner, replaced.to, {}});
                        continue;
                    }
                    out.push_back(DropView{{v.schema, v.name}, v, {}});
                    out.push_back(CreateView{{v.schema, v.name}, target_view(v), {}});
                }
            }
        }
        if (with_triggers && current_.triggers) {
            for (const auto& t : *current_.triggers) {
                const bool on_table = touched.count(core::ascii_lower(t.table)) > 0;
                if ((!on_table && !reads_touched(t.definition)) || has_op_for_trigger(t)) continue;
                out.push_back(DropTrigger{{t.schema, t.table}, t, {}});
                out.push_back(CreateTrigger{{t.schema, t.table}, target_trigger(t), {}});
            }
        }
    }

    core::View target_view(const core::View& v) const {
        if (target_.views)
            for (const auto& t : *target_.views)
                if (t.schema == v.schema && core::same_name(t.name, v.name, dialect_)) return t;
        return v;
    }

    core::Trigger target_trigger(const core::Trigger& v) const {
        if (target_.triggers)
            for (const auto& t : *target_.triggers)
                if (t.schema == v.schema && core::same_name(t.name, v.name, dialect_)) return t;
        return v;
    }
};

}  // namespace

std::vector<Op> lower(const std::vector<Op>& ops, const core::Schema& current, const core::Schema& target,
                      const Capabilities& caps) {
    return Lowerer(current, target, caps).run(ops);
}

}  // namespace autogen::diff
