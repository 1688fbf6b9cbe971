// The MySQL/MariaDB renderer: ops as DDL for the mariadb/mysql client, one ALTER TABLE per table where possible.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "diff/op.hpp"
#include "emit/renderer.hpp"

namespace autogen::emit::mysql {

/// The reserved words of MariaDB 10.11 (https://mariadb.com/kb/en/reserved-words/) and those MySQL 8 adds,
/// upper case, sorted: an identifier spelled like one of them is backquoted.
extern const std::array<std::string_view, 279> reserved_words;

/// True when `word` is a reserved word (ASCII case-insensitive).
bool is_reserved(std::string_view word);

/// An identifier as MySQL SQL: bare when it is a plain [A-Za-z_][A-Za-z0-9_$]* non-reserved word, else backquoted.
std::string quote_identifier(std::string_view name);

/// A quoted name, qualified with its database unless it is the URL's (schema "").
std::string qualified_name(const core::QualifiedName& name);

/// A string literal with quotes doubled and backslashes escaped (the server's default sql_mode reads them).
std::string quote_literal(std::string_view text);

/// One column definition as written in CREATE TABLE, ADD COLUMN, MODIFY and CHANGE: the whole definition,
/// so that no attribute is dropped by accident.
std::string column_definition(const core::Column& column, core::Dialect dialect = core::Dialect::mariadb);

/// The CREATE TABLE statement of a table with its keys, indexes, checks, foreign keys and options.
std::string create_table_statement(const core::Table& table, core::Dialect dialect = core::Dialect::mariadb);

/// Renders ops for MySQL (`mysql`) or MariaDB (`mariadb`, with IF [NOT] EXISTS wherever MariaDB has it, so that
/// an upgrade that failed part-way can be run again).
class MysqlRenderer : public Renderer {
public:
    explicit MysqlRenderer(core::Dialect dialect = core::Dialect::mariadb);
    /// Renders one step on its own: its comment and its statements.
    RenderedStep render(const diff::Step& step) const override;
    /// Renders a section without transactions (MySQL DDL commits itself), merging the changes of each table into
    /// one ALTER TABLE where the order allows; the comments of merged steps precede their one statement.
    Script render_all(const std::vector<diff::Step>& steps) const override;

private:
    core::Dialect dialect_;
};

}  // namespace autogen::emit::mysql
