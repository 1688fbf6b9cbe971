// A deterministic generator of realistic schemas of N tables, written as DDL for one dialect.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace autogen::bench {

/// A column's logical type; each dialect spells it in its own DDL.
enum class ColumnType { integer, bigint, smallint, varchar, text, numeric, boolean, timestamp, date, real, blob, json, uuid };

/// One generated column; `default_value` is a portable literal ("0", "'new'", "TRUE", "CURRENT_TIMESTAMP") or "".
struct ColumnSpec {
    std::string name;
    ColumnType type = ColumnType::integer;
    int length = 0;  // varchar length, numeric precision
    int scale = 0;   // numeric scale
    bool not_null = false;
    std::string default_value;
};

/// A foreign key; `after_tables` means it is added by ALTER TABLE once every table exists (cycles).
struct ForeignKeySpec {
    std::string name;  // empty: unnamed
    std::vector<std::string> columns;
    std::string table;
    std::vector<std::string> ref_columns;
    std::string on_delete;  // "" or "CASCADE", "SET NULL"
    bool after_tables = false;
};

/// An index: plain column keys (with DESC), one expression key, or a partial index.
struct IndexSpec {
    std::string name;
    bool unique = false;
    std::vector<std::pair<std::string, bool>> keys;  // column, descending
    std::string expression;                          // a lower(...) key instead of columns
    std::string where;                               // partial index predicate
};

/// A check constraint, named or not.
struct CheckSpec {
    std::string name;
    std::string expression;
};

/// One generated table.
struct TableSpec {
    std::string name;
    std::vector<ColumnSpec> columns;
    std::vector<std::string> primary_key;
    bool identity_key = false;  // a single generated integer key column "id"
    std::vector<ForeignKeySpec> foreign_keys;
    std::vector<std::vector<std::string>> unique;
    std::vector<CheckSpec> checks;
    std::vector<IndexSpec> indexes;
    std::vector<std::string> free_columns;  // nullable columns no key, index, check or view uses
};

/// A view over one table, or over a table joined with its parent.
struct ViewSpec {
    std::string name;
    std::string query;
};

/// A whole generated schema.
struct SchemaSpec {
    std::vector<TableSpec> tables;
    std::vector<ViewSpec> views;
};

/// Options of the generator; the same options and seed always give the same schema.
struct GeneratorOptions {
    std::size_t tables = 100;
    std::uint64_t seed = 20240607;
    bool partial_indexes = true;     // false for MariaDB, which has none
    bool expression_indexes = true;  // false for MariaDB
};

/// Generates N tables of ~11 columns with composite keys, FK chains and a few cycles, unique, check, composite,
/// partial and expression indexes, defaults, and about one view per hundred tables.
SchemaSpec generate_schema(const GeneratorOptions& options);

/// The DDL statements (each ending in ';') that create `schema` on an empty database of `dialect`.
std::vector<std::string> ddl_statements(const SchemaSpec& schema, core::Dialect dialect);

}  // namespace autogen::bench
