#include "diff/compare.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/names.hpp"
#include "core/rename_hints.hpp"
#include "core/sql_lexer.hpp"
#include "core/type_texts.hpp"
#include "core/types.hpp"
#include "diff/naming.hpp"

namespace autogen::diff {
namespace {

using core::Dialect;
using core::NameKind;

// Expression texts compare as token streams: white space, keyword case, redundant quoting and outer
// parentheses never make a difference; anything else does.
bool same_text(const std::optional<std::string>& a, const std::optional<std::string>& b, Dialect dialect) {
    if (a.has_value() != b.has_value()) return false;
    if (!a) return true;
    auto strip = [](std::string s) {
        while (!s.empty() && (s.back() == ';' || std::isspace(static_cast<unsigned char>(s.back())))) s.pop_back();
        return s;
    };
    return core::normalize_expression(strip(*a), dialect) == core::normalize_expression(strip(*b), dialect);
}

bool same_text(const std::string& a, const std::string& b, Dialect dialect) {
    return same_text(std::optional<std::string>(a), std::optional<std::string>(b), dialect);
}

bool same_word(const std::optional<std::string>& a, const std::optional<std::string>& b, Dialect dialect) {
    if (a.has_value() != b.has_value()) return false;
    if (!a) return true;
    return dialect == Dialect::postgresql ? *a == *b : core::ascii_lower(*a) == core::ascii_lower(*b);
}

bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b, Dialect dialect, NameKind kind) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!core::same_name(a[i], b[i], dialect, kind)) return false;
    return true;
}

bool same_type(const std::string& a, const std::string& b, Dialect dialect) {
    return dialect == Dialect::sqlite ? core::ascii_lower(a) == core::ascii_lower(b) : a == b;
}

std::string key_of(const std::string& schema, const std::string& name, Dialect dialect, NameKind kind) {
    return schema + '\x1f' + core::name_key(name, dialect, kind);
}

template <class T>
T without_hint(T object) {
    object.renamed_from.reset();
    return object;
}

// Pairs the objects of two lists: first by name (renamed_from hints turning a drop plus an add into a rename),
// then unnamed target objects by structure, so that a name the database chose is never a difference.
template <class T>
struct Pairing {
    std::vector<std::pair<std::size_t, std::size_t>> matched;  // (current, target)
    std::vector<std::size_t> dropped;                          // current only
    std::vector<std::size_t> added;                            // target only
    std::vector<std::pair<std::size_t, std::size_t>> renamed;  // (current, target) via renamed_from
};

// `structure_key` gives objects that same_structure may find equal the same key (std::nullopt: never equal).
template <class T, class NameOf, class SameStructure, class StructureKey>
Pairing<T> pair_up(const std::vector<T>& current, const std::vector<T>& target, Dialect dialect, NameKind kind,
                   NameOf name_of, SameStructure same_structure, StructureKey structure_key) {
    Pairing<T> out;
    std::vector<bool> cur_used(current.size(), false), tgt_used(target.size(), false);
    std::map<std::string, std::size_t> cur_by_name;
    for (std::size_t i = 0; i < current.size(); ++i)
        if (auto n = name_of(current[i])) cur_by_name.emplace(core::name_key(*n, dialect, kind), i);
    // Hints go first, whatever else the target holds, so that a renamed object and a new one under the old name
    // are a rename and an add.
    const auto renames = core::apply_rename_hints(
        current.size(), target.size(), cur_by_name,
        [&](std::size_t j) -> std::optional<std::string> {
            const auto n = name_of(target[j]);
            return n ? std::optional<std::string>(core::name_key(*n, dialect, kind)) : std::nullopt;
        },
        [&](std::size_t j) -> std::optional<std::string> {
            if (!target[j].renamed_from) return std::nullopt;
            return core::name_key(*target[j].renamed_from, dialect, kind);
        });
    for (std::size_t j = 0; j < target.size(); ++j) {
        if (!renames[j]) continue;
        cur_used[*renames[j]] = tgt_used[j] = true;
        out.renamed.emplace_back(*renames[j], j);
    }
    for (std::size_t j = 0; j < target.size(); ++j) {
        auto n = name_of(target[j]);
        if (!n || tgt_used[j]) continue;
        auto it = cur_by_name.find(core::name_key(*n, dialect, kind));
        if (it != cur_by_name.end() && !cur_used[it->second]) {
            cur_used[it->second] = tgt_used[j] = true;
            out.matched.emplace_back(it->second, j);
        }
    }
    // Each target object is tried against the unused current objects in order, the first of the same structure
    // winning. Only those with its structure key can be, so they are bucketed by it first: trying every pair
    // (normalizing expression texts each time) is quadratic in the objects of a table.
    std::unordered_map<std::string, std::vector<std::size_t>> candidates;  // structure key -> current, ascending
    for (std::size_t i = 0; i < current.size(); ++i)
        if (!cur_used[i])
            if (auto key = structure_key(current[i])) candidates[*key].push_back(i);
    for (std::size_t j = 0; j < target.size() && !candidates.empty(); ++j) {
        if (tgt_used[j]) continue;
        const auto key = structure_key(target[j]);
        if (!key) continue;
        const auto bucket = candidates.find(*key);
        if (bucket == candidates.end()) continue;
        for (std::size_t i : bucket->second) {
            if (cur_used[i]) continue;
            const bool target_unnamed = !name_of(target[j]).has_value();
            const bool current_unnamed = !name_of(current[i]).has_value();
            if ((target_unnamed || current_unnamed) && same_structure(current[i], target[j])) {
                cur_used[i] = tgt_used[j] = true;
                out.matched.emplace_back(i, j);
                break;
            }
        }
    }
    for (std::size_t i = 0; i < current.size(); ++i)
        if (!cur_used[i]) out.dropped.push_back(i);
    for (std::size_t j = 0; j < target.size(); ++j)
        if (!tgt_used[j]) out.added.push_back(j);
    return out;
}

class Comparer {
public:
    Comparer(const core::Schema& current, const core::Schema& target, Dialect dialect)
        : current_(current), target_(target), dialect_(dialect) {}

    Comparison run() {
        out_.not_compared = current_.not_compared;
        compare_top_level(current_.extensions, target_.extensions, "extension");
        compare_top_level(current_.enums, target_.enums, "enum");
        compare_top_level(current_.domains, target_.domains, "domain");
        compare_top_level(current_.sequences, target_.sequences, "sequence");
        compare_tables();
        compare_top_level(current_.views, target_.views, "view");
        compare_top_level(current_.routines, target_.routines, "routine");
        compare_top_level(current_.triggers, target_.triggers, "trigger");
        return std::move(out_);
    }

private:
    const core::Schema& current_;
    const core::Schema& target_;
    Dialect dialect_;
    Comparison out_;
    std::set<std::string> taken_names_;  // name keys of the table being compared (compare_table)
    // Per schema, the name keys of the indexes (primary keys and unique constraints too) of every table in the
    // current and the target schema, where the dialect shares index names across a schema; filled on first use.
    std::optional<std::map<std::string, std::set<std::string>>> schema_index_names_;
    std::map<std::string, std::string> renamed_tables_;  // key_of(schema, old name) -> new name, of the tables renamed
    // The columns of the table being compared that the target renames: name key of the old name -> the new name.
    std::map<std::string, std::string> column_renames_;
    // Per table with renamed columns, by key_of(schema, current name), the renames of columns that change nothing
    // else (plain_column_renames): a foreign key follows them, on its own table and on the table it references.
    std::map<std::string, std::map<std::string, std::string>> plain_column_renames_;
    const std::map<std::string, std::string>* own_plain_column_renames_ = nullptr;  // of the table being compared

    void not_compared(const std::string& kind, std::size_t count) {
        if (count == 0) return;
        out_.not_compared.push_back(core::NotCompared{kind, "", static_cast<std::int64_t>(count)});
    }

    // ---- tables ---------------------------------------------------------------------------------------

    void compare_tables() {
        if (!target_.tables) {
            not_compared("table", current_.tables ? current_.tables->size() : 0);
            return;
        }
        static const std::vector<core::Table> none;
        const auto& cur = current_.tables ? *current_.tables : none;
        const auto& tgt = *target_.tables;
        std::map<std::string, std::size_t> cur_index;
        for (std::size_t i = 0; i < cur.size(); ++i)
            cur_index.emplace(key_of(cur[i].schema, cur[i].name, dialect_, NameKind::table), i);

        std::vector<bool> cur_used(cur.size(), false);
        // Hints first, so that a target holding a renamed table and a new table under the old name renames the one
        // and creates the other.
        const auto renamed_from = core::apply_rename_hints(
            cur.size(), tgt.size(), cur_index,
            [&](std::size_t j) -> std::optional<std::string> { return key_of(tgt[j].schema, tgt[j].name, dialect_, NameKind::table); },
            [&](std::size_t j) -> std::optional<std::string> {
                if (!tgt[j].renamed_from) return std::nullopt;
                return key_of(tgt[j].schema, *tgt[j].renamed_from, dialect_, NameKind::table);
            });
        for (const auto& old : renamed_from)
            if (old) cur_used[*old] = true;
        renamed_tables_.clear();
        for (std::size_t j = 0; j < tgt.size(); ++j)
            if (renamed_from[j]) {
                const core::Table& old = cur[*renamed_from[j]];
                renamed_tables_[key_of(old.schema, old.name, dialect_, NameKind::table)] = tgt[j].name;
            }
        // Each target table's current table: the one it renames, else the one of its name; none: it is created.
        std::vector<std::optional<std::size_t>> current_of(renamed_from.begin(), renamed_from.end());
        for (std::size_t j = 0; j < tgt.size(); ++j) {
            if (current_of[j]) continue;
            const auto it = cur_index.find(key_of(tgt[j].schema, tgt[j].name, dialect_, NameKind::table));
            if (it != cur_index.end() && !cur_used[it->second]) {
                cur_used[it->second] = true;
                current_of[j] = it->second;
            }
        }
        // The column renames of every table, before any is compared: a foreign key reads those of its parent.
        // PostgreSQL only. InnoDB renames a key's column only in place, so a rename that shares the table's
        // statement with a change made by copying fails ("ALGORITHM=COPY is not supported. Reason: Columns
        // participating in a foreign key are renamed", error 1846), and MariaDB 10.11 rebuilding a table in place
        // while renaming both columns of a key to itself leaves the key naming the old column. SQLite rewrites a
        // key naming a renamed column only in RENAME COLUMN: a rename made by rebuilding its table (with another
        // change) leaves the other tables' keys naming the old column ("foreign key mismatch", property seeds
        // 5230, 5399, 5569). There the key is dropped and added again around the rename.
        plain_column_renames_.clear();
        for (std::size_t j = 0; j < tgt.size() && dialect_ == Dialect::postgresql; ++j) {
            const auto& t = tgt[j];
            if (std::none_of(t.columns.begin(), t.columns.end(), [](const core::Column& c) { return c.renamed_from; }))
                continue;
            const std::optional<std::size_t> i = current_of[j];
            if (!i) continue;
            auto renames = plain_column_renames(cur[*i], t, pair_columns(cur[*i], t));
            if (!renames.empty())
                plain_column_renames_[key_of(cur[*i].schema, cur[*i].name, dialect_, NameKind::table)] = std::move(renames);
        }
        // The plain column renames of a current table (the table compare_table is given may carry its new name).
        auto own_renames = [this](const core::Table& current) -> const std::map<std::string, std::string>* {
            const auto it = plain_column_renames_.find(key_of(current.schema, current.name, dialect_, NameKind::table));
            return it == plain_column_renames_.end() ? nullptr : &it->second;
        };
        for (std::size_t j = 0; j < tgt.size(); ++j) {
            const auto& t = tgt[j];
            if (renamed_from[j]) {
                const core::Table& old = cur[*renamed_from[j]];
                core::Table renamed = old;
                renamed.name = t.name;
                out_.ops.push_back(RenameTable{old.qualified(), old, renamed});
                own_plain_column_renames_ = own_renames(old);
                compare_table(renamed, t);
                continue;
            }
            if (current_of[j]) {
                own_plain_column_renames_ = own_renames(cur[*current_of[j]]);
                compare_table(cur[*current_of[j]], t);
                continue;
            }
            out_.ops.push_back(CreateTable{t.qualified(), with_names(strip_table_hints(t))});
        }
        for (std::size_t i = 0; i < cur.size(); ++i)
            if (!cur_used[i]) out_.ops.push_back(DropTable{cur[i].qualified(), cur[i]});
    }

    static core::Table strip_table_hints(core::Table t) {
        t.renamed_from.reset();
        for (auto& c : t.columns) c.renamed_from.reset();
        for (auto& f : t.foreign_keys) f.renamed_from.reset();
        for (auto& u : t.unique) u.renamed_from.reset();
        for (auto& c : t.checks) c.renamed_from.reset();
        for (auto& i : t.indexes) i.renamed_from.reset();
        return t;
    }

    // Names every unnamed constraint and index a create will make, so the downgrade can drop them. A name another
    // table's index holds is not free: a table renamed away keeps the index names of its old name (PostgreSQL
    // renames no index with its table), and a new table under that name would otherwise collide with them.
    core::Table with_names(core::Table t) {
        name_unnamed(t, dialect_, index_names_of_schema(t.schema));
        return t;
    }

    // The name keys of the indexes of every table of `schema` (current and target), or null where the dialect
    // keeps index names per table.
    const std::set<std::string>* index_names_of_schema(const std::string& schema) {
        if (!index_names_schema_wide(dialect_)) return nullptr;
        if (!schema_index_names_) {
            schema_index_names_.emplace();
            for (const auto* tables : {&current_.tables, &target_.tables}) {
                if (!*tables) continue;
                for (const auto& t : **tables) {
                    auto& names = (*schema_index_names_)[key_of(t.schema, "", dialect_, NameKind::table)];
                    auto take = [&](const std::optional<std::string>& name) {
                        if (name) names.insert(core::name_key(*name, dialect_, NameKind::constraint));
                    };
                    if (t.primary_key) take(t.primary_key->name);
                    for (const auto& u : t.unique) take(u.name);
                    for (const auto& x : t.exclusion) take(x.name);
                    for (const auto& i : t.indexes) take(i.name);
                }
            }
        }
        const auto it = schema_index_names_->find(key_of(schema, "", dialect_, NameKind::table));
        return it == schema_index_names_->end() ? nullptr : &it->second;
    }

    void compare_table(const core::Table& cur, const core::Table& tgt) {
        const auto owner = cur.qualified();
        // The names a constraint or index added to this table must not take: a generated name can be one the
        // database gave another object (PostgreSQL names two checks on one column alike but for a number).
        taken_names_.clear();
        auto take = [&](const std::optional<std::string>& name) {
            if (name) taken_names_.insert(core::name_key(*name, dialect_, NameKind::constraint));
        };
        for (const core::Table* t : {&cur, &tgt}) {
            if (t->primary_key) take(t->primary_key->name);
            for (const auto& f : t->foreign_keys) take(f.name);
            for (const auto& u : t->unique) take(u.name);
            for (const auto& c : t->checks) take(c.name);
            for (const auto& x : t->exclusion) take(x.name);
            for (const auto& i : t->indexes) take(i.name);
        }
        compare_columns(owner, cur, tgt);
        // The server renames a column in every key, index and expression that reads it: they are compared as they
        // read after the renames, and the ops drop them as the database has them before.
        const core::Table renamed = with_column_renames(cur);
        compare_primary_key(owner, cur, renamed, tgt);
        compare_constraints(owner, cur, renamed, tgt);
        compare_indexes(owner, cur, renamed, tgt);

        Changes changed = 0;
        if (has_comments() && cur.comment != tgt.comment) changed |= change_comment;
        if (!same_options(cur.options, tgt.options)) changed |= change_options;
        if (!same_text(cur.partition_by, tgt.partition_by, dialect_) || cur.partition_of != tgt.partition_of ||
            !same_text(cur.bound, tgt.bound, dialect_))
            changed |= change_partition;
        if (changed) {
            core::Table to = cur;
            to.comment = tgt.comment;
            to.options = tgt.options;
            to.partition_by = tgt.partition_by;
            to.partition_of = tgt.partition_of;
            to.bound = tgt.bound;
            out_.ops.push_back(AlterTable{owner, cur, to, changed});
        }
    }

    bool same_options(const core::TableOptions& a, const core::TableOptions& b) const {
        switch (dialect_) {
            case Dialect::sqlite: return a.sqlite == b.sqlite;
            case Dialect::postgresql: return a.postgresql == b.postgresql;
            case Dialect::mysql:
            case Dialect::mariadb: {
                // An absent option means the server default: only options the target states are compared.
                const auto& x = a.mysql;
                const auto& y = b.mysql;
                auto same = [&](const std::optional<std::string>& cur, const std::optional<std::string>& tgt) {
                    return !tgt || same_word(cur, tgt, dialect_);
                };
                return same(x.engine, y.engine) && same(x.charset, y.charset) && same(x.collation, y.collation) &&
                       same(x.row_format, y.row_format);
            }
            case Dialect::portable: return a == b;
        }
        return a == b;
    }

    // PostgreSQL stores no default for DEFAULT NULL: a target's NULL default is none there.
    std::optional<std::string> default_of(const core::Column& column) const {
        if (dialect_ == Dialect::postgresql && column.default_value && core::is_null_literal(*column.default_value, dialect_))
            return std::nullopt;
        return column.default_value;
    }

    Changes column_changes(const core::Column& a, const core::Column& b) const {
        Changes c = 0;
        if (!same_type(a.type, b.type, dialect_)) c |= change_type;
        if (a.nullable != b.nullable) c |= change_nullable;
        if (!same_text(default_of(a), default_of(b), dialect_)) c |= change_default;
        // On PostgreSQL a portable autoincrement is created as GENERATED BY DEFAULT AS IDENTITY (MODEL.md), so a
        // target's autoincrement also matches such an identity; a target that states identity wants exactly it.
        const bool autoincrement_as_identity = dialect_ == Dialect::postgresql && b.autoincrement && !b.identity &&
                                               !a.autoincrement && a.identity == core::Identity{};
        if (!autoincrement_as_identity) {
            if (a.identity != b.identity) c |= change_identity;
            if (a.autoincrement != b.autoincrement) c |= change_autoincrement;
        }
        if (a.generated.has_value() != b.generated.has_value() ||
            (a.generated && (a.generated->stored != b.generated->stored ||
                             !same_text(a.generated->expression, b.generated->expression, dialect_))))
            c |= change_generated;
        if (!same_word(a.collation, b.collation, dialect_)) c |= change_collation;
        if (b.charset && !same_word(a.charset, b.charset, dialect_)) c |= change_charset;
        if (!same_text(a.on_update, b.on_update, dialect_)) c |= change_on_update;
        if (has_comments() && a.comment != b.comment) c |= change_comment;
        if (a.hidden != b.hidden) c |= change_hidden;
        return c;
    }

    // PostgreSQL and SQLite rewrite the expressions that read a renamed column; MariaDB renames the column in keys
    // and indexes only, and keeps a generated column's expression as written (soak seed 5243: its CHANGE COLUMN
    // restated the old name), so there they are compared, and changed, as written.
    bool renames_expressions() const { return !core::is_mysql_family(dialect_); }

    // `t`'s keys and indexes as the server shows them once the table's columns are renamed (column_renames_): its
    // keys, index keys and the texts of its checks, indexes and exclusion constraints name them by the new names.
    // (Generated columns are compared by alter_column, which reads their expressions the same way.)
    core::Table with_column_renames(core::Table t) const {
        if (column_renames_.empty()) return t;
        auto rename = [&](std::string& name) {
            if (const auto it = column_renames_.find(core::name_key(name, dialect_, NameKind::column)); it != column_renames_.end())
                name = it->second;
        };
        auto rename_all = [&](std::vector<std::string>& names) { std::for_each(names.begin(), names.end(), rename); };
        auto rewrite = [&](std::string& text) {
            if (renames_expressions()) text = core::with_columns_renamed(text, dialect_, column_renames_);
        };
        if (t.primary_key) rename_all(t.primary_key->columns);
        for (auto& u : t.unique) rename_all(u.columns);
        for (auto& c : t.checks) rewrite(c.expression);
        for (auto& x : t.exclusion) rewrite(x.definition);
        for (auto& index : t.indexes) {
            for (auto& key : index.keys) {
                if (key.column) rename(*key.column);
                if (key.expression) rewrite(*key.expression);
            }
            if (index.where) rewrite(*index.where);
            rename_all(index.include);
        }
        return t;
    }

    // MySQL places columns; elsewhere order is not compared (MODEL.md).
    static Placement placement_in(const core::Table& table, std::size_t index) {
        Placement p;
        if (index == 0) p.first = true;
        else p.after = table.columns[index - 1].name;
        return p;
    }

    Pairing<core::Column> pair_columns(const core::Table& cur, const core::Table& tgt) const {
        return pair_up(
            cur.columns, tgt.columns, dialect_, NameKind::column,
            [](const core::Column& c) { return std::optional<std::string>(c.name); },
            [](const core::Column&, const core::Column&) { return false; },
            [](const core::Column&) { return std::optional<std::string>(); });
    }

    // The columns of `cur` that `tgt` renames, by the pairing of their columns: name key of the old name -> new name.
    std::map<std::string, std::string> column_renames(const core::Table& cur, const core::Table& tgt,
                                                      const Pairing<core::Column>& pairing) const {
        std::map<std::string, std::string> out;
        for (auto [i, j] : pairing.renamed) {
            std::string old_key = core::name_key(cur.columns[i].name, dialect_, NameKind::column);
            // SQLite does not rewrite a reference to a column named like the rowid (property seed 13: RENAME COLUMN
            // failed, "no such column: _rowid_"): what reads it is compared as written, and the table rebuilt.
            if (dialect_ == Dialect::sqlite && core::is_sqlite_rowid_name(old_key)) continue;
            out[std::move(old_key)] = tgt.columns[j].name;
        }
        return out;
    }

    // The renames among column_renames of columns that change nothing else. A foreign key over a column that also
    // changes is dropped and added again as before: lowering finds the keys of a changed column (a type change
    // MariaDB makes only without them, a PostgreSQL enum key checked again) by the names the current model has.
    std::map<std::string, std::string> plain_column_renames(const core::Table& cur, const core::Table& tgt,
                                                            const Pairing<core::Column>& pairing) const {
        std::map<std::string, std::string> out = column_renames(cur, tgt, pairing);
        for (auto [i, j] : pairing.renamed) {
            core::Column renamed = cur.columns[i];
            renamed.name = tgt.columns[j].name;
            if (renamed.generated || column_changes(renamed, without_hint(tgt.columns[j])))
                out.erase(core::name_key(cur.columns[i].name, dialect_, NameKind::column));
        }
        return out;
    }

    void compare_columns(const core::QualifiedName& owner, const core::Table& cur, const core::Table& tgt) {
        const std::size_t first_op = out_.ops.size();  // this table's column ops follow
        const auto pairing = pair_columns(cur, tgt);
        column_renames_ = column_renames(cur, tgt, pairing);
        for (auto [i, j] : pairing.renamed) {
            core::Column renamed = cur.columns[i];
            renamed.name = tgt.columns[j].name;
            out_.ops.push_back(RenameColumn{owner, cur.columns[i], renamed});
            alter_column(owner, renamed, tgt.columns[j], cur, tgt, i, j);
        }
        for (auto [i, j] : pairing.matched) alter_column(owner, cur.columns[i], tgt.columns[j], cur, tgt, i, j);
        for (auto j : pairing.added)
            out_.ops.push_back(AddColumn{owner, without_hint(tgt.columns[j]), placement_in(tgt, j)});
        for (auto i : pairing.dropped) {
            out_.ops.push_back(DropColumn{owner, cur.columns[i], placement_in(cur, i)});
            suggest_rename(owner, cur.columns[i], tgt, pairing.added, i, cur);
        }
        if (core::is_mysql_family(dialect_)) compare_positions(owner, cur, tgt, pairing, first_op);
    }

    void alter_column(const core::QualifiedName& owner, const core::Column& from, const core::Column& target,
                      const core::Table& cur, const core::Table& tgt, std::size_t i, std::size_t j) {
        const core::Column to = without_hint(target);
        // A generated column's expression reads renamed columns by their new names once they are renamed.
        core::Column compared = from;
        if (compared.generated && renames_expressions())
            compared.generated->expression = core::with_columns_renamed(compared.generated->expression, dialect_, column_renames_);
        const Changes changed = column_changes(compared, to);
        if (!changed) return;
        // Where a dialect places columns, an alter knows where the column stands, so that a change MySQL can only
        // make by dropping and adding the column again (a generated column's storage) keeps it in place.
        if (core::is_mysql_family(dialect_))
            out_.ops.push_back(AlterColumn{owner, from, to, changed, placement_in(tgt, j), placement_in(cur, i)});
        else
            out_.ops.push_back(AlterColumn{owner, from, to, changed});
    }

    // Columns kept in both tables (matched by name, or renamed) whose relative order differs get a position change
    // (MySQL/MariaDB only). Columns are followed through the pairing, never by name alone: a renamed column and a new
    // one taking its old name are two columns. `first_op` is where this table's column ops begin: only they can be
    // alters of its columns, and a scan of every op so far would be quadratic in the number of tables.
    void compare_positions(const core::QualifiedName& owner, const core::Table& cur, const core::Table& tgt,
                           const Pairing<core::Column>& pairing, std::size_t first_op) {
        std::vector<std::optional<std::size_t>> target_of(cur.columns.size());
        for (auto [i, j] : pairing.matched) target_of[i] = j;
        for (auto [i, j] : pairing.renamed) target_of[i] = j;
        std::vector<std::optional<std::size_t>> current_of(tgt.columns.size());
        for (std::size_t i = 0; i < cur.columns.size(); ++i)
            if (target_of[i]) current_of[*target_of[i]] = i;
        // Each kept column is known by its index in the target.
        std::vector<std::size_t> kept_cur, kept_tgt;
        for (std::size_t i = 0; i < cur.columns.size(); ++i)
            if (target_of[i]) kept_cur.push_back(*target_of[i]);
        for (std::size_t j = 0; j < tgt.columns.size(); ++j)
            if (current_of[j]) kept_tgt.push_back(j);
        if (kept_cur == kept_tgt) return;
        // Move the fewest columns: those outside a longest common subsequence of the two orders.
        const std::size_t n = kept_cur.size(), m = kept_tgt.size();
        std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
        for (std::size_t a = n; a-- > 0;)
            for (std::size_t b = m; b-- > 0;)
                lcs[a][b] = kept_cur[a] == kept_tgt[b] ? lcs[a + 1][b + 1] + 1 : std::max(lcs[a + 1][b], lcs[a][b + 1]);
        std::set<std::size_t> stay;
        for (std::size_t a = 0, b = 0; a < n && b < m;) {
            if (kept_cur[a] == kept_tgt[b]) { stay.insert(kept_cur[a]); ++a; ++b; }
            else if (lcs[a + 1][b] >= lcs[a][b + 1]) ++a;
            else ++b;
        }
        for (std::size_t j = 0; j < tgt.columns.size(); ++j) {
            if (!current_of[j] || stay.count(j)) continue;
            const std::size_t i = *current_of[j];
            // Fold the move into an existing alter of the same column when there is one (alters name a renamed
            // column by its new name: the rename runs first).
            bool folded = false;
            for (std::size_t k = first_op; k < out_.ops.size(); ++k) {
                auto* alter = std::get_if<AlterColumn>(&out_.ops[k]);
                if (alter && alter->owner == owner && core::same_name(alter->to.name, tgt.columns[j].name, dialect_, NameKind::column)) {
                    alter->changed |= change_position;
                    alter->placement = placement_in(tgt, j);
                    alter->from_placement = placement_in(cur, i);
                    folded = true;
                }
            }
            if (folded) continue;
            core::Column column = cur.columns[i];
            column.name = tgt.columns[j].name;
            out_.ops.push_back(AlterColumn{owner, column, column, change_position, placement_in(tgt, j), placement_in(cur, i)});
        }
    }

    void suggest_rename(const core::QualifiedName& owner, const core::Column& dropped, const core::Table& tgt,
                        const std::vector<std::size_t>& added, std::size_t dropped_index, const core::Table&) {
        for (auto j : added) {
            const auto& candidate = tgt.columns[j];
            if (!same_type(candidate.type, dropped.type, dialect_) || candidate.nullable != dropped.nullable) continue;
            std::string why = "same type, nullability";
            if (j == dropped_index) why += ", position";
            out_.suggestions.push_back(Suggestion{"rename",
                                                  {"table", owner.schema, owner.name, "column", dropped.name},
                                                  {"table", owner.schema, owner.name, "column", candidate.name},
                                                  why + ": add \"renamed_from\": \"" + dropped.name +
                                                      "\" to the target column to keep its data"});
        }
    }

    void compare_primary_key(const core::QualifiedName& owner, const core::Table& cur, const core::Table& renamed,
                             const core::Table& tgt) {
        const auto& a = renamed.primary_key;
        const auto& b = tgt.primary_key;
        if (!a && !b) return;
        if (a && b && same_names(a->columns, b->columns, dialect_, NameKind::column) &&
            (!b->name || !a->name || core::same_name(*a->name, *b->name, dialect_, NameKind::constraint)))
            return;
        if (a) out_.ops.push_back(DropPrimaryKey{owner, *cur.primary_key});
        if (b) {
            core::PrimaryKey pk = *b;
            if (!pk.name && names_constraints(dialect_)) pk.name = primary_key_name(tgt, dialect_);
            out_.ops.push_back(AddPrimaryKey{owner, pk});
        }
    }

    bool same_reference(const core::Reference& a, const core::Reference& b) const {
        return a.schema == b.schema && core::same_name(a.table, b.table, dialect_, NameKind::table) &&
               same_names(a.columns, b.columns, dialect_, NameKind::column);
    }

    bool same_foreign_key(const core::ForeignKey& a, const core::ForeignKey& b) const {
        return same_names(a.columns, b.columns, dialect_, NameKind::column) && same_reference(a.references, b.references) &&
               a.on_delete == b.on_delete && a.on_update == b.on_update && a.deferrable == b.deferrable &&
               a.initially_deferred == b.initially_deferred && a.match == b.match && a.valid == b.valid;
    }

    // What same_text compares: the normalized token stream.
    std::string text_key(const std::string& text) const {
        std::string stripped = text;
        while (!stripped.empty() && (stripped.back() == ';' || std::isspace(static_cast<unsigned char>(stripped.back()))))
            stripped.pop_back();
        return core::normalize_expression(stripped, dialect_);
    }

    std::string names_key(const std::vector<std::string>& names, NameKind kind) const {
        std::string key;
        for (const auto& name : names) key += core::name_key(name, dialect_, kind) + '\x1f';
        return key;
    }

    // Structure keys: equal whenever the same_* predicate below can hold (they leave out what it also compares).
    std::optional<std::string> structure_key(const core::ForeignKey& f) const {
        return names_key(f.columns, NameKind::column) + '\x1e' + f.references.schema + '\x1f' +
               core::name_key(f.references.table, dialect_, NameKind::table) + '\x1e' +
               names_key(f.references.columns, NameKind::column);
    }
    std::optional<std::string> structure_key(const core::UniqueConstraint& u) const { return names_key(u.columns, NameKind::column); }
    std::optional<std::string> structure_key(const core::CheckConstraint& c) const { return text_key(c.expression); }
    std::optional<std::string> structure_key(const core::Index& index) const {
        std::string key = index.unique ? "u" : "n";
        for (const auto& k : index.keys)
            key += '\x1e' + (k.column ? "c" + core::name_key(*k.column, dialect_, NameKind::column)
                                       : "e" + (k.expression ? text_key(*k.expression) : std::string()));
        return key;
    }

    // `cur` as compared (with_column_renames); `as_in_database` the same objects as the database has them, which
    // drops and renames carry (by position, or by name where `cur` leaves some out).
    template <class T, class Same, class Name>
    void compare_list(const core::QualifiedName& owner, const core::Table& tgt_table, const std::vector<T>& cur,
                      const std::vector<T>& as_in_database, const std::vector<T>& tgt, NameKind kind, Same same,
                      Name namer) {
        const auto pairing = pair_up(cur, tgt, dialect_, kind, [](const T& x) { return x.name; }, same,
                                     [this](const T& x) { return structure_key(x); });
        auto original = [&](std::size_t i) -> const T& {
            if (as_in_database.size() == cur.size()) return as_in_database[i];
            for (const auto& x : as_in_database)
                if (x.name && cur[i].name && *x.name == *cur[i].name) return x;
            return cur[i];
        };
        for (auto [i, j] : pairing.matched) {
            if (same(cur[i], tgt[j])) continue;
            out_.ops.push_back(Drop<T>{owner, original(i), {}});
            T created = without_hint(tgt[j]);
            if (!created.name) created.name = cur[i].name;
            out_.ops.push_back(Create<T>{owner, created, {}});
        }
        for (auto [i, j] : pairing.renamed) {
            T renamed = cur[i];
            renamed.name = tgt[j].name;
            if (!same(renamed, tgt[j])) {
                // Renamed and changed: the old one is dropped under its old name and the new one created, as a
                // rename followed by a drop under the new name would run the drop before the rename.
                out_.ops.push_back(Drop<T>{owner, original(i), {}});
                out_.ops.push_back(Create<T>{owner, without_hint(tgt[j]), {}});
                continue;
            }
            if constexpr (std::is_same_v<T, core::Index>) {
                out_.ops.push_back(Rename<T>{owner, original(i), renamed});
            } else {
                if (capabilities_rename_constraint()) out_.ops.push_back(Rename<T>{owner, original(i), renamed});
                else {
                    out_.ops.push_back(Drop<T>{owner, original(i), {}});
                    out_.ops.push_back(Create<T>{owner, renamed, {}});
                }
            }
        }
        for (auto i : pairing.dropped) out_.ops.push_back(Drop<T>{owner, original(i), {}});
        // A name given to an unnamed one is not one the table has or keeps (two unnamed checks on one column, one
        // paired with the current check of autogen's name: MariaDB seed 88).
        std::set<std::string> taken;
        for (const auto& x : cur)
            if (x.name) taken.insert(core::name_key(*x.name, dialect_, NameKind::constraint));
        for (const auto& x : tgt)
            if (x.name) taken.insert(core::name_key(*x.name, dialect_, NameKind::constraint));
        for (auto j : pairing.added) {
            T created = without_hint(tgt[j]);
            if (!created.name) {
                // Dialects that drop constraints by name get one; SQLite constraints stay unnamed (namer gives "").
                if (auto name = namer(tgt_table, created); !name.empty())
                    created.name = take_free_name(name, taken_names_, dialect_, index_names_of_schema(owner.schema));
            }
            out_.ops.push_back(Create<T>{owner, created, {}});
        }
    }

    // SQLite has no comments: a target's comment there is documentation only.
    bool has_comments() const { return dialect_ != Dialect::sqlite; }

    bool capabilities_rename_constraint() const { return dialect_ == Dialect::postgresql; }

    void compare_constraints(const core::QualifiedName& owner, const core::Table& cur, const core::Table& renamed,
                             const core::Table& tgt) {
        const bool named = names_constraints(dialect_);
        const Dialect d = dialect_;
        // A foreign key to a table renamed in this plan follows the table (the database keeps it by the table's
        // identity): it is compared as naming the new name. The ops keep the key as the database has it, so that
        // a downgrade adding it back after the rename back names the table that is there; but a key of a renamed
        // table to itself keeps the new name, the one its owner has in the op: the downgrade adds it back before
        // the rename back, where both names are the new one (soak seed 1505). Likewise a key follows the renames
        // of its columns and of the columns it references, which the server makes in the key.
        std::vector<core::ForeignKey> following = cur.foreign_keys;
        auto rename_in = [this](std::vector<std::string>& columns, const std::map<std::string, std::string>& renames) {
            for (auto& c : columns)
                if (const auto it = renames.find(core::name_key(c, dialect_, NameKind::column)); it != renames.end())
                    c = it->second;
        };
        for (auto& f : following) {
            if (own_plain_column_renames_) rename_in(f.columns, *own_plain_column_renames_);
            const std::string parent = key_of(f.references.schema, f.references.table, dialect_, NameKind::table);
            if (const auto it = plain_column_renames_.find(parent); it != plain_column_renames_.end())
                rename_in(f.references.columns, it->second);
            if (auto it = renamed_tables_.find(parent); it != renamed_tables_.end()) f.references.table = it->second;
        }
        const std::size_t first = out_.ops.size();
        compare_list(owner, tgt, following, following, tgt.foreign_keys, NameKind::constraint,
                     [this](const core::ForeignKey& a, const core::ForeignKey& b) { return same_foreign_key(a, b); },
                     [named, d](const core::Table& t, const core::ForeignKey& f) {
                         return named ? foreign_key_name(t, f, d) : std::string();
                     });
        auto as_in_database = [&](core::ForeignKey& f) {
            for (std::size_t i = 0; i < following.size(); ++i)
                if (following[i].name == f.name && following[i].columns == f.columns && following[i].references == f.references) {
                    const bool to_itself = f.references.schema == owner.schema && f.references.table == owner.name;
                    f.columns = cur.foreign_keys[i].columns;
                    f.references.columns = cur.foreign_keys[i].references.columns;
                    if (!to_itself) f.references = cur.foreign_keys[i].references;
                    return;
                }
        };
        for (std::size_t k = first; k < out_.ops.size(); ++k) {
            if (auto* drop = std::get_if<DropForeignKey>(&out_.ops[k])) as_in_database(drop->object);
            if (auto* rename = std::get_if<RenameForeignKey>(&out_.ops[k])) {
                as_in_database(rename->from);
                rename->to.columns = rename->from.columns;
                rename->to.references = rename->from.references;
            }
        }
        compare_list(owner, tgt, renamed.unique, cur.unique, tgt.unique, NameKind::constraint,
                     [this](const core::UniqueConstraint& a, const core::UniqueConstraint& b) {
                         return same_names(a.columns, b.columns, dialect_, NameKind::column) &&
                                a.nulls_not_distinct == b.nulls_not_distinct && a.deferrable == b.deferrable &&
                                a.initially_deferred == b.initially_deferred;
                     },
                     [named, d](const core::Table& t, const core::UniqueConstraint& u) {
                         return named ? unique_name(t, u, d) : std::string();
                     });
        compare_list(owner, tgt, renamed.checks, cur.checks, tgt.checks, NameKind::constraint,
                     [this](const core::CheckConstraint& a, const core::CheckConstraint& b) {
                         return same_text(a.expression, b.expression, dialect_) && a.valid == b.valid;
                     },
                     [named, d](const core::Table& t, const core::CheckConstraint& c) {
                         return named ? check_name(t, c, d) : std::string();
                     });
        compare_exclusions(owner, cur, renamed, tgt);
    }

    void compare_exclusions(const core::QualifiedName& owner, const core::Table& cur, const core::Table& renamed,
                            const core::Table& tgt) {
        std::vector<bool> used(cur.exclusion.size(), false);
        for (const auto& x : tgt.exclusion) {
            bool found = false;
            for (std::size_t i = 0; i < cur.exclusion.size() && !found; ++i) {
                if (used[i]) continue;
                const bool name_ok = !x.name || !cur.exclusion[i].name || *x.name == *cur.exclusion[i].name;
                if (name_ok && same_text(x.definition, renamed.exclusion[i].definition, dialect_)) found = used[i] = true;
            }
            if (!found) out_.ops.push_back(AddExclusion{owner, x, {}});
        }
        for (std::size_t i = 0; i < cur.exclusion.size(); ++i)
            if (!used[i]) out_.ops.push_back(DropExclusion{owner, cur.exclusion[i], {}});
    }

    bool same_key(const core::IndexKey& a, const core::IndexKey& b) const {
        if (a.column.has_value() != b.column.has_value()) return false;
        if (a.column && !core::same_name(*a.column, *b.column, dialect_, NameKind::column)) return false;
        return same_text(a.expression, b.expression, dialect_) && a.order == b.order && a.nulls == b.nulls &&
               same_word(a.opclass, b.opclass, dialect_) && same_word(a.collation, b.collation, dialect_) &&
               a.length == b.length;
    }

    bool same_index(const core::Index& a, const core::Index& b) const {
        if (a.unique != b.unique || a.keys.size() != b.keys.size()) return false;
        for (std::size_t k = 0; k < a.keys.size(); ++k)
            if (!same_key(a.keys[k], b.keys[k])) return false;
        // resolve() has dropped each table's default method; on MySQL that default is the engine's (HASH on a
        // MEMORY table), so there an absent method is only equal to an absent one.
        const std::string absent = core::is_mysql_family(dialect_) ? "" : "btree";
        auto method = [&](const std::optional<std::string>& m) { return m ? core::ascii_lower(*m) : absent; };
        return same_text(a.where, b.where, dialect_) && method(a.method) == method(b.method) &&
               same_names(a.include, b.include, dialect_, NameKind::column) && a.comment == b.comment &&
               a.ignored == b.ignored && a.nulls_not_distinct == b.nulls_not_distinct;
    }

    // MySQL/MariaDB: the index InnoDB keeps for a foreign key (on exactly the key's columns) cannot be dropped
    // while the key stays, and the server made it when the target did not ask for one: a target that lacks it
    // leaves it alone. It is dropped (after the key) only when the key goes. An index on more columns is not one
    // InnoDB made: a target without it drops it (lower() adds the key's own index where InnoDB needs one), or a
    // dropped column would leave it behind, shrunk to the columns that remain (MariaDB soak seed 1144).
    std::vector<core::Index> comparable_indexes(const core::Table& cur, const core::Table& tgt) const {
        if (!core::is_mysql_family(dialect_)) return cur.indexes;
        auto leads_with = [&](const core::Index& index, const std::vector<std::string>& columns) {
            if (columns.empty() || index.keys.size() != columns.size()) return false;
            for (std::size_t k = 0; k < columns.size(); ++k) {
                const auto& key = index.keys[k];
                if (!key.column || key.length || !core::same_name(*key.column, columns[k], dialect_, NameKind::column))
                    return false;
            }
            return true;
        };
        // A table created from the target has no index of the key's own where the target covers the key otherwise
        // (InnoDB makes one only where none covers it, and drops the one it made when another comes to): an index
        // of exactly the key's columns beside such a cover is one somebody made (soak seeds 1458, 1549).
        auto starts_with = [&](const std::vector<std::string>& columns, const std::vector<std::string>& key) {
            if (columns.size() < key.size()) return false;
            for (std::size_t k = 0; k < key.size(); ++k)
                if (!core::same_name(columns[k], key[k], dialect_, NameKind::column)) return false;
            return true;
        };
        auto covered_otherwise = [&](const core::Index& index, const std::vector<std::string>& key) {
            if (dialect_ != Dialect::mariadb) return false;
            if (tgt.primary_key && starts_with(tgt.primary_key->columns, key)) return true;
            for (const auto& u : tgt.unique)
                if (starts_with(u.columns, key)) return true;
            for (const auto& other : tgt.indexes) {
                if (other.name && index.name && core::same_name(*other.name, *index.name, dialect_, NameKind::index)) continue;
                if (other.method && core::ascii_lower(*other.method) != "btree") continue;
                std::vector<std::string> columns;
                for (const auto& k : other.keys) {
                    if (!k.column || k.length) break;
                    columns.push_back(*k.column);
                }
                if (starts_with(columns, key)) return true;
            }
            return false;
        };
        auto kept_key = [&](const core::Index& index) {
            for (const auto& f : tgt.foreign_keys) {
                if (!leads_with(index, f.columns) || covered_otherwise(index, f.columns)) continue;
                for (const auto& c : cur.foreign_keys)
                    if (same_names(c.columns, f.columns, dialect_, NameKind::column)) return true;
            }
            return false;
        };
        std::vector<core::Index> out;
        for (const auto& index : cur.indexes) {
            const bool in_target = std::any_of(tgt.indexes.begin(), tgt.indexes.end(), [&](const core::Index& t) {
                return (t.name && index.name && core::same_name(*t.name, *index.name, dialect_, NameKind::index)) ||
                       (!t.name && same_index(index, t));
            });
            if (in_target || !kept_key(index)) out.push_back(index);
        }
        return out;
    }

    void compare_indexes(const core::QualifiedName& owner, const core::Table& cur, const core::Table& renamed,
                         const core::Table& tgt) {
        const Dialect d = dialect_;
        compare_list(owner, tgt, comparable_indexes(renamed, tgt), cur.indexes, tgt.indexes, NameKind::index,
                     [this](const core::Index& a, const core::Index& b) { return same_index(a, b); },
                     [d](const core::Table& t, const core::Index& i) { return index_name(t, i, d); });
    }

    // ---- top-level kinds ------------------------------------------------------------------------------

    template <class T>
    static core::QualifiedName name_of(const T& object) {
        if constexpr (std::is_same_v<T, core::Trigger>) return {object.schema, object.table + "\x1f" + object.name};
        else if constexpr (std::is_same_v<T, core::Routine>) return {object.schema, object.name + object.signature};
        else return {object.schema, object.name};
    }

    template <class T>
    static core::QualifiedName owner_of(const T& object) {
        if constexpr (std::is_same_v<T, core::Trigger>) return {object.schema, object.table};
        else return {object.schema, object.name};
    }

    template <class T>
    Changes object_changes(const T& a, const T& b) const {
        if constexpr (std::is_same_v<T, core::Enum>) {
            return a.values == b.values ? Changes{0} : Changes{change_values};
        } else if constexpr (std::is_same_v<T, core::Sequence>) {
            auto ignoring = [](core::Sequence s) {
                s.name.clear();
                s.renamed_from.reset();
                return s;
            };
            return ignoring(a) == ignoring(b) ? Changes{0} : Changes{change_options};
        } else if constexpr (std::is_same_v<T, core::View>) {
            Changes c = 0;
            if (a.materialized != b.materialized || !same_text(a.definition, b.definition, dialect_)) c |= change_definition;
            if (a.comment != b.comment) c |= change_comment;
            return c;
        } else if constexpr (std::is_same_v<T, core::Extension>) {
            return (!b.version || a.version == b.version) ? Changes{0} : Changes{change_version};
        } else if constexpr (std::is_same_v<T, core::Domain>) {
            Changes c = 0;
            if (!same_type(a.type, b.type, dialect_)) c |= change_type;
            if (a.nullable != b.nullable) c |= change_nullable;
            if (!same_text(a.default_value, b.default_value, dialect_)) c |= change_default;
            if (!same_word(a.collation, b.collation, dialect_)) c |= change_collation;
            // A domain's checks are a set: compared by expression, in any order, names aside.
            auto covered = [&](const core::Domain& x, const core::Domain& y) {
                return std::all_of(x.checks.begin(), x.checks.end(), [&](const core::CheckConstraint& check) {
                    return std::any_of(y.checks.begin(), y.checks.end(),
                                       [&](const core::CheckConstraint& o) { return same_text(check.expression, o.expression, dialect_); });
                });
            };
            if (!covered(a, b) || !covered(b, a)) c |= change_checks;
            return c;
        } else {
            return same_text(a.definition, b.definition, dialect_) ? Changes{0} : Changes{change_definition};
        }
    }

    template <class T>
    void compare_top_level(const std::optional<std::vector<T>>& current, const std::optional<std::vector<T>>& target,
                           const std::string& kind) {
        if (!target) {
            not_compared(kind, current ? current->size() : 0);
            return;
        }
        static const std::vector<T> none;
        const auto& cur = current ? *current : none;
        const auto& tgt = *target;
        std::map<core::QualifiedName, std::size_t> cur_index;
        for (std::size_t i = 0; i < cur.size(); ++i) cur_index.emplace(normalized(name_of(cur[i])), i);
        std::vector<bool> used(cur.size(), false);
        // Hints first, as for tables: a renamed object and a new one under its old name are a rename and a create.
        std::vector<std::optional<std::size_t>> renamed_from(tgt.size());
        if constexpr (requires { tgt[0].renamed_from; }) {
            renamed_from = core::apply_rename_hints(
                cur.size(), tgt.size(), cur_index,
                [&](std::size_t j) -> std::optional<core::QualifiedName> { return normalized(name_of(tgt[j])); },
                [&](std::size_t j) -> std::optional<core::QualifiedName> {
                    if (!tgt[j].renamed_from) return std::nullopt;
                    return normalized({tgt[j].schema, *tgt[j].renamed_from});
                });
            for (const auto& old : renamed_from)
                if (old) used[*old] = true;
        }
        for (std::size_t j = 0; j < tgt.size(); ++j) {
            const auto& t = tgt[j];
            if constexpr (requires { t.renamed_from; }) {
                if (renamed_from[j]) {
                    const T& old = cur[*renamed_from[j]];
                    T renamed = old;
                    renamed.name = t.name;
                    out_.ops.push_back(Rename<T>{owner_of(old), old, renamed});
                    alter_object(renamed, t);
                    continue;
                }
            }
            const auto it = cur_index.find(normalized(name_of(t)));
            if (it != cur_index.end() && !used[it->second]) {
                used[it->second] = true;
                alter_object(cur[it->second], t);
                continue;
            }
            out_.ops.push_back(Create<T>{owner_of(t), strip(t), {}});
        }
        for (std::size_t i = 0; i < cur.size(); ++i)
            if (!used[i]) out_.ops.push_back(Drop<T>{owner_of(cur[i]), cur[i], {}});
    }

    core::QualifiedName normalized(core::QualifiedName n) const {
        n.name = core::name_key(n.name, dialect_, NameKind::other);
        return n;
    }

    template <class T>
    static T strip(T object) {
        if constexpr (requires { object.renamed_from; }) object.renamed_from.reset();
        return object;
    }

    template <class T>
    void alter_object(const T& cur, const T& target) {
        const T tgt = strip(target);
        Changes changed = object_changes(cur, tgt);
        if constexpr (std::is_same_v<T, core::View>) {
            // Materialized view indexes are compared like a table's.
            if (cur.materialized && tgt.materialized && !(changed & change_definition)) {
                core::Table a, b;
                a.schema = b.schema = cur.schema;
                a.name = b.name = cur.name;
                a.indexes = cur.indexes;
                b.indexes = tgt.indexes;
                taken_names_.clear();
                for (const core::Table* t : {&a, &b})
                    for (const auto& i : t->indexes)
                        if (i.name) taken_names_.insert(core::name_key(*i.name, dialect_, NameKind::constraint));
                compare_indexes(owner_of(cur), a, a, b);
            }
        }
        if (changed) {
            T to = tgt;
            // The current object's dependencies hold for the target only while its definition stays: a new one
            // may read other objects (its texts tell which), and the downgrade runs with the target's facts.
            if constexpr (requires { to.depends_on; }) {
                if (!to.depends_on && !(changed & change_definition)) to.depends_on = cur.depends_on;
            }
            out_.ops.push_back(Alter<T>{owner_of(cur), cur, to, changed});
        }
    }
};

// ---- reverse ------------------------------------------------------------------------------------------

struct Reverser {
    template <class T> Op operator()(const Create<T>& op) const { return Drop<T>{op.owner, op.object, op.placement}; }
    template <class T> Op operator()(const Drop<T>& op) const { return Create<T>{op.owner, op.object, op.placement}; }
    template <class T> Op operator()(const Alter<T>& op) const {
        return Alter<T>{op.owner, op.to, op.from, op.changed, op.from_placement, op.placement};
    }
    template <class T> Op operator()(const Rename<T>& op) const {
        core::QualifiedName owner = op.owner;
        if constexpr (std::is_same_v<T, core::Table>) owner = op.to.qualified();
        return Rename<T>{owner, op.to, op.from};
    }
    Op operator()(const RebuildTable& op) const {
        RebuildTable back{op.to, op.from, {}, op.changed, 0, {}};
        for (const auto& column : op.from.columns) {
            std::optional<std::string> source;
            for (std::size_t i = 0; i < op.to.columns.size(); ++i)
                if (op.sources[i] && *op.sources[i] == column.name) source = op.to.columns[i].name;
            back.sources.push_back(source);
        }
        return back;
    }
};

// `current` as the server prints it once those enums are renamed: every column and domain of the type and every
// cast to it under the new name (the enums themselves keep their names, for the comparer to rename). Routines are
// left as they are: their definitions name parameter types in a header the comparer does not parse, so a routine
// taking the enum is replaced (CREATE OR REPLACE), as any changed routine is.
core::Schema with_enums_renamed(const core::Schema& current, const std::vector<std::pair<std::string, std::string>>& renames) {
    core::Schema out = current;
    for (const auto& [from, to] : renames) core::rename_type_references(out, from, to);
    return out;
}

}  // namespace

Comparison compare(const core::Schema& current, const core::Schema& target, core::Dialect dialect) {
    // PostgreSQL keeps types by OID: once an enum is renamed, its columns, casts and parameters read under the new
    // name, so the rest of the schema is compared as it will read then (a column of the enum is not retyped).
    if (dialect == core::Dialect::postgresql)
        if (const auto renames = core::renamed_enums(current, target); !renames.empty())
            return Comparer(with_enums_renamed(current, renames), target, dialect).run();
    return Comparer(current, target, dialect).run();
}

Op reverse(const Op& op) { return std::visit(Reverser{}, op); }

std::vector<Op> reverse_all(const std::vector<Op>& ops) {
    std::vector<Op> out;
    out.reserve(ops.size());
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) out.push_back(reverse(*it));
    return out;
}

}  // namespace autogen::diff
