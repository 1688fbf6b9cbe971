#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>

#include "core/error.hpp"
#include "introspect/sqlite/create_table_parser.hpp"
#include "introspect/sqlite/types.hpp"

using namespace autogen::introspect::sqlite;

namespace {

// Every statement fed to the parser must first be accepted by SQLite itself: the parser reads only what
// SQLite stored, so inputs that SQLite rejects would test nothing.
bool sqlite_accepts(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(":memory:", &db);
    const bool ok = sqlite3_exec(db, "CREATE TABLE p(a INTEGER PRIMARY KEY, b, c, UNIQUE(b, c)); CREATE TABLE t(x, y, z);",
                                 nullptr, nullptr, nullptr) == SQLITE_OK &&
                    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

ParsedTable parse_table(const std::string& sql) {
    REQUIRE_MESSAGE(sqlite_accepts(sql), sql);
    return parse_create_table(sql);
}

ParsedIndex parse_index(const std::string& sql) {
    REQUIRE_MESSAGE(sqlite_accepts(sql), sql);
    return parse_create_index(sql);
}

}  // namespace

TEST_CASE("introspect::sqlite canonical_type") {
    CHECK(canonical_type("varchar (10)") == "VARCHAR(10)");
    CHECK(canonical_type("numeric(10, 2)") == "NUMERIC(10,2)");
    CHECK(canonical_type("  unsigned   big\tint ") == "UNSIGNED BIG INT");
    CHECK(canonical_type("decimal( 10 ,  -2 )") == "DECIMAL(10,-2)");
    CHECK(canonical_type("double  precision") == "DOUBLE PRECISION");
    CHECK(canonical_type("") == "");
    CHECK(canonical_type("Text") == "TEXT");
}

TEST_CASE("introspect::sqlite parse_create_table columns and types") {
    const auto t = parse_table(
        "CREATE TABLE \"Mixed Case\" (\n"
        "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
        "  [first name] varchar (10) NOT NULL DEFAULT 'it''s',\n"
        "  `order` numeric(10, 2) DEFAULT -1.5,\n"
        "  \"select\" TEXT COLLATE NOCASE DEFAULT (datetime('now', ('localtime'))),\n"
        "  untyped,\n"
        "  flag BOOLEAN NULL DEFAULT FALSE,\n"
        "  ts TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n"
        ")");
    CHECK(t.name == "Mixed Case");
    REQUIRE(t.columns.size() == 7);
    CHECK(t.columns[0].name == "id");
    CHECK(t.columns[0].declared_type == "INTEGER");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->columns == std::vector<std::string>{"id"});
    CHECK(t.primary_key->autoincrement);
    CHECK_FALSE(t.primary_key->name);
    CHECK(t.columns[1].name == "first name");
    CHECK(t.columns[1].declared_type == "varchar(10)");
    CHECK(t.columns[1].not_null);
    CHECK(t.columns[1].default_value == "'it''s'");
    CHECK(t.columns[2].name == "order");
    CHECK(t.columns[2].default_value == "-1.5");
    CHECK(t.columns[3].name == "select");
    CHECK(t.columns[3].collation == "NOCASE");
    CHECK(t.columns[3].default_value == "(datetime('now', ('localtime')))");
    CHECK(t.columns[4].name == "untyped");
    CHECK(t.columns[4].declared_type.empty());
    CHECK_FALSE(t.columns[4].default_value);
    CHECK_FALSE(t.columns[5].not_null);
    CHECK(t.columns[5].default_value == "FALSE");
    CHECK(t.columns[6].default_value == "CURRENT_TIMESTAMP");
}

TEST_CASE("introspect::sqlite parse_create_table constraints") {
    const auto t = parse_table(
        "CREATE TABLE IF NOT EXISTS main.child (\n"
        "  a INT CONSTRAINT a_pos CHECK (a > (0 + (1 - 1))) CONSTRAINT \"a uq\" UNIQUE,\n"
        "  b TEXT REFERENCES p (b) ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED NOT NULL,\n"
        "  c BLOB CHECK (length(c) < 10), -- a comment, with (parens\n"
        "  /* block ) comment */ d,\n"
        "  CONSTRAINT \"pk\" PRIMARY KEY (a DESC, [b] COLLATE nocase),\n"
        "  UNIQUE (c, d) ON CONFLICT REPLACE\n"
        "  CONSTRAINT fk_cd FOREIGN KEY (c, d) REFERENCES p (b, c) MATCH FULL NOT DEFERRABLE INITIALLY DEFERRED,\n"
        "  FOREIGN KEY (a) REFERENCES p ON DELETE RESTRICT DEFERRABLE INITIALLY IMMEDIATE,\n"
        "  CHECK (c <> 'x)'),\n"
        "  CONSTRAINT \"named check\" CHECK ((a) IN (1, 2, 3))\n"
        ")");
    CHECK(t.name == "child");
    REQUIRE(t.columns.size() == 4);
    CHECK(t.columns[1].not_null);
    CHECK(t.columns[3].name == "d");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->name == "pk");
    CHECK(t.primary_key->columns == std::vector<std::string>{"a", "b"});
    CHECK_FALSE(t.primary_key->autoincrement);

    REQUIRE(t.unique.size() == 2);
    CHECK(t.unique[0].name == "a uq");
    CHECK(t.unique[0].columns == std::vector<std::string>{"a"});
    CHECK_FALSE(t.unique[1].name);
    CHECK(t.unique[1].columns == std::vector<std::string>{"c", "d"});

    REQUIRE(t.checks.size() == 4);
    CHECK(t.checks[0].name == "a_pos");
    CHECK(t.checks[0].expression == "a > (0 + (1 - 1))");
    CHECK_FALSE(t.checks[1].name);
    CHECK(t.checks[1].expression == "length(c) < 10");
    CHECK(t.checks[2].expression == "c <> 'x)'");
    CHECK(t.checks[3].name == "named check");
    CHECK(t.checks[3].expression == "(a) IN (1, 2, 3)");

    REQUIRE(t.foreign_keys.size() == 3);
    const auto& b = t.foreign_keys[0];
    CHECK_FALSE(b.name);
    CHECK(b.columns == std::vector<std::string>{"b"});
    CHECK(b.table == "p");
    CHECK(b.ref_columns == std::vector<std::string>{"b"});
    CHECK(b.on_delete == "set null");
    CHECK(b.on_update == "cascade");
    CHECK(b.deferrable);
    CHECK(b.initially_deferred);
    const auto& cd = t.foreign_keys[1];
    CHECK(cd.name == "fk_cd");
    CHECK(cd.columns == std::vector<std::string>{"c", "d"});
    CHECK(cd.ref_columns == std::vector<std::string>{"b", "c"});
    CHECK_FALSE(cd.deferrable);
    CHECK_FALSE(cd.initially_deferred);
    const auto& a = t.foreign_keys[2];
    CHECK(a.ref_columns.empty());
    CHECK(a.on_delete == "restrict");
    CHECK(a.on_update == "no action");
    CHECK(a.deferrable);
    CHECK_FALSE(a.initially_deferred);
}

TEST_CASE("introspect::sqlite parse_create_table generated columns and table options") {
    const auto t = parse_table(
        "CREATE TABLE g (\n"
        "  a INTEGER,\n"
        "  b INTEGER GENERATED ALWAYS AS (a * (a + 1)) STORED,\n"
        "  c TEXT AS (printf('%d)', a)) VIRTUAL,\n"
        "  d ANY AS (a + 1),\n"
        "  e INT NOT NULL GENERATED ALWAYS AS (abs(a)),\n"
        "  PRIMARY KEY (a)\n"
        ") WITHOUT ROWID, STRICT");
    REQUIRE(t.columns.size() == 5);
    CHECK(t.columns[1].generated_expression == "a * (a + 1)");
    CHECK(t.columns[1].generated_stored);
    CHECK(t.columns[2].generated_expression == "printf('%d)', a)");
    CHECK_FALSE(t.columns[2].generated_stored);
    CHECK(t.columns[3].declared_type == "ANY");
    CHECK(t.columns[3].generated_expression == "a + 1");
    CHECK(t.columns[4].not_null);
    CHECK(t.columns[4].generated_expression == "abs(a)");
    CHECK(t.without_rowid);
    CHECK(t.strict);

    const auto untyped = parse_table("CREATE TABLE n (a, d AS (a + 1), e GENERATED ALWAYS AS (2))");
    REQUIRE(untyped.columns.size() == 3);
    CHECK(untyped.columns[1].declared_type.empty());
    CHECK(untyped.columns[1].generated_expression == "a + 1");
    CHECK(untyped.columns[2].declared_type.empty());
    CHECK(untyped.columns[2].generated_expression == "2");
    CHECK_FALSE(untyped.without_rowid);
    CHECK_FALSE(untyped.strict);
}

TEST_CASE("introspect::sqlite parse_create_table names: reserved words, non-ASCII, string literals") {
    const auto t = parse_table(
        "CREATE TABLE [table] (\"from\" INT, `where` TEXT, 'größe' REAL, \"a \"\"quoted\"\" name\" INT, "
        "[ключ] INTEGER CONSTRAINT [первичный] PRIMARY KEY, key KEY, \"x\" [my type](3))");
    CHECK(t.name == "table");
    REQUIRE(t.columns.size() == 7);
    CHECK(t.columns[0].name == "from");
    CHECK(t.columns[1].name == "where");
    CHECK(t.columns[2].name == "größe");
    CHECK(t.columns[3].name == "a \"quoted\" name");
    CHECK(t.columns[4].name == "ключ");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->name == "первичный");
    CHECK(t.columns[5].name == "key");
    CHECK(t.columns[5].declared_type == "KEY");
    CHECK(t.columns[6].declared_type == "my type(3)");
}

TEST_CASE("introspect::sqlite parse_create_table table-level AUTOINCREMENT and ALTER TABLE ADD COLUMN text") {
    auto t = parse_table("CREATE TABLE h (x INTEGER, y, PRIMARY KEY (x AUTOINCREMENT))");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->autoincrement);
    // ALTER TABLE ADD COLUMN appends the definition to the stored text, separated by ", ".
    t = parse_create_table("CREATE TABLE t(a INT, b INT, c TEXT DEFAULT 'x' CHECK (c <> ''))");
    REQUIRE(t.columns.size() == 3);
    CHECK(t.checks.size() == 1);
}

TEST_CASE("introspect::sqlite parse_create_table rejects what is not a CREATE TABLE") {
    CHECK_THROWS_AS(parse_create_table("CREATE VIEW v AS SELECT 1"), autogen::Error);
    CHECK_THROWS_AS(parse_create_table("CREATE TABLE t (a INT"), autogen::Error);
    CHECK_THROWS_AS(parse_create_table("CREATE TABLE t (a INT) WITH ROWID"), autogen::Error);
    try {
        parse_create_table("CREATE TABLE t (a INT PRIMARY)");
        FAIL("no error");
    } catch (const autogen::Error& error) {
        CHECK(error.kind == autogen::ErrorKind::internal);
        CHECK(error.backend == "sqlite");
        CHECK(std::string(error.what()).find("KEY") != std::string::npos);
    }
}

TEST_CASE("introspect::sqlite parse_create_index") {
    auto i = parse_index(
        "CREATE UNIQUE INDEX IF NOT EXISTS \"Ix Name\" ON t (lower(x) COLLATE NOCASE DESC, y ASC, (x + y), "
        "z COLLATE \"binary\", substr(z, 1, (2)) ) WHERE x IS NOT NULL AND (y > 0)");
    CHECK(i.name == "Ix Name");
    CHECK(i.table == "t");
    CHECK(i.unique);
    REQUIRE(i.keys.size() == 5);
    CHECK(i.keys[0].text == "lower(x)");
    CHECK(i.keys[0].collation == "NOCASE");
    CHECK(i.keys[0].desc);
    CHECK(i.keys[1].text == "y");
    CHECK_FALSE(i.keys[1].desc);
    CHECK_FALSE(i.keys[1].collation);
    CHECK(i.keys[2].text == "(x + y)");
    CHECK(i.keys[3].text == "z");
    CHECK(i.keys[3].collation == "binary");
    CHECK(i.keys[4].text == "substr(z, 1, (2))");
    CHECK(i.where == "x IS NOT NULL AND (y > 0)");

    i = parse_create_index("CREATE INDEX ix ON t(x) WHERE x > 0 ;");
    CHECK_FALSE(i.unique);
    CHECK(i.where == "x > 0");
    i = parse_index("CREATE INDEX ix2 ON \"t\" ( \"x\" )");
    CHECK(i.keys[0].text == "\"x\"");
    CHECK_FALSE(i.where);
}

TEST_CASE("introspect::sqlite parse_view_definition") {
    CHECK(parse_view_definition("CREATE VIEW v AS SELECT 1") == "SELECT 1");
    CHECK(parse_view_definition("CREATE VIEW IF NOT EXISTS \"my view\" (a, b) AS\n  -- lead\n  SELECT x AS a, y AS b FROM t ;") ==
          "SELECT x AS a, y AS b FROM t");
    CHECK(parse_view_definition("CREATE TEMP VIEW main.[v] AS /* c */ WITH q AS (SELECT 1) SELECT * FROM q") ==
          "WITH q AS (SELECT 1) SELECT * FROM q");
    CHECK_THROWS_AS(parse_view_definition("CREATE VIEW v SELECT 1"), autogen::Error);
}

TEST_CASE("introspect::sqlite parse_create_table grammar corners SQLite accepts") {
    // A standalone CONSTRAINT name: it names the next constraint unless a comma comes first.
    auto t = parse_table("CREATE TABLE a (x, y, CONSTRAINT dropped, CONSTRAINT foo CONSTRAINT bar CHECK (x > 0) "
                         "CONSTRAINT last)");
    REQUIRE(t.checks.size() == 1);
    CHECK(t.checks[0].name == "bar");
    t = parse_table("CREATE TABLE a (x INT CONSTRAINT dangling, y INT CONSTRAINT c1 CHECK (y > 0) CHECK (y < 9))");
    REQUIRE(t.checks.size() == 2);
    // SQLite itself reports a failure of either check as c1; the text gives the name to the first one only.
    CHECK(t.checks[0].name == "c1");
    CHECK_FALSE(t.checks[1].name);

    // ON INSERT is parsed and ignored; a column-level defer clause may follow other constraints.
    t = parse_table("CREATE TABLE a (x REFERENCES p ON INSERT CASCADE ON DELETE SET DEFAULT, "
                    "y REFERENCES p NOT NULL DEFERRABLE INITIALLY DEFERRED, z INT)");
    REQUIRE(t.foreign_keys.size() == 2);
    CHECK(t.foreign_keys[0].on_delete == "set default");
    CHECK(t.foreign_keys[0].on_update == "no action");
    CHECK_FALSE(t.foreign_keys[0].deferrable);
    CHECK(t.foreign_keys[1].deferrable);
    CHECK(t.foreign_keys[1].initially_deferred);
    CHECK(t.columns[1].not_null);
    // z's NOT DEFERRABLE applies to the table's latest foreign key (y's): that is what SQLite does.
    t = parse_table("CREATE TABLE a (y REFERENCES p DEFERRABLE INITIALLY DEFERRED, z INT NOT DEFERRABLE)");
    CHECK_FALSE(t.foreign_keys[0].deferrable);
    CHECK_FALSE(t.foreign_keys[0].initially_deferred);

    // Table constraints without commas between them; string and multi-word types; blob defaults.
    t = parse_table("CREATE TABLE a (x 'my text' DEFAULT x'00', y double precision (  10  ) NOT NULL, "
                    "z int(10,2), PRIMARY KEY (x) CHECK (y > 0) UNIQUE (y) FOREIGN KEY (z) REFERENCES p)");
    CHECK(t.columns[0].declared_type == "my text");
    CHECK(t.columns[0].default_value == "x'00'");
    CHECK(t.columns[1].declared_type == "double precision(  10  )");
    CHECK(canonical_type(t.columns[1].declared_type) == "DOUBLE PRECISION(10)");
    CHECK(t.columns[2].declared_type == "int(10,2)");
    REQUIRE(t.primary_key);
    CHECK(t.checks.size() == 1);
    CHECK(t.unique.size() == 1);
    CHECK(t.foreign_keys.size() == 1);

    // Conflict clauses everywhere they are allowed.
    t = parse_table("CREATE TABLE a (x INTEGER PRIMARY KEY ASC ON CONFLICT IGNORE AUTOINCREMENT, "
                    "y NOT NULL ON CONFLICT FAIL UNIQUE ON CONFLICT ROLLBACK, "
                    "UNIQUE (x, y) ON CONFLICT REPLACE, CHECK (y <> 0) ON CONFLICT ABORT)");
    CHECK(t.primary_key->autoincrement);
    CHECK(t.columns[1].not_null);
    CHECK(t.unique.size() == 2);
    CHECK(t.checks.size() == 1);

    // Numbers in every spelling, signed defaults, and keywords SQLite lets through as names.
    t = parse_table("CREATE TABLE a (abort INT DEFAULT +1e10, action INT DEFAULT -0x1F, replace TEXT DEFAULT "
                    "\"word\", temp, key KEY DEFAULT .5)");
    CHECK(t.columns[0].name == "abort");
    CHECK(t.columns[0].default_value == "+1e10");
    CHECK(t.columns[1].default_value == "-0x1F");
    CHECK(t.columns[2].default_value == "\"word\"");
    CHECK(t.columns[3].name == "temp");
    CHECK(t.columns[4].default_value == ".5");
}
