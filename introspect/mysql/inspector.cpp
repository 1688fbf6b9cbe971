#include "introspect/mysql/inspector.hpp"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <unordered_map>
#include <set>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "core/names.hpp"
#include "core/sql_lexer.hpp"
#include "introspect/mysql/privileges.hpp"
#include "introspect/mysql/queries.hpp"

namespace autogen::introspect {

// Declared in introspect/open.cpp, which the build compiles with this backend.
std::unique_ptr<Inspector> open_mysql_inspector(const core::DatabaseUrl& url) {
    return std::make_unique<mysql::MysqlInspector>(url);
}

}  // namespace autogen::introspect

namespace autogen::introspect::mysql {
namespace {

using core::ascii_lower;
using core::ascii_upper;

constexpr int connect_timeout_seconds = 10;

using Value = std::optional<std::string>;
using Row = std::vector<Value>;

std::string text(const Value& value) { return value.value_or(""); }

bool contains_word(const std::string& haystack, std::string_view needle) {
    return ascii_lower(haystack).find(needle) != std::string::npos;
}

// The error a failed catalog query or connection becomes: backend, query name, server error code, never a password.
Error driver_error(const sql::SQLException& e, const std::string& where, const std::string& masked_url,
                   const std::string& sql = "") {
    std::string message = core::mask_passwords(e.what());
    if (e.getErrorCode() != 0) message += " (error " + std::to_string(e.getErrorCode()) + ")";
    Error error(std::move(message), ErrorKind::database);
    error.with_backend("mysql").at(where).on(masked_url).with_sqlstate(e.getSQLState());
    if (!sql.empty()) error.with_detail(sql);
    return error;
}

Error privilege_error(std::string message, const std::string& masked_url) {
    Error error(std::move(message), ErrorKind::database);
    error.with_backend("mysql").at("privileges").on(masked_url);
    return error;
}

// `'user'@'host'` as information_schema's GRANTEE columns spell an account (CURRENT_USER() gives user@host).
std::string grantee_of(const std::string& account) {
    const auto at = account.rfind('@');
    auto quoted = [](const std::string& part) {
        std::string out = "'";
        for (char c : part) out += c == '\'' ? std::string("''") : std::string(1, c);
        return out + "'";
    };
    if (at == std::string::npos) return quoted(account);
    return quoted(account.substr(0, at)) + "@" + quoted(account.substr(at + 1));
}

// Replaces each `:schemas` / `:grantees` of a query with `= ?` or `IN (?, ...)` and lists the values to bind.
std::pair<std::string, std::vector<std::string>> expand(const Query& query, const std::vector<std::string>& schemas,
                                                        const std::vector<std::string>& grantees) {
    std::string sql = query.sql;
    std::vector<std::string> values;
    for (std::size_t at = 0;;) {
        const auto s = sql.find(":schemas", at);
        const auto g = sql.find(":grantees", at);
        const auto pos = std::min(s, g);
        if (pos == std::string::npos) break;
        const auto& list = pos == s ? schemas : grantees;
        const std::size_t length = pos == s ? 8 : 9;
        std::string marks = list.size() == 1 ? "= ?" : "IN (";
        if (list.size() != 1) {
            for (std::size_t i = 0; i < list.size(); ++i) marks += i ? ", ?" : "?";
            marks += ")";
        }
        sql.replace(pos, length, marks);
        values.insert(values.end(), list.begin(), list.end());
        at = pos + marks.size();
    }
    return {sql, values};
}

// Objects sorted by schema, then name, so that introspection writes the same JSON every time.
template <class T>
void sort_by_name(std::vector<T>& items) {
    std::sort(items.begin(), items.end(), [](const T& a, const T& b) {
        if (a.schema != b.schema) return a.schema < b.schema;
        return a.name < b.name;
    });
}

struct RawColumn {
    std::string name;
    Value column_default;
    bool nullable = true;
    std::string column_type;
    Value charset;
    Value collation;
    std::string extra;
    std::string comment;
    Value generation_expression;
};

struct RawIndexKey {
    Value column;
    Value expression;
    std::optional<int> sub_part;
    bool desc = false;
};

struct RawIndex {
    std::string name;
    bool unique = false;
    std::string type;  // BTREE, HASH, FULLTEXT, SPATIAL
    std::string comment;
    bool ignored = false;
    std::vector<RawIndexKey> keys;
};

struct RawForeignKey {
    std::string name;
    std::vector<std::string> columns;
    std::string ref_schema;
    std::string ref_table;
    std::vector<std::string> ref_columns;
    std::string update_rule = "RESTRICT";
    std::string delete_rule = "RESTRICT";
};

// What the catalog queries return for one table, before it becomes a core::Table.
struct TableState {
    std::string schema;  // "" for the URL's database
    std::string name;
    std::string type;    // BASE TABLE, VIEW, SYSTEM VIEW, SEQUENCE, SYSTEM VERSIONED, TEMPORARY
    std::string engine;
    std::string collation;
    std::string create_options;
    std::string comment;
    bool included = true;
    std::vector<RawColumn> columns;
    std::vector<RawIndex> indexes;
    std::vector<RawForeignKey> foreign_keys;
    std::vector<core::CheckConstraint> checks;
};

std::string action(const std::string& rule) {
    const std::string lower = ascii_lower(rule);
    // InnoDB checks RESTRICT and NO ACTION alike, immediately; MariaDB reports RESTRICT when none is written.
    return lower == "restrict" ? "no action" : lower;
}

// The expression of `on update <expr>` in a COLUMNS.EXTRA value, if any.
std::optional<std::string> on_update_of(const std::string& extra) {
    const std::string lower = ascii_lower(extra);
    const auto at = lower.find("on update ");
    if (at == std::string::npos) return std::nullopt;
    std::string rest = extra.substr(at + 10);
    if (const auto cut = ascii_lower(rest).find(" invisible"); cut != std::string::npos) rest.resize(cut);
    while (!rest.empty() && rest.back() == ' ') rest.pop_back();
    return rest;
}

// A name as written in a definition the inspector builds: always backquoted (compared as tokens, so equal to bare).
std::string quoted(const std::string& name) {
    std::string out = "`";
    for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
    return out + "`";
}

std::string quote_literal(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'') out += "''";
        else if (c == '\\') out += "\\\\";
        else out += c;
    }
    return out + "'";
}

}  // namespace

// The connection and what was learnt about the server when connecting.
struct MysqlInspector::Session {
    std::unique_ptr<sql::Connection> connection;
    std::string masked_url;
    std::string database;
    core::Dialect dialect = core::Dialect::mariadb;
    std::string current_user;
    std::optional<std::string> current_role;
    ServerDefaults defaults;
    bool defaults_loaded = false;
    std::optional<core::Schema> last;  // the last inspected model: the current side a target is canonicalized for
    int query_count = 0;
    ProgressCallback report;  // the inspector's, while inspect() runs

    // Runs one catalog query and returns every row as text (SQL NULL as std::nullopt).
    std::vector<Row> run(const Query& query, const std::vector<std::string>& schemas,
                         const std::vector<std::string>& grantees = {}, bool counted = true) {
        auto [sql, values] = expand(query, schemas, grantees);
        if (counted) ++query_count;
        if (report) report(std::string("catalog query: ") + query.name, static_cast<std::size_t>(query_count), 0);
        try {
            std::unique_ptr<sql::PreparedStatement> statement(connection->prepareStatement(sql));
            for (std::size_t i = 0; i < values.size(); ++i) statement->setString(static_cast<unsigned>(i + 1), values[i]);
            std::unique_ptr<sql::ResultSet> result(statement->executeQuery());
            const unsigned width = result->getMetaData()->getColumnCount();
            std::vector<Row> rows;
            while (result->next()) {
                Row row(width);
                for (unsigned c = 0; c < width; ++c)
                    if (!result->isNull(c + 1)) row[c] = std::string(result->getString(c + 1));
                rows.push_back(std::move(row));
            }
            return rows;
        } catch (const sql::SQLException& e) {
            throw driver_error(e, query.name, masked_url, sql);
        }
    }

    void execute(const std::string& statement, const std::string& where) {
        try {
            std::unique_ptr<sql::Statement> s(connection->createStatement());
            s->execute(statement);
        } catch (const sql::SQLException& e) {
            throw driver_error(e, where, masked_url, statement);
        }
    }

    // The server's default charsets, collations, engine and row format; read by inspect(), or on demand.
    void load_defaults(const std::vector<Row>& schema_rows, const std::vector<Row>& collation_rows) {
        defaults.dialect = dialect;
        defaults.schemas.clear();
        for (const auto& row : schema_rows) {
            const std::string name = text(row[0]);
            defaults.schemas[name == database ? "" : name] = {ascii_lower(text(row[1])), ascii_lower(text(row[2]))};
        }
        defaults.collations.clear();
        for (const auto& row : collation_rows)
            defaults.collations[ascii_lower(text(row[0]))] = {ascii_lower(text(row[1])), ascii_upper(text(row[2])) == "YES"};
        defaults_loaded = true;
    }
};

namespace {

// Turns the rows of the catalog queries into the model.
class SchemaBuilder {
public:
    SchemaBuilder(MysqlInspector::Session& session, const Filter& filter, std::vector<std::string> schemas)
        : s_(session), filter_(filter), schemas_(std::move(schemas)) {}

    core::Schema build() {
        check_privileges();
        s_.load_defaults(s_.run(schemata, schemas_), s_.run(collations, {}));
        for (const auto& schema : schemas_) {
            if (!s_.defaults.schemas.count(schema_of(schema))) {
                Error error("unknown database `" + schema + "`", ErrorKind::input);
                error.with_backend("mysql").at("schemata").on(s_.masked_url);
                throw error;
            }
        }
        read_tables();
        read_columns();
        recover_four_byte_defaults();
        read_indexes();
        read_foreign_keys();
        read_checks();

        core::Schema schema;
        schema.dialect = s_.dialect;
        for (const auto& name : schemas_)
            if (name != s_.database) schema.schemas.push_back(name);
        schema.extensions.emplace();
        schema.domains.emplace();
        schema.enums.emplace();
        auto& tables = schema.tables.emplace();
        for (auto& state : states_) {
            if (state.type == "SEQUENCE") {
                not_compared("sequence", state.schema);
                continue;
            }
            if (state.type != "BASE TABLE" && state.type != "SYSTEM VERSIONED") continue;
            if (!state.included) continue;
            if (state.type == "SYSTEM VERSIONED") not_compared("system versioning", state.schema);
            tables.push_back(make_table(state));
        }
        sort_by_name(tables);
        if (!counts_.count({"sequence", ""})) schema.sequences.emplace();

        schema.views = read_views();
        schema.triggers = read_triggers();
        schema.routines = read_routines();
        read_events();
        fill_dependencies(schema);
        for (const auto& [key, count] : counts_) schema.not_compared.push_back(core::NotCompared{key.first, key.second, count});
        return schema;
    }

private:
    MysqlInspector::Session& s_;
    const Filter& filter_;
    std::vector<std::string> schemas_;
    std::vector<TableState> states_;
    std::map<std::pair<std::string, std::string>, std::size_t> state_index_;  // (schema, name) -> states_
    std::map<std::pair<std::string, std::string>, std::int64_t> counts_;      // (kind, schema) -> not compared

    std::string schema_of(const std::string& database) const { return database == s_.database ? "" : database; }

    void not_compared(const std::string& kind, const std::string& schema, std::int64_t count = 1) {
        counts_[{kind, schema}] += count;
    }

    TableState* find_state(const std::string& database, const std::string& name) {
        const auto it = state_index_.find({schema_of(database), name});
        return it == state_index_.end() ? nullptr : &states_[it->second];
    }

    // information_schema shows only what the account may see: refuse to read a partial schema.
    void check_privileges() {
        std::vector<std::string> grantees{grantee_of(s_.current_user)};
        if (s_.current_role) {
            grantees.push_back("'" + *s_.current_role + "'");
            grantees.push_back("'" + *s_.current_role + "'@''");
        }
        std::vector<Grant> grants;
        for (const auto& row : s_.run(privileges, {}, grantees))
            grants.push_back(Grant{text(row[0]), text(row[1]), text(row[2]), text(row[3])});
        const auto missing = missing_privileges(grants, schemas_);
        if (missing.empty()) return;
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        throw privilege_error("the account " + s_.current_user + " lacks " + list +
                                  ": information_schema would hide objects, which would then look dropped; grant " +
                                  (missing.size() == 1 ? "it" : "them") + " (read-only is enough) and run again",
                              s_.masked_url);
    }

    void read_tables() {
        for (const auto& row : s_.run(tables, schemas_)) {
            TableState state;
            state.schema = schema_of(text(row[0]));
            state.name = text(row[1]);
            state.type = ascii_upper(text(row[2]));
            state.engine = text(row[3]);
            state.collation = text(row[4]);
            state.create_options = text(row[5]);
            state.comment = text(row[6]);
            state.included = table_included(filter_, state.schema, state.name);
            state_index_[{state.schema, state.name}] = states_.size();
            states_.push_back(std::move(state));
        }
    }

    void read_columns() {
        for (const auto& row : s_.run(columns, schemas_)) {
            TableState* state = find_state(text(row[0]), text(row[1]));
            if (!state) continue;  // created after the tables were read: best effort (README)
            RawColumn column;
            column.name = text(row[2]);
            column.column_default = row[4];
            column.nullable = ascii_upper(text(row[5])) == "YES";
            column.column_type = text(row[7]);
            column.charset = row[8];
            column.collation = row[9];
            column.extra = text(row[10]);
            column.comment = text(row[11]);
            column.generation_expression = row[12];
            state->columns.push_back(std::move(column));
        }
    }

    // The server keeps a string default with 4-byte characters (emoji) intact, but information_schema and SHOW
    // CREATE TABLE render table metadata in character_set_system (utf8mb3) and print each such character as '?',
    // whatever the connection's charset. DEFAULT(column) returns the stored value in utf8mb4: a quoted default
    // that shows a '?' is read again that way, in one query per 60 tables (the server's join limit is 61), so
    // that a schema without such defaults costs no query at all. DEFAULT() needs a row: the table's first, else
    // the NULL row of an outer join, where the server answers NULL for a NOT NULL column; such a default (a NOT
    // NULL column of an empty table) stays as information_schema prints it and compares as changed (README).
    // ENUM values and comments have no such path: resolve() refuses 4-byte characters there on MySQL/MariaDB.
    void recover_four_byte_defaults() {
        struct Wanted {
            TableState* state;
            std::size_t column;
        };
        std::vector<TableState*> tables;
        std::vector<Wanted> wanted;
        for (auto& state : states_) {
            if (!state.included || (state.type != "BASE TABLE" && state.type != "SYSTEM VERSIONED")) continue;
            bool any = false;
            for (std::size_t i = 0; i < state.columns.size(); ++i) {
                const auto& d = state.columns[i].column_default;
                if (!d || d->size() < 2 || d->front() != '\'' || d->find('?') == std::string::npos) continue;
                wanted.push_back({&state, i});
                any = true;
            }
            if (any) tables.push_back(&state);
        }
        constexpr std::size_t per_query = 60;
        for (std::size_t first = 0; first < tables.size(); first += per_query) {
            const std::size_t last = std::min(tables.size(), first + per_query);
            std::string select, from = " FROM (SELECT 1) AS autogen_one";
            std::vector<Wanted> order;
            for (std::size_t t = first; t < last; ++t) {
                TableState* state = tables[t];
                const std::string alias = "t" + std::to_string(t - first);
                const std::string table = quoted(state->schema.empty() ? s_.database : state->schema) + "." + quoted(state->name);
                from += " LEFT JOIN " + table + " AS " + alias + " ON FALSE";
                for (const auto& w : wanted) {
                    if (w.state != state) continue;
                    const std::string column = quoted(state->columns[w.column].name);
                    select += std::string(select.empty() ? "SELECT " : ", ") + "COALESCE((SELECT DEFAULT(" + column + ") FROM " + table +
                              " LIMIT 1), DEFAULT(" + alias + "." + column + "))";
                    order.push_back(w);
                }
            }
            const std::string sql = select + from;
            ++s_.query_count;
            try {
                std::unique_ptr<sql::Statement> statement(s_.connection->createStatement());
                std::unique_ptr<sql::ResultSet> result(statement->executeQuery(sql));
                if (!result->next()) continue;
                for (std::size_t i = 0; i < order.size(); ++i) {
                    const auto column = static_cast<unsigned>(i + 1);
                    if (result->isNull(column)) continue;
                    order[i].state->columns[order[i].column].column_default = quote_literal(std::string(result->getString(column)));
                }
            } catch (const sql::SQLException& e) {
                throw driver_error(e, "four-byte defaults", s_.masked_url, sql);
            }
        }
    }

    void read_indexes() {
        const Query& query = s_.dialect == core::Dialect::mariadb ? statistics_mariadb : statistics_mysql;
        for (const auto& row : s_.run(query, schemas_)) {
            TableState* state = find_state(text(row[0]), text(row[1]));
            if (!state) continue;
            const std::string name = text(row[2]);
            if (state->indexes.empty() || state->indexes.back().name != name) {
                RawIndex index;
                index.name = name;
                index.unique = text(row[3]) == "0";
                index.type = ascii_upper(text(row[8]));
                index.comment = text(row[9]);
                index.ignored = ascii_upper(text(row[10])) == "YES";
                state->indexes.push_back(std::move(index));
            }
            RawIndexKey key;
            key.column = row[5];
            if (row[6]) key.sub_part = std::stoi(*row[6]);
            key.desc = ascii_upper(text(row[7])) == "D";
            key.expression = row[11];
            state->indexes.back().keys.push_back(std::move(key));
        }
    }

    void read_foreign_keys() {
        for (const auto& row : s_.run(foreign_key_columns, schemas_)) {
            TableState* state = find_state(text(row[0]), text(row[1]));
            if (!state) continue;
            const std::string name = text(row[2]);
            if (state->foreign_keys.empty() || state->foreign_keys.back().name != name) {
                RawForeignKey fk;
                fk.name = name;
                fk.ref_schema = schema_of(text(row[5]));
                fk.ref_table = text(row[6]);
                state->foreign_keys.push_back(std::move(fk));
            }
            state->foreign_keys.back().columns.push_back(text(row[4]));
            state->foreign_keys.back().ref_columns.push_back(text(row[7]));
        }
        for (const auto& row : s_.run(referential_constraints, schemas_)) {
            TableState* state = find_state(text(row[0]), text(row[1]));
            if (!state) continue;
            for (auto& fk : state->foreign_keys) {
                if (fk.name != text(row[2])) continue;
                fk.update_rule = text(row[3]);
                fk.delete_rule = text(row[4]);
            }
        }
    }

    void read_checks() {
        const Query& query = s_.dialect == core::Dialect::mariadb ? checks_mariadb : checks_mysql;
        for (const auto& row : s_.run(query, schemas_)) {
            TableState* state = find_state(text(row[0]), text(row[1]));
            if (!state) continue;
            // A column-level check (LEVEL = Column) is named after its column; either way the name and the
            // expression are what the model holds, and the renderer keeps column-level checks where they are.
            core::CheckConstraint check;
            check.name = text(row[2]);
            check.expression = strip_database(text(row[4]), s_.database);
            state->checks.push_back(std::move(check));
        }
    }

    core::Table make_table(const TableState& state) {
        core::Table table;
        table.schema = state.schema;
        table.name = state.name;
        if (!state.comment.empty()) table.comment = state.comment;
        auto& options = table.options.mysql;
        if (!state.engine.empty()) options.engine = state.engine;
        if (!state.collation.empty()) options.collation = state.collation;

        // CREATE_OPTIONS lists what the CREATE TABLE stated: the row format is held, the rest only counted.
        for (const auto& word : split_options(state.create_options)) {
            const std::string lower = ascii_lower(word);
            if (lower.rfind("row_format=", 0) == 0) options.row_format = ascii_upper(word.substr(11));
            else if (lower == "partitioned") not_compared("partitioning", state.schema);
            else not_compared("table option", state.schema);
        }

        for (const auto& raw : state.columns) {
            core::Column column;
            column.name = raw.name;
            column.type = column_type(raw.column_type, s_.dialect);
            column.nullable = raw.nullable;
            const std::string extra = ascii_lower(raw.extra);
            column.autoincrement = extra.find("auto_increment") != std::string::npos;
            const bool stored = extra.find("stored generated") != std::string::npos ||
                                extra.find("persistent generated") != std::string::npos;
            const bool virtual_ = extra.find("virtual generated") != std::string::npos;
            if ((stored || virtual_) && raw.generation_expression) {
                column.generated = core::Generated{strip_database(*raw.generation_expression, s_.database), stored};
            } else if (!column.autoincrement) {
                column.default_value = read_default(raw.column_default, column.type, raw.extra,
                                                    s_.dialect == core::Dialect::mariadb);
            }
            if (auto on_update = on_update_of(raw.extra)) column.on_update = canonical_default(*on_update, column.type);
            column.charset = raw.charset;
            column.collation = raw.collation;
            if (!raw.comment.empty()) column.comment = raw.comment;
            column.hidden = contains_word(raw.extra, "invisible");
            table.columns.push_back(std::move(column));
        }
        omit_inherited(table, s_.defaults);

        for (const auto& raw : state.indexes) {
            if (raw.name == "PRIMARY") {
                core::PrimaryKey pk;
                for (const auto& key : raw.keys) pk.columns.push_back(text(key.column));
                table.primary_key = std::move(pk);
                continue;
            }
            core::Index index;
            index.name = raw.name;
            index.unique = raw.unique;
            for (const auto& raw_key : raw.keys) {
                core::IndexKey key;
                if (raw_key.column) key.column = raw_key.column;
                else key.expression = text(raw_key.expression);
                if (raw_key.desc) key.order = "desc";
                key.length = raw_key.sub_part;
                index.keys.push_back(std::move(key));
            }
            // No method means the engine's default, as core::resolve reads every model: BTREE, or HASH on a
            // MEMORY table (whose BTREE indexes, and BTREE unique keys, are therefore written out as indexes).
            const std::string method = ascii_lower(raw.type);
            const std::string engine = ascii_lower(state.engine);
            const bool hash_default = engine == "memory" || engine == "heap";
            if (!method.empty() && method != (hash_default ? "hash" : "btree")) index.method = method;
            if (!raw.comment.empty()) index.comment = raw.comment;
            index.ignored = raw.ignored;
            if (is_plain_unique(index) && !(hash_default && index.method)) {
                core::UniqueConstraint unique;
                unique.name = index.name;
                for (const auto& key : index.keys) unique.columns.push_back(*key.column);
                table.unique.push_back(std::move(unique));
            } else {
                table.indexes.push_back(std::move(index));
            }
        }
        auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
        std::sort(table.unique.begin(), table.unique.end(), by_name);
        std::sort(table.indexes.begin(), table.indexes.end(), by_name);

        for (const auto& raw : state.foreign_keys) {
            core::ForeignKey fk;
            fk.name = raw.name;
            fk.columns = raw.columns;
            fk.references = core::Reference{raw.ref_schema, raw.ref_table, raw.ref_columns};
            fk.on_delete = action(raw.delete_rule);
            fk.on_update = action(raw.update_rule);
            table.foreign_keys.push_back(std::move(fk));
        }
        std::sort(table.foreign_keys.begin(), table.foreign_keys.end(), by_name);
        table.checks = state.checks;
        std::sort(table.checks.begin(), table.checks.end(), by_name);
        return table;
    }

    static std::vector<std::string> split_options(const std::string& options) {
        std::vector<std::string> out;
        std::string current;
        bool quoted = false;
        for (char c : options) {
            if (c == '\'') quoted = !quoted;
            if (c == ' ' && !quoted) {
                if (!current.empty()) out.push_back(std::move(current));
                current.clear();
            } else {
                current += c;
            }
        }
        if (!current.empty()) out.push_back(std::move(current));
        return out;
    }

    std::vector<core::View> read_views() {
        const Query& query = s_.dialect == core::Dialect::mariadb ? views : views_mysql;
        std::vector<core::View> out;
        for (const auto& row : s_.run(query, schemas_)) {
            core::View view;
            view.schema = schema_of(text(row[0]));
            view.name = text(row[1]);
            if (!table_included(filter_, view.schema, view.name)) continue;
            if (!row[2]) {
                throw privilege_error("the definition of view " + view.name +
                                          " is hidden: grant SHOW VIEW on its database and run again",
                                      s_.masked_url);
            }
            view.definition = strip_database(*row[2], s_.database);
            const std::string check_option = ascii_upper(text(row[3]));
            if (check_option == "CASCADED" || check_option == "LOCAL")
                view.definition += " WITH " + check_option + " CHECK OPTION";
            // SQL SECURITY and ALGORITHM are not in the model: a non-default one is counted, never silently equal.
            if (ascii_upper(text(row[4])) != "DEFINER" || ascii_upper(text(row[5])) != "UNDEFINED")
                not_compared("view option", view.schema);
            out.push_back(std::move(view));
        }
        sort_by_name(out);
        return out;
    }

    std::vector<core::Trigger> read_triggers() {
        std::vector<core::Trigger> out;
        for (const auto& row : s_.run(triggers, schemas_)) {
            core::Trigger trigger;
            trigger.schema = schema_of(text(row[0]));
            trigger.name = text(row[1]);
            trigger.table = text(row[4]);
            if (!table_included(filter_, trigger.schema, trigger.table)) continue;
            trigger.definition = "CREATE TRIGGER " + quoted(trigger.name) + " " + ascii_upper(text(row[2])) + " " +
                                 ascii_upper(text(row[3])) + " ON " + quoted(trigger.table) + " FOR EACH ROW " +
                                 strip_database(text(row[6]), s_.database);
            out.push_back(std::move(trigger));
        }
        std::sort(out.begin(), out.end(), [](const core::Trigger& a, const core::Trigger& b) {
            return std::tie(a.schema, a.table, a.name) < std::tie(b.schema, b.table, b.name);
        });
        return out;
    }

    std::vector<core::Routine> read_routines() {
        // Parameters by (schema, name, type), in order; position 0 is a function's result.
        std::map<std::tuple<std::string, std::string, std::string>, std::vector<Row>> parameters_of;
        const auto routine_rows = s_.run(routines, schemas_);
        for (auto& row : s_.run(parameters, schemas_))
            parameters_of[{text(row[0]), text(row[1]), ascii_upper(text(row[2]))}].push_back(row);

        std::vector<core::Routine> out;
        for (const auto& row : routine_rows) {
            core::Routine routine;
            routine.schema = schema_of(text(row[0]));
            routine.name = text(row[1]);
            const std::string type = ascii_upper(text(row[2]));
            routine.kind = type == "PROCEDURE" ? "procedure" : "function";
            if (!row[5]) {
                throw privilege_error("the definition of " + routine.kind + " " + routine.name +
                                          " is hidden: connect as its definer or grant SELECT on mysql.proc, "
                                          "and run again",
                                      s_.masked_url);
            }
            std::string params, signature;
            for (const auto& p : parameters_of[{text(row[0]), routine.name, type}]) {
                if (text(p[3]) == "0") continue;
                const std::string mode = ascii_upper(text(p[4]));
                params += (params.empty() ? "" : ", ") + (routine.kind == "procedure" ? mode + " " : std::string()) +
                          quoted(text(p[5])) + " " + text(p[6]);
                signature += (signature.empty() ? "" : ", ") + text(p[6]);
            }
            routine.signature = "(" + signature + ")";
            std::string definition = "CREATE " + ascii_upper(type) + " " + quoted(routine.name) + "(" + params + ")";
            if (routine.kind == "function") definition += " RETURNS " + text(row[3]);
            if (ascii_upper(text(row[6])) == "YES") definition += " DETERMINISTIC";
            const std::string access = ascii_upper(text(row[7]));
            if (!access.empty() && access != "CONTAINS SQL") definition += " " + access;
            if (ascii_upper(text(row[8])) == "INVOKER") definition += " SQL SECURITY INVOKER";
            if (!text(row[9]).empty()) definition += " COMMENT " + quote_literal(text(row[9]));
            definition += "\n" + strip_database(*row[5], s_.database);
            routine.definition = std::move(definition);
            out.push_back(std::move(routine));
        }
        sort_by_name(out);
        return out;
    }

    void read_events() {
        for (const auto& row : s_.run(events, schemas_)) {
            const auto count = std::stoll(text(row[1]));
            if (count > 0) not_compared("event", schema_of(text(row[0])), count);
        }
    }

    // A view, trigger or routine depends on every table or view of the model whose name it mentions.
    static void fill_dependencies(core::Schema& schema) {
        std::map<std::pair<std::string, std::string>, core::Dependency> names;  // (schema, lower name)
        for (const auto& t : *schema.tables) names.emplace(std::pair{t.schema, ascii_lower(t.name)}, core::Dependency{"table", t.schema, t.name});
        for (const auto& v : *schema.views) names.emplace(std::pair{v.schema, ascii_lower(v.name)}, core::Dependency{"view", v.schema, v.name});
        auto dependencies = [&](const std::string& text, const std::string& own_schema, const std::string& self) {
            std::map<std::pair<std::string, std::string>, core::Dependency> found;
            for (const auto& token : core::tokenize(text, core::Dialect::mariadb)) {
                if (token.kind != core::TokenKind::word && token.kind != core::TokenKind::quoted_identifier) continue;
                const auto it = names.find({own_schema, ascii_lower(core::identifier_value(token))});
                if (it != names.end() && it->second.name != self) found.emplace(it->first, it->second);
            }
            std::vector<core::Dependency> out;
            for (auto& [key, dependency] : found) out.push_back(dependency);
            return out;
        };
        for (auto& view : *schema.views) view.depends_on = dependencies(view.definition, view.schema, view.name);
        for (auto& trigger : *schema.triggers) trigger.depends_on = dependencies(trigger.definition, trigger.schema, "");
        for (auto& routine : *schema.routines) routine.depends_on = dependencies(routine.definition, routine.schema, "");
    }
};

}  // namespace

MysqlInspector::MysqlInspector(const core::DatabaseUrl& url) : session_(std::make_unique<Session>()) {
    Session& s = *session_;
    s.masked_url = url.masked();
    s.database = url.database;
    if (s.database.empty()) {
        Error error("the URL names no database: write mysql://user@host:port/database", ErrorKind::input);
        error.with_backend("mysql").at("connect").on(s.masked_url);
        throw error;
    }
    sql::ConnectOptionsMap options;
    const auto socket = url.query.find("socket");
    const bool use_socket = socket != url.query.end() && !socket->second.empty();
    options["hostName"] = sql::SQLString(use_socket || url.host.empty() ? "localhost" : url.host);
    if (use_socket) options["socket"] = sql::SQLString(socket->second);
    if (url.port && !use_socket) options["port"] = *url.port;
    options["userName"] = sql::SQLString(url.user.empty() ? "root" : url.user);
    std::string password;
    if (url.password) password = *url.password;
    else if (const char* env = std::getenv("MYSQL_PWD")) password = env;
    options["password"] = sql::SQLString(password);
    options["schema"] = sql::SQLString(s.database);
    // The connector's default utf8 is 3-byte and turns 4-byte characters in comments, ENUM values and defaults
    // into '?'; utf8mb4 keeps them.
    options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    options["OPT_CONNECT_TIMEOUT"] = connect_timeout_seconds;
    options["OPT_RECONNECT"] = false;
    try {
        sql::mysql::MySQL_Driver* driver = sql::mysql::get_mysql_driver_instance();
        s.connection.reset(driver->connect(options));
    } catch (const sql::SQLException& e) {
        Error error = driver_error(e, "connect", s.masked_url);
        if (e.getErrorCode() == 1049) error.kind = ErrorKind::input;  // unknown database
        throw error;
    }
    s.execute("SET NAMES utf8mb4", "connect");
    const auto rows = s.run(server, {}, {}, false);
    const Row& row = rows.at(0);
    s.dialect = contains_word(text(row[0]), "mariadb") ? core::Dialect::mariadb : core::Dialect::mysql;
    s.current_user = text(row[1]);
    s.defaults.engine = text(row[2]).empty() ? "InnoDB" : text(row[2]);
    s.defaults.innodb_row_format = ascii_upper(text(row[3]).empty() ? "dynamic" : text(row[3]));
    s.defaults.dialect = s.dialect;
    if (s.dialect == core::Dialect::mariadb) {
        const auto role = s.run(current_role, {}, {}, false);
        if (!role.empty() && role[0][0] && *role[0][0] != "NONE") s.current_role = role[0][0];
    }
}

MysqlInspector::~MysqlInspector() = default;

core::Dialect MysqlInspector::dialect() const { return session_->dialect; }

int MysqlInspector::query_count() const { return session_->query_count; }

core::Schema MysqlInspector::inspect(const Filter& filter) {
    Session& s = *session_;
    std::vector<std::string> schemas;
    for (const auto& name : filter.schemas) {
        const std::string database = name.empty() ? s.database : name;
        if (std::find(schemas.begin(), schemas.end(), database) == schemas.end()) schemas.push_back(database);
    }
    if (schemas.empty()) schemas.push_back(s.database);
    s.query_count = 0;
    // information_schema is not covered by InnoDB's snapshot, so consistency is best effort (README); the
    // read-only transaction still guarantees that nothing is written.
    s.execute("START TRANSACTION READ ONLY", "begin");
    s.report = [this](const std::string& phase, std::size_t done, std::size_t total) { report(phase, done, total); };
    try {
        core::Schema schema = SchemaBuilder(s, filter, schemas).build();
        s.report = nullptr;
        s.execute("ROLLBACK", "rollback");
        if (keep_model_) s.last = schema;
        else s.last.reset();
        return schema;
    } catch (...) {
        s.report = nullptr;
        try {
            s.execute("ROLLBACK", "rollback");
        } catch (...) {
        }
        throw;
    }
}

namespace {

// The texts of one target table that the server prints its own way: which generated expressions, expression
// defaults and checks it has that the database does not already have as written.
struct TableTexts {
    std::vector<std::size_t> generated, defaults, checks;  // indexes into columns, columns, checks
    bool empty() const { return generated.empty() && defaults.empty() && checks.empty(); }
};

std::string check_name(std::size_t k) { return "_autogen_check_" + std::to_string(k); }

// A temporary table with the target table's columns (name, type, charset, collation) and the listed texts;
// generated columns not listed keep their expression so that the listed ones may read them.
std::string temporary_table(const core::Table& table, const std::string& name, const TableTexts& texts) {
    auto listed = [](const std::vector<std::size_t>& items, std::size_t i) {
        return std::find(items.begin(), items.end(), i) != items.end();
    };
    std::string sql = "CREATE TEMPORARY TABLE " + (table.schema.empty() ? "" : quoted(table.schema) + ".") + quoted(name) + " (";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const core::Column& column = table.columns[c];
        sql += (c ? ", " : "") + quoted(column.name) + " " + column.type;
        if (column.charset) sql += " CHARACTER SET " + *column.charset;
        if (column.collation) sql += " COLLATE " + *column.collation;
        if (column.generated) sql += " AS (" + column.generated->expression + ")" + (column.generated->stored ? " STORED" : " VIRTUAL");
        else if (listed(texts.defaults, c)) sql += " DEFAULT (" + *column.default_value + ")";
    }
    for (std::size_t k : texts.checks) sql += ", CONSTRAINT " + quoted(check_name(k)) + " CHECK (" + table.checks[k].expression + ")";
    sql += ")";
    const auto& options = table.options.mysql;
    if (options.charset) sql += " DEFAULT CHARSET=" + *options.charset;
    if (options.collation) sql += " COLLATE=" + *options.collation;
    return sql;
}

// The server's spelling of the listed texts of a table, read from a temporary table (in this session only, gone
// at once: nothing is written to the database); nullopt when the server refuses the table.
std::optional<PrintedTexts> print_through_server(MysqlInspector::Session& s, const core::Table& table,
                                                 const TableTexts& texts) {
    static const std::string name = "_autogen_canonical";
    const std::string qualified = (table.schema.empty() ? "" : quoted(table.schema) + ".") + quoted(name);
    try {
        std::unique_ptr<sql::Statement> statement(s.connection->createStatement());
        statement->execute("DROP TEMPORARY TABLE IF EXISTS " + qualified);
        statement->execute(temporary_table(table, name, texts));
        std::string create;
        {
            std::unique_ptr<sql::ResultSet> result(statement->executeQuery("SHOW CREATE TABLE " + qualified));
            if (result->next()) create = std::string(result->getString(2));
        }
        statement->execute("DROP TEMPORARY TABLE IF EXISTS " + qualified);
        return printed_texts(create);
    } catch (const sql::SQLException&) {
        return std::nullopt;
    }
}

// Replaces the target's check, generated and default expressions that the database does not have as written by
// the server's own spelling of them (`length(x)` is `octet_length(`x`)`), as introspection will read them back.
void canonicalize_expressions(MysqlInspector::Session& s, core::Schema& target, const core::Schema& current) {
    if (!target.tables) return;
    const core::Dialect d = s.dialect;
    auto same = [d](const std::string& a, const std::string& b) {
        return core::normalize_expression(a, d) == core::normalize_expression(b, d);
    };
    // Looked up by name, not scanned: a scan per target table is quadratic at 10,000 tables.
    std::unordered_map<std::string, const core::Table*> current_by_name;
    auto key = [d](const std::string& schema, const std::string& name) {
        return schema + '\x1f' + core::name_key(name, d, core::NameKind::table);
    };
    if (current.tables)
        for (const auto& t : *current.tables) current_by_name.emplace(key(t.schema, t.name), &t);
    auto current_table = [&](const core::Table& table) -> const core::Table* {
        for (const auto& name : {std::optional<std::string>(table.name), table.renamed_from}) {
            if (!name) continue;
            if (auto it = current_by_name.find(key(table.schema, *name)); it != current_by_name.end()) return it->second;
        }
        return nullptr;
    };
    for (auto& table : *target.tables) {
        const core::Table* now = current_table(table);
        auto current_column = [&](const core::Column& column) -> const core::Column* {
            if (!now) return nullptr;
            for (const auto& c : now->columns)
                if (core::same_name(c.name, column.renamed_from.value_or(column.name), d, core::NameKind::column)) return &c;
            return nullptr;
        };
        // Only what the database does not have as written: a target written from introspection costs nothing.
        TableTexts texts;
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const core::Column& column = table.columns[c];
            const core::Column* before = current_column(column);
            if (column.generated) {
                if (!(before && before->generated && same(before->generated->expression, column.generated->expression)))
                    texts.generated.push_back(c);
            } else if (column.default_value && is_expression_default(*column.default_value)) {
                if (!(before && before->default_value && same(*before->default_value, *column.default_value)))
                    texts.defaults.push_back(c);
            }
        }
        for (std::size_t k = 0; k < table.checks.size(); ++k) {
            const bool known = now && std::any_of(now->checks.begin(), now->checks.end(), [&](const core::CheckConstraint& c) {
                return same(c.expression, table.checks[k].expression);
            });
            if (!known) texts.checks.push_back(k);
        }
        if (texts.empty()) continue;
        // The whole table at once; when the server refuses it (one text it cannot read, a privilege missing), each
        // text alone, so that one bad text leaves the others canonical. A text the server refuses stays as written.
        std::vector<TableTexts> attempts{texts};
        std::optional<PrintedTexts> printed = print_through_server(s, table, texts);
        if (!printed) {
            attempts.clear();
            for (std::size_t c : texts.defaults) attempts.push_back(TableTexts{{}, {c}, {}});
            for (std::size_t k : texts.checks) attempts.push_back(TableTexts{{}, {}, {k}});
            if (!texts.generated.empty()) attempts.push_back(TableTexts{texts.generated, {}, {}});
        }
        for (const auto& attempt : attempts) {
            const auto result = printed ? printed : print_through_server(s, table, attempt);
            if (!result) continue;
            for (std::size_t c : attempt.generated) {
                auto& column = table.columns[c];
                if (auto it = result->generated.find(column.name); it != result->generated.end())
                    column.generated->expression = strip_database(it->second, s.database);
            }
            for (std::size_t c : attempt.defaults) {
                auto& column = table.columns[c];
                if (auto it = result->defaults.find(column.name); it != result->defaults.end())
                    column.default_value = canonical_default(strip_database(it->second, s.database), column.type);
            }
            for (std::size_t k : attempt.checks)
                if (auto it = result->checks.find(check_name(k)); it != result->checks.end())
                    table.checks[k].expression = strip_database(it->second, s.database);
        }
    }
}

}  // namespace

void MysqlInspector::canonicalize(core::Schema& target) {
    Session& s = *session_;
    canonicalize(target, s.last ? *s.last : core::Schema{});
}

void MysqlInspector::canonicalize(core::Schema& target, const core::Schema& current) {
    Session& s = *session_;
    if (!s.defaults_loaded) {
        const std::vector<std::string> schemas{s.database};
        s.load_defaults(s.run(schemata, schemas, {}, false), s.run(collations, {}, {}, false));
    }
    canonicalize_target(target, s.defaults, &current);
    canonicalize_expressions(s, target, current);
}

}  // namespace autogen::introspect::mysql
