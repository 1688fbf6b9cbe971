// The normalized schema model shared by introspection, targets and the differ (docs/model.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace autogen::core {

/// The SQL dialect a model is written in; `portable` means "read in the dialect it is compared with".
enum class Dialect { portable, postgresql, mysql, mariadb, sqlite };

/// The dialect's name as MODEL.md spells it ("portable" for none).
std::string to_string(Dialect dialect);
/// Parses a dialect name; std::nullopt when unknown.
std::optional<Dialect> dialect_from_string(const std::string& text);
/// The dialect's name as people write it in prose ("PostgreSQL", "MariaDB", ...), for messages.
std::string display_name(Dialect dialect);
/// True for mysql and mariadb, which share most rules.
bool is_mysql_family(Dialect dialect);

/// A schema-qualified object name; an empty schema means the default schema.
struct QualifiedName {
    std::string schema;
    std::string name;
    auto operator<=>(const QualifiedName&) const = default;
};

/// A reference from a view, routine or trigger to another model object.
struct Dependency {
    std::string kind;  // "table", "view", "routine", "enum", "sequence", "domain", ...
    std::string schema;
    std::string name;
    bool operator==(const Dependency&) const = default;
};

/// PostgreSQL identity column options.
struct Identity {
    bool always = false;
    std::optional<std::int64_t> start;
    std::optional<std::int64_t> increment;
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
    std::optional<std::int64_t> cache;
    bool cycle = false;
    bool operator==(const Identity&) const = default;
};

/// A generated (computed) column's expression and storage.
struct Generated {
    std::string expression;
    bool stored = true;
    bool operator==(const Generated&) const = default;
};

/// A table column.
struct Column {
    std::string name;
    std::string type;  // canonical type text in the model's dialect (types.hpp)
    bool nullable = true;
    std::optional<std::string> default_value;  // SQL expression text; string literals keep their quotes
    std::optional<Identity> identity;
    bool autoincrement = false;
    std::optional<Generated> generated;
    std::optional<std::string> collation;
    std::optional<std::string> charset;   // MySQL/MariaDB only
    std::optional<std::string> on_update;  // MySQL/MariaDB ON UPDATE expression
    std::optional<std::string> comment;
    bool hidden = false;  // SQLite hidden column of a virtual table, MariaDB INVISIBLE
    std::optional<std::string> renamed_from;  // target-only hint
    bool operator==(const Column&) const = default;
};

/// A table's primary key.
struct PrimaryKey {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    std::optional<std::string> renamed_from;  // target-only hint
    bool operator==(const PrimaryKey&) const = default;
};

/// The referenced side of a foreign key.
struct Reference {
    std::string schema;
    std::string table;
    std::vector<std::string> columns;
    bool operator==(const Reference&) const = default;
};

/// A foreign key constraint; actions are lower-case SQL words ("no action", "cascade", "set null", ...).
struct ForeignKey {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    Reference references;
    std::string on_delete = "no action";
    std::string on_update = "no action";
    bool deferrable = false;
    bool initially_deferred = false;
    std::string match = "simple";  // PostgreSQL MATCH SIMPLE | FULL | PARTIAL
    bool valid = true;             // PostgreSQL NOT VALID is false
    std::optional<std::string> renamed_from;
    bool operator==(const ForeignKey&) const = default;
};

/// A UNIQUE constraint (as opposed to a unique index).
struct UniqueConstraint {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    bool nulls_not_distinct = false;
    bool deferrable = false;
    bool initially_deferred = false;
    std::optional<std::string> renamed_from;
    bool operator==(const UniqueConstraint&) const = default;
};

/// A CHECK constraint.
struct CheckConstraint {
    std::optional<std::string> name;
    std::string expression;
    bool valid = true;  // PostgreSQL NOT VALID is false
    std::optional<std::string> renamed_from;
    bool operator==(const CheckConstraint&) const = default;
};

/// A PostgreSQL EXCLUDE constraint, held as its definition text.
struct ExclusionConstraint {
    std::optional<std::string> name;
    std::string definition;
    std::optional<std::string> renamed_from;  // target-only hint
    bool operator==(const ExclusionConstraint&) const = default;
};

/// One key of an index: a column or an expression, with its modifiers.
struct IndexKey {
    std::optional<std::string> column;
    std::optional<std::string> expression;
    std::string order = "asc";           // "asc" | "desc"
    std::optional<std::string> nulls;    // "first" | "last" when not the default for the order
    std::optional<std::string> opclass;
    std::optional<std::string> collation;
    std::optional<int> length;  // MySQL prefix length
    bool operator==(const IndexKey&) const = default;
};

/// An index.
struct Index {
    std::optional<std::string> name;
    bool unique = false;
    std::vector<IndexKey> keys;
    std::optional<std::string> where;
    std::optional<std::string> method;  // btree, gin, hash, fulltext, spatial, ...
    std::vector<std::string> include;
    std::optional<std::string> comment;
    bool ignored = false;              // MariaDB IGNORED / MySQL INVISIBLE
    bool nulls_not_distinct = false;
    std::optional<std::string> renamed_from;
    bool operator==(const Index&) const = default;
};

/// MySQL/MariaDB table options; absent means the server default.
struct MysqlTableOptions {
    std::optional<std::string> engine;
    std::optional<std::string> charset;
    std::optional<std::string> collation;
    std::optional<std::string> row_format;
    bool operator==(const MysqlTableOptions&) const = default;
};

/// SQLite table options.
struct SqliteTableOptions {
    bool without_rowid = false;
    bool strict = false;
    bool operator==(const SqliteTableOptions&) const = default;
};

/// PostgreSQL table options.
struct PostgresTableOptions {
    bool unlogged = false;
    bool operator==(const PostgresTableOptions&) const = default;
};

/// Dialect-specific table options, one section per dialect.
struct TableOptions {
    MysqlTableOptions mysql;
    SqliteTableOptions sqlite;
    PostgresTableOptions postgresql;
    bool operator==(const TableOptions&) const = default;
};

/// A table with its columns, constraints and indexes.
struct Table {
    std::string schema;
    std::string name;
    std::optional<std::string> comment;
    std::vector<Column> columns;
    std::optional<PrimaryKey> primary_key;
    std::vector<ForeignKey> foreign_keys;
    std::vector<UniqueConstraint> unique;
    std::vector<CheckConstraint> checks;
    std::vector<ExclusionConstraint> exclusion;
    std::vector<Index> indexes;
    TableOptions options;
    std::optional<std::string> partition_by;  // PostgreSQL "RANGE (created_at)"
    std::optional<std::string> partition_of;  // PostgreSQL parent table (schema-qualified text)
    std::optional<std::string> bound;         // PostgreSQL partition bound as pg_get_expr prints it
    std::optional<std::string> renamed_from;
    bool operator==(const Table&) const = default;

    QualifiedName qualified() const { return {schema, name}; }
};

/// An enumerated type with ordered values.
struct Enum {
    std::string schema;
    std::string name;
    std::vector<std::string> values;
    std::optional<std::string> renamed_from;
    bool operator==(const Enum&) const = default;
};

/// A sequence generator; `owned_by` is "table.column".
struct Sequence {
    std::string schema;
    std::string name;
    std::optional<std::string> type;
    std::optional<std::int64_t> start;
    std::optional<std::int64_t> increment;
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
    std::optional<std::int64_t> cache;
    bool cycle = false;
    std::optional<std::string> owned_by;
    std::optional<std::string> renamed_from;
    bool operator==(const Sequence&) const = default;
};

/// A view or materialized view, held at the level of its definition.
struct View {
    std::string schema;
    std::string name;
    bool materialized = false;
    std::string definition;
    std::optional<std::vector<Dependency>> depends_on;
    std::vector<Index> indexes;  // materialized views only
    std::optional<std::string> comment;
    std::optional<std::string> renamed_from;
    bool operator==(const View&) const = default;
};

/// A PostgreSQL extension.
struct Extension {
    std::string schema;
    std::string name;
    std::optional<std::string> version;
    bool operator==(const Extension&) const = default;
};

/// A PostgreSQL domain.
struct Domain {
    std::string schema;
    std::string name;
    std::string type;
    bool nullable = true;
    std::optional<std::string> default_value;
    std::optional<std::string> collation;
    std::vector<CheckConstraint> checks;
    bool operator==(const Domain&) const = default;
};

/// A function or procedure, held at the level of its definition.
struct Routine {
    std::string schema;
    std::string name;
    std::string kind = "function";  // "function" | "procedure" | "aggregate" (PostgreSQL)
    std::string signature;          // "(integer, text)"
    std::string definition;
    std::optional<std::vector<Dependency>> depends_on;
    bool operator==(const Routine&) const = default;
};

/// A trigger, held at the level of its definition.
struct Trigger {
    std::string schema;
    std::string table;
    std::string name;
    std::string definition;
    std::optional<std::vector<Dependency>> depends_on;
    bool operator==(const Trigger&) const = default;
};

/// A count of objects of a kind the model does not hold, reported as not compared.
struct NotCompared {
    std::string kind;
    std::string schema;
    std::int64_t count = 0;
    bool operator==(const NotCompared&) const = default;
};

/// A whole schema model. An absent top-level list means that kind is not managed.
struct Schema {
    Dialect dialect = Dialect::portable;
    std::vector<std::string> schemas;  // non-default schemas
    bool schemas_managed = false;      // the document has a "schemas" list (absent: schemas are not managed)
    std::optional<std::vector<Extension>> extensions;
    std::optional<std::vector<Domain>> domains;
    std::optional<std::vector<Enum>> enums;
    std::optional<std::vector<Sequence>> sequences;
    std::optional<std::vector<Table>> tables;
    std::optional<std::vector<View>> views;
    std::optional<std::vector<Routine>> routines;
    std::optional<std::vector<Trigger>> triggers;
    std::vector<NotCompared> not_compared;  // filled by introspection
    bool operator==(const Schema&) const = default;
};

}  // namespace autogen::core
