// The catalog queries of the SQLite inspector, as named constants; each reads the whole main schema at once.
#pragma once

namespace autogen::introspect::sqlite {

/// One catalog query: its name (used as the error location) and its SQL text.
struct Query {
    const char* name;
    const char* sql;
};

/// Every object of the main schema with the SQL text SQLite stored for it.
inline constexpr Query schema_objects{"schema_objects", R"sql(
SELECT type, name, tbl_name, sql
FROM main.sqlite_schema
WHERE type IN ('table', 'index', 'view', 'trigger')
)sql"};

/// Every table and view of the main schema with its kind (table, view, virtual, shadow) and WITHOUT ROWID / STRICT.
inline constexpr Query table_list{"table_list", R"sql(
SELECT name, type, wr, strict
FROM pragma_table_list
WHERE schema = 'main'
)sql"};

// The ordinary tables that the per-table pragmas below may be joined with. Virtual and shadow tables are
// filtered out in a MATERIALIZED CTE, before any join: the pragmas would fail on a virtual table whose module
// is not loaded. sqlite_% tables are internal.
#define AUTOGEN_SQLITE_ORDINARY_TABLES                                                 \
    "WITH ordinary AS MATERIALIZED (\n"                                                \
    "  SELECT name, schema FROM pragma_table_list\n"                                   \
    "  WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'\n" \
    ")\n"

/// The columns of every ordinary table, in cid order per table.
inline constexpr Query table_columns{"table_columns", AUTOGEN_SQLITE_ORDINARY_TABLES R"sql(
SELECT t.name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
FROM ordinary AS t
JOIN pragma_table_xinfo(t.name, t.schema) AS c
)sql"};

/// The key columns of every index of every ordinary table (origin c = CREATE INDEX, u = UNIQUE, pk = PRIMARY KEY).
inline constexpr Query index_columns{"index_columns", AUTOGEN_SQLITE_ORDINARY_TABLES R"sql(
SELECT t.name, il.name, il."unique", il.origin, il.partial, x.seqno, x.cid, x.name, x."desc", x.coll
FROM ordinary AS t
JOIN pragma_index_list(t.name, t.schema) AS il
JOIN pragma_index_xinfo(il.name, t.schema) AS x
WHERE x.key = 1
ORDER BY t.name, il.name, x.seqno
)sql"};

/// The foreign key columns of every ordinary table; "to" is NULL where the clause names no parent columns.
inline constexpr Query foreign_keys{"foreign_keys", AUTOGEN_SQLITE_ORDINARY_TABLES R"sql(
SELECT t.name, f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete
FROM ordinary AS t
JOIN pragma_foreign_key_list(t.name, t.schema) AS f
ORDER BY t.name, f.id, f.seq
)sql"};

#undef AUTOGEN_SQLITE_ORDINARY_TABLES

}  // namespace autogen::introspect::sqlite
