#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "emit/sqlite/renderer.hpp"
#include "sqlite_support.hpp"

using namespace autogen;
using namespace autogen::test;
using autogen::emit::sqlite::SqliteRenderer;

namespace {

std::vector<std::string> statements(const diff::Op& op) { return SqliteRenderer{}.render(step(op)).statements; }

core::Table users() {
    auto t = table("users", {col("id", "INTEGER", false), col("email", "TEXT", false), col("name", "TEXT")});
    t.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    return t;
}

core::Index index_on(std::string name, std::vector<std::string> columns, bool unique = false) {
    core::Index index;
    index.name = std::move(name);
    index.unique = unique;
    for (auto& c : columns) {
        core::IndexKey key;
        key.column = std::move(c);
        index.keys.push_back(key);
    }
    return index;
}

}  // namespace

TEST_CASE("emit::sqlite quote_identifier") {
    using emit::sqlite::quote_identifier;
    CHECK(quote_identifier("users") == "users");
    CHECK(quote_identifier("_x9") == "_x9");
    CHECK(quote_identifier("order") == "\"order\"");
    CHECK(quote_identifier("Order") == "\"Order\"");
    CHECK(quote_identifier("current_timestamp") == "\"current_timestamp\"");
    CHECK(quote_identifier("my col") == "\"my col\"");
    CHECK(quote_identifier("9lives") == "\"9lives\"");
    CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
    CHECK(quote_identifier("") == "\"\"");
    CHECK(quote_identifier("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
    CHECK(emit::sqlite::qualified_name({"", "t"}) == "t");
    CHECK(emit::sqlite::qualified_name({"aux", "group"}) == "aux.\"group\"");
    CHECK(std::is_sorted(emit::sqlite::keywords.begin(), emit::sqlite::keywords.end()));
    CHECK(emit::sqlite::is_keyword("without"));
    CHECK_FALSE(emit::sqlite::is_keyword("rowid"));
}

TEST_CASE("emit::sqlite zero_value follows affinity") {
    using emit::sqlite::zero_value;
    CHECK(zero_value("INTEGER") == "0");
    CHECK(zero_value("BIGINT") == "0");
    CHECK(zero_value("VARCHAR(20)") == "''");
    CHECK(zero_value("TEXT") == "''");
    CHECK(zero_value("BLOB") == "X''");
    CHECK(zero_value("") == "X''");
    CHECK(zero_value("DOUBLE") == "0.0");
    CHECK(zero_value("NUMERIC(10,2)") == "0");
    CHECK(zero_value("BOOLEAN") == "0");
}

TEST_CASE("emit::sqlite create table with every column and table constraint") {
    auto t = table("orders", {col("id", "INTEGER", false), col("user_id", "INTEGER", false),
                              col("status", "TEXT", false), col("code", "TEXT"), col("total", "NUMERIC(10,2)"),
                              col("doubled", "NUMERIC"), col("half", "NUMERIC"), col("created", "TIMESTAMP"),
                              col("order", "INTEGER")});
    t.columns[0].autoincrement = true;
    t.columns[2].default_value = "'new'";
    t.columns[3].collation = "NOCASE";
    t.columns[4].default_value = "-1";
    t.columns[5].generated = core::Generated{"total * 2", true};
    t.columns[6].generated = core::Generated{"total / 2", false};
    t.columns[7].default_value = "datetime('now')";
    t.primary_key = core::PrimaryKey{"orders_pkey", {"id"}};
    t.unique.push_back(unique("orders_code_key", {"code", "status"}));
    t.unique.push_back(unique(std::nullopt, {"user_id", "order"}));
    t.checks.push_back(check("orders_total_check", "total >= 0"));
    t.checks.push_back(check(std::nullopt, "length(code) < 10"));
    core::ForeignKey fk;
    fk.name = "orders_user_id_fkey";
    fk.columns = {"user_id"};
    fk.references = {"", "users", {"id"}};
    fk.on_delete = "cascade";
    fk.on_update = "set null";
    fk.deferrable = true;
    fk.initially_deferred = true;
    t.foreign_keys.push_back(fk);
    core::ForeignKey plain;
    plain.columns = {"code"};
    plain.references = {"", "codes", {}};
    t.foreign_keys.push_back(plain);
    t.indexes.push_back(index_on("ix_orders_status", {"status"}));

    const auto out = statements(diff::CreateTable{t.qualified(), t, {}});
    REQUIRE(out.size() == 2);
    CHECK(out[0] ==
          "CREATE TABLE orders (\n"
          "    id INTEGER CONSTRAINT orders_pkey PRIMARY KEY AUTOINCREMENT NOT NULL,\n"
          "    user_id INTEGER NOT NULL,\n"
          "    status TEXT NOT NULL DEFAULT 'new',\n"
          "    code TEXT COLLATE NOCASE,\n"
          "    total NUMERIC(10,2) DEFAULT -1,\n"
          "    doubled NUMERIC GENERATED ALWAYS AS (total * 2) STORED,\n"
          "    half NUMERIC GENERATED ALWAYS AS (total / 2) VIRTUAL,\n"
          "    created TIMESTAMP DEFAULT (datetime('now')),\n"
          "    \"order\" INTEGER,\n"
          "    CONSTRAINT orders_code_key UNIQUE (code, status),\n"
          "    UNIQUE (user_id, \"order\"),\n"
          "    CONSTRAINT orders_total_check CHECK (total >= 0),\n"
          "    CHECK (length(code) < 10),\n"
          "    CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE "
          "ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,\n"
          "    FOREIGN KEY (code) REFERENCES codes\n"
          ");");
    CHECK(out[1] == "CREATE INDEX ix_orders_status ON orders (status);");
}

TEST_CASE("emit::sqlite create table options and composite primary key") {
    auto t = table("pairs", {col("a", "TEXT", false), col("b", "INT", false)});
    t.primary_key = core::PrimaryKey{std::nullopt, {"a", "b"}};
    t.options.sqlite.without_rowid = true;
    t.options.sqlite.strict = true;
    t.schema = "aux";
    CHECK(statements(diff::CreateTable{t.qualified(), t, {}}) ==
          std::vector<std::string>{"CREATE TABLE aux.pairs (\n    a TEXT NOT NULL,\n    b INT NOT NULL,\n"
                                   "    PRIMARY KEY (a, b)\n) WITHOUT ROWID, STRICT;"});
    auto s = table("s", {col("x", "INT")});
    s.options.sqlite.strict = true;
    CHECK(emit::sqlite::create_table_statement(s) == "CREATE TABLE s (\n    x INT\n) STRICT;");
}

TEST_CASE("emit::sqlite default values keep literals and parenthesize expressions") {
    auto t = table("d", {col("a", "TEXT"), col("b", "INTEGER"), col("c", "TEXT"), col("e", "TIMESTAMP"),
                         col("f", "BLOB"), col("g", "TEXT"), col("h", "REAL")});
    t.columns[0].default_value = "'it''s'";
    t.columns[1].default_value = "+5";
    t.columns[2].default_value = "NULL";
    t.columns[3].default_value = "CURRENT_TIMESTAMP";
    t.columns[4].default_value = "X'00'";
    t.columns[5].default_value = "(lower('A'))";
    t.columns[6].default_value = "1.5 * 2";
    CHECK(emit::sqlite::create_table_statement(t) ==
          "CREATE TABLE d (\n    a TEXT DEFAULT 'it''s',\n    b INTEGER DEFAULT +5,\n    c TEXT DEFAULT NULL,\n"
          "    e TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n    f BLOB DEFAULT X'00',\n    g TEXT DEFAULT (lower('A')),\n"
          "    h REAL DEFAULT (1.5 * 2)\n);");
}

TEST_CASE("emit::sqlite table and column ops") {
    const auto u = users();
    CHECK(statements(diff::DropTable{u.qualified(), u, {}}) == std::vector<std::string>{"DROP TABLE users;"});
    auto renamed = u;
    renamed.name = "people";
    CHECK(statements(diff::RenameTable{u.qualified(), u, renamed}) ==
          std::vector<std::string>{"ALTER TABLE users RENAME TO people;"});
    auto age = col("age", "INTEGER", false);
    age.default_value = "0";
    CHECK(statements(diff::AddColumn{u.qualified(), age, {}}) ==
          std::vector<std::string>{"ALTER TABLE users ADD COLUMN age INTEGER NOT NULL DEFAULT 0;"});
    CHECK(statements(diff::AddColumn{{"aux", "select"}, col("from", "TEXT"), {}}) ==
          std::vector<std::string>{"ALTER TABLE aux.\"select\" ADD COLUMN \"from\" TEXT;"});
    CHECK(statements(diff::DropColumn{u.qualified(), u.columns[2], {}}) ==
          std::vector<std::string>{"ALTER TABLE users DROP COLUMN name;"});
    CHECK(statements(diff::RenameColumn{u.qualified(), u.columns[2], col("full name", "TEXT")}) ==
          std::vector<std::string>{"ALTER TABLE users RENAME COLUMN name TO \"full name\";"});
}

TEST_CASE("emit::sqlite index ops") {
    core::Index index = index_on("ix_users_email", {"email"}, true);
    index.keys[0].collation = "NOCASE";
    core::IndexKey expr;
    expr.expression = "lower(name)";
    expr.order = "desc";
    index.keys.push_back(expr);
    index.where = "email IS NOT NULL";
    CHECK(statements(diff::CreateIndex{{"", "users"}, index, {}}) ==
          std::vector<std::string>{"CREATE UNIQUE INDEX ix_users_email ON users (email COLLATE NOCASE, "
                                   "(lower(name)) DESC) WHERE email IS NOT NULL;"});
    CHECK(statements(diff::DropIndex{{"", "users"}, index, {}}) ==
          std::vector<std::string>{"DROP INDEX ix_users_email;"});
    auto plain = index_on("ix_a", {"a"});
    CHECK(statements(diff::CreateIndex{{"aux", "t"}, plain, {}}) ==
          std::vector<std::string>{"CREATE INDEX aux.ix_a ON t (a);"});
    CHECK(statements(diff::DropIndex{{"aux", "t"}, plain, {}}) == std::vector<std::string>{"DROP INDEX aux.ix_a;"});
    auto renamed = plain;
    renamed.name = "ix_b";
    CHECK(statements(diff::RenameIndex{{"", "t"}, plain, renamed}) ==
          std::vector<std::string>{"DROP INDEX ix_a;", "CREATE INDEX ix_b ON t (a);"});

    core::Index unnamed = index_on("x", {"a"});
    unnamed.name.reset();
    CHECK_THROWS_AS(statements(diff::CreateIndex{{"", "t"}, unnamed, {}}), Error);
    core::Index include = plain;
    include.include = {"b"};
    CHECK_THROWS_AS(statements(diff::CreateIndex{{"", "t"}, include, {}}), Error);
}

TEST_CASE("emit::sqlite view and trigger ops") {
    core::View view{"", "active_users", false, "SELECT id FROM users WHERE name IS NOT NULL;", {}, {}, {}, {}};
    CHECK(statements(diff::CreateView{{"", "active_users"}, view, {}}) ==
          std::vector<std::string>{"CREATE VIEW active_users AS SELECT id FROM users WHERE name IS NOT NULL;"});
    CHECK(statements(diff::DropView{{"", "active_users"}, view, {}}) ==
          std::vector<std::string>{"DROP VIEW active_users;"});
    auto changed = view;
    changed.definition = "SELECT id, email FROM users";
    CHECK(statements(diff::AlterView{{"", "active_users"}, view, changed, diff::change_definition, {}, {}}) ==
          std::vector<std::string>{"DROP VIEW active_users;", "CREATE VIEW active_users AS SELECT id, email FROM users;"});
    auto whole = view;
    whole.definition = "CREATE VIEW active_users AS SELECT 1";
    CHECK(statements(diff::CreateView{{"", "active_users"}, whole, {}}) ==
          std::vector<std::string>{"CREATE VIEW active_users AS SELECT 1;"});
    auto renamed = view;
    renamed.name = "view";
    CHECK(statements(diff::RenameView{{"", "active_users"}, view, renamed}) ==
          std::vector<std::string>{"DROP VIEW active_users;",
                                   "CREATE VIEW \"view\" AS SELECT id FROM users WHERE name IS NOT NULL;"});

    core::Trigger trigger{"", "users", "users_touch",
                          "CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN SELECT 1; END\n", {}};
    CHECK(statements(diff::CreateTrigger{{"", "users"}, trigger, {}}) ==
          std::vector<std::string>{"CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN SELECT 1; END;"});
    CHECK(statements(diff::DropTrigger{{"", "users"}, trigger, {}}) ==
          std::vector<std::string>{"DROP TRIGGER users_touch;"});
    auto next = trigger;
    next.definition = "CREATE TRIGGER users_touch AFTER INSERT ON users BEGIN SELECT 2; END;";
    CHECK(statements(diff::AlterTrigger{{"", "users"}, trigger, next, diff::change_definition, {}, {}}) ==
          std::vector<std::string>{"DROP TRIGGER users_touch;", next.definition});
}

TEST_CASE("emit::sqlite ops lower must rebuild are internal errors") {
    const auto u = users();
    auto to = u.columns[1];
    to.type = "INTEGER";
    const std::vector<diff::Op> ops = {
        diff::AlterColumn{u.qualified(), u.columns[1], to, diff::change_type, {}, {}},
        diff::AddPrimaryKey{u.qualified(), *u.primary_key, {}},
        diff::DropPrimaryKey{u.qualified(), *u.primary_key, {}},
        diff::AddForeignKey{u.qualified(), core::ForeignKey{}, {}},
        diff::DropForeignKey{u.qualified(), core::ForeignKey{}, {}},
        diff::AddCheck{u.qualified(), core::CheckConstraint{"c", "x > 0", true, {}}, {}},
        diff::DropCheck{u.qualified(), core::CheckConstraint{"c", "x > 0", true, {}}, {}},
        diff::AddUnique{u.qualified(), core::UniqueConstraint{"u", {"email"}, false, false, false, {}}, {}},
        diff::DropUnique{u.qualified(), core::UniqueConstraint{"u", {"email"}, false, false, false, {}}, {}},
        diff::CreateEnum{{"", "mood"}, core::Enum{"", "mood", {"a"}, {}}, {}},
        diff::CreateSequence{{"", "s"}, core::Sequence{}, {}},
        diff::CreateExtension{{"", "e"}, core::Extension{}, {}},
        diff::CreateDomain{{"", "d"}, core::Domain{}, {}},
        diff::CreateRoutine{{"", "r"}, core::Routine{}, {}},
        diff::AlterTable{u.qualified(), u, u, diff::change_options, {}, {}},
    };
    for (const auto& op : ops) {
        CAPTURE(diff::op_name(op));
        try {
            statements(op);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.kind == ErrorKind::internal);
            CHECK(std::string(e.what()).find("sqlite cannot") != std::string::npos);
        }
    }
}

TEST_CASE("emit::sqlite step comments carry the hazard reason") {
    const auto u = users();
    const auto rendered = SqliteRenderer{}.render(step(diff::DropColumn{u.qualified(), u.columns[2], {}},
                                                       diff::hazard_data_loss | diff::hazard_table_rewrite));
    CHECK(rendered.comment == "drop column users.name  [destructive: data in this column is lost]");
    CHECK(SqliteRenderer{}.render(step(diff::CreateTable{u.qualified(), u, {}})).comment == "create table users");
}

TEST_CASE("emit::sqlite render_all is one transaction; Script::text numbers steps") {
    const auto u = users();
    auto age = col("age", "INTEGER");
    const auto script = SqliteRenderer{}.render_all(
        {step(diff::CreateTable{u.qualified(), u, {}}), step(diff::AddColumn{u.qualified(), age, {}})});
    REQUIRE(script.blocks.size() == 1);
    CHECK(script.blocks[0].transactional);
    CHECK(script.blocks[0].before.empty());
    CHECK(script.text() ==
          "BEGIN;\n"
          "-- 1/2 create table users\n"
          "CREATE TABLE users (\n    id INTEGER NOT NULL,\n    email TEXT NOT NULL,\n    name TEXT,\n"
          "    PRIMARY KEY (id)\n);\n"
          "-- 2/2 add column users.age\n"
          "ALTER TABLE users ADD COLUMN age INTEGER;\n"
          "COMMIT;\n");
    CHECK(SqliteRenderer{}.render_all({}).text().empty());
    CHECK(emit::renderer_for(core::Dialect::sqlite) != nullptr);
    CHECK(emit::renderer_for(core::Dialect::postgresql) != nullptr);
}

TEST_CASE("emit::sqlite rebuild statements") {
    auto from = table("items", {col("id", "INTEGER", false), col("price", "TEXT"), col("old", "TEXT")});
    from.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    auto to = table("items", {col("id", "INTEGER", false), col("price", "NUMERIC"), col("qty", "INTEGER", false),
                              col("note", "TEXT"), col("total", "NUMERIC")});
    to.primary_key = from.primary_key;
    to.columns[4].generated = core::Generated{"price * qty", false};
    to.checks.push_back(check("items_price_check", "price >= 0"));
    to.indexes.push_back(index_on("ix_items_price", {"price"}));
    diff::RebuildTable rebuild{from, to, {"id", "price", std::nullopt, std::nullopt, std::nullopt}, 0, 0};

    const auto script = SqliteRenderer{}.render_all({step(rebuild, diff::hazard_table_rewrite)});
    CHECK(script.text() ==
          "PRAGMA foreign_keys=OFF;\n"
          "BEGIN;\n"
          "-- 1/1 rebuild table items  [table rebuilt: rows copied to a new table]\n"
          "CREATE TABLE _autogen_new_items (\n"
          "    id INTEGER NOT NULL,\n"
          "    price NUMERIC,\n"
          "    qty INTEGER NOT NULL,\n"
          "    note TEXT,\n"
          "    total NUMERIC GENERATED ALWAYS AS (price * qty) VIRTUAL,\n"
          "    PRIMARY KEY (id),\n"
          "    CONSTRAINT items_price_check CHECK (price >= 0)\n"
          ");\n"
          "INSERT INTO _autogen_new_items (id, price, qty)\n"
          "    SELECT id, price, 0 FROM items;\n"
          "PRAGMA legacy_alter_table=ON;\n"
          "DROP TABLE items;\n"
          "ALTER TABLE _autogen_new_items RENAME TO items;\n"
          "PRAGMA legacy_alter_table=OFF;\n"
          "CREATE INDEX ix_items_price ON items (price);\n"
          "-- check that no foreign key dangles after the rebuild; a violation rolls everything back\n"
          "CREATE TEMP TABLE _autogen_fk_check (n INTEGER CHECK (n = 0));\n"
          "CREATE TEMP TRIGGER _autogen_fk_check_fail BEFORE INSERT ON _autogen_fk_check WHEN NEW.n <> 0 BEGIN "
          "SELECT RAISE(ROLLBACK, 'autogen: foreign keys violated after the table rebuild; nothing was changed'); "
          "END;\n"
          "INSERT INTO _autogen_fk_check SELECT count(*) FROM pragma_foreign_key_check;\n"
          "DROP TABLE temp._autogen_fk_check;\n"
          "COMMIT;\n"
          "PRAGMA foreign_keys=ON;\n");
}

TEST_CASE("emit::sqlite rebuild keeps implicit rowids, renames first, saves sqlite_sequence") {
    auto from = table("log", {col("msg", "TEXT")});
    auto to = table("log", {col("msg", "TEXT", false)});
    auto out = emit::sqlite::rebuild_statements({from, to, {"msg"}, 0, 0});
    CHECK(out[1] == "INSERT INTO _autogen_new_log (rowid, msg)\n    SELECT rowid, msg FROM log;");

    // A column named rowid shadows it; _rowid_ still reaches the row id.
    from.columns.push_back(col("rowid", "TEXT"));
    to.columns.push_back(col("rowid", "TEXT"));
    out = emit::sqlite::rebuild_statements({from, to, {"msg", "rowid"}, 0, 0});
    CHECK(out[1] == "INSERT INTO _autogen_new_log (_rowid_, msg, rowid)\n    SELECT _rowid_, msg, rowid FROM log;");

    auto counters = table("counters", {col("id", "INTEGER", false), col("n", "INTEGER")});
    counters.columns[0].autoincrement = true;
    counters.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    auto renamed = counters;
    renamed.name = "tallies";
    out = emit::sqlite::rebuild_statements({counters, renamed, {"id", "n"}, 0, 0});
    CHECK(out == std::vector<std::string>{
                     "ALTER TABLE counters RENAME TO tallies;",
                     "CREATE TABLE _autogen_new_tallies (\n    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"
                     "    n INTEGER\n);",
                     "INSERT INTO _autogen_new_tallies (id, n)\n    SELECT id, n FROM tallies;",
                     "CREATE TEMP TABLE _autogen_seq AS SELECT max(seq) AS seq FROM sqlite_sequence WHERE name IN "
                     "('tallies', '_autogen_new_tallies');",
                     "PRAGMA legacy_alter_table=ON;",
                     "DROP TABLE tallies;",
                     "ALTER TABLE _autogen_new_tallies RENAME TO tallies;",
                     "PRAGMA legacy_alter_table=OFF;",
                     "DELETE FROM sqlite_sequence WHERE name = 'tallies';",
                     "INSERT INTO sqlite_sequence (name, seq) SELECT 'tallies', seq FROM temp._autogen_seq WHERE seq "
                     "IS NOT NULL;",
                     "DROP TABLE temp._autogen_seq;"});
}

TEST_CASE("emit::sqlite foreign key check covers attached schemas") {
    CHECK(emit::sqlite::foreign_key_check_statements()[2] ==
          "INSERT INTO _autogen_fk_check SELECT count(*) FROM pragma_foreign_key_check;");
    CHECK(emit::sqlite::foreign_key_check_statements({"", "aux", "aux", "main"})[2] ==
          "INSERT INTO _autogen_fk_check SELECT (SELECT count(*) FROM pragma_foreign_key_check) + "
          "(SELECT count(*) FROM pragma_foreign_key_check(NULL, 'aux'));");
    auto from = table("t", {col("a", "TEXT")});
    from.schema = "aux";
    const auto script = SqliteRenderer{}.render_all({step(diff::RebuildTable{from, from, {"a"}, 0, 0})});
    CHECK(script.text().find("pragma_foreign_key_check(NULL, 'aux')") != std::string::npos);
    CHECK(script.text().find("CREATE TABLE aux._autogen_new_t") != std::string::npos);
}
