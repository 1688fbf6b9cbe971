#include "core/validate.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/names.hpp"

namespace autogen::core {
namespace {

std::string ascii_upper(std::string text) {
    for (char& c : text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return text;
}

[[noreturn]] void fail(const std::string& path, const std::string& message) { throw Error(message).at(path); }

// Names that must be unique within one scope; remembers where each was first seen.
class Namespace {
public:
    Namespace(Dialect dialect, std::string what) : dialect_(dialect), what_(std::move(what)) {}

    void add(const std::string& schema, const std::string& name, NameKind kind, const std::string& path) {
        const std::string key = name_key(schema, dialect_, NameKind::other) + '\x1f' + name_key(name, dialect_, kind);
        const auto [it, inserted] = seen_.emplace(key, path);
        if (!inserted) fail(path, fmt::format("duplicate {} \"{}\" (also at {})", what_, name, it->second));
    }

private:
    Dialect dialect_;
    std::string what_;
    std::map<std::string, std::string> seen_;
};

bool is_number_literal(const std::string& text) {
    std::size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
    bool digits = false;
    bool dot = false;
    for (; i < text.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(text[i]))) {
            digits = true;
        } else if (text[i] == '.' && !dot) {
            dot = true;
        } else {
            return false;
        }
    }
    return digits;
}

bool is_string_literal(const std::string& text) {
    if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') return false;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        if (text[i] != '\'') continue;
        if (i + 2 < text.size() && text[i + 1] == '\'') {
            ++i;  // a doubled quote inside the literal
            continue;
        }
        return false;
    }
    return true;
}

bool is_portable_default(const std::string& text) {
    const std::string upper = ascii_upper(text);
    return is_number_literal(text) || is_string_literal(text) || upper == "TRUE" || upper == "FALSE" ||
           upper == "NULL" || upper == "CURRENT_TIMESTAMP" || upper == "CURRENT_DATE" || upper == "CURRENT_TIME";
}

class Validator {
public:
    explicit Validator(const Schema& schema) : schema_(schema), dialect_(schema.dialect) {}

    void run() {
        Namespace schemas(dialect_, "schema");
        for (std::size_t i = 0; i < schema_.schemas.size(); ++i) {
            const std::string path = fmt::format("$.schemas[{}]", i);
            name(schema_.schemas[i], path);
            schemas.add("", schema_.schemas[i], NameKind::other, path);
        }
        extensions();
        types();
        sequences();
        tables();
        views();
        routines();
        triggers();
    }

private:
    bool postgres() const { return dialect_ == Dialect::postgresql; }
    bool mysql() const { return is_mysql_family(dialect_); }
    bool sqlite() const { return dialect_ == Dialect::sqlite; }
    bool portable() const { return dialect_ == Dialect::portable; }

    // A feature that exists only in `dialects` (portable models may state it; resolve checks it again).
    void only_in(std::initializer_list<Dialect> dialects, const std::string& path, const std::string& what) const {
        if (portable() || std::find(dialects.begin(), dialects.end(), dialect_) != dialects.end()) return;
        fail(path, fmt::format("{} has no {}", display_name(dialect_), what));
    }

    void name(const std::string& value, const std::string& path) const {
        if (value.empty()) fail(path, "a name must not be empty");
        const std::size_t limit = max_name_length(dialect_);
        const std::size_t length = name_length(value, dialect_);
        if (limit > 0 && length > limit) {
            fail(path, fmt::format("name \"{}\" is {} {}; {} allows {}", value, length, postgres() ? "bytes" : "characters",
                                   display_name(dialect_), limit));
        }
    }

    void optional_name(const std::optional<std::string>& value, const std::string& path) const {
        if (value) name(*value, path);
    }

    void extensions() {
        if (!schema_.extensions) return;
        Namespace names(dialect_, "extension");
        for (std::size_t i = 0; i < schema_.extensions->size(); ++i) {
            const Extension& extension = (*schema_.extensions)[i];
            const std::string path = list_path("extensions", i);
            only_in({Dialect::postgresql}, path, "extensions");
            name(extension.name, path + ".name");
            names.add("", extension.name, NameKind::other, path + ".name");
        }
    }

    // Enums and domains share PostgreSQL's type namespace.
    void types() {
        Namespace names(dialect_, "type");
        if (schema_.enums) {
            for (std::size_t i = 0; i < schema_.enums->size(); ++i) {
                const Enum& item = (*schema_.enums)[i];
                const std::string path = list_path("enums", i);
                if (mysql() || sqlite()) {
                    fail(path, fmt::format("{} has no enum types; write the column type enum('a','b')", display_name(dialect_)));
                }
                name(item.name, path + ".name");
                optional_name(item.renamed_from, path + ".renamed_from");
                names.add(item.schema, item.name, NameKind::other, path + ".name");
                std::set<std::string> values;
                for (std::size_t v = 0; v < item.values.size(); ++v) {
                    const std::string value_path = fmt::format("{}.values[{}]", path, v);
                    if (item.values[v].empty()) fail(value_path, "an enum value must not be empty");
                    if (postgres() && item.values[v].size() > 63) fail(value_path, "an enum value is at most 63 bytes");
                    if (!values.insert(item.values[v]).second) {
                        fail(value_path, fmt::format("duplicate enum value \"{}\"", item.values[v]));
                    }
                }
            }
        }
        if (schema_.domains) {
            for (std::size_t i = 0; i < schema_.domains->size(); ++i) {
                const Domain& domain = (*schema_.domains)[i];
                const std::string path = list_path("domains", i);
                only_in({Dialect::postgresql}, path, "domains");
                name(domain.name, path + ".name");
                names.add(domain.schema, domain.name, NameKind::other, path + ".name");
                Namespace checks(dialect_, "constraint");
                for (std::size_t c = 0; c < domain.checks.size(); ++c) {
                    const std::string check_path = fmt::format("{}.checks[{}].name", path, c);
                    optional_name(domain.checks[c].name, check_path);
                    if (domain.checks[c].name) checks.add("", *domain.checks[c].name, NameKind::constraint, check_path);
                }
            }
        }
    }

    void sequences() {
        if (!schema_.sequences) return;
        for (std::size_t i = 0; i < schema_.sequences->size(); ++i) {
            const Sequence& sequence = (*schema_.sequences)[i];
            const std::string path = list_path("sequences", i);
            only_in({Dialect::postgresql, Dialect::mariadb}, path, "sequences");
            name(sequence.name, path + ".name");
            optional_name(sequence.renamed_from, path + ".renamed_from");
            relations_.add(sequence.schema, sequence.name, NameKind::table, path + ".name");
            if (postgres() && sequence.type && *sequence.type != "smallint" && *sequence.type != "integer" &&
                *sequence.type != "bigint") {
                fail(path + ".type", "a sequence's type is smallint, integer or bigint");
            }
            if (sequence.owned_by && sequence.owned_by->find('.') == std::string::npos) {
                fail(path + ".owned_by", "owned_by is \"table.column\"");
            }
        }
    }

    const Table* find_table(const std::string& schema, const std::string& table) const {
        if (!schema_.tables) return nullptr;
        for (const Table& candidate : *schema_.tables) {
            if (same_name(candidate.schema, schema, dialect_) && same_name(candidate.name, table, dialect_, NameKind::table)) {
                return &candidate;
            }
        }
        return nullptr;
    }

    static bool has_column(const Table& table, const std::string& column, Dialect dialect) {
        return std::any_of(table.columns.begin(), table.columns.end(),
                           [&](const Column& c) { return same_name(c.name, column, dialect, NameKind::column); });
    }

    // Columns named by a key must exist (a partition inherits its parent's, which it does not repeat).
    void key_columns(const Table& table, const std::vector<std::string>& columns, const std::string& path,
                     bool unique_columns) const {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string column_path = fmt::format("{}[{}]", path, i);
            if (!table.partition_of && !has_column(table, columns[i], dialect_)) {
                fail(column_path, fmt::format("table \"{}\" has no column \"{}\"", table.name, columns[i]));
            }
            if (unique_columns && !seen.insert(name_key(columns[i], dialect_, NameKind::column)).second) {
                fail(column_path, fmt::format("column \"{}\" appears twice", columns[i]));
            }
        }
    }

    void column(const Table& table, const Column& column, const std::string& path) const {
        name(column.name, path + ".name");
        optional_name(column.renamed_from, path + ".renamed_from");
        // identity, autoincrement and generated each say where values come from; so does a default.
        const std::vector<std::pair<bool, const char*>> sources = {
            {column.identity.has_value(), "identity"},
            {column.autoincrement, "autoincrement"},
            {column.generated.has_value(), "generated"},
            {column.default_value.has_value(), "default"}};
        const char* first = nullptr;
        for (const auto& [present, key] : sources) {
            if (!present) continue;
            if (first) fail(path + "." + key, fmt::format("\"{}\" and \"{}\" exclude each other", first, key));
            first = key;
        }
        if (column.identity) {
            only_in({Dialect::postgresql}, path + ".identity", "identity columns (write autoincrement: true)");
        }
        const bool integer = column.type == "smallint" || column.type == "integer" || column.type == "bigint";
        if (postgres() && (column.identity || column.autoincrement) && !integer) {
            fail(path + ".type", fmt::format("an {} column is smallint, integer or bigint, not {}",
                                             column.identity ? "identity" : "autoincrement", column.type));
        }
        if (sqlite() && column.autoincrement) {
            const bool sole_key = table.primary_key && table.primary_key->columns.size() == 1 &&
                                  same_name(table.primary_key->columns[0], column.name, dialect_, NameKind::column);
            if (column.type != "INTEGER" || !sole_key) {
                fail(path + ".autoincrement", "SQLite has AUTOINCREMENT only on an INTEGER PRIMARY KEY column");
            }
        }
        if (column.generated && !column.generated->stored && postgres()) {
            fail(path + ".generated.stored", "PostgreSQL 15 has stored generated columns only");
        }
        if (column.on_update) only_in({Dialect::mysql, Dialect::mariadb}, path + ".on_update", "ON UPDATE clauses");
        if (column.charset) only_in({Dialect::mysql, Dialect::mariadb}, path + ".charset", "column charsets");
        if (column.hidden) only_in({Dialect::mysql, Dialect::mariadb, Dialect::sqlite}, path + ".hidden", "hidden columns");
        if (portable() && column.default_value && !is_portable_default(*column.default_value)) {
            fail(path + ".default", fmt::format("a portable default is a literal, CURRENT_TIMESTAMP, TRUE or FALSE; "
                                                "\"{}\" needs a dialect",
                                                *column.default_value));
        }
    }

    // `table` is null for a materialized view, whose columns the model does not list.
    void index(const std::string& schema, const Table* table, const Index& index, const std::string& path,
               Namespace& names) const {
        optional_name(index.name, path + ".name");
        optional_name(index.renamed_from, path + ".renamed_from");
        if (index.name) names.add(schema, *index.name, NameKind::index, path + ".name");
        for (std::size_t k = 0; k < index.keys.size(); ++k) {
            const IndexKey& key = index.keys[k];
            const std::string key_path = fmt::format("{}.keys[{}]", path, k);
            if (key.column && table && !table->partition_of && !has_column(*table, *key.column, dialect_)) {
                fail(key_path + ".column", fmt::format("table \"{}\" has no column \"{}\"", table->name, *key.column));
            }
            if (key.opclass) only_in({Dialect::postgresql}, key_path + ".opclass", "operator classes");
            if (key.length) only_in({Dialect::mysql, Dialect::mariadb}, key_path + ".length", "prefix lengths");
            if (key.nulls) only_in({Dialect::postgresql, Dialect::sqlite}, key_path + ".nulls", "NULLS FIRST/LAST");
        }
        if (!index.include.empty()) {
            only_in({Dialect::postgresql}, path + ".include", "included columns");
            if (table) key_columns(*table, index.include, path + ".include", true);
        }
        if (index.where) only_in({Dialect::postgresql, Dialect::sqlite}, path + ".where", "partial indexes");
        if (index.ignored) only_in({Dialect::mysql, Dialect::mariadb}, path + ".ignored", "ignored indexes");
        if (index.nulls_not_distinct) only_in({Dialect::postgresql}, path + ".nulls_not_distinct", "NULLS NOT DISTINCT");
    }

    // PostgreSQL and SQLite index names are unique per schema, MySQL's per table.
    bool schema_wide_indexes() const { return postgres() || sqlite(); }

    void table(const Table& table, std::size_t t) {
        const std::string path = list_path("tables", t);
        name(table.name, path + ".name");
        optional_name(table.renamed_from, path + ".renamed_from");
        relations_.add(table.schema, table.name, NameKind::table, path + ".name");

        Namespace columns(dialect_, "column");
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const std::string column_path = fmt::format("{}.columns[{}]", path, c);
            columns.add("", table.columns[c].name, NameKind::column, column_path + ".name");
            column(table, table.columns[c], column_path);
        }

        Namespace constraints(dialect_, "constraint");
        auto constraint_name = [&](const std::optional<std::string>& value, const std::string& at) {
            optional_name(value, at);
            if (value) constraints.add("", *value, NameKind::constraint, at);
        };
        if (table.primary_key) {
            constraint_name(table.primary_key->name, path + ".primary_key.name");
            key_columns(table, table.primary_key->columns, path + ".primary_key.columns", true);
        }
        for (std::size_t i = 0; i < table.foreign_keys.size(); ++i) {
            const ForeignKey& key = table.foreign_keys[i];
            const std::string key_path = fmt::format("{}.foreign_keys[{}]", path, i);
            constraint_name(key.name, key_path + ".name");
            key_columns(table, key.columns, key_path + ".columns", true);
            name(key.references.table, key_path + ".references.table");
            for (std::size_t c = 0; c < key.references.columns.size(); ++c) {
                name(key.references.columns[c], fmt::format("{}.references.columns[{}]", key_path, c));
            }
            if (key.references.columns.size() != key.columns.size()) {
                fail(key_path + ".references.columns",
                     fmt::format("{} referencing column(s) for {} referenced", key.columns.size(), key.references.columns.size()));
            }
            if (const Table* target = find_table(key.references.schema, key.references.table); target && !target->partition_of) {
                for (std::size_t c = 0; c < key.references.columns.size(); ++c) {
                    if (!has_column(*target, key.references.columns[c], dialect_)) {
                        fail(fmt::format("{}.references.columns[{}]", key_path, c),
                             fmt::format("table \"{}\" has no column \"{}\"", target->name, key.references.columns[c]));
                    }
                }
            }
            if (key.match != "simple") only_in({Dialect::postgresql}, key_path + ".match", "MATCH FULL/PARTIAL");
            if (!key.valid) only_in({Dialect::postgresql}, key_path + ".valid", "NOT VALID constraints");
            if (key.deferrable) only_in({Dialect::postgresql, Dialect::sqlite}, key_path + ".deferrable", "deferrable constraints");
            if (key.initially_deferred && !key.deferrable) {
                fail(key_path + ".initially_deferred", "only a deferrable constraint can be initially deferred");
            }
        }
        for (std::size_t i = 0; i < table.unique.size(); ++i) {
            const UniqueConstraint& unique = table.unique[i];
            const std::string unique_path = fmt::format("{}.unique[{}]", path, i);
            constraint_name(unique.name, unique_path + ".name");
            key_columns(table, unique.columns, unique_path + ".columns", true);
            if (unique.nulls_not_distinct) only_in({Dialect::postgresql}, unique_path + ".nulls_not_distinct", "NULLS NOT DISTINCT");
            if (unique.deferrable) only_in({Dialect::postgresql}, unique_path + ".deferrable", "deferrable unique constraints");
            if (unique.initially_deferred && !unique.deferrable) {
                fail(unique_path + ".initially_deferred", "only a deferrable constraint can be initially deferred");
            }
        }
        for (std::size_t i = 0; i < table.checks.size(); ++i) {
            const std::string check_path = fmt::format("{}.checks[{}]", path, i);
            constraint_name(table.checks[i].name, check_path + ".name");
            if (!table.checks[i].valid) only_in({Dialect::postgresql}, check_path + ".valid", "NOT VALID constraints");
        }
        for (std::size_t i = 0; i < table.exclusion.size(); ++i) {
            const std::string exclusion_path = fmt::format("{}.exclusion[{}]", path, i);
            only_in({Dialect::postgresql}, exclusion_path, "exclusion constraints");
            constraint_name(table.exclusion[i].name, exclusion_path + ".name");
        }

        Namespace local_indexes(dialect_, "index");
        Namespace& index_names = schema_wide_indexes() ? relations_ : local_indexes;
        for (std::size_t i = 0; i < table.indexes.size(); ++i) {
            index(table.schema, &table, table.indexes[i], fmt::format("{}.indexes[{}]", path, i), index_names);
        }

        if (table.partition_by) only_in({Dialect::postgresql}, path + ".partition_by", "declarative partitions");
        if (table.partition_of) only_in({Dialect::postgresql}, path + ".partition_of", "declarative partitions");
        if (table.partition_of.has_value() != table.bound.has_value()) {
            fail(path + (table.bound ? ".bound" : ".partition_of"), "a partition has both \"partition_of\" and \"bound\"");
        }
        if (sqlite() && table.options.sqlite.without_rowid && !table.primary_key) {
            fail(path + ".options.sqlite.without_rowid", "a WITHOUT ROWID table needs a primary key");
        }
        if (sqlite() && table.options.sqlite.strict) {
            static const std::set<std::string> strict_types{"INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"};
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                if (!strict_types.contains(table.columns[c].type)) {
                    fail(fmt::format("{}.columns[{}].type", path, c),
                         fmt::format("a STRICT table allows only INT, INTEGER, REAL, TEXT, BLOB and ANY, not \"{}\"",
                                     table.columns[c].type));
                }
            }
        }
    }

    void tables() {
        if (!schema_.tables) return;
        for (std::size_t t = 0; t < schema_.tables->size(); ++t) table((*schema_.tables)[t], t);
    }

    void views() {
        if (!schema_.views) return;
        for (std::size_t v = 0; v < schema_.views->size(); ++v) {
            const View& view = (*schema_.views)[v];
            const std::string path = list_path("views", v);
            name(view.name, path + ".name");
            optional_name(view.renamed_from, path + ".renamed_from");
            relations_.add(view.schema, view.name, NameKind::table, path + ".name");
            if (view.materialized) only_in({Dialect::postgresql}, path + ".materialized", "materialized views");
            if (!view.indexes.empty() && !view.materialized) fail(path + ".indexes", "only a materialized view has indexes");
            Namespace local_indexes(dialect_, "index");
            Namespace& index_names = schema_wide_indexes() ? relations_ : local_indexes;
            for (std::size_t i = 0; i < view.indexes.size(); ++i) {
                index(view.schema, nullptr, view.indexes[i], fmt::format("{}.indexes[{}]", path, i), index_names);
            }
        }
    }

    void routines() {
        if (!schema_.routines) return;
        Namespace names(dialect_, "routine");
        for (std::size_t r = 0; r < schema_.routines->size(); ++r) {
            const Routine& routine = (*schema_.routines)[r];
            const std::string path = list_path("routines", r);
            name(routine.name, path + ".name");
            // PostgreSQL overloads by argument types, so the signature is part of the identity.
            names.add(routine.schema, routine.name + routine.signature, NameKind::routine, path + ".name");
        }
    }

    void triggers() {
        if (!schema_.triggers) return;
        Namespace names(dialect_, "trigger");
        for (std::size_t r = 0; r < schema_.triggers->size(); ++r) {
            const Trigger& trigger = (*schema_.triggers)[r];
            const std::string path = list_path("triggers", r);
            name(trigger.name, path + ".name");
            name(trigger.table, path + ".table");
            // PostgreSQL trigger names are per table; MySQL's are per schema; SQLite's share the
            // namespace of tables and indexes.
            if (sqlite()) {
                relations_.add(trigger.schema, trigger.name, NameKind::table, path + ".name");
            } else {
                const std::string scope = postgres() ? trigger.table : std::string();
                names.add(trigger.schema + '\x1f' + scope, trigger.name, NameKind::other, path + ".name");
            }
        }
    }

    const Schema& schema_;
    Dialect dialect_;
    Namespace relations_{dialect_, "name"};  // tables, views, sequences (and indexes where schema-wide)
};

}  // namespace

std::string list_path(const std::string& list, std::size_t index) { return fmt::format("$.{}[{}]", list, index); }

void validate(const Schema& schema) { Validator(schema).run(); }

}  // namespace autogen::core
