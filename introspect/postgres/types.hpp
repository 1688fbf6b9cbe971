// Text conversions between the PostgreSQL catalog and the model: arrays, patterns, quoting, catalog codes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/url.hpp"

namespace autogen::introspect::postgres {

/// A text[] literal ('{"a","b"}' without the outer quotes) holding `values`, for set_config().
std::string text_array_literal(const std::vector<std::string>& values);

/// Parses PostgreSQL's text output of a one-dimensional array ({a,"b c",NULL}); NULL elements become "".
std::vector<std::string> parse_text_array(std::string_view text);

/// A LIKE pattern (backslash escapes) matching what the glob matches: * is %, ? is _.
std::string like_pattern(std::string_view glob);

/// An identifier double-quoted, always (the canonicalization session never relies on keyword lists).
std::string quote_identifier(std::string_view name);

/// A string literal for a server with standard_conforming_strings (PostgreSQL's default since 9.1).
std::string quote_literal(std::string_view text);

/// A collation name from the model ("C", "schema.name") as SQL.
std::string collation_sql(std::string_view name);

/// The model's word for a foreign key action code of pg_constraint (a, r, c, n, d).
std::string foreign_key_action(char code);

/// The model's word for a foreign key match code of pg_constraint (s, f, p).
std::string foreign_key_match(char code);

/// The libpq connection string for a URL: user, password, host, port, database and query parameters, each
/// quoted; what the URL leaves out comes from libpq's environment (PGHOST, PGPASSWORD, ...) and defaults.
std::string conninfo(const core::DatabaseUrl& url);

/// True when a text is a balanced SQL expression fragment without a top-level statement separator, so that it
/// can be placed between parentheses in DDL without ending the clause or the statement.
bool is_self_contained_expression(std::string_view text);

}  // namespace autogen::introspect::postgres
