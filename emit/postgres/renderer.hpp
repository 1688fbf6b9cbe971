// The PostgreSQL renderer: ops as PostgreSQL 15 DDL, always schema-qualified, in BEGIN; ... COMMIT; blocks.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"
#include "diff/op.hpp"
#include "emit/renderer.hpp"

namespace autogen::emit::postgres {

/// PostgreSQL 15's keywords that an identifier must be quoted to use (every category but unreserved, as
/// `SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'` lists them), lower case, sorted.
extern const std::array<std::string_view, 151> keywords;

/// True when `word` is one of `keywords` (ASCII case-insensitive).
bool is_keyword(std::string_view word);

/// An identifier as PostgreSQL SQL: bare when it is a plain lower-case [a-z_][a-z0-9_$]* non-keyword, else
/// double-quoted (as the server's quote_ident does).
std::string quote_identifier(std::string_view name);

/// A schema-qualified name; the default schema ("") is written `public`.
std::string qualified_name(const core::QualifiedName& name);

/// A dotted name from the model ("C", "schema.name": collations, operator classes) with each part quoted.
std::string dotted_name(std::string_view name);

/// A string literal for standard_conforming_strings (on by default since PostgreSQL 9.1): quotes doubled.
std::string quote_literal(std::string_view text);

/// The literal that fills a new NOT NULL column of `type` in existing rows, or std::nullopt when the type has no
/// obvious zero (user and extension types).
std::optional<std::string> zero_value(std::string_view type);

/// True when ALTER COLUMN ... TYPE from `from` to `to` needs a USING clause (no assignment cast between them).
bool needs_using(std::string_view from, std::string_view to);

/// The USING expression that converts `column` of type `from` to `to`: a direct cast, or through text where a
/// user type (enum, domain) is involved.
std::string using_cast(const std::string& column, std::string_view from, std::string_view to);

/// One column definition as written inside CREATE TABLE or after ADD COLUMN.
std::string column_definition(const core::Column& column);

/// The statements that create `table`: CREATE TABLE with its constraints (NOT VALID ones added after, as
/// CREATE TABLE would validate them), then its indexes and comments.
std::vector<std::string> create_table_statements(const core::Table& table);

/// The CREATE INDEX statement of an index on `table`; throws autogen::Error for an unnamed index.
std::string create_index_statement(const core::QualifiedName& table, const core::Index& index);

/// Renders ops for PostgreSQL.
class PostgresRenderer : public Renderer {
public:
    /// Renders one step: its comment (description and hazard reason) and its statements.
    RenderedStep render(const diff::Step& step) const override;
    /// Groups the steps into BEGIN; ... COMMIT; blocks; each ALTER TYPE ... ADD VALUE gets a block of its own, so
    /// that the new value is committed before any later block uses it.
    Script render_all(const std::vector<diff::Step>& steps) const override;
};

}  // namespace autogen::emit::postgres
