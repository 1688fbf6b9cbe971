// The catalog queries of the MySQL/MariaDB inspector, as named constants; each reads all inspected databases at once.
#pragma once

namespace autogen::introspect::mysql {

/// One catalog query: its name (used as the error location) and its SQL text. `:schemas` stands for the
/// inspected databases, replaced by `= ?` or `IN (?, ...)` with one bound parameter per database; a query
/// with `:grantees` binds the current user and role the same way.
struct Query {
    const char* name;
    const char* sql;
};

// MariaDB evaluates a join of information_schema tables by opening every table once per outer row, which is
// slow on large schemas; every query reads one information_schema table and the inspector joins on the client.
// An equality or IN on TABLE_SCHEMA lets the server open only the inspected databases' tables.

/// The server's identity and the defaults that introspection omits (run once when connecting).
inline constexpr Query server{"server", R"sql(
SELECT VERSION(), CURRENT_USER(), @@default_storage_engine, @@innodb_default_row_format, @@lower_case_table_names
)sql"};

/// The current role, MariaDB only (MySQL's roles are read through its own CURRENT_ROLE(), which differs).
inline constexpr Query current_role{"current_role", "SELECT CURRENT_ROLE()"};

/// The global, database and table privileges of the current user and role (table level: mysql.proc only).
inline constexpr Query privileges{"privileges", R"sql(
SELECT 'global', PRIVILEGE_TYPE, '', ''
FROM information_schema.USER_PRIVILEGES WHERE GRANTEE :grantees
UNION ALL
SELECT 'schema', PRIVILEGE_TYPE, TABLE_SCHEMA, ''
FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE :grantees
UNION ALL
SELECT 'table', PRIVILEGE_TYPE, TABLE_SCHEMA, TABLE_NAME
FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE :grantees AND TABLE_SCHEMA = 'mysql' AND TABLE_NAME = 'proc'
)sql"};

/// The inspected databases with their default character set and collation.
inline constexpr Query schemata{"schemata", R"sql(
SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME
FROM information_schema.SCHEMATA
WHERE SCHEMA_NAME :schemas
)sql"};

/// Every collation with its character set and whether it is that character set's default.
inline constexpr Query collations{"collations", R"sql(
SELECT COLLATION_NAME, CHARACTER_SET_NAME, IS_DEFAULT
FROM information_schema.COLLATIONS
)sql"};

/// Every table, view and sequence with its engine, options, collation and comment.
inline constexpr Query tables{"tables", R"sql(
SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT
FROM information_schema.TABLES
WHERE TABLE_SCHEMA :schemas
)sql"};

/// Every column of every table and view, in ordinal order per table.
inline constexpr Query columns{"columns", R"sql(
SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE,
       CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA :schemas
ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION
)sql"};

/// Every index key (MariaDB): IGNORED is MariaDB's invisible index; there are no functional keys.
inline constexpr Query statistics_mariadb{"statistics", R"sql(
SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE,
       INDEX_COMMENT, IGNORED, NULL
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA :schemas
ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
)sql"};

/// Every index key (MySQL 8): IS_VISIBLE = 'NO' is an invisible index; EXPRESSION a functional key part.
inline constexpr Query statistics_mysql{"statistics", R"sql(
SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE,
       INDEX_COMMENT, IF(IS_VISIBLE = 'NO', 'YES', 'NO'), EXPRESSION
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA :schemas
ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
)sql"};

/// The columns of every foreign key with the columns they reference.
inline constexpr Query foreign_key_columns{"foreign_key_columns", R"sql(
SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,
       REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA :schemas AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
)sql"};

/// The actions of every foreign key.
inline constexpr Query referential_constraints{"referential_constraints", R"sql(
SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
FROM information_schema.REFERENTIAL_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA :schemas
)sql"};

/// Every CHECK constraint (MariaDB: with its table and whether it was written on a column).
inline constexpr Query checks_mariadb{"check_constraints", R"sql(
SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, LEVEL, CHECK_CLAUSE
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA :schemas
)sql"};

/// Every CHECK constraint (MySQL 8, whose CHECK_CONSTRAINTS has no table: TABLE_CONSTRAINTS names it; both are
/// views over the data dictionary there, so this join is cheap).
inline constexpr Query checks_mysql{"check_constraints", R"sql(
SELECT c.CONSTRAINT_SCHEMA, t.TABLE_NAME, c.CONSTRAINT_NAME, 'Table', c.CHECK_CLAUSE
FROM information_schema.CHECK_CONSTRAINTS AS c
JOIN information_schema.TABLE_CONSTRAINTS AS t
  ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME
 AND t.CONSTRAINT_TYPE = 'CHECK'
WHERE c.CONSTRAINT_SCHEMA :schemas
)sql"};

/// Every view's definition as the server prints it, with its options.
inline constexpr Query views{"views", R"sql(
SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, ALGORITHM
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA :schemas
)sql"};

/// Every view's definition (MySQL 8, whose VIEWS has no ALGORITHM column).
inline constexpr Query views_mysql{"views", R"sql(
SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, 'UNDEFINED'
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA :schemas
)sql"};

/// Every trigger with its timing, event, table and body as written.
inline constexpr Query triggers{"triggers", R"sql(
SELECT TRIGGER_SCHEMA, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_ORDER,
       ACTION_STATEMENT
FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA :schemas
ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER
)sql"};

/// Every stored function and procedure with its characteristics and body as written.
inline constexpr Query routines{"routines", R"sql(
SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_BODY, ROUTINE_DEFINITION,
       IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE, ROUTINE_COMMENT
FROM information_schema.ROUTINES
WHERE ROUTINE_SCHEMA :schemas
)sql"};

/// The parameters of every stored function and procedure, in order (position 0 is a function's result).
inline constexpr Query parameters{"parameters", R"sql(
SELECT SPECIFIC_SCHEMA, SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION, PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER
FROM information_schema.PARAMETERS
WHERE SPECIFIC_SCHEMA :schemas
ORDER BY SPECIFIC_SCHEMA, SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION
)sql"};

/// How many events each inspected database has; events are counted and reported as not compared.
inline constexpr Query events{"events", R"sql(
SELECT EVENT_SCHEMA, COUNT(*)
FROM information_schema.EVENTS
WHERE EVENT_SCHEMA :schemas
GROUP BY EVENT_SCHEMA
)sql"};

}  // namespace autogen::introspect::mysql
