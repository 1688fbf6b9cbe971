#include "bench/generator.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

namespace autogen::bench {
namespace {

constexpr std::array<const char*, 24> words = {
    "customer", "order",   "invoice", "product", "shipment", "payment",  "account", "address",
    "supplier", "stock",   "employee", "team",   "project",  "task",     "ticket",  "message",
    "session",  "device",  "contract", "refund", "coupon",   "review",   "category", "ledger"};

// Columns a table may carry besides its keys; some are "free" (never in a key, index, check or view), which is
// what the perturbation drops or changes without making the target invalid.
struct PoolColumn {
    ColumnSpec spec;
    bool free = false;
};

const std::vector<PoolColumn>& optional_columns() {
    static const std::vector<PoolColumn> pool = {
        {{"amount", ColumnType::numeric, 12, 2, true, "0"}},
        {{"quantity", ColumnType::integer, 0, 0, true, "1"}},
        {{"is_active", ColumnType::boolean, 0, 0, true, "TRUE"}},
        {{"updated_at", ColumnType::timestamp, 0, 0, false, ""}, true},
        {{"deleted_at", ColumnType::timestamp, 0, 0, false, ""}},
        {{"due_date", ColumnType::date, 0, 0, false, ""}},
        {{"score", ColumnType::real, 0, 0, false, ""}},
        {{"notes", ColumnType::text, 0, 0, false, ""}, true},
        {{"payload", ColumnType::json, 0, 0, false, ""}, true},
        {{"external_id", ColumnType::uuid, 0, 0, false, ""}},
        {{"priority", ColumnType::smallint, 0, 0, true, "0"}},
        {{"email", ColumnType::varchar, 255, 0, false, ""}},
        {{"total", ColumnType::bigint, 0, 0, true, "0"}},
        {{"attachment", ColumnType::blob, 0, 0, false, ""}, true},
        {{"title", ColumnType::varchar, 200, 0, false, "''"}, true},
    };
    return pool;
}

bool has_column(const TableSpec& table, const std::string& name) {
    return std::any_of(table.columns.begin(), table.columns.end(), [&](const ColumnSpec& c) { return c.name == name; });
}

// A column name not used yet in the table: the base, else base2, base3, ...
std::string fresh_name(const TableSpec& table, const std::string& base) {
    if (!has_column(table, base)) return base;
    for (int n = 2;; ++n)
        if (!has_column(table, base + std::to_string(n))) return base + std::to_string(n);
}

std::string word_of(const std::string& table) { return table.substr(0, table.rfind('_')); }

}  // namespace

SchemaSpec generate_schema(const GeneratorOptions& options) {
    std::mt19937_64 rng(options.seed);
    auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
    SchemaSpec schema;
    schema.tables.reserve(options.tables);
    std::vector<std::size_t> keyed;      // tables with a single identity key "id", by position
    std::vector<std::size_t> composite;  // tables with a composite key
    for (std::size_t i = 0; i < options.tables; ++i) {
        TableSpec table;
        table.name = fmt::format("{}_{:05}", words[i % words.size()], i);
        const bool is_composite = i % 7 == 3 && !keyed.empty();
        if (is_composite) {
            // A line table: (parent key, line number), its first key column a foreign key to the parent.
            const std::size_t parent = keyed.back();
            const std::string column = word_of(schema.tables[parent].name) + "_id";
            table.columns.push_back({column, ColumnType::bigint, 0, 0, true, ""});
            table.columns.push_back({"line_no", ColumnType::integer, 0, 0, true, ""});
            table.primary_key = {column, "line_no"};
            table.foreign_keys.push_back({"", {column}, schema.tables[parent].name, {"id"}, "CASCADE", false});
        } else {
            table.columns.push_back({"id", ColumnType::bigint, 0, 0, true, ""});
            table.primary_key = {"id"};
            table.identity_key = true;
            if (!keyed.empty()) {
                // The FK chain: each table references one of the two previous keyed tables.
                const std::size_t parent = keyed[keyed.size() - 1 - (keyed.size() > 1 && i % 2 == 0 ? 1 : 0)];
                const std::string column = fresh_name(table, word_of(schema.tables[parent].name) + "_id");
                table.columns.push_back({column, ColumnType::bigint, 0, 0, i % 3 != 0, ""});
                table.foreign_keys.push_back({"", {column}, schema.tables[parent].name, {"id"}, i % 3 == 0 ? "" : "CASCADE", false});
                table.indexes.push_back({fmt::format("ix_{}_{}", table.name, column), false, {{column, false}}, "", ""});
            }
        }
        if (i % 5 == 0 && keyed.size() > 10) {
            // A second, optional reference further back.
            const std::size_t target = keyed[rng() % keyed.size()];
            const std::string column = fresh_name(table, word_of(schema.tables[target].name) + "_ref_id");
            table.columns.push_back({column, ColumnType::bigint, 0, 0, false, ""});
            table.foreign_keys.push_back({fmt::format("fk_{}_{}", table.name, column), {column}, schema.tables[target].name,
                                          {"id"}, "SET NULL", false});
        }
        if (i % 29 == 5 && !composite.empty()) {
            // A composite foreign key to a line table.
            const TableSpec& target = schema.tables[composite[rng() % composite.size()]];
            const std::string a = fresh_name(table, "line_parent_id");
            table.columns.push_back({a, ColumnType::bigint, 0, 0, false, ""});
            const std::string b = fresh_name(table, "line_ref_no");
            table.columns.push_back({b, ColumnType::integer, 0, 0, false, ""});
            table.foreign_keys.push_back({"", {a, b}, target.name, target.primary_key, "", false});
            table.indexes.push_back({fmt::format("ix_{}_line", table.name), false, {{a, false}, {b, false}}, "", ""});
        }
        if (i % 250 == 40 && i + 1 < options.tables && !is_composite && (i + 1) % 7 != 3) {
            // A cycle: a reference forward to the next table, whose chain reference (odd position) comes back here.
            const std::size_t forward = i + 1;
            const std::string column = fresh_name(table, "next_" + std::string(words[forward % words.size()]) + "_id");
            table.columns.push_back({column, ColumnType::bigint, 0, 0, false, ""});
            table.foreign_keys.push_back({fmt::format("fk_{}_next", table.name), {column},
                                          fmt::format("{}_{:05}", words[forward % words.size()], forward), {"id"}, "",
                                          true});
        }

        table.columns.push_back({"code", ColumnType::varchar, 32, 0, true, ""});
        table.columns.push_back({"name", ColumnType::varchar, 100, 0, true, "''"});
        table.columns.push_back({"status", ColumnType::varchar, 16, 0, true, "'new'"});
        table.columns.push_back({"created_at", ColumnType::timestamp, 0, 0, true, "CURRENT_TIMESTAMP"});
        // Fill up to 9..13 columns from the pool, in a shuffled order.
        const std::size_t wanted = 9 + rng() % 5;
        std::vector<std::size_t> order(optional_columns().size());
        for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t k = 0; k < order.size() && table.columns.size() < wanted; ++k) {
            const PoolColumn& pool = optional_columns()[order[k]];
            table.columns.push_back(pool.spec);
            if (pool.free) table.free_columns.push_back(pool.spec.name);
        }

        if (i % 3 == 0) table.unique.push_back({"code"});
        if (i % 11 == 4) table.unique.push_back({"name", "status"});
        if (has_column(table, "amount")) table.checks.push_back({"", "amount >= 0"});
        if (has_column(table, "quantity")) table.checks.push_back({fmt::format("ck_{}_quantity", table.name), "quantity > 0"});
        if (i % 4 == 1) table.checks.push_back({"", "status IN ('new', 'open', 'closed')"});

        if (i % 2 == 0)
            table.indexes.push_back({fmt::format("ix_{}_status_created", table.name), false,
                                     {{"status", false}, {"created_at", true}}, "", ""});
        if (options.partial_indexes && has_column(table, "deleted_at") && chance(40))
            table.indexes.push_back({fmt::format("ix_{}_live", table.name), false, {{"code", false}}, "", "deleted_at IS NULL"});
        if (options.expression_indexes && has_column(table, "email") && chance(50))
            table.indexes.push_back({fmt::format("ix_{}_email", table.name), false, {}, "lower(email)", ""});
        if (has_column(table, "external_id"))
            table.indexes.push_back({fmt::format("ux_{}_external_id", table.name), true, {{"external_id", false}}, "", ""});

        // Every twentieth table is a log that nothing references: the leaves a perturbation may drop or rename.
        const bool is_log = i % 20 == 13 && !is_composite;
        if (!is_log) (is_composite ? composite : keyed).push_back(i);
        schema.tables.push_back(std::move(table));
    }
    // About one view per hundred tables: a filter over a table, or a table joined with its parent.
    for (std::size_t i = 50; i < schema.tables.size(); i += 100) {
        const TableSpec& table = schema.tables[i];
        if (!table.identity_key) continue;
        ViewSpec view;
        view.name = "v_" + table.name;
        if (i % 200 == 50 && !table.foreign_keys.empty() && table.foreign_keys[0].ref_columns.size() == 1) {
            const ForeignKeySpec& fk = table.foreign_keys[0];
            view.query = fmt::format("SELECT c.id, c.code, c.status, p.code AS parent_code FROM {} AS c JOIN {} AS p "
                                     "ON p.id = c.{}",
                                     table.name, fk.table, fk.columns[0]);
        } else {
            view.query = fmt::format("SELECT id, code, status, created_at FROM {} WHERE status <> 'closed'", table.name);
        }
        schema.views.push_back(std::move(view));
    }
    return schema;
}

namespace {

std::string type_name(const ColumnSpec& column, core::Dialect dialect, bool key) {
    using core::Dialect;
    const bool pg = dialect == Dialect::postgresql;
    const bool sqlite = dialect == Dialect::sqlite;
    switch (column.type) {
        case ColumnType::integer: return sqlite ? "INTEGER" : pg ? "integer" : "int";
        case ColumnType::bigint: return sqlite ? (key ? "INTEGER" : "BIGINT") : "bigint";
        case ColumnType::smallint: return sqlite ? "SMALLINT" : "smallint";
        case ColumnType::varchar: return fmt::format("{}({})", sqlite ? "VARCHAR" : "varchar", column.length);
        case ColumnType::text: return sqlite ? "TEXT" : "text";
        case ColumnType::numeric:
            return fmt::format("{}({},{})", sqlite ? "NUMERIC" : pg ? "numeric" : "decimal", column.length, column.scale);
        case ColumnType::boolean: return sqlite ? "BOOLEAN" : "boolean";
        case ColumnType::timestamp: return sqlite ? "TIMESTAMP" : pg ? "timestamp with time zone" : "datetime";
        case ColumnType::date: return sqlite ? "DATE" : "date";
        case ColumnType::real: return sqlite ? "DOUBLE" : pg ? "double precision" : "double";
        case ColumnType::blob: return sqlite ? "BLOB" : pg ? "bytea" : "blob";
        case ColumnType::json: return sqlite ? "JSON" : pg ? "jsonb" : "json";
        case ColumnType::uuid: return sqlite ? "CHAR(36)" : "uuid";
    }
    throw std::logic_error("unknown column type");
}

std::string column_sql(const TableSpec& table, const ColumnSpec& column, core::Dialect dialect) {
    const bool identity = table.identity_key && column.name == "id";
    std::string out = "    " + column.name + " " + type_name(column, dialect, identity);
    if (identity) {
        switch (dialect) {
            case core::Dialect::sqlite: return out + " PRIMARY KEY";
            case core::Dialect::postgresql: return out + " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
            default: return out + " NOT NULL AUTO_INCREMENT PRIMARY KEY";
        }
    }
    if (column.not_null) out += " NOT NULL";
    if (!column.default_value.empty()) out += " DEFAULT " + column.default_value;
    return out;
}

std::string joined(const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); }

std::string foreign_key_sql(const ForeignKeySpec& fk) {
    std::string out = fk.name.empty() ? "" : "CONSTRAINT " + fk.name + " ";
    out += fmt::format("FOREIGN KEY ({}) REFERENCES {} ({})", joined(fk.columns), fk.table, joined(fk.ref_columns));
    if (!fk.on_delete.empty()) out += " ON DELETE " + fk.on_delete;
    return out;
}

}  // namespace

std::vector<std::string> ddl_statements(const SchemaSpec& schema, core::Dialect dialect) {
    const bool sqlite = dialect == core::Dialect::sqlite;
    const bool mariadb = core::is_mysql_family(dialect);
    std::vector<std::string> out;
    std::vector<std::string> late;  // foreign keys that close cycles, added once every table exists
    for (const TableSpec& table : schema.tables) {
        std::vector<std::string> lines;
        for (const ColumnSpec& column : table.columns) lines.push_back(column_sql(table, column, dialect));
        if (!table.identity_key) lines.push_back("    PRIMARY KEY (" + joined(table.primary_key) + ")");
        for (const auto& unique : table.unique) lines.push_back("    UNIQUE (" + joined(unique) + ")");
        for (const CheckSpec& check : table.checks)
            lines.push_back("    " + (check.name.empty() ? "" : "CONSTRAINT " + check.name + " ") + "CHECK (" +
                            check.expression + ")");
        for (const ForeignKeySpec& fk : table.foreign_keys) {
            if (fk.after_tables && !sqlite) late.push_back("ALTER TABLE " + table.name + " ADD " + foreign_key_sql(fk) + ";");
            else lines.push_back("    " + foreign_key_sql(fk));
        }
        // MariaDB: indexes inside CREATE TABLE. Each CREATE INDEX is an ALTER TABLE there, and a separate
        // statement per index made loading 10,000 tables take most of an hour; the schema is the same.
        std::vector<std::string> statements;
        for (const IndexSpec& index : table.indexes) {
            std::vector<std::string> keys;
            for (const auto& [column, desc] : index.keys) keys.push_back(column + (desc ? " DESC" : ""));
            if (!index.expression.empty()) keys.push_back(index.expression);
            if (mariadb) {
                lines.push_back(fmt::format("    {}INDEX {} ({})", index.unique ? "UNIQUE " : "", index.name, joined(keys)));
                continue;
            }
            std::string sql = fmt::format("CREATE {}INDEX {} ON {} ({})", index.unique ? "UNIQUE " : "", index.name,
                                          table.name, joined(keys));
            if (!index.where.empty()) sql += " WHERE " + index.where;
            statements.push_back(sql + ";");
        }
        out.push_back("CREATE TABLE " + table.name + " (\n" + fmt::format("{}", fmt::join(lines, ",\n")) + "\n);");
        out.insert(out.end(), statements.begin(), statements.end());
    }
    out.insert(out.end(), late.begin(), late.end());
    for (const ViewSpec& view : schema.views) out.push_back("CREATE VIEW " + view.name + " AS " + view.query + ";");
    return out;
}

}  // namespace autogen::bench
