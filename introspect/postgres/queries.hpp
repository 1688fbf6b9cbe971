// The catalog queries of the PostgreSQL inspector, as named constants; each reads one object kind for every table.
#pragma once

namespace autogen::introspect::postgres {

/// One catalog query: its name (used as the error location) and its SQL text.
struct Query {
    const char* name;
    const char* sql;
};

// Every query reads its filter from transaction-local settings that `setup` writes, so that the texts stay
// constant (and can be pipelined) whatever the filter:
//   autogen.schemas    text[] of schema names to read; '{}' means every user schema
//   autogen.exclude    text[] of LIKE patterns matched against "name" and "schema.name"
//   autogen.temp_only  'on' to read only this session's temporary schema (canonicalization)
// JIT is off: compiling these large plans took longer than running them (4-7 s per query at 10,000 tables), and
// work_mem is raised so that sorting the rows of 10,000 tables stays in memory.
// search_path is pg_catalog, public, so that format_type and pg_get_expr print objects of the default schema
// unqualified and every other schema's objects qualified, whatever the user's search_path says.

/// Sets the filter and search_path for the transaction ($1 schemas, $2 exclusion patterns, $3 temp_only); its 7th
/// column counts the database's user tables (relations with an OID past the bootstrap ones), up to 100 only, so
/// that the count costs nothing at 10,000 tables.
inline constexpr Query setup{"setup", R"sql(
SELECT set_config('search_path', 'pg_catalog, public', true),
       set_config('jit', 'off', true),
       set_config('work_mem', '64MB', true),
       set_config('autogen.schemas', $1, true),
       set_config('autogen.exclude', $2, true),
       set_config('autogen.temp_only', $3, true),
       (SELECT count(*) FROM (SELECT FROM pg_catalog.pg_class c
                              WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p') LIMIT 100) AS user_tables)
)sql"};

/// The column of `setup` that holds the (capped) count of user tables.
inline constexpr int setup_user_tables_column = 6;

/// The same settings for the canonicalization session: only this session's temporary schema is read.
/// The planner cannot know that the temporary schema holds a handful of relations (the `rel` CTE is estimated
/// as for the whole catalog), so it hashes all of pg_attribute, pg_index and pg_constraint to join a few rows;
/// without hash and merge joins it probes the catalogs' indexes for just those rows (4x faster at 1,000 tables).
inline constexpr Query setup_temp{"setup", R"sql(
SELECT set_config('search_path', 'pg_catalog, public', true),
       set_config('jit', 'off', true),
       set_config('enable_hashjoin', 'off', true),
       set_config('enable_mergejoin', 'off', true),
       set_config('work_mem', '64MB', true),
       set_config('autogen.schemas', '{}', true),
       set_config('autogen.exclude', '{}', true),
       set_config('autogen.temp_only', 'on', true)
)sql"};

// The schemas read: user schemas (or this session's temporary schema) that pass the filter.
#define AUTOGEN_PG_SCHEMAS                                                                                   \
    "ns AS MATERIALIZED (\n"                                                                                 \
    "  SELECT n.oid, n.nspname, CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname END AS schema\n"      \
    "  FROM pg_catalog.pg_namespace n\n"                                                                     \
    "  WHERE CASE WHEN current_setting('autogen.temp_only') = 'on' THEN n.oid = pg_catalog.pg_my_temp_schema()\n" \
    "        ELSE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')\n"                       \
    "         AND n.nspname !~ '^pg_(toast_)?temp_'\n"                                                       \
    "         AND (pg_catalog.cardinality(current_setting('autogen.schemas')::text[]) = 0\n"                 \
    "              OR n.nspname = ANY (current_setting('autogen.schemas')::text[]))\n"                       \
    "         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_namespace'::regclass\n" \
    "                         AND d.objid = n.oid AND d.deptype = 'e') END\n"                                \
    ")"

// Extension members are found from the extension's side (refclassid = pg_extension, deptype e): pg_depend's
// index on the referenced object then reads only them, where a condition on the member alone scans all of pg_depend.
// The relations read: tables (partitions included), views and materialized views of those schemas, not extension
// members, not the engine's bookkeeping tables, not excluded by the filter.
#define AUTOGEN_PG_TABLES                                                                                    \
    "rel AS MATERIALIZED (\n"                                                                                \
    "  SELECT c.oid, c.relname, c.relkind, c.relpersistence, n.schema, c.relispartition, c.relpartbound\n"  \
    "  FROM pg_catalog.pg_class c JOIN ns n ON n.oid = c.relnamespace\n"                                     \
    "  WHERE c.relkind IN ('r', 'p', 'v', 'm')\n"                                                           \
    "    AND c.relname NOT IN ('autogen_version', 'alembic_version', 'schema_migrations')\n"                 \
    "    AND c.relname NOT LIKE 'sqlite\\_%'\n"                                                              \
    "    AND NOT (c.relname LIKE ANY (current_setting('autogen.exclude')::text[])\n"                        \
    "             OR n.nspname || '.' || c.relname LIKE ANY (current_setting('autogen.exclude')::text[]))\n" \
    "    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass\n" \
    "                    AND d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')\n" \
    ")"

/// Non-default schemas.
inline constexpr Query schemas{"schemas", "WITH " AUTOGEN_PG_SCHEMAS R"sql(
SELECT n.schema FROM ns n WHERE n.schema <> '' ORDER BY 1
)sql"};

/// Tables: UNLOGGED, comment, partition key; for a partition its parent (schema '' for public) and bound.
inline constexpr Query tables{"tables", "WITH " AUTOGEN_PG_SCHEMAS ", " AUTOGEN_PG_TABLES R"sql(
SELECT c.oid, c.schema, c.relname, c.relpersistence = 'u',
       dc.description,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
       CASE WHEN pn.nspname = 'public' THEN '' ELSE pn.nspname END, p.relname,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END
FROM rel c
LEFT JOIN pg_catalog.pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
LEFT JOIN pg_catalog.pg_description dc ON dc.objoid = c.oid AND dc.classoid = 'pg_catalog.pg_class'::regclass AND dc.objsubid = 0
WHERE c.relkind IN ('r', 'p')
ORDER BY c.schema, c.relname
)sql"};

/// Columns in table order. `serial_seq` is the sequence of a serial column: one the column owns (OWNED BY)
/// whose nextval is exactly the column's default, on an integer column, and no other column's default uses (a
/// shared sequence stays a sequence of the model, so that the other defaults have it to name).
/// A default cannot name a column, so it is printed without its table: pg_get_expr with a table opens it, and
/// building the server's cache entry of every table costs more than the rest of the query together. A
/// generated expression names columns and is printed against its table.
inline constexpr Query columns{"columns", "WITH " AUTOGEN_PG_SCHEMAS ", " AUTOGEN_PG_TABLES R"sql(
SELECT a.attrelid, a.attnum, a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod),
       a.attnotnull,
       pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END),
       a.attidentity,
       a.attgenerated,
       CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN
         CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace OR cn.nspname = 'public'
              THEN co.collname ELSE cn.nspname || '.' || co.collname END END,
       dc.description,
       (SELECT s.oid FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
        WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
          AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'a'
          AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
          AND a.attgenerated = '' AND pg_catalog.pg_get_expr(ad.adbin, 0)
              = 'nextval(' || pg_catalog.quote_literal(s.oid::regclass::text) || '::regclass)'
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d2
                          JOIN pg_catalog.pg_attrdef ad2 ON d2.classid = 'pg_catalog.pg_attrdef'::regclass AND d2.objid = ad2.oid
                          WHERE d2.refclassid = 'pg_catalog.pg_class'::regclass AND d2.refobjid = s.oid AND ad2.oid <> ad.oid)
        LIMIT 1) AS serial_seq
FROM rel c
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_catalog.pg_description dc ON dc.objoid = a.attrelid AND dc.classoid = 'pg_catalog.pg_class'::regclass
     AND dc.objsubid = a.attnum
ORDER BY a.attrelid, a.attnum
)sql"};

/// Table constraints (primary key, unique, foreign key, check, exclusion) and domain checks, with column names
/// in key order. Constraints cloned for partitions (conparentid) are left out: the parent's one says it all.
inline constexpr Query constraints{"constraints", "WITH " AUTOGEN_PG_SCHEMAS ", " AUTOGEN_PG_TABLES R"sql(
SELECT con.conrelid, con.contypid, con.conname, con.contype,
       ARRAY(SELECT a.attname FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
       fn.nspname, fc.relname,
       ARRAY(SELECT a.attname FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
       con.confupdtype, con.confdeltype, con.confmatchtype,
       con.condeferrable, con.condeferred, con.convalidated,
       CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END,
       CASE WHEN con.contype = 'x' THEN pg_catalog.pg_get_constraintdef(con.oid) END,
       coalesce(ix.indnullsnotdistinct, false),
       con.coninhcount
FROM (
  SELECT k.* FROM pg_catalog.pg_constraint k JOIN rel c ON c.oid = k.conrelid
  WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND k.conparentid = 0
  UNION ALL
  SELECT k.* FROM pg_catalog.pg_constraint k
  JOIN pg_catalog.pg_type ty ON ty.oid = k.contypid JOIN ns tn ON tn.oid = ty.typnamespace
  WHERE k.contype = 'c'
) con
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_catalog.pg_index ix ON ix.indexrelid = con.conindid AND con.contype IN ('u', 'p')
ORDER BY con.conrelid, con.contypid, con.conname
)sql"};

/// Index keys of tables and materialized views, one row per key (INCLUDE columns after the keys), for indexes that
/// back no constraint. Texts are
/// printed without pretty-printing, as pg_dump does: the pretty form drops parentheses that a cast needs.
/// The opclass is given only when it is not the default for the key's type; the collation only when it is not
/// the key's own (the column's, or the type's for an expression).
inline constexpr Query indexes{"indexes", "WITH " AUTOGEN_PG_SCHEMAS ", " AUTOGEN_PG_TABLES R"sql(
SELECT i.indrelid, ic.relname, i.indisunique, am.amname, i.indnkeyatts, k.n,
       i.indkey[k.n - 1], ta.attname,
       CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n, false) END,
       i.indoption[k.n - 1],
       CASE WHEN k.n <= i.indnkeyatts AND NOT opc.opcdefault THEN
         CASE WHEN opc.opcnamespace = 'pg_catalog'::regnamespace OR opn.nspname = 'public'
              THEN opc.opcname ELSE opn.nspname || '.' || opc.opcname END END,
       CASE WHEN k.n <= i.indnkeyatts AND i.indcollation[k.n - 1] <> 0
                 AND i.indcollation[k.n - 1] <> coalesce(ta.attcollation, kt.typcollation) THEN
         CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace OR cn.nspname = 'public'
              THEN co.collname ELSE cn.nspname || '.' || co.collname END END,
       CASE WHEN i.indpred IS NOT NULL THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid) END,
       i.indnullsnotdistinct,
       dc.description
FROM pg_catalog.pg_index i
JOIN rel c ON c.oid = i.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnatts) k(n)
JOIN pg_catalog.pg_attribute ka ON ka.attrelid = i.indexrelid AND ka.attnum = k.n
JOIN pg_catalog.pg_type kt ON kt.oid = ka.atttypid
LEFT JOIN pg_catalog.pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] > 0
LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k.n - 1]
LEFT JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace
LEFT JOIN pg_catalog.pg_collation co ON co.oid = i.indcollation[k.n - 1]
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_catalog.pg_description dc ON dc.objoid = i.indexrelid AND dc.classoid = 'pg_catalog.pg_class'::regclass
     AND dc.objsubid = 0
WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k2 WHERE k2.conindid = i.indexrelid
                    AND k2.conrelid = i.indrelid AND k2.contype IN ('p', 'u', 'x'))
  -- A partition's index that belongs to its parent's partitioned index is the parent's, not repeated.
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)
ORDER BY i.indrelid, ic.relname, k.n
)sql"};

/// Sequences with their options and their owner: `deptype` a (OWNED BY, serial) or i (identity column).
inline constexpr Query sequences{"sequences", "WITH " AUTOGEN_PG_SCHEMAS R"sql(
SELECT s.oid, n.schema, s.relname, pg_catalog.format_type(q.seqtypid, NULL),
       q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle,
       d.deptype, d.refobjid, CASE WHEN tn.nspname = 'public' THEN '' ELSE tn.nspname END, t.relname, ta.attname
FROM pg_catalog.pg_class s
JOIN ns n ON n.oid = s.relnamespace
JOIN pg_catalog.pg_sequence q ON q.seqrelid = s.oid
LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid
     AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
LEFT JOIN pg_catalog.pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
WHERE s.relkind = 'S'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.refclassid = 'pg_catalog.pg_extension'::regclass
                  AND e.classid = 'pg_catalog.pg_class'::regclass
                  AND e.objid = s.oid AND e.deptype = 'e')
ORDER BY n.schema, s.relname
)sql"};

/// Enums with their values in sort order.
inline constexpr Query enums{"enums", "WITH " AUTOGEN_PG_SCHEMAS R"sql(
SELECT n.schema, t.typname,
       coalesce(pg_catalog.array_agg(e.enumlabel ORDER BY e.enumsortorder) FILTER (WHERE e.oid IS NOT NULL), '{}')
FROM pg_catalog.pg_type t
JOIN ns n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
                  AND d.classid = 'pg_catalog.pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
GROUP BY n.schema, t.typname
ORDER BY n.schema, t.typname
)sql"};

/// Domains: base type, NOT NULL, default and collation (their checks come with the constraints).
inline constexpr Query domains{"domains", "WITH " AUTOGEN_PG_SCHEMAS R"sql(
SELECT t.oid, n.schema, t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0),
       CASE WHEN t.typcollation <> bt.typcollation AND t.typcollation <> 0 THEN
         CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace OR cn.nspname = 'public'
              THEN co.collname ELSE cn.nspname || '.' || co.collname END END
FROM pg_catalog.pg_type t
JOIN ns n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE t.typtype = 'd'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
                  AND d.classid = 'pg_catalog.pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY n.schema, t.typname
)sql"};

/// Extensions with their versions; plpgsql, which every database has from its template, is left out.
inline constexpr Query extensions{"extensions", "WITH " AUTOGEN_PG_SCHEMAS R"sql(
SELECT n.schema, e.extname, e.extversion
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace en ON en.oid = e.extnamespace
LEFT JOIN ns n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' AND current_setting('autogen.temp_only') <> 'on'
  AND (n.oid IS NOT NULL OR en.nspname = 'pg_catalog')
ORDER BY e.extname
)sql"};

/// Views and materialized views with their definitions as the server prints them.
inline constexpr Query views{"views", "WITH " AUTOGEN_PG_SCHEMAS ", " AUTOGEN_PG_TABLES R"sql(
SELECT c.oid, c.schema, c.relname, c.relkind = 'm', pg_catalog.pg_get_viewdef(c.oid, false),
       pg_catalog.obj_description(c.oid, 'pg_class')
FROM rel c
WHERE c.relkind IN ('v', 'm')
ORDER BY c.schema, c.relname
)sql"};

/// Functions, procedures and plain aggregates with their identity arguments and full definition. The server has
/// no pg_get_functiondef for aggregates: their CREATE AGGREGATE is written from pg_aggregate (support functions,
/// state type, initial value, sort operator, parallel safety); ordered-set aggregates are not read.
inline constexpr Query routines{"routines", "WITH " AUTOGEN_PG_SCHEMAS R"sql(
SELECT p.oid, n.schema, p.proname,
       CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
       '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
       CASE WHEN p.prokind = 'a' THEN
         'CREATE AGGREGATE ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) ||
         '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ') (SFUNC = ' || a.aggtransfn::regproc::text ||
         ', STYPE = ' || pg_catalog.format_type(a.aggtranstype, NULL) ||
         CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::regproc::text ELSE '' END ||
         CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::regproc::text ELSE '' END ||
         CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || pg_catalog.quote_literal(a.agginitval) ELSE '' END ||
         CASE WHEN a.aggsortop <> 0 THEN ', SORTOP = OPERATOR(' || a.aggsortop::regoperator::text || ')' ELSE '' END ||
         CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END || ')'
       ELSE pg_catalog.pg_get_functiondef(p.oid) END
FROM pg_catalog.pg_proc p
JOIN ns n ON n.oid = p.pronamespace
LEFT JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
WHERE (p.prokind IN ('f', 'p') OR (p.prokind = 'a' AND a.aggkind = 'n'))
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass
                  AND d.classid = 'pg_catalog.pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY n.schema, p.proname, 5
)sql"};

/// User triggers of the relations read (not the internal ones of foreign keys, not clones on partitions).
inline constexpr Query triggers{"triggers", "WITH " AUTOGEN_PG_SCHEMAS ", " AUTOGEN_PG_TABLES R"sql(
SELECT g.oid, c.schema, c.relname, g.tgname, pg_catalog.pg_get_triggerdef(g.oid, false)
FROM pg_catalog.pg_trigger g
JOIN rel c ON c.oid = g.tgrelid
WHERE NOT g.tgisinternal AND g.tgparentid = 0
ORDER BY c.schema, c.relname, g.tgname
)sql"};

/// What views (through their rewrite rule), triggers and routines depend on: relations, routines, enums and
/// domains, from pg_depend. The dependent is named by its kind and oid.
inline constexpr Query dependencies{"dependencies", "WITH " AUTOGEN_PG_SCHEMAS ", " AUTOGEN_PG_TABLES R"sql(,
dependent AS MATERIALIZED (
  SELECT 'view' AS kind, r.ev_class AS oid, d.refclassid, d.refobjid
  FROM pg_catalog.pg_rewrite r
  JOIN rel c ON c.oid = r.ev_class AND c.relkind IN ('v', 'm')
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid AND d.deptype = 'n'
  WHERE d.refobjid <> r.ev_class
  UNION
  SELECT 'trigger', g.oid, 'pg_catalog.pg_proc'::regclass, g.tgfoid
  FROM pg_catalog.pg_trigger g JOIN rel c ON c.oid = g.tgrelid
  WHERE NOT g.tgisinternal AND g.tgparentid = 0
  UNION
  SELECT 'routine', p.oid, d.refclassid, d.refobjid
  FROM pg_catalog.pg_proc p JOIN ns n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'n'
  WHERE p.prokind IN ('f', 'p', 'a')
)
SELECT x.kind, x.oid,
       CASE WHEN x.refclassid = 'pg_catalog.pg_class'::regclass THEN
              CASE WHEN rc.relkind IN ('v', 'm') THEN 'view' WHEN rc.relkind = 'S' THEN 'sequence' ELSE 'table' END
            WHEN x.refclassid = 'pg_catalog.pg_proc'::regclass THEN 'routine'
            WHEN rt.typtype = 'e' THEN 'enum' WHEN rt.typtype = 'c' THEN 'table' ELSE 'domain' END,
       CASE WHEN coalesce(rcn.nspname, rpn.nspname, rtn.nspname) = 'public' THEN ''
            ELSE coalesce(rcn.nspname, rpn.nspname, rtn.nspname) END,
       coalesce(rc.relname, rp.proname, rt.typname)
FROM dependent x
LEFT JOIN pg_catalog.pg_class rc ON x.refclassid = 'pg_catalog.pg_class'::regclass AND rc.oid = x.refobjid
LEFT JOIN pg_catalog.pg_namespace rcn ON rcn.oid = rc.relnamespace
LEFT JOIN pg_catalog.pg_proc rp ON x.refclassid = 'pg_catalog.pg_proc'::regclass AND rp.oid = x.refobjid
LEFT JOIN pg_catalog.pg_namespace rpn ON rpn.oid = rp.pronamespace
LEFT JOIN pg_catalog.pg_type rt ON x.refclassid = 'pg_catalog.pg_type'::regclass AND rt.oid = x.refobjid
LEFT JOIN pg_catalog.pg_namespace rtn ON rtn.oid = rt.typnamespace
WHERE (rc.oid IS NOT NULL AND rc.relkind IN ('r', 'p', 'v', 'm', 'S'))
   OR (rp.oid IS NOT NULL)
   OR (rt.oid IS NOT NULL AND rt.typtype IN ('e', 'd'))
   OR (rt.oid IS NOT NULL AND rt.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_catalog.pg_class t WHERE t.oid = rt.typrelid
                                                           AND t.relkind IN ('r', 'p')))
ORDER BY 1, 2, 3, 4, 5
)sql"};

/// How many objects of each kind the model does not hold exist, per schema, extension members left out; also
/// table, column and index attributes the model does not hold (storage parameters, row security, ...).
inline constexpr Query not_compared{"not_compared", "WITH " AUTOGEN_PG_SCHEMAS ", " AUTOGEN_PG_TABLES R"sql(,
member AS MATERIALIZED (
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend d
  WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
)
SELECT x.kind, x.schema, count(*)
FROM (
  SELECT CASE c.relkind WHEN 'f' THEN 'foreign_table' ELSE 'composite_type' END AS kind, n.schema
  FROM pg_catalog.pg_class c JOIN ns n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('f', 'c')
    AND NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_class'::regclass AND m.objid = c.oid)
    AND NOT (c.relkind = 'c' AND EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN member m
             ON m.classid = 'pg_catalog.pg_type'::regclass AND m.objid = t.oid WHERE t.typrelid = c.oid))
  UNION ALL
  SELECT CASE t.typtype WHEN 'r' THEN 'range_type' ELSE 'base_type' END, n.schema
  FROM pg_catalog.pg_type t JOIN ns n ON n.oid = t.typnamespace
  WHERE (t.typtype = 'r' OR (t.typtype = 'b' AND t.typcategory <> 'A'))
    AND NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_type'::regclass AND m.objid = t.oid)
  UNION ALL
  SELECT CASE p.prokind WHEN 'a' THEN 'ordered_set_aggregate' ELSE 'window_function' END, n.schema
  FROM pg_catalog.pg_proc p JOIN ns n ON n.oid = p.pronamespace
  LEFT JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
  WHERE (p.prokind = 'w' OR (p.prokind = 'a' AND a.aggkind <> 'n'))
    AND NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_proc'::regclass AND m.objid = p.oid)
  UNION ALL
  SELECT 'policy', c.schema FROM pg_catalog.pg_policy p JOIN rel c ON c.oid = p.polrelid
  UNION ALL
  SELECT 'rule', c.schema FROM pg_catalog.pg_rewrite r JOIN rel c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN'
  UNION ALL
  SELECT 'operator', n.schema FROM pg_catalog.pg_operator o JOIN ns n ON n.oid = o.oprnamespace
  WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_operator'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'operator_class', n.schema FROM pg_catalog.pg_opclass o JOIN ns n ON n.oid = o.opcnamespace
  WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_opclass'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'operator_family', n.schema FROM pg_catalog.pg_opfamily o JOIN ns n ON n.oid = o.opfnamespace
  WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_opfamily'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'collation', n.schema FROM pg_catalog.pg_collation o JOIN ns n ON n.oid = o.collnamespace
  WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_collation'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'conversion', n.schema FROM pg_catalog.pg_conversion o JOIN ns n ON n.oid = o.connamespace
  WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_conversion'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'statistics', n.schema FROM pg_catalog.pg_statistic_ext o JOIN ns n ON n.oid = o.stxnamespace
  UNION ALL
  SELECT 'text_search_configuration', n.schema FROM pg_catalog.pg_ts_config o JOIN ns n ON n.oid = o.cfgnamespace
  WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_ts_config'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'text_search_dictionary', n.schema FROM pg_catalog.pg_ts_dict o JOIN ns n ON n.oid = o.dictnamespace
  WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_ts_dict'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'text_search_parser', n.schema FROM pg_catalog.pg_ts_parser o JOIN ns n ON n.oid = o.prsnamespace
  WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_ts_parser'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'text_search_template', n.schema FROM pg_catalog.pg_ts_template o JOIN ns n ON n.oid = o.tmplnamespace
  WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_ts_template'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'table_option', c.schema FROM rel c JOIN pg_catalog.pg_class t ON t.oid = c.oid
  WHERE c.relkind IN ('r', 'p') AND t.reloptions IS NOT NULL OR t.relrowsecurity OR t.relforcerowsecurity OR t.relreplident NOT IN ('d', 'n')
     OR t.reltablespace <> 0 OR t.reloftype <> 0
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid AND NOT c.relispartition)
  UNION ALL
  SELECT 'column_option', c.schema FROM rel c
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  WHERE a.attoptions IS NOT NULL OR a.attstattarget >= 0 OR a.attstorage <> t.typstorage OR a.attcompression <> ''
  UNION ALL
  SELECT 'index_option', c.schema FROM pg_catalog.pg_index i JOIN rel c ON c.oid = i.indrelid
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  WHERE ic.reloptions IS NOT NULL OR ic.reltablespace <> 0 OR i.indisclustered OR NOT i.indisvalid
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = i.indexrelid AND a.attoptions IS NOT NULL)
  UNION ALL
  SELECT 'grant', c.schema FROM rel c JOIN pg_catalog.pg_class t ON t.oid = c.oid WHERE t.relacl IS NOT NULL
  UNION ALL
  SELECT 'comment', n.schema FROM pg_catalog.pg_description d
  JOIN pg_catalog.pg_constraint o ON d.classoid = 'pg_catalog.pg_constraint'::regclass AND d.objoid = o.oid
  JOIN ns n ON n.oid = o.connamespace
  UNION ALL
  SELECT 'comment', n.schema FROM pg_catalog.pg_description d
  JOIN pg_catalog.pg_type o ON d.classoid = 'pg_catalog.pg_type'::regclass AND d.objoid = o.oid
  JOIN ns n ON n.oid = o.typnamespace
  UNION ALL
  SELECT 'comment', n.schema FROM pg_catalog.pg_description d
  JOIN pg_catalog.pg_class o ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = o.oid AND o.relkind = 'S'
  JOIN ns n ON n.oid = o.relnamespace
  UNION ALL
  SELECT 'event_trigger', '' FROM pg_catalog.pg_event_trigger o
  WHERE current_setting('autogen.temp_only') <> 'on'
    AND NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_event_trigger'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'publication', '' FROM pg_catalog.pg_publication o WHERE current_setting('autogen.temp_only') <> 'on'
  UNION ALL
  SELECT 'cast', '' FROM pg_catalog.pg_cast o WHERE o.oid >= 16384 AND current_setting('autogen.temp_only') <> 'on'
    AND NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_cast'::regclass AND m.objid = o.oid)
  UNION ALL
  SELECT 'foreign_server', '' FROM pg_catalog.pg_foreign_server o WHERE current_setting('autogen.temp_only') <> 'on'
    AND NOT EXISTS (SELECT 1 FROM member m WHERE m.classid = 'pg_catalog.pg_foreign_server'::regclass AND m.objid = o.oid)
) x
GROUP BY x.kind, x.schema
ORDER BY x.kind, x.schema
)sql"};

#undef AUTOGEN_PG_SCHEMAS
#undef AUTOGEN_PG_TABLES

}  // namespace autogen::introspect::postgres
