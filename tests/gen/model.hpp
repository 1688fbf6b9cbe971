// The generator's own schema model: core::Schema's objects with stable ids, so renames and drops never need text rewriting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace autogen::testing::gen {

/// A small expression tree; column references hold ids and are spelled with the names current at rendering.
struct Expr {
    enum class Kind {
        literal,      // text as written: 0, 'x', NULL
        column,       // a column of the owning table ("c"), or of relation `relation` ("t"."c") when >= 0
        view_column,  // an output column of view `relation`, by alias: "v"."alias"
        row_column,   // NEW."c" / OLD."c" in a trigger (text holds NEW or OLD)
        call,         // text(args...)
        binary,       // args[0] text args[1]
        postfix,      // args[0] text (IS NULL, IS NOT NULL)
    };
    Kind kind = Kind::literal;
    std::string text;
    int relation = -1;
    int column = -1;
    std::vector<Expr> args;
    bool operator==(const Expr&) const = default;
};

/// A table column.
struct Column {
    int id = 0;
    std::string name;
    std::optional<std::string> renamed_from;
    std::string type;  // canonical spelling in the dialect
    bool nullable = true;
    std::optional<std::string> default_value;
    std::optional<Expr> generated;
    bool stored = false;
    std::optional<std::string> collation;
    bool autoincrement = false;
    std::optional<bool> identity;  // PostgreSQL identity column; true when GENERATED ALWAYS
    int enum_type = -1;            // the id of the Enum that is the column's type (PostgreSQL), -1: `type`
};

/// A primary key or unique constraint.
struct Key {
    int id = 0;
    std::optional<std::string> name;
    std::optional<std::string> renamed_from;
    std::vector<int> columns;
};

/// A foreign key; the referenced columns are the parent's primary key or one of its unique constraints.
struct ForeignKey {
    int id = 0;
    std::optional<std::string> name;
    std::optional<std::string> renamed_from;
    std::vector<int> columns;
    int parent = -1;
    std::vector<int> parent_columns;
    std::string on_delete = "no action";
    std::string on_update = "no action";
    bool deferrable = false;
    bool initially_deferred = false;
};

/// A CHECK constraint.
struct Check {
    int id = 0;
    std::optional<std::string> name;
    std::optional<std::string> renamed_from;
    Expr expression;
};

/// One index key: a column or an expression.
struct IndexKey {
    int column = -1;
    std::optional<Expr> expression;
    bool desc = false;
    std::optional<std::string> collation;  // explicit COLLATE; a column key otherwise takes the column's
};

/// An index; always named, as introspection names every index.
struct Index {
    int id = 0;
    std::string name;
    std::optional<std::string> renamed_from;
    bool unique = false;
    std::vector<IndexKey> keys;
    std::optional<Expr> where;
};

/// A table. `rank` orders tables for inserting rows: a foreign key to a table of equal or higher rank
/// (itself included) has nullable columns, so rows can leave it NULL and every cycle is broken.
struct Table {
    int id = 0;
    int rank = 0;
    std::string name;
    std::optional<std::string> renamed_from;
    std::vector<Column> columns;
    std::optional<Key> primary_key;
    std::vector<ForeignKey> foreign_keys;
    std::vector<Key> unique;
    std::vector<Check> checks;
    std::vector<Index> indexes;
    bool without_rowid = false;
    bool strict = false;

    const Column* column(int column_id) const;
    Column* column(int column_id);
};

/// One output column of a view.
struct ViewOutput {
    std::string alias;
    Expr expression;
};

/// A view: SELECT [DISTINCT] outputs FROM relations[0] [JOIN relations[i] ON joins[i-1]]... [WHERE where].
struct View {
    int id = 0;
    std::string name;
    std::optional<std::string> renamed_from;
    bool distinct = false;
    std::vector<int> relations;  // table or view ids
    std::vector<Expr> joins;
    std::vector<ViewOutput> outputs;
    std::optional<Expr> where;
    /// How a view over one table names its columns: "t"."c" (empty), bare "c" ("-"), or through an alias
    /// (FROM "t" AS "x" ... "x"."c").
    std::string table_alias;
};

/// A statement of a trigger body; written so that it never changes data (its WHERE is never true).
struct TriggerAction {
    enum class Kind { raise_ignore, update_noop, delete_noop, insert_none };
    Kind kind = Kind::raise_ignore;
    int table = -1;   // the table written to (update, delete, insert)
    int column = -1;  // a column of `table`
    Expr condition;   // raise_ignore and insert_none: a condition on NEW/OLD that is never true
};

/// A trigger on a table, or an INSTEAD OF trigger on a view (whose statements then read no NEW/OLD columns).
struct Trigger {
    int id = 0;
    std::string name;
    int table = -1;                // a table or view id
    std::string timing = "AFTER";  // BEFORE | AFTER | INSTEAD OF
    std::string event = "INSERT";  // INSERT | UPDATE | DELETE
    std::vector<int> update_of;    // UPDATE OF columns
    std::optional<Expr> when;
    std::vector<TriggerAction> actions;
};

/// A PostgreSQL enum type; its name never needs quoting, so a column's type text is the name itself.
struct Enum {
    int id = 0;
    std::string name;
    std::optional<std::string> renamed_from;
    std::vector<std::string> values;
};

/// A PostgreSQL sequence that no column owns.
struct Sequence {
    int id = 0;
    std::string name;
    std::optional<std::string> renamed_from;
    std::int64_t start = 1;
    std::int64_t increment = 1;
};

/// A whole generated schema in one dialect.
struct Schema {
    core::Dialect dialect = core::Dialect::sqlite;
    std::vector<Enum> enums;
    std::vector<Sequence> sequences;
    std::vector<Table> tables;
    std::vector<View> views;
    std::vector<Trigger> triggers;
    bool quote_all = false;  // spell every identifier quoted, or only those that need it

    const Table* table(int id) const;
    Table* table(int id);
    const View* view(int id) const;
    View* view(int id);
    const Enum* enum_type(int id) const;
    /// The name of table or view `id`, or "" when neither exists.
    std::string relation_name(int id) const;
};

/// An identifier as the dialect writes it; quoted when it must be (or always with `quote_all`).
std::string quote_identifier(const std::string& name, core::Dialect dialect, bool quote_all = false);

/// The type text of a column: its enum's name, or its `type`.
std::string column_type(const Schema& schema, const Column& column);

/// The text of an expression; `owner` is the table whose unqualified columns it names (-1: none), written with
/// `qualifier` in front when it is not empty.
std::string render_expr(const Schema& schema, const Expr& expr, int owner, const std::string& qualifier = "");

/// The SELECT text of a view.
std::string view_definition(const Schema& schema, const View& view);

/// The full CREATE TRIGGER text of a trigger, without a final ';'.
std::string trigger_definition(const Schema& schema, const Trigger& trigger);

/// The ids of the columns an expression reads, by owning relation (-1: the owner) as pairs.
std::vector<std::pair<int, int>> columns_read(const Expr& expr);

/// The model as core::Schema. With `hints`, renamed objects carry renamed_from; with `depends_on`, views and
/// triggers list what they read the way introspection does (the canonical form).
core::Schema to_core(const Schema& schema, bool hints, bool depends_on);

}  // namespace autogen::testing::gen
