// A small SQL tokenizer shared by parsers and the textual comparison of expressions.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace autogen::core {

/// The lexical class of a token.
enum class TokenKind { word, quoted_identifier, string, number, blob, op, punct, parameter };

/// One token: its kind, its text as written, and its byte offset in the input.
struct Token {
    TokenKind kind;
    std::string text;
    std::size_t offset = 0;
    /// For quoted identifiers: the name without quotes; for words: the text; otherwise the text.
    std::string value;
};

/// Splits SQL into tokens, dropping white space and comments. Unterminated quotes end at the input's end.
std::vector<Token> tokenize(std::string_view sql, Dialect dialect);

/// True when a token is the word `keyword` (ASCII case-insensitive; never a quoted identifier).
bool is_keyword(const Token& token, std::string_view keyword);

/// An identifier's value for a word or quoted identifier token.
std::string identifier_value(const Token& token);

/// `tokens` with the parentheses dropped around an AND (OR) chain that is an operand of an AND (OR) chain, at every
/// depth: "(a AND b) AND c" and "a AND (b AND c)" both become "a AND b AND c". Unbalanced parentheses stay.
std::vector<Token> merge_boolean_chains(const std::vector<Token>& tokens);

/// The canonical text of an expression for comparison as a token stream: identifiers unquoted where the dialect
/// allows, case folded where the dialect ignores it, one space between tokens, redundant outer parentheses removed,
/// and a parenthesized AND (OR) chain inside an AND (OR) chain merged into it.
std::string normalize_expression(std::string_view sql, Dialect dialect);

/// True when an expression is the NULL literal, however parenthesized or spelled: a NOT NULL column whose default
/// is NULL has no default that existing rows could take.
bool is_null_literal(std::string_view sql, Dialect dialect);

/// `sql` with every cast to the type `from` (a core::type_reference; also written `public.name` or quoted) written as a
/// cast to `to`, the rest kept byte for byte: how PostgreSQL prints a stored expression once the type is renamed.
std::string with_casts_renamed(std::string_view sql, const std::string& from, const std::string& to);

/// `sql` with every column name that is a key of `renamed` (keys: core::name_key of the old name, NameKind::column)
/// written as its new name, quoted, the rest kept byte for byte; words called as functions or named as types after
/// `::` are kept: what a stored expression reads once the server has renamed the columns it reads.
std::string with_columns_renamed(std::string_view sql, Dialect dialect, const std::map<std::string, std::string>& renamed);

/// True when `sql` casts to the type `from` (a core::type_reference), however the name is written.
bool casts_to(std::string_view sql, const std::string& from);

/// The identifier tokens of a SQL text (words and quoted names), ASCII-lower-cased: which objects or columns it
/// may mention.
std::set<std::string> identifiers_in(std::string_view sql, Dialect dialect);

/// ASCII lower-casing.
std::string ascii_lower(std::string_view text);

/// ASCII case-insensitive equality, without folded copies (it runs in the comparer's inner loops).
bool ascii_iequals(std::string_view a, std::string_view b);

/// ASCII upper-casing.
std::string ascii_upper(std::string_view text);

}  // namespace autogen::core
