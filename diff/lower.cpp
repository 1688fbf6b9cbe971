#include "diff/lower.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/names.hpp"
#include "core/types.hpp"
#include "core/sql_lexer.hpp"
#include "diff/hazards.hpp"
#include "diff/naming.hpp"

namespace autogen::diff {
namespace {

using core::Dialect;
using core::NameKind;

using core::identifiers_in;

bool mentions(const std::string& sql, const std::string& name, Dialect dialect) {
    return identifiers_in(sql, dialect).count(core::ascii_lower(name)) > 0;
}

// The tables of a model by name, the first of each name winning; a lookup per op must not scan every table.
class TableIndex {
public:
    TableIndex(const core::Schema& schema, Dialect dialect) : dialect_(dialect) {
        if (!schema.tables) return;
        by_name_.reserve(schema.tables->size());
        for (const auto& t : *schema.tables) by_name_.emplace(key(t.schema, t.name), &t);
    }

    const core::Table* find(const core::QualifiedName& name) const {
        const auto it = by_name_.find(key(name.schema, name.name));
        return it == by_name_.end() ? nullptr : it->second;
    }

private:
    std::string key(const std::string& schema, const std::string& name) const {
        return schema + '\x1f' + core::name_key(name, dialect_, NameKind::table);
    }

    Dialect dialect_;
    std::unordered_map<std::string, const core::Table*> by_name_;
};

// The identifiers of the views' and triggers' texts of one model, each text tokenized once: they are asked
// about once per dropped column and once per pass over the views, which would otherwise re-tokenize them all.
class Identifiers {
public:
    explicit Identifiers(Dialect dialect) : dialect_(dialect) {}

    const std::set<std::string>& of(const std::string& sql) const {
        auto it = cache_.find(&sql);
        if (it == cache_.end()) it = cache_.emplace(&sql, identifiers_in(sql, dialect_)).first;
        return it->second;
    }

    bool mentions(const std::string& sql, const std::string& name) const { return of(sql).count(core::ascii_lower(name)) > 0; }

private:
    Dialect dialect_;
    mutable std::unordered_map<const std::string*, std::set<std::string>> cache_;  // texts of a model that outlives it
};

// The tables a plan renames. An upgrade's ops name a renamed table by its new name (the rename runs first), a
// downgrade's by its old one (the rename back runs last): rules that look a table up in the current or the target
// model map the name an op carries to the name the model has.
class TableRenames {
public:
    TableRenames() = default;
    explicit TableRenames(const std::vector<Op>& ops) {
        for (const auto& op : ops)
            if (const auto* r = std::get_if<RenameTable>(&op)) {
                old_name_of_[r->to.qualified()] = r->from.qualified();
                new_name_of_[r->from.qualified()] = r->to.qualified();
            }
    }

    // The name the table had before the plan, given the name after it (or a name the plan does not rename).
    core::QualifiedName before(const core::QualifiedName& name) const {
        const auto it = old_name_of_.find(name);
        return it == old_name_of_.end() ? name : it->second;
    }

    // The name the table has after the plan, given the name before it (or a name the plan does not rename).
    core::QualifiedName after(const core::QualifiedName& name) const {
        const auto it = new_name_of_.find(name);
        return it == new_name_of_.end() ? name : it->second;
    }

private:
    std::map<core::QualifiedName, core::QualifiedName> old_name_of_, new_name_of_;
};

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
bool sqlite_can_drop(const DropColumn& op, const core::Table& from, const core::Schema& current,
                     const Identifiers& identifiers) {
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
            if (identifiers.mentions(v.definition, name) && identifiers.mentions(v.definition, from.name)) return false;
    if (current.triggers)
        for (const auto& t : *current.triggers)
            if (identifiers.mentions(t.definition, name) && identifiers.mentions(t.definition, from.name)) return false;
    return true;
}

bool sqlite_in_place(const Op& op, const core::Table* from, const core::Table* to, const core::Schema& current,
                     const Identifiers& identifiers) {
    if (const auto* add = std::get_if<AddColumn>(&op)) return to && sqlite_can_add(*add, *to);
    if (const auto* drop = std::get_if<DropColumn>(&op)) return from && sqlite_can_drop(*drop, *from, current, identifiers);
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
        : current_(current), target_(target), caps_(caps), dialect_(caps.dialect), identifiers_(caps.dialect),
          current_tables_(current, caps.dialect), target_tables_(target, caps.dialect) {}

    std::vector<Op> run(const std::vector<Op>& input) {
        std::vector<Op> ops;
        for (const auto& op : renamed_views_replaced(input)) split_unsupported(op, ops);
        if (dialect_ == Dialect::sqlite) return rebuild_tables(ops);
        if (core::is_mysql_family(dialect_)) {
            add_mysql_implied(ops);
            release_autoincrement_of_dropped_keys(ops);
            drop_foreign_key_indexes_covered_again(ops);
            // InnoDB refuses to drop a key a foreign key uses, and to change the type of a column a foreign key
            // holds or references: those foreign keys are dropped first and added again after.
            recreate_referencing_foreign_keys(ops);
            recreate_foreign_keys_of_retyped_columns(ops);
            keep_foreign_key_indexes(ops);
            // A MySQL view keeps the column and table names it was created with: views over a table whose columns
            // change are dropped before and created again after, from the target, so that none is left broken.
            std::set<core::QualifiedName> touched;
            for (const auto& op : ops) {
                if (const auto* a = std::get_if<AlterColumn>(&op); a && (a->changed & (change_type | change_generated)))
                    touched.insert(a->owner);
                if (const auto* d = std::get_if<DropColumn>(&op)) touched.insert(d->owner);
                if (const auto* r = std::get_if<RenameColumn>(&op)) touched.insert(r->owner);
                if (const auto* r = std::get_if<RenameTable>(&op)) touched.insert(r->to.qualified());
            }
            add_dependents(ops, touched, TableRenames(ops), false);
        }
        if (dialect_ == Dialect::postgresql) {
            ops = recreate_enums(ops);
            regenerate_readers_of_retyped_columns(ops);
            recreate_parts_of_regenerated_columns(ops);
            recreate_referencing_foreign_keys(ops);
            recreate_foreign_keys_of_retyped_columns(ops, /*both_sides=*/true);
            own_sequences_after_tables(ops);
            // PostgreSQL refuses to change a column's type, or drop it, under a view that reads it; views that
            // CREATE OR REPLACE cannot change are dropped and created, and so are the views reading them.
            std::set<core::QualifiedName> touched = replace_views_changing_columns(ops);
            for (const auto& op : ops) {
                // A new collation is a type change to PostgreSQL (ALTER COLUMN ... TYPE ... COLLATE).
                if (const auto* a = std::get_if<AlterColumn>(&op);
                    a && (a->changed & (change_type | change_generated | change_collation)))
                    touched.insert(a->owner);
                if (const auto* d = std::get_if<DropColumn>(&op)) touched.insert(d->owner);
                // A view that reads a dropped view or table and changes with it (a downgrade's view going back to
                // a definition without it) cannot be replaced after the drop: it is dropped first, created after.
                if (const auto* d = std::get_if<DropView>(&op)) touched.insert({d->object.schema, d->object.name});
                if (const auto* d = std::get_if<DropTable>(&op)) touched.insert(d->object.qualified());
            }
            // The current model's views name a table the plan renames by its old name (soak seed 5121).
            add_dependents(ops, touched, TableRenames(ops), false);
        }
        return ops;
    }

private:
    const core::Schema& current_;
    const core::Schema& target_;
    const Capabilities& caps_;
    Dialect dialect_;
    Identifiers identifiers_;  // of current_'s views and triggers
    TableIndex current_tables_, target_tables_;

    // ---- PostgreSQL -------------------------------------------------------------------------------

    // CREATE OR REPLACE VIEW keeps the views, rules and grants that depend on a view, but the new query must
    // return the old columns, in order, under the same names, adding new ones only at the end. A change that
    // keeps that (as far as the select lists tell) stays a replace; any other is a drop and a create.
    // A view renamed in the same plan is dropped under the name it has and created under its new one, which
    // replaces the rename (the upgrade changes it under the new name, the downgrade under the old one).
    std::set<core::QualifiedName> replace_views_changing_columns(std::vector<Op>& ops) const {
        std::set<core::QualifiedName> replaced;
        std::vector<Op> out;
        out.reserve(ops.size());
        std::set<std::size_t> renames_replaced;
        std::vector<std::optional<std::size_t>> rename_at(ops.size());  // per replaced AlterView
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const auto* alter = std::get_if<AlterView>(&ops[i]);
            if (!alter || alter->from.materialized || alter->to.materialized ||
                keeps_output_columns(alter->from.definition, alter->to.definition))
                continue;
            for (std::size_t r = 0; r < ops.size() && !rename_at[i]; ++r) {
                const auto* rename = std::get_if<RenameView>(&ops[r]);
                if (!rename || renames_replaced.count(r) || rename->from.schema != alter->from.schema) continue;
                if (core::same_name(rename->from.name, alter->from.name, dialect_) ||
                    core::same_name(rename->to.name, alter->from.name, dialect_)) {
                    rename_at[i] = r;
                    renames_replaced.insert(r);
                }
            }
        }
        for (std::size_t i = 0; i < ops.size(); ++i) {
            if (renames_replaced.count(i)) continue;
            const auto* alter = std::get_if<AlterView>(&ops[i]);
            if (!alter || alter->from.materialized || alter->to.materialized ||
                keeps_output_columns(alter->from.definition, alter->to.definition)) {
                out.push_back(std::move(ops[i]));
                continue;
            }
            AlterView changed = *alter;
            if (rename_at[i]) {
                const auto& rename = std::get<RenameView>(ops[*rename_at[i]]);
                changed.from.name = rename.from.name;
                changed.to.name = rename.to.name;
            }
            replaced.insert({changed.from.schema, changed.from.name});
            out.push_back(DropView{{changed.from.schema, changed.from.name}, changed.from, {}});
            out.push_back(CreateView{{changed.to.schema, changed.to.name}, changed.to, {}});
        }
        ops = std::move(out);
        return replaced;
    }

    // The old columns must also keep their expressions: the same name over another expression may be another type,
    // which a replace refuses too (soak seed 1407: count(*) AS status replacing a real column), and only the server
    // knows the types.
    bool keeps_output_columns(const std::string& from, const std::string& to) const {
        const auto old_columns = output_columns(from);
        const auto new_columns = output_columns(to);
        if (!old_columns || !new_columns || new_columns->size() < old_columns->size()) return false;
        return std::equal(old_columns->begin(), old_columns->end(), new_columns->begin());
    }

    // A view's output column: its name and its select list item's text.
    struct OutputColumn {
        std::string name;
        std::string expression;
        bool operator==(const OutputColumn&) const = default;
    };

    // The columns of a view's first SELECT list, as PostgreSQL names them; nullopt where an item's name is not
    // plain from the text (a `*`, an unnamed expression), which makes the caller choose drop and create.
    std::optional<std::vector<OutputColumn>> output_columns(const std::string& definition) const {
        const auto tokens = core::tokenize(definition, dialect_);
        std::size_t i = 0;
        while (i < tokens.size() && tokens[i].text == "(") ++i;
        if (i == tokens.size() || !core::is_keyword(tokens[i], "select")) return std::nullopt;
        ++i;
        if (i < tokens.size() && (core::is_keyword(tokens[i], "distinct") || core::is_keyword(tokens[i], "all"))) {
            const bool distinct_on = core::is_keyword(tokens[i], "distinct") && i + 1 < tokens.size() &&
                                     core::is_keyword(tokens[i + 1], "on");
            i += distinct_on ? 2 : 1;
            if (distinct_on) {
                int depth = 0;
                for (; i < tokens.size(); ++i) {
                    if (tokens[i].text == "(") ++depth;
                    if (tokens[i].text == ")" && --depth == 0) {
                        ++i;
                        break;
                    }
                }
            }
        }
        static const std::set<std::string> list_ends{"from", "where", "group", "having", "window", "union",
                                                     "intersect", "except", "order", "limit", "offset", "fetch", "for"};
        std::vector<OutputColumn> columns;
        std::vector<const core::Token*> item;
        auto name_item = [&]() -> bool {
            const std::size_t n = item.size();
            if (n == 0) return false;
            const core::Token& last = *item[n - 1];
            const bool identifier = last.kind == core::TokenKind::word || last.kind == core::TokenKind::quoted_identifier;
            const bool aliased = n >= 2 && core::is_keyword(*item[n - 2], "as");
            const bool column = n == 1 || (n >= 3 && item[n - 2]->text == ".");
            if (!identifier || !(aliased || column)) return false;
            std::string expression;
            for (const core::Token* token : item) expression += (expression.empty() ? "" : " ") + token->text;
            columns.push_back({last.kind == core::TokenKind::word ? core::ascii_lower(last.value) : last.value,
                               core::normalize_expression(expression, dialect_)});
            item.clear();
            return true;
        };
        int depth = 0;
        for (; i < tokens.size(); ++i) {
            const core::Token& t = tokens[i];
            if (depth == 0 && (t.text == ";" || t.text == ")" ||
                               (t.kind == core::TokenKind::word && list_ends.count(core::ascii_lower(t.text)))))
                break;
            if (t.text == "(") ++depth;
            if (t.text == ")") --depth;
            if (depth == 0 && t.text == ",") {
                if (!name_item()) return std::nullopt;
                continue;
            }
            item.push_back(&t);
        }
        if (!name_item()) return std::nullopt;
        return columns;
    }

    // ALTER TYPE can only add enum values. An enum that loses or reorders values is recreated: the old type is
    // renamed out of the way, the new one created, every column of the type converted through text (with the
    // default, CHECKs and expression indexes that spell the old type dropped before and restored after), and the
    // old type dropped last (order() puts the drop after those column changes).
    // An enum the plan also renames is recreated under its new name, from the old type as it is named now, and the
    // rename goes: renamed first and recreated after, its columns, which the current model names by the old name,
    // were not found and kept the old type, dropped under them (soak seed 3785); recreated first and renamed back
    // after (a downgrade), the rename moved the new type while the columns went to the old name (3190).
    std::vector<Op> recreate_enums(const std::vector<Op>& input) const {
        std::vector<Op> out;
        std::vector<AlterEnum> recreated;
        for (const auto& op : input) {
            const auto* alter = std::get_if<AlterEnum>(&op);
            if (alter && !keeps_values_in_order(alter->from.values, alter->to.values)) recreated.push_back(*alter);
            else out.push_back(op);
        }
        for (AlterEnum& alter : recreated) {
            const auto rename = std::find_if(out.begin(), out.end(), [&](const Op& op) {
                const auto* r = std::get_if<RenameEnum>(&op);
                return r && r->from.schema == alter.from.schema &&
                       (r->from.name == alter.from.name || r->to.name == alter.from.name);
            });
            if (rename != out.end()) {
                const RenameEnum renamed = std::get<RenameEnum>(*rename);
                out.erase(rename);
                // An upgrade's ops name the enum by its new name (compare reads the current schema after the rename),
                // a downgrade's by the name it has until the rename back: those now name the type it becomes.
                if (renamed.from.name == alter.from.name) {
                    const std::string now = core::type_reference(renamed.from.schema, renamed.from.name);
                    const std::string after = core::type_reference(renamed.to.schema, renamed.to.name);
                    for (auto& op : out) retype_written(op, now, after);
                }
                alter.from.name = renamed.from.name;
                alter.to.name = renamed.to.name;
            }
            recreate_enum(alter, out);
        }
        return out;
    }

    // What `op` writes of the type `from` (core::type_reference texts) written as the type `to`.
    static void retype_written(Op& op, const std::string& from, const std::string& to) {
        for_each_written_type_text(op, [&](std::string& text, bool is_type) {
            if (!is_type) text = core::with_casts_renamed(text, from, to);
            else if (auto type = core::retyped(text, from, to)) text = *type;
        });
    }

    static bool keeps_values_in_order(const std::vector<std::string>& from, const std::vector<std::string>& to) {
        std::size_t matched = 0;
        for (const auto& value : to)
            if (matched < from.size() && value == from[matched]) ++matched;
        return matched == from.size();
    }

    void recreate_enum(const AlterEnum& alter, std::vector<Op>& out) const {
        const core::QualifiedName owner{alter.from.schema, alter.from.name};
        core::Enum old = alter.from;
        old.name = core::clip_utf8(alter.from.name, 63 - std::string("__autogen_old").size()) + "__autogen_old";
        const std::string reference = core::type_reference(alter.from.schema, alter.from.name);
        const std::string old_reference = core::type_reference(old.schema, old.name);
        out.push_back(RenameEnum{owner, alter.from, old});
        out.push_back(CreateEnum{{alter.to.schema, alter.to.name}, alter.to, {}});
        if (current_.tables) {
            // A table or column renamed in the same plan is converted under its new name, after the rename, the
            // way compare's ops for it name it; otherwise its columns would keep the old type, which is then
            // dropped under them. (A downgrade's column renames name the table as it is before its rename back.)
            const TableRenames renames(out);
            for (const auto& table : *current_.tables) {
                const core::QualifiedName owner_after = renames.after(table.qualified());
                const core::Table* wanted = target_tables_.find(owner_after);
                if (!wanted) continue;  // dropped with its columns
                std::set<std::string> columns;  // converted columns by their current names, lower-cased
                for (const auto& column : table.columns) {
                    const auto old_type = core::retyped(column.type, reference, old_reference);
                    if (!old_type) continue;
                    std::string name_after = column.name;
                    for (const auto& op : out)
                        if (const auto* r = std::get_if<RenameColumn>(&op);
                            r && (r->owner == owner_after || r->owner == table.qualified()) && r->from.name == column.name)
                            name_after = r->to.name;
                    const auto target_column = std::find_if(wanted->columns.begin(), wanted->columns.end(),
                                                            [&](const core::Column& c) { return c.name == name_after; });
                    if (target_column == wanted->columns.end()) continue;  // dropped
                    columns.insert(core::ascii_lower(column.name));
                    core::Column live = column;
                    live.name = name_after;
                    convert_column(out, owner_after, live, *target_column, *old_type);
                }
                if (!columns.empty()) restore_texts(out, table, owner_after, *wanted, columns, alter.from.name);
            }
        }
        out.push_back(DropEnum{{old.schema, old.name}, old, {}});
    }

    static void convert_column(std::vector<Op>& out, const core::QualifiedName& table, const core::Column& column,
                               const core::Column& target, const std::string& old_type) {
        for (auto& op : out) {
            auto* existing = std::get_if<AlterColumn>(&op);
            if (existing && existing->owner == table && existing->from.name == column.name) {
                existing->from.type = old_type;
                existing->changed |= change_type;
                return;
            }
        }
        core::Column from = column;
        from.type = old_type;
        core::Column to = target;
        to.renamed_from.reset();
        out.push_back(AlterColumn{table, from, to, change_type});
    }

    // CHECKs and expression or partial indexes that mention a converted column or the type keep the old type's
    // literals; they are dropped before the conversion and created again from the target after it.
    // `owner` is the table's name after the plan's renames, the name the ops use.
    void restore_texts(std::vector<Op>& out, const core::Table& table, const core::QualifiedName& owner,
                       const core::Table& wanted, const std::set<std::string>& columns,
                       const std::string& type_name) const {
        auto touches = [&](const std::string& sql) {
            for (const auto& id : identifiers_in(sql, dialect_))
                if (columns.count(id) || id == core::ascii_lower(type_name)) return true;
            return false;
        };
        for (const auto& check : table.checks) {
            if (!check.name || !touches(check.expression) || has_op<DropCheck>(out, owner, *check.name)) continue;
            const auto again = std::find_if(wanted.checks.begin(), wanted.checks.end(),
                                            [&](const core::CheckConstraint& c) { return c.name == check.name; });
            out.push_back(DropCheck{owner, check, {}});
            if (again != wanted.checks.end() && !has_op<AddCheck>(out, owner, *check.name)) {
                core::CheckConstraint restored = *again;
                restored.renamed_from.reset();
                out.push_back(AddCheck{owner, restored, {}});
            }
        }
        for (const auto& index : table.indexes) {
            bool textual = index.where && touches(*index.where);
            for (const auto& key : index.keys) textual = textual || (key.expression && touches(*key.expression));
            if (!index.name || !textual || has_op<DropIndex>(out, owner, *index.name)) continue;
            const auto again = std::find_if(wanted.indexes.begin(), wanted.indexes.end(),
                                            [&](const core::Index& i) { return i.name == index.name; });
            out.push_back(DropIndex{owner, index, {}});
            if (again != wanted.indexes.end() && !has_op<CreateIndex>(out, owner, *index.name)) {
                core::Index restored = *again;
                restored.renamed_from.reset();
                out.push_back(CreateIndex{owner, restored, {}});
            }
        }
    }

    // PostgreSQL refuses to change the type of a column a generated column reads, and a new collation is a type
    // change to it (ALTER COLUMN ... TYPE ... COLLATE): the generated column is dropped before and added again
    // after (from the target), recomputing its stored values.
    void regenerate_readers_of_retyped_columns(std::vector<Op>& ops) const {
        std::vector<Op> extra;
        std::set<std::pair<core::QualifiedName, std::string>> done;
        // The retyped column's table may be renamed in the plan (soak seed 5121): the models know it by either name.
        const TableRenames renames(ops);
        for (const auto& op : ops) {
            const auto* alter = std::get_if<AlterColumn>(&op);
            if (!alter || !(alter->changed & (change_type | change_collation))) continue;
            const core::Table* table = current_tables_.find(renames.before(alter->owner));
            const core::Table* wanted = target_tables_.find(renames.after(alter->owner));
            if (!table || !wanted) continue;
            const std::string retyped = core::ascii_lower(alter->from.name);
            for (const auto& generated : table->columns) {
                if (!generated.generated || !identifiers_in(generated.generated->expression, dialect_).count(retyped)) continue;
                if (!done.insert({alter->owner, generated.name}).second) continue;
                // A generated column the plan already drops, or changes (itself retyped or regenerated), is left
                // to that op.
                const bool has_own_op = std::any_of(ops.begin(), ops.end(), [&](const Op& other) {
                    if (const auto* d = std::get_if<DropColumn>(&other)) return d->owner == alter->owner && d->object.name == generated.name;
                    if (const auto* a = std::get_if<AlterColumn>(&other))
                        return a->owner == alter->owner && a->from.name == generated.name &&
                               (a->changed & (change_type | change_generated));
                    if (const auto* r = std::get_if<RenameColumn>(&other)) return r->owner == alter->owner && r->from.name == generated.name;
                    return false;
                });
                if (has_own_op) continue;
                const auto again = std::find_if(wanted->columns.begin(), wanted->columns.end(),
                                                [&](const core::Column& c) { return c.name == generated.name; });
                if (again == wanted->columns.end() || !again->generated) continue;
                core::Column added = *again;
                added.renamed_from.reset();
                extra.push_back(DropColumn{alter->owner, generated, {}});
                extra.push_back(AddColumn{alter->owner, added, {}});
            }
        }
        ops.insert(ops.end(), extra.begin(), extra.end());
    }

    // PostgreSQL 15 changes a generation expression only by dropping the column and adding it again, and DROP
    // COLUMN silently takes the indexes, checks, unique constraints and foreign keys that use the column with it:
    // they are dropped before and created again after, as the target has them (or as they are, when the target
    // names none of them differently), so that the upgrade converges and the downgrade restores them.
    void recreate_parts_of_regenerated_columns(std::vector<Op>& ops) const {
        // The columns dropped and added again: a changed expression, or a generated column dropped and added
        // around a type change of a column it reads (regenerate_readers_of_retyped_columns).
        std::vector<std::pair<core::QualifiedName, std::string>> regenerated;
        for (const auto& op : ops) {
            if (const auto* alter = std::get_if<AlterColumn>(&op);
                alter && (alter->changed & change_generated) && alter->to.generated)
                regenerated.emplace_back(alter->owner, alter->from.name);
            if (const auto* drop = std::get_if<DropColumn>(&op); drop && drop->object.generated) {
                const bool added_again = std::any_of(ops.begin(), ops.end(), [&](const Op& other) {
                    const auto* add = std::get_if<AddColumn>(&other);
                    return add && add->owner == drop->owner && add->object.name == drop->object.name;
                });
                if (added_again) regenerated.emplace_back(drop->owner, drop->object.name);
            }
        }
        std::vector<Op> extra;
        const TableRenames renames(ops);  // the models know a table the plan renames by either name
        for (const auto& [regenerated_owner, regenerated_name] : regenerated) {
            const core::Table* table = current_tables_.find(renames.before(regenerated_owner));
            if (!table) continue;
            const core::Table* wanted = target_tables_.find(renames.after(regenerated_owner));
            const std::string column = core::ascii_lower(regenerated_name);
            auto in_text = [&](const std::optional<std::string>& sql) { return sql && identifiers_in(*sql, dialect_).count(column) > 0; };
            auto in_list = [&](const std::vector<std::string>& columns) {
                return std::any_of(columns.begin(), columns.end(), [&](const std::string& c) { return core::ascii_lower(c) == column; });
            };
            const auto owner = regenerated_owner;
            // The part as it is dropped (named: an unnamed one takes the name of its structural twin in the other
            // model, which the database gave it) and as it is created again (the target's, where it has one).
            auto recreate = [&]<class DropOp, class CreateOp, class Part>(const Part& part, const std::vector<Part>& target_parts) {
                auto unnamed = [](Part p) {
                    p.name.reset();
                    p.renamed_from.reset();
                    return p;
                };
                Part dropped = part;
                if (!dropped.name)
                    for (const auto& t : target_parts)
                        if (t.name && unnamed(t) == unnamed(part)) dropped.name = t.name;
                if (!dropped.name || has_op<DropOp>(ops, owner, *dropped.name) || has_op<DropOp>(extra, owner, *dropped.name)) return;
                Part created = dropped;
                for (const auto& t : target_parts)
                    if (t.name == dropped.name) created = t;
                created.renamed_from.reset();
                if (!created.name) created.name = dropped.name;
                extra.push_back(DropOp{owner, dropped, {}});
                if (!has_op<CreateOp>(ops, owner, *created.name)) extra.push_back(CreateOp{owner, created, {}});
            };
            static const core::Table none;
            const core::Table& target_table = wanted ? *wanted : none;
            for (const auto& index : table->indexes) {
                bool uses = in_text(index.where) || in_list(index.include);
                for (const auto& key : index.keys) uses = uses || (key.column && core::ascii_lower(*key.column) == column) || in_text(key.expression);
                if (uses) recreate.template operator()<DropIndex, CreateIndex>(index, target_table.indexes);
            }
            for (const auto& check : table->checks)
                if (in_text(check.expression)) recreate.template operator()<DropCheck, AddCheck>(check, target_table.checks);
            for (const auto& unique : table->unique)
                if (in_list(unique.columns)) recreate.template operator()<DropUnique, AddUnique>(unique, target_table.unique);
            for (const auto& fk : table->foreign_keys)
                if (in_list(fk.columns)) recreate.template operator()<DropForeignKey, AddForeignKey>(fk, target_table.foreign_keys);
        }
        ops.insert(ops.end(), extra.begin(), extra.end());
    }


    template <class OpType>
    static bool has_op(const std::vector<Op>& ops, const core::QualifiedName& owner, const std::string& name) {
        return std::any_of(ops.begin(), ops.end(), [&](const Op& op) {
            const auto* o = std::get_if<OpType>(&op);
            return o && o->owner == owner && o->object.name == name;
        });
    }

    // A primary key or unique constraint cannot be dropped while foreign keys reference it: those are dropped
    // first and, where the target keeps them, added again after the key is back.
    void recreate_referencing_foreign_keys(std::vector<Op>& ops) const {
        if (!current_.tables) return;
        std::vector<Op> extra;
        // A key dropped from a table renamed in the same plan is dropped under the new name, while the foreign
        // keys of the current model still name the table by its old one.
        const TableRenames renames(ops);
        auto handle = [&](const core::QualifiedName& owner_now, const std::vector<std::string>& key) {
            std::set<std::string> key_set(key.begin(), key.end());
            const core::QualifiedName referenced = renames.before(owner_now);
            for (const auto& table : *current_.tables) {
                const bool table_dropped = std::any_of(ops.begin(), ops.end(), [&](const Op& op) {
                    const auto* d = std::get_if<DropTable>(&op);
                    return d && d->object.qualified() == table.qualified();
                });
                if (table_dropped) continue;
                for (const auto& key : table.foreign_keys) {
                    const core::ForeignKey fk = live(table, key, renames);
                    const auto name = fk.name;
                    if (!name || fk.references.schema != referenced.schema || fk.references.table != referenced.name) continue;
                    if (std::set<std::string>(fk.references.columns.begin(), fk.references.columns.end()) != key_set) continue;
                    // The key's table may be renamed too: its ops carry either name (compare's the new one).
                    const auto owner = table.qualified();
                    const auto owner_after = renames.after(owner);
                    auto dropped_already = [&](const std::vector<Op>& list) {
                        return has_op<DropForeignKey>(list, owner, *name) || has_op<DropForeignKey>(list, owner_after, *name);
                    };
                    if (dropped_already(ops) || dropped_already(extra)) continue;
                    extra.push_back(DropForeignKey{owner, fk, {}});
                    const core::Table* wanted = target_tables_.find(owner_after);
                    if (!wanted || has_op<AddForeignKey>(ops, owner_after, *name)) continue;
                    if (auto restored = wanted_again(*wanted, fk, renames)) extra.push_back(AddForeignKey{owner_after, *restored, {}});
                }
            }
        };
        for (const auto& op : ops) {
            if (const auto* pk = std::get_if<DropPrimaryKey>(&op)) handle(pk->owner, pk->object.columns);
            if (const auto* unique = std::get_if<DropUnique>(&op)) handle(unique->owner, unique->object.columns);
        }
        ops.insert(ops.end(), extra.begin(), extra.end());
    }

    // OWNED BY needs the table: a sequence created with a table that owns it is created unowned and given its
    // owner by a separate ALTER SEQUENCE, which order() places after the table.
    void own_sequences_after_tables(std::vector<Op>& ops) const {
        std::vector<Op> extra;
        for (auto& op : ops) {
            auto* create = std::get_if<CreateSequence>(&op);
            if (!create || !create->object.owned_by) continue;
            const std::string& owned = *create->object.owned_by;
            const auto last = owned.rfind('.');
            if (last == std::string::npos) continue;
            std::string table = owned.substr(0, last);
            std::string schema = create->object.schema;
            if (const auto dot = table.find('.'); dot != std::string::npos) {
                schema = table.substr(0, dot) == "public" ? "" : table.substr(0, dot);
                table = table.substr(dot + 1);
            }
            const bool table_created = std::any_of(ops.begin(), ops.end(), [&](const Op& other) {
                const auto* c = std::get_if<CreateTable>(&other);
                return c && c->object.schema == schema && c->object.name == table;
            });
            if (!table_created) continue;
            core::Sequence unowned = create->object;
            unowned.owned_by.reset();
            extra.push_back(AlterSequence{create->owner, unowned, create->object, change_options});
            create->object = unowned;
        }
        ops.insert(ops.end(), extra.begin(), extra.end());
    }

    // Statements MySQL/MariaDB need beside the generic ops, for what the server does by itself.
    void add_mysql_implied(std::vector<Op>& ops) const {
        std::vector<Op> extra;
        auto has = [&](auto predicate) {
            return std::any_of(ops.begin(), ops.end(), predicate) || std::any_of(extra.begin(), extra.end(), predicate);
        };
        auto same_check = [&](const std::optional<std::string>& a, const std::string& b) {
            return a && core::same_name(*a, b, dialect_, NameKind::constraint);
        };
        for (const auto& op : ops) {
            // InnoDB made an index named after a foreign key that no index covered; it outlives the key, so the
            // downgrade of an added key drops it too. MariaDB only: without DROP INDEX IF EXISTS, a model that
            // omitted an index the server keeps anyway could make it drop one that does not exist.
            if (const auto* drop = std::get_if<DropForeignKey>(&op); drop && drop->object.name && dialect_ == Dialect::mariadb) {
                const core::Table* from = current_tables_.find(drop->owner);
                if (from && !covers_foreign_key(*from, drop->object)) {
                    core::Index implicit;
                    implicit.name = drop->object.name;
                    for (const auto& column : drop->object.columns) implicit.keys.push_back(core::IndexKey{column});
                    extra.push_back(DropIndex{drop->owner, implicit, {}});
                }
            }
            if (dialect_ != Dialect::mariadb) continue;
            // MariaDB drops a column-level CHECK (named after its column) when MODIFY or CHANGE rewrites the column;
            // the check is dropped (if it is still there) and added again as a table-level check of the same name.
            std::optional<std::pair<core::QualifiedName, std::string>> rewritten;
            if (const auto* a = std::get_if<AlterColumn>(&op)) rewritten = {{a->owner, a->from.name}};
            if (const auto* r = std::get_if<RenameColumn>(&op)) rewritten = {{r->owner, r->from.name}};
            if (rewritten) {
                const auto& [owner, column] = *rewritten;
                const core::Table* from = current_tables_.find(owner);
                const core::Table* to = target_tables_.find(owner);
                if (!from || !to) continue;
                const auto check = std::find_if(from->checks.begin(), from->checks.end(),
                                                [&](const core::CheckConstraint& c) { return same_check(c.name, column); });
                const auto kept = std::find_if(to->checks.begin(), to->checks.end(),
                                               [&](const core::CheckConstraint& c) { return same_check(c.name, column); });
                if (check == from->checks.end() || kept == to->checks.end()) continue;
                const bool touched = has([&](const Op& o) {
                    if (const auto* d = std::get_if<DropCheck>(&o)) return d->owner == owner && same_check(d->object.name, column);
                    if (const auto* c = std::get_if<AddCheck>(&o)) return c->owner == owner && same_check(c->object.name, column);
                    return false;
                });
                if (touched) continue;
                core::CheckConstraint again = *kept;
                again.renamed_from.reset();
                extra.push_back(DropCheck{owner, *check, {}});
                extra.push_back(AddCheck{owner, again, {}});
            }
            // A column-level CHECK cannot be dropped by name on MariaDB, only by rewriting its column.
            if (const auto* d = std::get_if<DropCheck>(&op); d && d->object.name) {
                const core::Table* from = current_tables_.find(d->owner);
                if (!from) continue;
                const auto column = std::find_if(from->columns.begin(), from->columns.end(), [&](const core::Column& c) {
                    return core::same_name(c.name, *d->object.name, dialect_, NameKind::column);
                });
                if (column == from->columns.end()) continue;
                const bool rewritten_anyway = has([&](const Op& o) {
                    const core::QualifiedName* owner = nullptr;
                    std::string name;
                    if (const auto* a = std::get_if<AlterColumn>(&o)) owner = &a->owner, name = a->from.name;
                    if (const auto* r = std::get_if<RenameColumn>(&o)) owner = &r->owner, name = r->from.name;
                    if (const auto* x = std::get_if<DropColumn>(&o)) owner = &x->owner, name = x->object.name;
                    return owner && *owner == d->owner && core::same_name(name, column->name, dialect_, NameKind::column);
                });
                if (!rewritten_anyway) extra.push_back(AlterColumn{d->owner, *column, *column, change_checks});
            }
        }
        ops.insert(ops.end(), extra.begin(), extra.end());
    }

    // MariaDB refuses a table whose AUTO_INCREMENT column leads no key (error 1075). A primary key dropped from
    // under such a column that the plan drops as well goes in a statement of its own when foreign key changes split
    // the table's statements (soak seed 1297): the column first loses AUTO_INCREMENT by a change of its own, which
    // order() puts before the key's drop (the renderer leaves out a MODIFY of a column its statement drops).
    void release_autoincrement_of_dropped_keys(std::vector<Op>& ops) const {
        const TableRenames renames(ops);
        auto same_table = [&](const core::QualifiedName& a, const core::QualifiedName& b) {
            return a == b || renames.before(a) == b;
        };
        auto same_column = [&](const std::string& a, const std::string& b) {
            return core::same_name(a, b, dialect_, NameKind::column);
        };
        std::vector<Op> extra;
        for (const auto& op : ops) {
            const auto* drop = std::get_if<DropPrimaryKey>(&op);
            if (!drop) continue;
            const core::Table* from = current_tables_.find(renames.before(drop->owner));
            if (!from) continue;
            for (const auto& column : from->columns) {
                if (!column.autoincrement ||
                    std::none_of(drop->object.columns.begin(), drop->object.columns.end(),
                                 [&](const std::string& c) { return same_column(c, column.name); }))
                    continue;
                const bool column_dropped = std::any_of(ops.begin(), ops.end(), [&](const Op& o) {
                    const auto* d = std::get_if<DropColumn>(&o);
                    return d && same_table(d->owner, drop->owner) && same_column(d->object.name, column.name);
                });
                const bool column_changed = std::any_of(ops.begin(), ops.end(), [&](const Op& o) {
                    const auto* a = std::get_if<AlterColumn>(&o);
                    return a && same_table(a->owner, drop->owner) && same_column(a->from.name, column.name);
                });
                if (!column_dropped || column_changed) continue;
                core::Column plain = column;
                plain.autoincrement = false;
                extra.push_back(AlterColumn{drop->owner, column, plain, change_autoincrement, {}, {}});
            }
        }
        ops.insert(ops.end(), extra.begin(), extra.end());
    }

    // A table whose listed indexes do not cover a foreign key has the index InnoDB made for it, named after the key
    // (or the one keep_foreign_key_indexes created in its place). Once the plan creates an index, unique constraint
    // or primary key that covers the key, a table created so has no such index: it is dropped, if it is there
    // (MariaDB's IF EXISTS), after the new one (order.cpp). Seeds 1458, 1549: a downgrade bringing back an index that
    // covers a key left the upgrade's index of the key beside it.
    void drop_foreign_key_indexes_covered_again(std::vector<Op>& ops) const {
        if (dialect_ != Dialect::mariadb || !current_.tables) return;
        const TableRenames renames(ops);
        std::vector<Op> extra;
        for (const auto& op : ops) {
            core::Table covering;  // the new index, unique constraint or primary key, as a table of it alone
            const core::QualifiedName* owner = nullptr;
            std::optional<std::string> covering_name;
            if (const auto* c = std::get_if<CreateIndex>(&op);
                c && (!c->object.method || core::ascii_lower(*c->object.method) == "btree")) {
                owner = &c->owner;
                covering.indexes.push_back(c->object);
                covering_name = c->object.name;
            }
            if (const auto* c = std::get_if<AddUnique>(&op)) {
                owner = &c->owner;
                covering.unique.push_back(c->object);
                covering_name = c->object.name;
            }
            if (const auto* c = std::get_if<AddPrimaryKey>(&op)) {
                owner = &c->owner;
                covering.primary_key = c->object;
            }
            if (!owner) continue;
            const core::Table* from = current_tables_.find(renames.before(*owner));
            const core::Table* to = target_tables_.find(*owner);
            if (!from || !to) continue;
            for (const auto& key : from->foreign_keys) {
                const core::ForeignKey fk = live(*from, key, renames);
                if (!covers_foreign_key(covering, fk) || covers_foreign_key(*from, fk)) continue;
                if (covering_name && core::same_name(*covering_name, *fk.name, dialect_, NameKind::index)) continue;
                const bool wanted = std::any_of(to->indexes.begin(), to->indexes.end(), [&](const core::Index& i) {
                    return i.name && core::same_name(*i.name, *fk.name, dialect_, NameKind::index);
                });
                if (wanted || has_op<DropForeignKey>(ops, from->qualified(), *fk.name) ||
                    has_op<DropForeignKey>(ops, *owner, *fk.name) || has_op<DropIndex>(ops, *owner, *fk.name) ||
                    has_op<DropIndex>(extra, *owner, *fk.name) || has_op<CreateIndex>(ops, *owner, *fk.name))
                    continue;
                core::Index implicit;
                implicit.name = fk.name;
                for (const auto& column : fk.columns) implicit.keys.push_back(core::IndexKey{column});
                extra.push_back(DropIndex{*owner, implicit, {}});
            }
        }
        ops.insert(ops.end(), extra.begin(), extra.end());
    }

    // `both_sides`: only foreign keys whose own and referenced columns both change type (PostgreSQL converts a
    // foreign key's column on its own, but between two ALTER COLUMN ... TYPE the two sides can be incompatible,
    // e.g. the two columns of a recreated enum).
    void recreate_foreign_keys_of_retyped_columns(std::vector<Op>& ops, bool both_sides = false) const {
        if (!current_.tables) return;
        std::vector<Op> extra;
        auto names = [&](const std::vector<std::string>& columns, const std::string& column) {
            return std::any_of(columns.begin(), columns.end(), [&](const std::string& c) {
                return core::same_name(c, column, dialect_, NameKind::column);
            });
        };
        // The ops name a table renamed in the plan by either name; the current model's keys by the old one.
        const TableRenames renames(ops);
        auto retyped_in = [&](const core::QualifiedName& owner, const std::vector<std::string>& columns) {
            return std::any_of(ops.begin(), ops.end(), [&](const Op& op) {
                const auto* a = std::get_if<AlterColumn>(&op);
                return a && (a->changed & change_type) && renames.before(a->owner) == owner && names(columns, a->from.name);
            });
        };
        // PostgreSQL 15 checks again, column by column, a foreign key whose column changes type or collation, and
        // fails ("could not find cast from <enum> to anyenum") on a column of it compared by a polymorphic
        // operator: an enum or an array. Such a key is dropped before and added again after (soak seed 1997).
        std::set<std::string> enum_types;
        if (dialect_ == Dialect::postgresql && current_.enums)
            for (const auto& e : *current_.enums) enum_types.insert(core::type_reference(e.schema, e.name));
        auto compared_polymorphically = [&](const core::Table& table, const core::ForeignKey& fk) {
            if (dialect_ != Dialect::postgresql) return false;
            for (const auto& column : table.columns) {
                if (!names(fk.columns, column.name)) continue;
                const std::string& type = column.type;
                if (type.ends_with("]") || enum_types.count(type)) return true;
            }
            return false;
        };
        for (const auto& op : ops) {
            const auto* alter = std::get_if<AlterColumn>(&op);
            if (!alter || !(alter->changed & (change_type | change_collation))) continue;
            const bool retyped = (alter->changed & change_type) != 0;
            const core::QualifiedName altered = renames.before(alter->owner);
            for (const auto& table : *current_.tables) {
                for (const auto& key : table.foreign_keys) {
                    const core::ForeignKey fk = live(table, key, renames);
                    const bool holds = table.qualified() == altered && names(fk.columns, alter->from.name);
                    const bool references = fk.references.schema == altered.schema &&
                                            core::same_name(fk.references.table, altered.name, dialect_, NameKind::table) &&
                                            names(fk.references.columns, alter->from.name);
                    const auto name = fk.name;
                    if (!name || !(holds || references)) continue;
                    const bool polymorphic = compared_polymorphically(table, fk);
                    if (!retyped && !polymorphic) continue;
                    if (both_sides && !polymorphic &&
                        !(retyped_in(table.qualified(), fk.columns) &&
                          retyped_in({fk.references.schema, fk.references.table}, fk.references.columns)))
                        continue;
                    const auto owner = table.qualified();
                    const auto owner_after = renames.after(owner);
                    auto dropped_already = [&](const std::vector<Op>& list) {
                        return has_op<DropForeignKey>(list, owner, *name) || has_op<DropForeignKey>(list, owner_after, *name);
                    };
                    if (dropped_already(ops) || dropped_already(extra)) continue;
                    core::ForeignKey dropped = fk;
                    dropped.name = name;
                    extra.push_back(DropForeignKey{owner, dropped, {}});
                    // Soak seed 2760: a key of a table the plan renames is added again under the table's new name.
                    const core::Table* wanted = target_tables_.find(owner_after);
                    if (!wanted || has_op<AddForeignKey>(ops, owner_after, *name)) continue;
                    if (auto restored = wanted_again(*wanted, fk, renames)) extra.push_back(AddForeignKey{owner_after, *restored, {}});
                }
            }
        }
        ops.insert(ops.end(), extra.begin(), extra.end());
    }

    // InnoDB refuses to drop the last index a foreign key's columns lead (it made one named after the key when none
    // did, and dropped it when another index came to cover them). A plan that drops such an index, unique constraint
    // or primary key, and leaves no other to cover a key that stays, creates the index InnoDB would have made, named
    // after the key, in the same statement.
    void keep_foreign_key_indexes(std::vector<Op>& ops) const {
        if (!current_.tables) return;
        std::map<core::QualifiedName, core::Table> after;  // tables of dropped indexes, without what the plan drops
        for (const auto& op : ops) {
            const core::QualifiedName* owner = nullptr;
            if (const auto* d = std::get_if<DropIndex>(&op)) owner = &d->owner;
            if (const auto* d = std::get_if<DropUnique>(&op)) owner = &d->owner;
            if (const auto* d = std::get_if<DropPrimaryKey>(&op)) owner = &d->owner;
            if (!owner || after.count(*owner)) continue;
            if (const core::Table* table = current_tables_.find(*owner)) after.emplace(*owner, *table);
        }
        if (after.empty()) return;
        auto same = [&](const std::optional<std::string>& a, const std::optional<std::string>& b, NameKind kind) {
            return a && b && core::same_name(*a, *b, dialect_, kind);
        };
        // A model may leave what the op names unnamed (a downgrade's current model is the upgrade's target).
        auto same_keys = [](const core::Index& a, const core::Index& b) {
            return a.keys.size() == b.keys.size() && std::equal(a.keys.begin(), a.keys.end(), b.keys.begin(),
                                                                [](const core::IndexKey& x, const core::IndexKey& y) {
                                                                    return x.column == y.column && x.length == y.length;
                                                                });
        };
        std::map<core::QualifiedName, core::Table> dropped;  // per table, what the plan drops
        for (const auto& op : ops) {
            if (const auto* d = std::get_if<DropIndex>(&op); d && after.count(d->owner)) {
                auto& indexes = after.at(d->owner).indexes;
                std::erase_if(indexes, [&](const core::Index& i) {
                    return same(i.name, d->object.name, NameKind::index) || ((!i.name || !d->object.name) && same_keys(i, d->object));
                });
                dropped[d->owner].indexes.push_back(d->object);
            }
            if (const auto* d = std::get_if<DropUnique>(&op); d && after.count(d->owner)) {
                auto& unique = after.at(d->owner).unique;
                std::erase_if(unique, [&](const core::UniqueConstraint& u) {
                    return same(u.name, d->object.name, NameKind::constraint) ||
                           ((!u.name || !d->object.name) && u.columns == d->object.columns);
                });
                dropped[d->owner].unique.push_back(d->object);
            }
            if (const auto* d = std::get_if<DropPrimaryKey>(&op); d && after.count(d->owner)) {
                after.at(d->owner).primary_key.reset();
                dropped[d->owner].primary_key = d->object;
            }
        }
        // What the plan creates covers too (the target's own indexes may include one InnoDB has already dropped).
        for (const auto& op : ops) {
            if (const auto* c = std::get_if<CreateIndex>(&op); c && after.count(c->owner)) after.at(c->owner).indexes.push_back(c->object);
            if (const auto* c = std::get_if<AddUnique>(&op); c && after.count(c->owner)) after.at(c->owner).unique.push_back(c->object);
            if (const auto* c = std::get_if<AddPrimaryKey>(&op); c && after.count(c->owner)) after.at(c->owner).primary_key = c->object;
        }
        std::vector<Op> extra;
        const TableRenames renames(ops);
        for (const auto& [owner, table] : after) {
            for (const auto& key : table.foreign_keys) {
                const core::ForeignKey fk = live(table, key, renames);
                // Only a key the dropped index covered: the model may not list the index InnoDB keeps for another.
                if (has_op<DropForeignKey>(ops, owner, *fk.name) || !covers_foreign_key(dropped[owner], fk) ||
                    covers_foreign_key(table, fk))
                    continue;
                if (has_op<CreateIndex>(ops, owner, *fk.name) || has_op<CreateIndex>(extra, owner, *fk.name)) continue;
                core::Index implicit;
                implicit.name = fk.name;
                for (const auto& column : fk.columns) implicit.keys.push_back(core::IndexKey{column});
                extra.push_back(CreateIndex{owner, implicit, {}});
            }
        }
        ops.insert(ops.end(), extra.begin(), extra.end());
    }

    // A current foreign key under the name it has in the database. A downgrade's current model is the upgrade's
    // target, which may leave a key unnamed: the upgrade kept the name of the key compare paired it with (one of the
    // same columns and references in the other model), or gave a new one autogen's name.
    // `renames`: the target model knows a table the plan renames by its other name (soak seed 6413: a downgrade
    // dropped a key under autogen's name for it, not the name the upgrade had kept).
    core::ForeignKey live(const core::Table& table, const core::ForeignKey& fk, const TableRenames& renames) const {
        if (fk.name) return fk;
        core::ForeignKey named = fk;
        if (const core::Table* other = target_tables_.find(renames.after(table.qualified())))
            for (const auto& candidate : other->foreign_keys)
                if (candidate.name && same_structure(candidate, fk)) {
                    named.name = candidate.name;
                    return named;
                }
        named.name = foreign_key_name(table, fk, dialect_);
        return named;
    }

    bool same_structure(const core::ForeignKey& a, const core::ForeignKey& b) const {
        auto same_names = [this](const std::vector<std::string>& x, const std::vector<std::string>& y) {
            return std::equal(x.begin(), x.end(), y.begin(), y.end(), [this](const std::string& m, const std::string& n) {
                return core::same_name(m, n, dialect_, NameKind::column);
            });
        };
        return same_names(a.columns, b.columns) && a.references.schema == b.references.schema &&
               core::same_name(a.references.table, b.references.table, dialect_, NameKind::table) &&
               same_names(a.references.columns, b.references.columns);
    }

    // The target's version of a current foreign key that a plan drops only to add it again: the one of the same name,
    // or an unnamed one on the same columns and references (a target may leave foreign keys unnamed; compare paired
    // it with the current key, so it is added again under the current key's name). An unnamed one references a
    // table the plan renames by its new name (soak seed 4081: the key was dropped and never added again).
    std::optional<core::ForeignKey> wanted_again(const core::Table& wanted, const core::ForeignKey& fk,
                                                 const TableRenames& renames) const {
        core::ForeignKey after = fk;
        const auto referenced = renames.after({fk.references.schema, fk.references.table});
        after.references.schema = referenced.schema;
        after.references.table = referenced.name;
        for (const auto& again : wanted.foreign_keys) {
            if (!again.name || !core::same_name(*again.name, *fk.name, dialect_, NameKind::constraint)) continue;
            core::ForeignKey restored = again;
            restored.renamed_from.reset();
            return restored;
        }
        for (const auto& again : wanted.foreign_keys) {
            if (again.name || !same_structure(again, after)) continue;
            core::ForeignKey restored = again;
            restored.renamed_from.reset();
            restored.name = fk.name;
            return restored;
        }
        return std::nullopt;
    }

    // True when a key, unique constraint or index of `table` starts with the foreign key's columns.
    bool covers_foreign_key(const core::Table& table, const core::ForeignKey& fk) const {
        auto leads = [&](const std::vector<std::string>& columns) {
            if (columns.size() < fk.columns.size()) return false;
            for (std::size_t i = 0; i < fk.columns.size(); ++i)
                if (!core::same_name(columns[i], fk.columns[i], dialect_, NameKind::column)) return false;
            return true;
        };
        if (table.primary_key && leads(table.primary_key->columns)) return true;
        for (const auto& u : table.unique)
            if (leads(u.columns)) return true;
        for (const auto& index : table.indexes) {
            std::vector<std::string> columns;
            for (const auto& key : index.keys) {
                if (!key.column || key.length) break;
                columns.push_back(*key.column);
            }
            if (leads(columns)) return true;
        }
        return false;
    }

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
        const TableRenames renames(ops);
        auto states = [&](const core::QualifiedName& owner) -> std::pair<const core::Table*, const core::Table*> {
            return {current_tables_.find(renames.before(owner)), target_tables_.find(renames.after(owner))};
        };

        std::map<core::QualifiedName, bool> needs_rebuild;
        for (const auto& op : ops) {
            const auto owner = table_part_owner(op);
            if (!owner) continue;
            const auto [from, to] = states(*owner);
            if (!from || !to) continue;  // a table being created or dropped: nothing to alter in place
            bool& flag = needs_rebuild[*owner];
            if (!sqlite_in_place(op, from, to, current_, identifiers_)) flag = true;
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
        // Column renames by table, gathered once rather than scanned for per rebuild; later ones win, as in op order.
        std::map<core::QualifiedName, std::map<std::string, std::string>> renamed_columns;  // new name key -> old name
        for (const auto& op : ops)
            if (const auto* r = std::get_if<RenameColumn>(&op))
                renamed_columns[r->owner][core::name_key(r->to.name, dialect_, NameKind::column)] = r->from.name;
        static const std::map<std::string, std::string> none;
        for (const auto& [owner, index] : rebuild_at) {
            auto& rebuild = std::get<RebuildTable>(out[index]);
            const auto renamed = renamed_columns.find(rebuild.to.qualified());
            fill_sources(rebuild, renamed == renamed_columns.end() ? none : renamed->second);
        }
        // A view dropped to be created again (SQLite has no CREATE OR REPLACE) is missing in between, and every
        // ALTER TABLE ... RENAME re-reads all views and triggers of the schema, failing on one that reads the
        // missing view: what reads it is dropped and created again with it, like what reads a rebuilt table.
        std::set<core::QualifiedName> touched = rebuilt;
        for (const auto& op : out)
            if (const auto* d = std::get_if<DropView>(&op)) touched.insert({d->object.schema, d->object.name});
        add_dependents(out, touched, renames, true);
        return out;
    }

    // Each new column takes its values from the column of the same name, or the one it was renamed from.
    void fill_sources(RebuildTable& rebuild, const std::map<std::string, std::string>& renamed) const {
        std::set<std::string> renamed_away;  // old name keys
        for (const auto& [key, old] : renamed) renamed_away.insert(core::name_key(old, dialect_, NameKind::column));
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
                        const TableRenames& renames, bool with_triggers) const {
        if (rebuilt.empty()) return;
        std::set<std::string> touched;  // lower-cased names of rebuilt tables and recreated views
        for (const auto& name : rebuilt) {
            touched.insert(core::ascii_lower(name.name));
            touched.insert(core::ascii_lower(renames.before(name).name));
        }
        // Which views and triggers already have ops, and where the AlterViews stand: looked up per view or trigger,
        // so gathered in one pass over the ops rather than searched for each time (quadratic in the ops).
        auto key = [&](const std::string& name) { return core::name_key(name, dialect_); };
        std::set<std::string> views_with_ops, triggers_with_ops;
        std::map<std::string, std::vector<std::size_t>> alter_view_at;
        std::map<std::string, std::size_t> rename_view_at;  // by the name the view has now
        for (std::size_t i = 0; i < out.size(); ++i) {
            const Op& op = out[i];
            if (const auto* r = std::get_if<RenameView>(&op)) rename_view_at.emplace(key(r->from.name), i);
            if (const auto* d = std::get_if<DropView>(&op)) views_with_ops.insert(key(d->object.name));
            if (const auto* c = std::get_if<CreateView>(&op)) views_with_ops.insert(key(c->object.name));
            if (const auto* d = std::get_if<DropTrigger>(&op)) triggers_with_ops.insert(key(d->object.name));
            if (const auto* c = std::get_if<CreateTrigger>(&op)) triggers_with_ops.insert(key(c->object.name));
            if (const auto* a = std::get_if<AlterView>(&op)) alter_view_at[key(a->from.name)].push_back(i);
        }
        // A replaced AlterView is marked dead and dropped at the end, which leaves the same order as erasing it.
        std::vector<bool> dead(out.size(), false);
        auto append = [&](Op op) {
            if (const auto* d = std::get_if<DropView>(&op)) views_with_ops.insert(key(d->object.name));
            if (const auto* c = std::get_if<CreateView>(&op)) views_with_ops.insert(key(c->object.name));
            if (const auto* d = std::get_if<DropTrigger>(&op)) triggers_with_ops.insert(key(d->object.name));
            if (const auto* c = std::get_if<CreateTrigger>(&op)) triggers_with_ops.insert(key(c->object.name));
            out.push_back(std::move(op));
            dead.push_back(false);
        };
        auto reads_touched = [&](const std::string& sql) {
            for (const auto& id : identifiers_.of(sql))
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
                    const auto lower_name = core::ascii_lower(v.name);
                    if (done.count(lower_name) || !reads_touched(v.definition)) continue;
                    done.insert(lower_name);
                    touched.insert(lower_name);
                    grew = true;
                    if (views_with_ops.count(key(v.name))) continue;
                    // A view renamed in the same plan is dropped under the name it has and created under the new
                    // one, which replaces the rename: renamed after the drop, it would no longer be there.
                    core::View wanted = v;
                    if (const auto it = rename_view_at.find(key(v.name)); it != rename_view_at.end() && !dead[it->second]) {
                        wanted.name = std::get<RenameView>(out[it->second]).to.name;
                        dead[it->second] = true;
                    }
                    // A replace in place is not enough under a changing table: drop before, create after. Its
                    // AlterView names the view by the name it has after the rename, if any.
                    std::optional<std::size_t> alter;
                    for (const auto& name : {v.name, wanted.name})
                        if (const auto it = alter_view_at.find(key(name)); !alter && it != alter_view_at.end())
                            for (std::size_t at : it->second)
                                if (!dead[at]) {
                                    alter = at;
                                    break;
                                }
                    if (alter) {
                        // Created under the name the rename gives: a downgrade's AlterView comes before the rename
                        // back and names the view as it is called now (soak seeds 3832, 4102).
                        core::View replaced = std::get<AlterView>(out[*alter]).to;
                        replaced.name = wanted.name;
                        dead[*alter] = true;
                        append(DropView{{v.schema, v.name}, v, {}});
                        append(CreateView{{replaced.schema, replaced.name}, replaced, {}});
                        continue;
                    }
                    append(DropView{{v.schema, v.name}, v, {}});
                    append(CreateView{{wanted.schema, wanted.name}, target_view(wanted), {}});
                }
            }
        }
        if (with_triggers && current_.triggers) {
            for (const auto& t : *current_.triggers) {
                const bool on_table = touched.count(core::ascii_lower(t.table)) > 0;
                if ((!on_table && !reads_touched(t.definition)) || triggers_with_ops.count(key(t.name))) continue;
                append(DropTrigger{{t.schema, t.table}, t, {}});
                append(CreateTrigger{{t.schema, t.table}, target_trigger(t), {}});
            }
        }
        if (std::find(dead.begin(), dead.end(), true) != dead.end()) {
            std::size_t kept = 0;
            for (std::size_t i = 0; i < out.size(); ++i) {
                if (dead[i]) continue;
                if (kept != i) out[kept] = std::move(out[i]);
                ++kept;
            }
            out.resize(kept);
        }
    }

    // The target's version of a view or trigger (the first of its name), else the object itself.
    template <class T>
    const T& target_object(const std::optional<std::vector<T>>& targets,
                           std::unordered_map<std::string, const T*>& index, const T& object) const {
        auto key = [&](const T& item) { return item.schema + '\x1f' + core::name_key(item.name, dialect_); };
        if (index.empty() && targets)
            for (const auto& t : *targets) index.emplace(key(t), &t);
        const auto it = index.find(key(object));
        return it == index.end() ? object : *it->second;
    }

    core::View target_view(const core::View& v) const { return target_object(target_.views, target_views_, v); }

    core::Trigger target_trigger(const core::Trigger& t) const {
        return target_object(target_.triggers, target_triggers_, t);
    }

    mutable std::unordered_map<std::string, const core::View*> target_views_;
    mutable std::unordered_map<std::string, const core::Trigger*> target_triggers_;
};

}  // namespace

std::vector<Op> lower(const std::vector<Op>& ops, const core::Schema& current, const core::Schema& target,
                      const Capabilities& caps) {
    return Lowerer(current, target, caps).run(ops);
}

}  // namespace autogen::diff
