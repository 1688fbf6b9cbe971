// Parsers for the CREATE TABLE / CREATE INDEX / CREATE VIEW texts that SQLite keeps in sqlite_schema.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace autogen::introspect::sqlite {

/// A CHECK constraint: its CONSTRAINT name (if any) and the expression text inside its parentheses.
struct ParsedCheck {
    std::optional<std::string> name;
    std::string expression;
};

/// A PRIMARY KEY or UNIQUE constraint, column-level or table-level.
struct ParsedKey {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    bool autoincrement = false;
};

/// A FOREIGN KEY constraint, column-level (REFERENCES after a column) or table-level.
struct ParsedForeignKey {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    std::string table;                     // referenced table as written, unquoted
    std::vector<std::string> ref_columns;  // empty when the clause omits them
    std::string on_delete = "no action";
    std::string on_update = "no action";
    bool deferrable = false;
    bool initially_deferred = false;
};

/// A column definition: texts are exactly as written, minus surrounding white space.
struct ParsedColumn {
    std::string name;
    std::string declared_type;  // type names unquoted, one space apart, then the (size) as written; "" when none
    std::optional<std::string> default_value;
    std::optional<std::string> collation;
    std::optional<std::string> generated_expression;
    bool generated_stored = false;
    bool not_null = false;
};

/// Everything SQLite's pragmas do not say about a table, as read from its CREATE TABLE text.
struct ParsedTable {
    std::string name;
    std::vector<ParsedColumn> columns;
    std::optional<ParsedKey> primary_key;
    std::vector<ParsedKey> unique;  // in definition order
    std::vector<ParsedCheck> checks;  // in definition order
    std::vector<ParsedForeignKey> foreign_keys;  // in definition order
    bool without_rowid = false;
    bool strict = false;
};

/// One key of a CREATE INDEX: the expression (or column) text without its COLLATE and ASC/DESC suffixes.
struct ParsedIndexKey {
    std::string text;
    std::optional<std::string> collation;
    bool desc = false;
};

/// A CREATE INDEX statement.
struct ParsedIndex {
    std::string name;
    std::string table;
    bool unique = false;
    std::vector<ParsedIndexKey> keys;
    std::optional<std::string> where;  // text after WHERE, trimmed, without a trailing ';'
};

/// Parses a CREATE TABLE statement; throws autogen::Error (kind internal) when the text is not one.
ParsedTable parse_create_table(std::string_view sql);

/// Parses a CREATE INDEX statement; throws autogen::Error (kind internal) when the text is not one.
ParsedIndex parse_create_index(std::string_view sql);

/// The query of a CREATE VIEW statement: the text after its AS, trimmed, without a trailing ';'.
std::string parse_view_definition(std::string_view sql);

}  // namespace autogen::introspect::sqlite
