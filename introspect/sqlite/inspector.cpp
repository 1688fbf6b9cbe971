#include "introspect/sqlite/inspector.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/error.hpp"
#include "core/sql_lexer.hpp"
#include "introspect/sqlite/create_table_parser.hpp"
#include "introspect/sqlite/queries.hpp"
#include "introspect/sqlite/types.hpp"

namespace autogen::introspect::sqlite {
namespace {

constexpr int busy_timeout_ms = 5000;

bool iequals(std::string_view a, std::string_view b) { return core::ascii_iequals(a, b); }

bool iequals(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!iequals(a[i], b[i])) return false;
    return true;
}

// The model's spelling of a collation: none for BINARY (the default, which the model omits), the built-in
// NOCASE and RTRIM upper-cased since SQLite matches collation names case-insensitively, others as written.
std::optional<std::string> model_collation(const std::string& name) {
    if (iequals(name, "BINARY")) return std::nullopt;
    if (iequals(name, "NOCASE") || iequals(name, "RTRIM")) return core::ascii_upper(name);
    return name;
}

// A collation a key states: BINARY too, where it differs from what the key would inherit.
std::string stated_collation(const std::string& name) {
    if (iequals(name, "BINARY") || iequals(name, "NOCASE") || iequals(name, "RTRIM")) return core::ascii_upper(name);
    return name;
}

// SQLite resolves table, index and column names ASCII case-insensitively, so lookups use this key.
std::string name_key(std::string_view name) { return core::ascii_lower(name); }

Error query_error(sqlite3* db, const Query& query, const std::string& path) {
    Error error(sqlite3_errmsg(db), ErrorKind::database);
    error.with_backend("sqlite").at(query.name).on(path).with_detail(query.sql);
    return error;
}

// One prepared catalog query, stepped row by row; column texts are views valid until the next step().
class Statement {
public:
    Statement(sqlite3* db, const Query& query, const std::string& path) : db_(db), query_(query), path_(path) {
        if (sqlite3_prepare_v2(db, query.sql, -1, &stmt_, nullptr) != SQLITE_OK) {
            sqlite3_finalize(stmt_);
            throw query_error(db, query, path);
        }
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw query_error(db_, query_, path_);
    }
    std::string_view text(int column) const {
        const auto* data = sqlite3_column_text(stmt_, column);
        if (data == nullptr) return {};
        return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
    }
    bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }

private:
    sqlite3* db_;
    const Query& query_;
    const std::string& path_;
    sqlite3_stmt* stmt_ = nullptr;
};

// Holds one read transaction over all catalog queries, so that they see one consistent snapshot.
class ReadTransaction {
public:
    explicit ReadTransaction(sqlite3* db, const std::string& path) : db_(db) {
        if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
            Error error(sqlite3_errmsg(db_), ErrorKind::database);
            error.with_backend("sqlite").at("BEGIN").on(path);
            throw error;
        }
    }
    ~ReadTransaction() { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    sqlite3* db_;
};

struct RawIndexKey {
    std::int64_t cid = 0;
    std::string column;
    bool desc = false;
    std::string collation;
};

struct RawIndex {
    std::string name;
    bool unique = false;
    std::string origin;  // "c" CREATE INDEX, "u" UNIQUE constraint, "pk" PRIMARY KEY
    bool partial = false;
    std::vector<RawIndexKey> keys;
};

struct RawForeignKey {
    std::int64_t id = 0;
    std::string table;
    std::vector<std::string> from;
    std::vector<std::string> to;
    bool to_given = true;
    std::string on_update;
    std::string on_delete;
};

struct RawColumn {
    std::string name;
    bool not_null = false;
    bool has_default = false;  // the text of the default comes from the parser
    std::int64_t pk = 0;  // 1-based position in the primary key, 0 when not part of it
    std::int64_t hidden = 0;
};

// What the catalog queries return for one ordinary table, before it becomes a core::Table.
struct TableState {
    std::string name;
    bool included = true;
    std::string sql;  // CREATE TABLE text, parsed only for included tables
    std::vector<RawColumn> columns;
    std::vector<RawIndex> indexes;
    std::vector<RawForeignKey> foreign_keys;

    // The primary key columns in key order, as the pragmas say.
    std::vector<std::string> primary_key() const {
        std::vector<std::pair<std::int64_t, const std::string*>> pk;
        for (const auto& column : columns)
            if (column.pk > 0) pk.emplace_back(column.pk, &column.name);
        std::sort(pk.begin(), pk.end());
        std::vector<std::string> names;
        names.reserve(pk.size());
        for (const auto& entry : pk) names.push_back(*entry.second);
        return names;
    }
};

bool is_internal(std::string_view name) { return name.size() >= 7 && iequals(name.substr(0, 7), "sqlite_"); }

struct SchemaObject {
    std::string name;
    std::string table;
    std::string sql;
};

// The shadow tables of the virtual table modules built into SQLite. The inspector's own connection has only
// those modules, so this is all that pragma_table_list could recognize; the list also covers a built-in module
// left out of this build (SQLite then reports its shadow tables as ordinary tables).
const std::map<std::string, std::vector<std::string>>& shadow_suffixes() {
    static const std::map<std::string, std::vector<std::string>> suffixes = {
        {"fts3", {"content", "segments", "segdir", "docsize", "stat"}},
        {"fts4", {"content", "segments", "segdir", "docsize", "stat"}},
        {"fts5", {"data", "idx", "content", "docsize", "config"}},
        {"rtree", {"node", "rowid", "parent"}},
        {"rtree_i32", {"node", "rowid", "parent"}},
        {"geopoly", {"node", "rowid", "parent"}},
    };
    return suffixes;
}

// The module named by CREATE VIRTUAL TABLE ... USING module, lower-cased; "" when the text has none.
std::string virtual_table_module(std::string_view sql) {
    const auto tokens = core::tokenize(sql, core::Dialect::sqlite);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
        if (core::is_keyword(tokens[i], "USING")) return core::ascii_lower(core::identifier_value(tokens[i + 1]));
    return {};
}

// Named objects first, by name; unnamed ones after, in definition order.
template <typename T>
void sort_constraints(std::vector<std::pair<T, std::size_t>>& items, std::vector<T>& out) {
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
        if (a.first.name.has_value() != b.first.name.has_value()) return a.first.name.has_value();
        if (a.first.name && *a.first.name != *b.first.name) return *a.first.name < *b.first.name;
        return a.second < b.second;
    });
    out.reserve(items.size());
    for (auto& item : items) out.push_back(std::move(item.first));
}

const ParsedColumn* find_parsed_column(const ParsedTable& parsed, std::size_t position, const std::string& name) {
    // Columns are stored in definition order, so the cid is almost always the position in the text.
    if (position < parsed.columns.size() && iequals(parsed.columns[position].name, name)) return &parsed.columns[position];
    for (const auto& column : parsed.columns)
        if (iequals(column.name, name)) return &column;
    return nullptr;
}

// An expression key's text without parentheses around the whole of it: they carry nothing, and the renderer adds
// one pair (so that the key's COLLATE applies to the whole expression), so `ON t ((a + 1))`, `ON t (a + 1)` and what
// autogen created from "a + 1" all read back as "a + 1".
std::string without_outer_parentheses(std::string text) {
    for (;;) {
        const auto tokens = core::tokenize(text, core::Dialect::sqlite);
        if (tokens.size() < 2 || tokens.front().text != "(" || tokens.back().text != ")" ||
            tokens.front().kind != core::TokenKind::punct || tokens.back().kind != core::TokenKind::punct)
            return text;
        int depth = 0;
        for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
            if (tokens[i].kind != core::TokenKind::punct) continue;
            if (tokens[i].text == "(") ++depth;
            if (tokens[i].text == ")" && --depth == 0) return text;  // the first '(' closes before the end
        }
        std::string inner = text.substr(tokens.front().offset + 1, tokens.back().offset - tokens.front().offset - 1);
        const auto first = inner.find_first_not_of(" \t\r\n");
        const auto last = inner.find_last_not_of(" \t\r\n");
        text = first == std::string::npos ? std::string() : inner.substr(first, last - first + 1);
    }
}

Error model_error(std::string message, const std::string& object) {
    Error error(std::move(message), ErrorKind::internal);
    error.with_backend("sqlite").at("create_table_parser").on(object);
    return error;
}

class SchemaBuilder {
public:
    SchemaBuilder(sqlite3* db, const std::string& path, const Filter& filter, int& query_count,
                  ProgressCallback report)
        : db_(db), path_(path), filter_(filter), query_count_(query_count), report_(std::move(report)) {}

    core::Schema build() {
        read_objects();
        read_columns();
        read_indexes();
        read_foreign_keys();

        core::Schema schema;
        schema.dialect = core::Dialect::sqlite;
        schema.extensions.emplace();
        schema.domains.emplace();
        schema.enums.emplace();
        schema.sequences.emplace();
        schema.routines.emplace();
        auto& tables = schema.tables.emplace();
        for (std::size_t i = 0; i < states_.size(); ++i) {
            if (i % progress_step == 0) report_("tables", i, states_.size());
            if (states_[i].included) tables.push_back(make_table(states_[i]));
        }
        std::sort(tables.begin(), tables.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

        auto& views = schema.views.emplace();
        for (auto& object : views_) {
            core::View view;
            view.name = object.name;
            try {
                view.definition = parse_view_definition(object.sql);
            } catch (Error& error) {
                error.on(object.name);
                throw;
            }
            views.push_back(std::move(view));
        }
        std::sort(views.begin(), views.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

        auto& triggers = schema.triggers.emplace();
        for (auto& object : triggers_) {
            const auto state = state_index_.find(name_key(object.table));
            if (state != state_index_.end() && !states_[state->second].included) continue;
            core::Trigger trigger;
            trigger.name = object.name;
            trigger.table = object.table;
            trigger.definition = std::move(object.sql);
            triggers.push_back(std::move(trigger));
        }
        std::sort(triggers.begin(), triggers.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

        fill_dependencies(schema);
        if (virtual_tables_ > 0) schema.not_compared.push_back({"virtual_table", "", virtual_tables_});
        return schema;
    }

private:
    void read_objects() {
        std::vector<std::pair<SchemaObject, bool>> tables;  // with "is virtual"
        Statement stmt = run(schema_objects);
        while (stmt.step()) {
            const std::string_view type = stmt.text(0);
            SchemaObject object{std::string(stmt.text(1)), std::string(stmt.text(2)), std::string(stmt.text(4))};
            if (type == "table") {
                if (is_internal(object.name)) continue;
                const bool is_virtual = stmt.integer(3) == 0;  // no b-tree of its own
                if (is_virtual && table_included(filter_, "", object.name)) ++virtual_tables_;
                tables.emplace_back(std::move(object), is_virtual);
            } else if (type == "index") {
                // Automatic indexes (UNIQUE / PRIMARY KEY) have no SQL; only CREATE INDEX needs parsing.
                if (!stmt.is_null(4)) index_sql_.emplace(name_key(object.name), std::move(object.sql));
            } else if (type == "view") {
                views_.push_back(std::move(object));
            } else if (type == "trigger") {
                triggers_.push_back(std::move(object));
            }
        }
        std::unordered_set<std::string> excluded;  // virtual tables and their shadow tables
        for (const auto& [object, is_virtual] : tables) {
            if (!is_virtual) continue;
            excluded.insert(name_key(object.name));
            const auto suffixes = shadow_suffixes().find(virtual_table_module(object.sql));
            if (suffixes == shadow_suffixes().end()) continue;
            for (const auto& suffix : suffixes->second) excluded.insert(name_key(object.name + "_" + suffix));
        }
        states_.reserve(tables.size());
        for (auto& [object, is_virtual] : tables) {
            std::string key = name_key(object.name);
            if (excluded.count(key) != 0) continue;
            TableState state;
            state.name = std::move(object.name);
            state.included = table_included(filter_, "", state.name);
            state.sql = std::move(object.sql);
            state_index_.emplace(std::move(key), states_.size());
            states_.push_back(std::move(state));
        }
    }

    void read_columns() {
        Statement stmt = run(table_columns);
        TableState* state = nullptr;
        while (stmt.step()) {
            if (state == nullptr || stmt.text(0) != state->name) state = find_state(stmt.text(0));
            if (state == nullptr) continue;
            RawColumn column;
            column.name = stmt.text(2);
            column.not_null = stmt.integer(3) != 0;
            column.has_default = !stmt.is_null(4);
            column.pk = stmt.integer(5);
            column.hidden = stmt.integer(6);
            state->columns.push_back(std::move(column));
        }
    }

    void read_indexes() {
        Statement stmt = run(index_columns);
        TableState* state = nullptr;
        while (stmt.step()) {
            if (state == nullptr || stmt.text(0) != state->name) state = find_state(stmt.text(0));
            if (state == nullptr) continue;
            if (state->indexes.empty() || state->indexes.back().name != stmt.text(1)) {
                RawIndex index;
                index.name = stmt.text(1);
                index.unique = stmt.integer(2) != 0;
                index.origin = stmt.text(3);
                index.partial = stmt.integer(4) != 0;
                state->indexes.push_back(std::move(index));
            }
            RawIndexKey key;
            key.cid = stmt.integer(6);
            key.column = stmt.text(7);
            key.desc = stmt.integer(8) != 0;
            key.collation = stmt.text(9);
            state->indexes.back().keys.push_back(std::move(key));
        }
    }

    void read_foreign_keys() {
        Statement stmt = run(foreign_keys);
        TableState* state = nullptr;
        while (stmt.step()) {
            if (state == nullptr || stmt.text(0) != state->name) state = find_state(stmt.text(0));
            if (state == nullptr) continue;
            const std::int64_t id = stmt.integer(1);
            if (state->foreign_keys.empty() || state->foreign_keys.back().id != id) {
                RawForeignKey fk;
                fk.id = id;
                fk.table = stmt.text(3);
                fk.on_update = core::ascii_lower(stmt.text(6));
                fk.on_delete = core::ascii_lower(stmt.text(7));
                state->foreign_keys.push_back(std::move(fk));
            }
            auto& fk = state->foreign_keys.back();
            fk.from.emplace_back(stmt.text(4));
            if (stmt.is_null(5)) {
                fk.to_given = false;
            } else {
                fk.to.emplace_back(stmt.text(5));
            }
        }
    }

    core::Table make_table(const TableState& state) const {
        ParsedTable parsed;
        try {
            parsed = parse_create_table(state.sql);
        } catch (Error& error) {
            error.on(state.name);
            throw;
        }

        core::Table table;
        table.name = state.name;
        // SQLite derives both from the same text (pragma_table_list's wr and strict); it is not queried for them.
        table.options.sqlite.without_rowid = parsed.without_rowid;
        table.options.sqlite.strict = parsed.strict;

        const std::vector<std::string> pk_columns = state.primary_key();
        // A rowid table whose primary key has no backing index of origin 'pk' has an INTEGER PRIMARY KEY that
        // aliases the rowid. Asking the catalog is exact where the declared type is not: `INTEGER PRIMARY KEY
        // DESC` is not an alias, and it gets such an index.
        const bool rowid_alias = !parsed.without_rowid && pk_columns.size() == 1 &&
                                 std::none_of(state.indexes.begin(), state.indexes.end(),
                                              [](const RawIndex& index) { return index.origin == "pk"; });

        table.columns.reserve(state.columns.size());
        for (std::size_t position = 0; position < state.columns.size(); ++position) {
            const RawColumn& raw = state.columns[position];
            const ParsedColumn* parsed_column = find_parsed_column(parsed, position, raw.name);
            if (parsed_column == nullptr) throw model_error("column " + raw.name + " not found in CREATE TABLE", state.name);
            core::Column column;
            column.name = raw.name;
            column.type = canonical_type(parsed_column->declared_type);
            // SQLite lets NULL into a primary key column of a rowid table unless it is declared NOT NULL or is
            // the INTEGER PRIMARY KEY (a legacy bug kept for compatibility); WITHOUT ROWID tables enforce NOT
            // NULL. The model records what SQLite enforces, so a plain `a TEXT PRIMARY KEY` stays nullable.
            column.nullable = !(raw.not_null || (raw.pk > 0 && (rowid_alias || parsed.without_rowid)));
            if (raw.hidden == 2 || raw.hidden == 3) {
                if (!parsed_column->generated_expression) {
                    throw model_error("generated column " + raw.name + " has no AS (...) in CREATE TABLE", state.name);
                }
                column.generated = core::Generated{*parsed_column->generated_expression, raw.hidden == 3};
            } else {
                // The text as written: the pragma's dflt_value drops the parentheses of `DEFAULT (expr)`. The
                // pragma still tells whether there is a default, which guards the parser against silent misses.
                if (parsed_column->default_value.has_value() != raw.has_default) {
                    throw model_error("the CREATE TABLE text and pragma table_xinfo disagree on the default of " +
                                          raw.name,
                                      state.name);
                }
                column.default_value = parsed_column->default_value;
            }
            if (parsed_column->collation) {
                column.collation = model_collation(*parsed_column->collation);
            }
            column.autoincrement = rowid_alias && raw.pk > 0 && parsed.primary_key && parsed.primary_key->autoincrement;
            table.columns.push_back(std::move(column));
        }

        if (!pk_columns.empty()) {
            core::PrimaryKey pk;
            if (parsed.primary_key) pk.name = parsed.primary_key->name;
            pk.columns = pk_columns;
            table.primary_key = std::move(pk);
        }

        add_unique_constraints(state, parsed, table);
        add_checks(parsed, table);
        add_foreign_keys(state, parsed, table);
        add_indexes(state, table);
        return table;
    }

    static void add_unique_constraints(const TableState& state, const ParsedTable& parsed, core::Table& table) {
        // pragma index_list lists the newest index first; matching in creation order (the N of
        // sqlite_autoindex_<table>_N) pairs each index with the constraint that made it, also when two UNIQUE
        // constraints share columns and differ only in collation. A UNIQUE that repeats an earlier one (or the
        // primary key) gets no index of its own and is left unmatched.
        std::vector<std::pair<long, const RawIndex*>> indexes;
        for (const auto& index : state.indexes) {
            if (index.origin != "u") continue;
            const auto underscore = index.name.rfind('_');
            indexes.emplace_back(std::strtol(index.name.c_str() + underscore + 1, nullptr, 10), &index);
        }
        std::sort(indexes.begin(), indexes.end());
        std::vector<bool> used(parsed.unique.size(), false);
        std::vector<std::pair<core::UniqueConstraint, std::size_t>> items;
        for (const auto& [number, index] : indexes) {
            core::UniqueConstraint unique;
            for (const auto& key : index->keys) unique.columns.push_back(key.column);
            std::size_t i = 0;
            while (i < parsed.unique.size() && (used[i] || !iequals(parsed.unique[i].columns, unique.columns))) ++i;
            if (i == parsed.unique.size()) {
                throw model_error("no UNIQUE constraint in CREATE TABLE matches index " + index->name, state.name);
            }
            used[i] = true;
            unique.name = parsed.unique[i].name;
            items.emplace_back(std::move(unique), i);
        }
        sort_constraints(items, table.unique);
    }

    static void add_checks(const ParsedTable& parsed, core::Table& table) {
        std::vector<std::pair<core::CheckConstraint, std::size_t>> items;
        for (std::size_t i = 0; i < parsed.checks.size(); ++i) {
            core::CheckConstraint check;
            check.name = parsed.checks[i].name;
            check.expression = parsed.checks[i].expression;
            items.emplace_back(std::move(check), i);
        }
        sort_constraints(items, table.checks);
    }

    void add_foreign_keys(const TableState& state, const ParsedTable& parsed, core::Table& table) const {
        std::vector<bool> used(parsed.foreign_keys.size(), false);
        std::vector<std::pair<core::ForeignKey, std::size_t>> items;
        for (const auto& raw : state.foreign_keys) {
            core::ForeignKey fk;
            fk.columns = raw.from;
            fk.references.table = raw.table;
            if (raw.to_given) {
                fk.references.columns = raw.to;
            } else if (const TableState* parent = find_state(raw.table)) {
                // REFERENCES parent without columns means the parent's primary key.
                fk.references.columns = parent->primary_key();
            }
            fk.on_delete = raw.on_delete;
            fk.on_update = raw.on_update;
            // pragma foreign_key_list numbers the newest constraint 0; matching on the whole key finds its text.
            std::size_t i = 0;
            for (; i < parsed.foreign_keys.size(); ++i) {
                const ParsedForeignKey& candidate = parsed.foreign_keys[i];
                if (used[i] || !iequals(candidate.table, raw.table) || !iequals(candidate.columns, raw.from)) continue;
                if (raw.to_given != !candidate.ref_columns.empty()) continue;
                if (!raw.to_given || iequals(candidate.ref_columns, raw.to)) break;
            }
            if (i == parsed.foreign_keys.size()) {
                throw model_error("no FOREIGN KEY in CREATE TABLE matches the one to " + raw.table, state.name);
            }
            used[i] = true;
            fk.name = parsed.foreign_keys[i].name;
            fk.deferrable = parsed.foreign_keys[i].deferrable;
            fk.initially_deferred = parsed.foreign_keys[i].initially_deferred;
            items.emplace_back(std::move(fk), i);
        }
        sort_constraints(items, table.foreign_keys);
    }

    void add_indexes(const TableState& state, core::Table& table) const {
        for (const auto& raw : state.indexes) {
            if (raw.origin != "c") continue;
            const auto sql = index_sql_.find(name_key(raw.name));
            if (sql == index_sql_.end()) throw model_error("no CREATE INDEX text for index " + raw.name, state.name);
            ParsedIndex parsed;
            try {
                parsed = parse_create_index(sql->second);
            } catch (Error& error) {
                error.on(state.name + "." + raw.name);
                throw;
            }
            if (parsed.keys.size() != raw.keys.size()) {
                throw model_error("CREATE INDEX " + raw.name + " has " + std::to_string(parsed.keys.size()) +
                                      " keys, the catalog " + std::to_string(raw.keys.size()),
                                  state.name);
            }
            core::Index index;
            index.name = raw.name;
            index.unique = raw.unique;
            for (std::size_t i = 0; i < raw.keys.size(); ++i) {
                const RawIndexKey& raw_key = raw.keys[i];
                core::IndexKey key;
                // cid -2 marks an expression key (-1, the rowid, appears only in the non-key rows).
                if (raw_key.cid >= 0) {
                    key.column = raw_key.column;
                    // An absent collation means the inherited one (MODEL.md), for a column key the column's, which
                    // is what SQLite reports for a key without COLLATE: only a different one is stated, BINARY
                    // included, so that the model re-creates the key as it is.
                    std::optional<std::string> inherited;
                    for (const auto& column : table.columns)
                        if (iequals(column.name, raw_key.column)) inherited = column.collation;
                    if (!iequals(raw_key.collation, inherited.value_or("BINARY")))
                        key.collation = stated_collation(raw_key.collation);
                } else {
                    key.expression = without_outer_parentheses(parsed.keys[i].text);
                    key.collation = model_collation(raw_key.collation);
                }
                key.order = raw_key.desc ? "desc" : "asc";
                index.keys.push_back(std::move(key));
            }
            if (raw.partial) {
                if (!parsed.where) throw model_error("partial index " + raw.name + " has no WHERE", state.name);
                index.where = parsed.where;
            }
            table.indexes.push_back(std::move(index));
        }
        std::sort(table.indexes.begin(), table.indexes.end(),
                  [](const core::Index& a, const core::Index& b) { return a.name < b.name; });
    }

    // A view or trigger depends on every model table or view whose name appears as an identifier in its text.
    static void fill_dependencies(core::Schema& schema) {
        std::unordered_map<std::string, core::Dependency> names;
        for (const auto& table : *schema.tables) names.emplace(name_key(table.name), core::Dependency{"table", "", table.name});
        for (const auto& view : *schema.views) names.emplace(name_key(view.name), core::Dependency{"view", "", view.name});
        auto dependencies = [&](std::string_view text, const std::string& self) {
            std::map<std::string, const core::Dependency*> found;  // ordered by name
            for (const auto& token : core::tokenize(text, core::Dialect::sqlite)) {
                if (token.kind != core::TokenKind::word && token.kind != core::TokenKind::quoted_identifier) continue;
                const auto it = names.find(name_key(core::identifier_value(token)));
                if (it != names.end() && !iequals(it->second.name, self)) found.emplace(it->second.name, &it->second);
            }
            std::vector<core::Dependency> out;
            out.reserve(found.size());
            for (const auto& entry : found) out.push_back(*entry.second);
            return out;
        };
        for (auto& view : *schema.views) view.depends_on = dependencies(view.definition, view.name);
        for (auto& trigger : *schema.triggers) trigger.depends_on = dependencies(trigger.definition, std::string());
    }

    Statement run(const Query& query) {
        ++query_count_;
        report_(std::string("catalog query: ") + query.name, 0, 0);
        return Statement(db_, query, path_);
    }

    TableState* find_state(std::string_view name) {
        const auto it = state_index_.find(name_key(name));
        return it == state_index_.end() ? nullptr : &states_[it->second];
    }
    const TableState* find_state(std::string_view name) const {
        const auto it = state_index_.find(name_key(name));
        return it == state_index_.end() ? nullptr : &states_[it->second];
    }

    sqlite3* db_;
    const std::string& path_;
    const Filter& filter_;
    int& query_count_;
    ProgressCallback report_;
    static constexpr std::size_t progress_step = 256;  // tables between two progress reports

    std::unordered_map<std::string, std::string> index_sql_;  // by name_key
    std::vector<SchemaObject> views_;
    std::vector<SchemaObject> triggers_;
    std::vector<TableState> states_;                          // every ordinary table, included or not
    std::unordered_map<std::string, std::size_t> state_index_;  // name_key -> states_ index
    std::int64_t virtual_tables_ = 0;
};

}  // namespace

SqliteInspector::SqliteInspector(std::string path) : path_(std::move(path)) {
    // SQLite's memory statistics take a global mutex around every allocation it makes, and reading a large
    // catalog makes millions. Nothing here reads the statistics. This works only before SQLite initializes
    // (the first connection of the process); later it is refused and changes nothing.
    static const bool statistics_off [[maybe_unused]] = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    // Read-only: a missing file must be an error, never a new empty database. NOMUTEX: the connection is used
    // by one thread, and serialized mode would lock and unlock a mutex around every column of every catalog row.
    const int rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string reason = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        std::error_code ignored;
        const bool missing = path_.rfind("file:", 0) != 0 && !std::filesystem::exists(path_, ignored);
        if (missing) reason = "no such file";
        Error error("cannot open database file " + path_ + " read-only: " + reason,
                    missing ? ErrorKind::input : ErrorKind::database);
        error.with_backend("sqlite").at("open").on(path_);
        throw error;
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
}

SqliteInspector::~SqliteInspector() { sqlite3_close(db_); }

core::Schema SqliteInspector::inspect(const Filter& filter) {
    for (const auto& schema : filter.schemas) {
        if (!schema.empty() && !iequals(schema, "main")) {
            Error error("schema " + schema + " does not exist: autogen reads only the main schema of a SQLite database",
                        ErrorKind::input);
            error.with_backend("sqlite").on(path_);
            throw error;
        }
    }
    query_count_ = 0;
    ReadTransaction transaction(db_, path_);
    return SchemaBuilder(db_, path_, filter, query_count_,
                         [this](const std::string& phase, std::size_t done, std::size_t total) { report(phase, done, total); })
        .build();
}

}  // namespace autogen::introspect::sqlite
