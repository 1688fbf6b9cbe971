// MySQL/MariaDB spellings in the model: types, defaults, inherited charsets, and the target's canonical form.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/model.hpp"

namespace autogen::introspect::mysql {

/// A collation's character set and whether it is that character set's default collation.
struct CollationInfo {
    std::string charset;
    bool is_default = false;
};

/// The values a server uses where a statement leaves them out; introspection omits values equal to them.
struct ServerDefaults {
    core::Dialect dialect = core::Dialect::mariadb;
    std::string engine = "InnoDB";          // @@default_storage_engine
    std::string innodb_row_format = "DYNAMIC";  // @@innodb_default_row_format, upper case
    std::map<std::string, std::pair<std::string, std::string>> schemas;  // schema ("" = the URL's) -> charset, collation
    std::map<std::string, CollationInfo> collations;                     // by lower-case collation name

    /// The character set of a collation ("" when unknown).
    std::string charset_of(const std::string& collation) const;
    /// The default collation of a character set ("" when unknown).
    std::string default_collation(const std::string& charset) const;
};

/// The canonical model spelling of a column type as information_schema.COLUMNS.COLUMN_TYPE prints it
/// (`int(11)` -> `int`, `tinyint(3) unsigned` -> `tinyint unsigned`, `year(4)` -> `year`).
std::string column_type(const std::string& column_type, core::Dialect dialect);

/// True when a column of this canonical type holds characters (and so has a charset and collation).
bool is_character_type(const std::string& type);

/// Current MariaDB names for the MySQL aliases `utf8` (`utf8mb3`) and `utf8_*` collations, lower-cased.
std::string canonical_charset(const std::string& name);

/// The canonical text of a default (or ON UPDATE) expression for a column of canonical `type`: the form MariaDB's
/// information_schema prints. `NULL` becomes none; timestamp functions become `current_timestamp([n])`; literals are
/// quoted or not by the column's type, numbers padded to the decimal scale, dates to the datetime's precision.
std::optional<std::string> canonical_default(const std::optional<std::string>& text, const std::string& type);

/// A column default as information_schema.COLUMNS reports it, in the canonical form: MariaDB quotes literals and
/// says `NULL` for DEFAULT NULL (SQL NULL: none); MySQL 8 does not quote and marks expressions DEFAULT_GENERATED.
std::optional<std::string> read_default(const std::optional<std::string>& column_default, const std::string& type,
                                        const std::string& extra, bool mariadb);

/// `text` without the qualifier `database.` (quoted or not) wherever it names an object of `database`;
/// string literals and comments are left alone.
std::string strip_database(const std::string& text, const std::string& database);

/// Brings the charset, collation, engine and row format of a table (and the charset and collation of its character
/// columns) to introspection's form: each value equal to the one inherited (database, table, character set default)
/// left out, every other one written, `utf8` read as `utf8mb3`. For a target table, `current` is the table as the
/// database has it: a stated value equal to the inherited one is kept where the database states another, so that
/// the two differ (an absent target option means "any").
void omit_inherited(core::Table& table, const ServerDefaults& defaults, const core::Table* current = nullptr);

/// Brings a target model (already resolved to the server's dialect) to the form introspection writes, so that
/// equal schemas compare equal: inherited values omitted, defaults canonical, plain unique indexes written as
/// unique constraints, `restrict` read as `no action`, MariaDB json columns with their utf8mb4_bin collation.
/// `current` is the model of the database the target is compared with, when there is one (see omit_inherited).
void canonicalize_target(core::Schema& target, const ServerDefaults& defaults, const core::Schema* current = nullptr);

/// The expression texts of a CREATE TABLE statement as SHOW CREATE TABLE prints it, without their enclosing
/// parentheses: each column's DEFAULT and GENERATED ALWAYS AS expression by column name, each named table-level
/// CHECK by constraint name. The server prints them as information_schema does, so a target's expressions written
/// through a temporary table come back in introspection's spelling.
struct PrintedTexts {
    std::map<std::string, std::string> defaults;
    std::map<std::string, std::string> generated;
    std::map<std::string, std::string> checks;
};

/// Reads the expression texts of a SHOW CREATE TABLE result (see PrintedTexts).
PrintedTexts printed_texts(const std::string& create_table);

/// True when a canonical default is an expression the server spells its own way (`lower('AB')` is `lcase('AB')`):
/// not a literal, not NULL, not a timestamp function.
bool is_expression_default(const std::string& text);

/// True for an index that is a UNIQUE constraint on this server: unique, on plain columns (no prefix, no DESC,
/// no expression), BTREE (no method), no comment, not ignored.
bool is_plain_unique(const core::Index& index);

}  // namespace autogen::introspect::mysql
