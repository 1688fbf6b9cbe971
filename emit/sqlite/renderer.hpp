// The SQLite renderer: ops as SQLite DDL, including the row-preserving table rebuild.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "diff/op.hpp"
#include "emit/renderer.hpp"

namespace autogen::emit::sqlite {

/// SQLite's keywords as listed at https://www.sqlite.org/lang_keywords.html (3.40), upper case, sorted.
extern const std::array<std::string_view, 147> keywords;

/// True when `word` is an SQLite keyword (ASCII case-insensitive).
bool is_keyword(std::string_view word);

/// An identifier as SQLite SQL: bare when it is a plain [A-Za-z_][A-Za-z0-9_]* non-keyword, else double-quoted.
std::string quote_identifier(std::string_view name);

/// A quoted name, qualified with its schema unless the schema is the default one ("").
std::string qualified_name(const core::QualifiedName& name);

/// An SQL string literal with embedded quotes doubled.
std::string quote_literal(std::string_view text);

/// The literal that fills a NOT NULL column of `type` in existing rows: 0, 0.0, '' or X'' by SQLite's affinity rules.
std::string zero_value(std::string_view type);

/// True when the table's primary key is a rowid alias (a single INTEGER column in a rowid table).
bool has_integer_primary_key(const core::Table& table);

/// One column definition as written inside CREATE TABLE or after ADD COLUMN.
std::string column_definition(const core::Table& table, const core::Column& column);

/// The CREATE TABLE statement of `table`, created under `name` (the table's own name when empty); no indexes.
std::string create_table_statement(const core::Table& table, const std::string& name = "");

/// The CREATE INDEX statement of an index on `table`; throws autogen::Error for an unnamed index or a key SQLite lacks.
std::string create_index_statement(const core::QualifiedName& table, const core::Index& index);

/// The statements of one table rebuild (create new, copy rows, drop old, rename, indexes, sqlite_sequence);
/// they expect foreign keys off and `PRAGMA legacy_alter_table=ON` (see SqliteRenderer::render_all).
std::vector<std::string> rebuild_statements(const diff::RebuildTable& rebuild);

/// Statements, run inside the transaction after every rebuild, that roll it back when a foreign key dangles in the
/// default schema or in one of the attached `schemas`.
std::vector<std::string> foreign_key_check_statements(const std::vector<std::string>& schemas = {});

/// Renders ops for SQLite; throws autogen::Error(internal) for ops that lower() must have turned into rebuilds.
class SqliteRenderer : public Renderer {
public:
    /// Renders one step: its comment (description and hazard reason) and its statements.
    RenderedStep render(const diff::Step& step) const override;
    /// Renders a section as one transactional block; with a rebuild, foreign keys are switched off around it.
    Script render_all(const std::vector<diff::Step>& steps) const override;
};

}  // namespace autogen::emit::sqlite
