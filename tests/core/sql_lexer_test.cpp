#include <doctest/doctest.h>

#include "core/sql_lexer.hpp"

using namespace autogen::core;

TEST_CASE("core::tokenize") {
    const auto tokens = tokenize("CHECK (\"my col\" >= 'it''s' -- note\n /* c */ AND x::text <> $1)", Dialect::postgresql);
    REQUIRE(tokens.size() == 12);
    CHECK(tokens[0].kind == TokenKind::word);
    CHECK(tokens[2].kind == TokenKind::quoted_identifier);
    CHECK(tokens[2].value == "my col");
    CHECK(tokens[3].text == ">=");
    CHECK(tokens[4].kind == TokenKind::string);
    CHECK(tokens[4].text == "'it''s'");
    CHECK(tokens[7].text == "::");
    CHECK(tokens[9].text == "<>");
    CHECK(tokens[10].kind == TokenKind::parameter);
}

TEST_CASE("core::tokenize dollar quotes and sqlite brackets") {
    auto tokens = tokenize("SELECT $fn$ body ' $fn$, 2", Dialect::postgresql);
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[1].kind == TokenKind::string);
    tokens = tokenize("[a b] `c` \"d\"", Dialect::sqlite);
    REQUIRE(tokens.size() == 3);
    CHECK(tokens[0].value == "a b");
    CHECK(tokens[1].value == "c");
    CHECK(tokens[2].value == "d");
}

TEST_CASE("core::normalize_expression") {
    CHECK(normalize_expression("((price > 0))", Dialect::sqlite) == normalize_expression("price>0", Dialect::sqlite));
    CHECK(normalize_expression("\"Price\" > 0", Dialect::sqlite) == normalize_expression("price > 0", Dialect::sqlite));
    CHECK(normalize_expression("\"Price\" > 0", Dialect::postgresql) != normalize_expression("price > 0", Dialect::postgresql));
    CHECK(normalize_expression("\"price\" > 0", Dialect::postgresql) == normalize_expression("PRICE > 0", Dialect::postgresql));
    CHECK(normalize_expression("(a > 0) AND (b > 0)", Dialect::sqlite) == "( a > 0 ) and ( b > 0 )");
    CHECK(normalize_expression("'A'", Dialect::sqlite) != normalize_expression("'a'", Dialect::sqlite));
}

TEST_CASE("core::normalize_expression merges a chain nested in a chain of the same connective") {
    const auto pg = [](std::string_view sql) { return normalize_expression(sql, Dialect::postgresql); };
    // PostgreSQL's text of `(x BETWEEN 0 AND 9) AND (y BETWEEN 0 AND 9)`, and the text it prints once created
    // from that one: the left group merged into the chain.
    CHECK(pg("(((x >= 0) AND (x <= 9)) AND ((y >= 0) AND (y <= 9)))") ==
          pg("((x >= 0) AND (x <= 9) AND ((y >= 0) AND (y <= 9)))"));
    CHECK(pg("(a OR (b OR c))") == pg("a OR b OR c"));
    CHECK(pg("a AND (b AND c)") == "a and b and c");
    // Anything else keeps its parentheses: another connective, NOT, a function's arguments, BETWEEN's own AND.
    CHECK(pg("a AND (b OR c)") != pg("a AND b OR c"));
    CHECK(pg("a OR (b AND c)") == "a or ( b and c )");
    CHECK(pg("a AND NOT (b AND c)") == "a and not ( b and c )");
    CHECK(pg("a AND f(b AND c)") == "a and f ( b and c )");
    CHECK(pg("x BETWEEN 0 AND 9 AND (y AND z)") == "x between 0 and 9 and y and z");
    CHECK(pg("(x BETWEEN 0 AND 9) OR (y OR z)") == "( x between 0 and 9 ) or y or z");
    CHECK(pg("a AND (b") == "a and ( b");
}

TEST_CASE("core::with_casts_renamed rewrites casts to a renamed type, however the name is written") {
    CHECK(with_casts_renamed("(m <> 'meh'::mood)", "mood", "feeling") == "(m <> 'meh'::feeling)");
    CHECK(with_casts_renamed("'a'::public.mood", "mood", "feeling") == "'a'::feeling");
    CHECK(with_casts_renamed("'a'::MOOD AND x::\"mood\"[]", "mood", "feeling") == "'a'::feeling AND x::feeling[]");
    CHECK(with_casts_renamed("'a'::\"Mood\"", "\"Mood\"", "x") == "'a'::x");
    CHECK(with_casts_renamed("'a'::\"Mood\"", "mood", "x") == "'a'::\"Mood\"");  // another type
    CHECK(with_casts_renamed("'a'::s.mood", "s.mood", "s.feeling") == "'a'::s.feeling");
    CHECK(with_casts_renamed("'a'::s.mood", "mood", "feeling") == "'a'::s.mood");  // another schema's
    CHECK(with_casts_renamed("mood = 'mood'::text", "mood", "feeling") == "mood = 'mood'::text");  // not casts
    CHECK(with_casts_renamed("'a'::moody", "mood", "feeling") == "'a'::moody");
    CHECK(casts_to("(x = 'a'::mood)", "mood"));
    CHECK_FALSE(casts_to("mood IS NULL", "mood"));
}

TEST_CASE("core::is_null_literal: NULL, parenthesized, and cast as PostgreSQL prints a default") {
    using autogen::core::Dialect;
    using autogen::core::is_null_literal;
    CHECK(is_null_literal("NULL", Dialect::postgresql));
    CHECK(is_null_literal("(null)", Dialect::portable));
    CHECK(is_null_literal("NULL::character varying", Dialect::postgresql));
    CHECK(is_null_literal("NULL::character varying(40)", Dialect::portable));
    CHECK(is_null_literal("(NULL)::numeric(10,2)", Dialect::postgresql));
    CHECK(is_null_literal("NULL::text[]", Dialect::postgresql));
    CHECK(is_null_literal("NULL::\"my type\"", Dialect::postgresql));
    CHECK_FALSE(is_null_literal("NULL::text || 'a'", Dialect::postgresql));
    CHECK_FALSE(is_null_literal("'NULL'::text", Dialect::postgresql));
    CHECK_FALSE(is_null_literal("NULLIF(a, b)", Dialect::postgresql));
    CHECK_FALSE(is_null_literal("NULL::", Dialect::postgresql));
    CHECK_FALSE(is_null_literal("coalesce(NULL, 1)", Dialect::postgresql));
}

TEST_CASE("with_columns_renamed writes renamed columns' new names, quoted, and keeps the rest") {
    const std::map<std::string, std::string> pg{{"x", "Y y"}, {"lower", "low"}};
    CHECK(with_columns_renamed("(x * 2) + t.x", Dialect::postgresql, pg) == "(\"Y y\" * 2) + t.\"Y y\"");
    // Unquoted names fold to lower case on PostgreSQL; quoted ones keep their case and are another column.
    CHECK(with_columns_renamed("X > 0 AND \"X\" > 1", Dialect::postgresql, pg) == "\"Y y\" > 0 AND \"X\" > 1");
    // A function of the same name, a type after ::, and strings are not the column.
    CHECK(with_columns_renamed("lower(lower) || 'x'::x", Dialect::postgresql, pg) == "lower(\"low\") || 'x'::x");
    // MySQL compares column names without case and quotes with backquotes (doubled inside).
    const std::map<std::string, std::string> my{{"qty", "q`ty"}};
    CHECK(with_columns_renamed("`QTY` * 2", Dialect::mariadb, my) == "`q``ty` * 2");
    CHECK(with_columns_renamed("a + 1", Dialect::mariadb, my) == "a + 1");
}
