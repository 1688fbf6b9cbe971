// The catalog queries of the SQLite inspector, as named constants; each reads the whole main schema at once.
#pragma once

namespace autogen::introspect::sqlite {

/// One catalog query: its name (used as the error location) and its SQL text.
struct Query {
    const char* name;
    const char* sql;
};

/// Every object of the main schema with the SQL text SQLite stored for it; rootpage is 0 for virtual tables.
inline constexpr Query schema_objects{"schema_objects", R"sql(
SELECT type, name, tbl_name, rootpage, sql
FROM main.sqlite_schema
WHERE type IN ('table', 'index', 'view', 'trigger')
)sql"};

// The tables that the per-table pragmas below are joined with: real b-trees only. Virtual tables (rootpage 0)
// are filtered out in a MATERIALIZED CTE, before any join, because the pragmas fail on a virtual table whose
// module is not loaded. sqlite_% tables are internal. pragma_table_list is not used: in SQLite 3.40 its cost
// grows with tables x views. The schema argument of the pragmas is the literal 'main': a CTE column there
// makes pragma_index_xinfo return no rows.
#define AUTOGEN_SQLITE_ORDINARY_TABLES                                                          \
    "WITH ordinary AS MATERIALIZED (\n"                                                         \
    "  SELECT name FROM main.sqlite_schema\n"                                                   \
    "  WHERE type = 'table' AND rootpage <> 0 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'\n"     \
    ")\n"

/// The columns of every ordinary table, in cid order per table. The declared type comes from the CREATE TABLE
/// parser instead: this pragma garbles quoted type names.
inline constexpr Query table_columns{"table_columns", AUTOGEN_SQLITE_ORDINARY_TABLES R"sql(
SELECT t.name, c.cid, c.name, c."notnull", c.dflt_value, c.pk, c.hidden
FROM ordinary AS t
JOIN pragma_table_xinfo(t.name, 'main') AS c
)sql"};

/// The key columns of every index of every ordinary table (origin c = CREATE INDEX, u = UNIQUE, pk = PRIMARY KEY).
inline constexpr Query index_columns{"index_columns", AUTOGEN_SQLITE_ORDINARY_TABLES R"sql(
SELECT t.name, il.name, il."unique", il.origin, il.partial, x.seqno, x.cid, x.name, x."desc", x.coll
FROM ordinary AS t
JOIN pragma_index_list(t.name, 'main') AS il
JOIN pragma_index_xinfo(il.name, 'main') AS x
WHERE x.key = 1
)sql"};

/// The foreign key columns of every ordinary table; "to" is NULL where the clause names no parent columns.
inline constexpr Query foreign_keys{"foreign_keys", AUTOGEN_SQLITE_ORDINARY_TABLES R"sql(
SELECT t.name, f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete
FROM ordinary AS t
JOIN pragma_foreign_key_list(t.name, 'main') AS f
)sql"};

#undef AUTOGEN_SQLITE_ORDINARY_TABLES

}  // namespace autogen::introspect::sqlite
