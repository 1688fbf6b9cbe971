#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/url.hpp"
#include "emit/sqlite/renderer.hpp"
#include "introspect/inspector.hpp"
#include "introspect/sqlite/inspector.hpp"
#include "tests/introspect/sqlite_test_support.hpp"

using namespace autogen;
using autogen::test::find_column;
using autogen::test::find_table;

namespace {

const char* const features_sql = R"sql(
CREATE TABLE parent (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name TEXT COLLATE NOCASE DEFAULT 'active',
  created TEXT DEFAULT (datetime('now')),
  n INT DEFAULT 0,
  ts TEXT DEFAULT CURRENT_TIMESTAMP,
  neg REAL DEFAULT -1.5
);
CREATE TABLE child (
  id INTEGER,
  parent_id INTEGER CONSTRAINT fk_parent REFERENCES parent(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  code TEXT,
  qty INT CHECK (qty >= 0),
  total INT GENERATED ALWAYS AS (qty * 2) STORED,
  half INT AS (qty / 2),
  CONSTRAINT pk_child PRIMARY KEY (id),
  CONSTRAINT uq_child_code UNIQUE (code),
  UNIQUE (parent_id, code),
  FOREIGN KEY (code) REFERENCES parent(code) ON UPDATE SET NULL,
  CONSTRAINT "qty max" CHECK (qty < 1000)
);
CREATE INDEX ix_child_expr ON child (lower(code) COLLATE NOCASE DESC, qty) WHERE qty > 0;
CREATE UNIQUE INDEX ix_parent_name ON parent (name);
CREATE INDEX "Ix Mixed" ON child (code COLLATE RTRIM, parent_id DESC);
CREATE TABLE text_pk (k TEXT PRIMARY KEY, v);
CREATE TABLE text_pk_nn (k TEXT NOT NULL PRIMARY KEY);
CREATE TABLE wr (a TEXT, b INT, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE TABLE st (a INTEGER PRIMARY KEY, b TEXT NOT NULL, c ANY) STRICT;
CREATE TABLE int_desc (a INTEGER PRIMARY KEY DESC, b varchar (10), c numeric(10, 2), d);
CREATE TABLE fk_implicit (x INT REFERENCES parent, a TEXT, b INT, FOREIGN KEY (a, b) REFERENCES wr);
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
CREATE VIEW v_child AS SELECT c.id, p.name FROM child c JOIN parent p ON p.id = c.parent_id;
CREATE VIEW "v v" (x) AS
  SELECT id FROM [v_child];
CREATE TRIGGER trg_child AFTER INSERT ON child BEGIN UPDATE parent SET n = n + 1 WHERE id = NEW.parent_id; END;
INSERT INTO parent (code) VALUES ('a');
ANALYZE;
)sql";

}  // namespace

TEST_CASE("introspect::sqlite tables, columns and defaults") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "features.db", features_sql));
    CHECK(schema.dialect == core::Dialect::sqlite);
    CHECK(schema.schemas.empty());
    REQUIRE(schema.tables);
    std::vector<std::string> names;
    for (const auto& table : *schema.tables) names.push_back(table.name);
    // Sorted by name; sqlite_sequence, sqlite_stat1 and the bookkeeping table are never listed.
    CHECK(names == std::vector<std::string>{"child", "fk_implicit", "int_desc", "parent", "st", "text_pk", "text_pk_nn",
                                            "wr"});

    const auto& parent = find_table(schema, "parent");
    CHECK(parent.schema.empty());
    REQUIRE(parent.columns.size() == 7);
    const auto& id = parent.columns[0];
    CHECK(id.name == "id");
    CHECK(id.type == "INTEGER");
    CHECK_FALSE(id.nullable);
    CHECK(id.autoincrement);
    CHECK_FALSE(id.default_value);
    const auto& code = parent.columns[1];
    CHECK(code.type == "TEXT");
    CHECK_FALSE(code.nullable);
    CHECK_FALSE(code.autoincrement);
    const auto& name = parent.columns[2];
    CHECK(name.nullable);
    CHECK(name.collation == "NOCASE");
    CHECK(name.default_value == "'active'");
    CHECK(parent.columns[3].default_value == "(datetime('now'))");
    CHECK(parent.columns[4].type == "INT");
    CHECK(parent.columns[4].default_value == "0");
    CHECK(parent.columns[5].default_value == "CURRENT_TIMESTAMP");
    CHECK(parent.columns[6].type == "REAL");
    CHECK(parent.columns[6].default_value == "-1.5");
    REQUIRE(parent.primary_key);
    CHECK_FALSE(parent.primary_key->name);
    CHECK(parent.primary_key->columns == std::vector<std::string>{"id"});
    REQUIRE(parent.unique.size() == 1);
    CHECK_FALSE(parent.unique[0].name);
    CHECK(parent.unique[0].columns == std::vector<std::string>{"code"});
    CHECK(parent.checks.empty());
    CHECK(parent.foreign_keys.empty());
    CHECK_FALSE(parent.options.sqlite.without_rowid);
    CHECK_FALSE(parent.options.sqlite.strict);

    const auto& int_desc = find_table(schema, "int_desc");
    CHECK(int_desc.columns[1].type == "VARCHAR(10)");
    CHECK(int_desc.columns[2].type == "NUMERIC(10,2)");
    CHECK(int_desc.columns[3].type == "");
    CHECK(int_desc.columns[3].nullable);
}

TEST_CASE("introspect::sqlite primary keys: nullability, AUTOINCREMENT, WITHOUT ROWID, STRICT") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "features.db", features_sql));
    // A non-INTEGER primary key column of a rowid table accepts NULL in SQLite unless declared NOT NULL.
    const auto& text_pk = find_table(schema, "text_pk");
    CHECK(find_column(text_pk, "k").nullable);
    REQUIRE(text_pk.primary_key);
    CHECK(text_pk.primary_key->columns == std::vector<std::string>{"k"});
    CHECK(text_pk.indexes.empty());
    CHECK(text_pk.unique.empty());
    CHECK_FALSE(find_column(find_table(schema, "text_pk_nn"), "k").nullable);

    // INTEGER PRIMARY KEY DESC is not a rowid alias, so it stays nullable like any other key column.
    const auto& int_desc = find_table(schema, "int_desc");
    CHECK(find_column(int_desc, "a").nullable);
    CHECK_FALSE(find_column(int_desc, "a").autoincrement);

    const auto& wr = find_table(schema, "wr");
    CHECK(wr.options.sqlite.without_rowid);
    CHECK_FALSE(wr.options.sqlite.strict);
    CHECK_FALSE(find_column(wr, "a").nullable);
    CHECK_FALSE(find_column(wr, "b").nullable);
    REQUIRE(wr.primary_key);
    CHECK(wr.primary_key->columns == std::vector<std::string>{"a", "b"});
    CHECK(wr.indexes.empty());

    const auto& st = find_table(schema, "st");
    CHECK(st.options.sqlite.strict);
    CHECK_FALSE(st.options.sqlite.without_rowid);
    CHECK_FALSE(find_column(st, "a").nullable);
    CHECK_FALSE(find_column(st, "a").autoincrement);
    CHECK_FALSE(find_column(st, "b").nullable);
    CHECK(find_column(st, "c").type == "ANY");

    const auto& child = find_table(schema, "child");
    REQUIRE(child.primary_key);
    CHECK(child.primary_key->name == "pk_child");
    CHECK(child.primary_key->columns == std::vector<std::string>{"id"});
    CHECK_FALSE(find_column(child, "id").nullable);
    CHECK_FALSE(find_column(child, "id").autoincrement);
}

TEST_CASE("introspect::sqlite constraints: unique, checks, foreign keys, generated columns") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "features.db", features_sql));
    const auto& child = find_table(schema, "child");

    const auto& total = find_column(child, "total");
    REQUIRE(total.generated);
    CHECK(total.generated->expression == "qty * 2");
    CHECK(total.generated->stored);
    CHECK_FALSE(total.default_value);
    CHECK(total.type == "INT");
    CHECK_FALSE(total.hidden);
    const auto& half = find_column(child, "half");
    REQUIRE(half.generated);
    CHECK(half.generated->expression == "qty / 2");
    CHECK_FALSE(half.generated->stored);
    CHECK_FALSE(find_column(child, "qty").generated);

    REQUIRE(child.unique.size() == 2);
    CHECK(child.unique[0].name == "uq_child_code");
    CHECK(child.unique[0].columns == std::vector<std::string>{"code"});
    CHECK_FALSE(child.unique[1].name);
    CHECK(child.unique[1].columns == std::vector<std::string>{"parent_id", "code"});

    // Named first by name, then unnamed in definition order.
    REQUIRE(child.checks.size() == 2);
    CHECK(child.checks[0].name == "qty max");
    CHECK(child.checks[0].expression == "qty < 1000");
    CHECK_FALSE(child.checks[1].name);
    CHECK(child.checks[1].expression == "qty >= 0");

    REQUIRE(child.foreign_keys.size() == 2);
    const auto& fk_parent = child.foreign_keys[0];
    CHECK(fk_parent.name == "fk_parent");
    CHECK(fk_parent.columns == std::vector<std::string>{"parent_id"});
    CHECK(fk_parent.references.schema.empty());
    CHECK(fk_parent.references.table == "parent");
    CHECK(fk_parent.references.columns == std::vector<std::string>{"id"});
    CHECK(fk_parent.on_delete == "cascade");
    CHECK(fk_parent.on_update == "no action");
    CHECK(fk_parent.deferrable);
    CHECK(fk_parent.initially_deferred);
    CHECK(fk_parent.match == "simple");
    const auto& fk_code = child.foreign_keys[1];
    CHECK_FALSE(fk_code.name);
    CHECK(fk_code.columns == std::vector<std::string>{"code"});
    CHECK(fk_code.references.columns == std::vector<std::string>{"code"});
    CHECK(fk_code.on_update == "set null");
    CHECK(fk_code.on_delete == "no action");
    CHECK_FALSE(fk_code.deferrable);
    CHECK_FALSE(fk_code.initially_deferred);

    // REFERENCES without columns means the parent's primary key, in key order.
    const auto& implicit = find_table(schema, "fk_implicit");
    REQUIRE(implicit.foreign_keys.size() == 2);
    CHECK(implicit.foreign_keys[0].columns == std::vector<std::string>{"x"});
    CHECK(implicit.foreign_keys[0].references.table == "parent");
    CHECK(implicit.foreign_keys[0].references.columns == std::vector<std::string>{"id"});
    CHECK(implicit.foreign_keys[1].columns == std::vector<std::string>{"a", "b"});
    CHECK(implicit.foreign_keys[1].references.table == "wr");
    CHECK(implicit.foreign_keys[1].references.columns == std::vector<std::string>{"a", "b"});
}

TEST_CASE("introspect::sqlite indexes") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "features.db", features_sql));
    const auto& child = find_table(schema, "child");
    // Only CREATE INDEX indexes; the automatic ones of UNIQUE constraints are in `unique`.
    REQUIRE(child.indexes.size() == 2);
    const auto& mixed = child.indexes[0];
    CHECK(mixed.name == "Ix Mixed");
    CHECK_FALSE(mixed.unique);
    REQUIRE(mixed.keys.size() == 2);
    CHECK(mixed.keys[0].column == "code");
    CHECK(mixed.keys[0].collation == "RTRIM");
    CHECK(mixed.keys[0].order == "asc");
    CHECK(mixed.keys[1].column == "parent_id");
    CHECK(mixed.keys[1].order == "desc");
    CHECK_FALSE(mixed.keys[1].collation);
    CHECK_FALSE(mixed.where);

    const auto& expr = child.indexes[1];
    CHECK(expr.name == "ix_child_expr");
    REQUIRE(expr.keys.size() == 2);
    CHECK_FALSE(expr.keys[0].column);
    CHECK(expr.keys[0].expression == "lower(code)");
    CHECK(expr.keys[0].order == "desc");
    CHECK(expr.keys[0].collation == "NOCASE");
    CHECK(expr.keys[1].column == "qty");
    CHECK_FALSE(expr.keys[1].expression);
    CHECK(expr.where == "qty > 0");
    CHECK_FALSE(expr.method);

    const auto& parent = find_table(schema, "parent");
    REQUIRE(parent.indexes.size() == 1);
    CHECK(parent.indexes[0].name == "ix_parent_name");
    CHECK(parent.indexes[0].unique);
    REQUIRE(parent.indexes[0].keys.size() == 1);
    CHECK(parent.indexes[0].keys[0].column == "name");
    // The key inherits the column's collation, so the model states none.
    CHECK_FALSE(parent.indexes[0].keys[0].collation);
}

TEST_CASE("introspect::sqlite expression keys read back without parentheses around the whole expression") {
    // The renderer writes a key expression in parentheses (so that the key's COLLATE applies to all of it);
    // reading it back must give the model's text, or introspect(create(A)) would differ from A (property seed 1).
    core::Index index;
    index.name = "ix_e";
    core::IndexKey key;
    key.expression = "a + 1";
    key.collation = "NOCASE";
    key.order = "desc";
    index.keys.push_back(key);
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "keys.db",
        "CREATE TABLE t (a INT, b TEXT);\n" + emit::sqlite::create_index_statement({"", "t"}, index) +
        "\nCREATE INDEX ix_f ON t (((lower(b))), (a) + (b), ( a ));"));
    const auto& t = find_table(schema, "t");
    REQUIRE(t.indexes.size() == 2);
    REQUIRE(t.indexes[0].keys.size() == 1);
    CHECK(t.indexes[0].keys[0].expression == "a + 1");
    CHECK(t.indexes[0].keys[0].collation == "NOCASE");
    CHECK(t.indexes[0].keys[0].order == "desc");
    REQUIRE(t.indexes[1].keys.size() == 3);
    CHECK(t.indexes[1].keys[0].expression == "lower(b)");
    CHECK(t.indexes[1].keys[1].expression == "(a) + (b)");
    CHECK(t.indexes[1].keys[2].column == "a");  // SQLite reads a parenthesized name as the column
}

TEST_CASE("introspect::sqlite views and triggers") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "features.db", features_sql));
    REQUIRE(schema.views);
    REQUIRE(schema.views->size() == 2);
    const auto& v_child = (*schema.views)[1];
    CHECK(v_child.name == "v_child");
    CHECK(v_child.schema.empty());
    CHECK_FALSE(v_child.materialized);
    CHECK(v_child.definition == "SELECT c.id, p.name FROM child c JOIN parent p ON p.id = c.parent_id");
    REQUIRE(v_child.depends_on);
    CHECK(*v_child.depends_on ==
          std::vector<core::Dependency>{{"table", "", "child"}, {"table", "", "parent"}});
    const auto& v_v = (*schema.views)[0];
    CHECK(v_v.name == "v v");
    CHECK(v_v.definition == "SELECT id FROM [v_child]");
    CHECK(*v_v.depends_on == std::vector<core::Dependency>{{"view", "", "v_child"}});

    REQUIRE(schema.triggers);
    REQUIRE(schema.triggers->size() == 1);
    const auto& trigger = (*schema.triggers)[0];
    CHECK(trigger.name == "trg_child");
    CHECK(trigger.table == "child");
    CHECK(trigger.definition ==
          "CREATE TRIGGER trg_child AFTER INSERT ON child BEGIN UPDATE parent SET n = n + 1 WHERE id = NEW.parent_id; END");
    CHECK(*trigger.depends_on == std::vector<core::Dependency>{{"table", "", "child"}, {"table", "", "parent"}});

    // Kinds SQLite does not have are present and empty: introspection writes every list.
    CHECK(schema.sequences);
    CHECK(schema.sequences->empty());
    CHECK(schema.routines);
    CHECK(schema.enums);
    CHECK(schema.not_compared.empty());
}

TEST_CASE("introspect::sqlite filter") {
    test::TempDir dir;
    const auto path = test::make_database(dir, "features.db", features_sql);
    introspect::Filter filter;
    filter.exclude_tables = {"chi*", "text_pk"};
    const auto schema = test::introspect_file(path, filter);
    std::vector<std::string> names;
    for (const auto& table : *schema.tables) names.push_back(table.name);
    CHECK(names == std::vector<std::string>{"fk_implicit", "int_desc", "parent", "st", "text_pk_nn", "wr"});
    // A trigger belongs to its table; views stay, and depend only on what the model has.
    CHECK(schema.triggers->empty());
    REQUIRE(schema.views->size() == 2);
    CHECK(*(*schema.views)[1].depends_on == std::vector<core::Dependency>{{"table", "", "parent"}});

    filter = {};
    filter.schemas = {"main"};
    CHECK(test::introspect_file(path, filter).tables->size() == 8);
    filter.schemas = {"aux"};
    CHECK_THROWS_AS(test::introspect_file(path, filter), Error);
}

TEST_CASE("introspect::sqlite nasty names and comments survive the round trip through the catalog") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "nasty.db", R"sql(
CREATE TABLE "Order Items" ( -- comment with ) and ,
  "Id" INTEGER PRIMARY KEY,
  [select] TEXT /* inline, comment ( */ NOT NULL DEFAULT ('a,b'),
  `größe` REAL CONSTRAINT "größe positive" CHECK ("größe" > 0 AND (("größe") < 10)),
  "from" INTEGER CONSTRAINT "fk from" REFERENCES "Order Items" ("Id") ON DELETE SET DEFAULT,
  CONSTRAINT [uq select] UNIQUE ([select] COLLATE NOCASE)
);
CREATE INDEX "ix Order Items" ON "Order Items" ("from" DESC, ("größe" * 2)) WHERE "from" IS NOT NULL;
)sql"));
    REQUIRE(schema.tables->size() == 1);
    const auto& t = (*schema.tables)[0];
    CHECK(t.name == "Order Items");
    REQUIRE(t.columns.size() == 4);
    CHECK(t.columns[0].name == "Id");
    CHECK_FALSE(t.columns[0].nullable);
    CHECK(t.columns[1].name == "select");
    CHECK(t.columns[1].default_value == "('a,b')");
    CHECK_FALSE(t.columns[1].nullable);
    CHECK(t.columns[2].name == "größe");
    REQUIRE(t.checks.size() == 1);
    CHECK(t.checks[0].name == "größe positive");
    CHECK(t.checks[0].expression == "\"größe\" > 0 AND ((\"größe\") < 10)");
    REQUIRE(t.foreign_keys.size() == 1);
    CHECK(t.foreign_keys[0].name == "fk from");
    CHECK(t.foreign_keys[0].references.table == "Order Items");
    CHECK(t.foreign_keys[0].references.columns == std::vector<std::string>{"Id"});
    CHECK(t.foreign_keys[0].on_delete == "set default");
    REQUIRE(t.unique.size() == 1);
    CHECK(t.unique[0].name == "uq select");
    CHECK(t.unique[0].columns == std::vector<std::string>{"select"});
    REQUIRE(t.indexes.size() == 1);
    CHECK(t.indexes[0].keys[0].column == "from");
    CHECK(t.indexes[0].keys[0].order == "desc");
    CHECK(t.indexes[0].keys[1].expression == "\"größe\" * 2");  // outer parentheses carry nothing
    CHECK(t.indexes[0].where == "\"from\" IS NOT NULL");
}

TEST_CASE("introspect::sqlite ALTER TABLE ADD COLUMN and RENAME are read from the rewritten text") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "alter.db", R"sql(
CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);
ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'x' CHECK (c <> '') REFERENCES t(a);
ALTER TABLE t RENAME COLUMN b TO bee;
ALTER TABLE t RENAME TO renamed;
)sql"));
    const auto& t = find_table(schema, "renamed");
    REQUIRE(t.columns.size() == 3);
    CHECK(t.columns[1].name == "bee");
    CHECK(t.columns[2].default_value == "'x'");
    REQUIRE(t.checks.size() == 1);
    CHECK(t.checks[0].expression == "c <> ''");
    REQUIRE(t.foreign_keys.size() == 1);
    CHECK(t.foreign_keys[0].references.table == "renamed");
}

TEST_CASE("introspect::sqlite virtual tables are counted, never joined with the column pragmas") {
    test::TempDir dir;
    const auto path = test::make_database(dir, "virtual.db", R"sql(
CREATE VIRTUAL TABLE docs USING fts4(title, body);
CREATE VIRTUAL TABLE docs5 USING fts5(body);
CREATE TABLE plain (id INTEGER PRIMARY KEY, doc_id INT);
CREATE TABLE shapes_node (nodeno INTEGER PRIMARY KEY, data);
CREATE TABLE shapes_rowid (rowid INTEGER PRIMARY KEY, nodeno);
CREATE TABLE shapes_parent (nodeno INTEGER PRIMARY KEY, parentnode);
CREATE TABLE shapes_notes (id INTEGER PRIMARY KEY);
PRAGMA writable_schema = ON;
INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql)
  VALUES ('table', 'mystery', 'mystery', 0, 'CREATE VIRTUAL TABLE mystery USING no_such_module(a, b)');
INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql)
  VALUES ('table', 'shapes', 'shapes', 0, 'CREATE VIRTUAL TABLE shapes USING geopoly(a)');
PRAGMA writable_schema = OFF;
)sql");
    const auto schema = test::introspect_file(path);
    std::vector<std::string> names;
    for (const auto& table : *schema.tables) names.push_back(table.name);
    // The shadow tables of a module SQLite knows (fts4, fts5) are reported by pragma_table_list; those of a known
    // module that is not loaded here (geopoly) are recognized by name. A look-alike name is an ordinary table.
    CHECK(names == std::vector<std::string>{"plain", "shapes_notes"});
    REQUIRE(schema.not_compared.size() == 1);
    CHECK(schema.not_compared[0] == core::NotCompared{"virtual_table", "", 4});
}

TEST_CASE("introspect::sqlite opens read-only and reports errors with context") {
    test::TempDir dir;
    const std::string missing = dir.file("missing.db");
    try {
        introspect::sqlite::SqliteInspector inspector(missing);
        FAIL("opened a missing file");
    } catch (const Error& error) {
        CHECK(error.kind == ErrorKind::input);
        CHECK(error.backend == "sqlite");
        CHECK(error.object == missing);
        CHECK(std::string(error.what()).find(missing) != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(missing));

    const std::string garbage = dir.file("garbage.db");
    test::exec_sql(dir.file("unused.db"), "");
    {
        std::ofstream out(garbage);
        out << "this is not a database, just some text that is long enough to fill a header page......";
    }
    try {
        introspect::sqlite::SqliteInspector inspector(garbage);
        inspector.inspect({});
        FAIL("read a file that is not a database");
    } catch (const Error& error) {
        CHECK(error.kind == ErrorKind::database);
        CHECK(error.backend == "sqlite");
        CHECK(error.location == "schema_objects");
        CHECK(error.object == garbage);
        CHECK_FALSE(error.detail.empty());
    }

    // Reading never writes: the file is byte-identical afterwards.
    const auto path = test::make_database(dir, "features.db", features_sql);
    const std::string before = test::read_text_file(path);
    test::introspect_file(path);
    CHECK(test::read_text_file(path) == before);

    introspect::sqlite::SqliteInspector memory(":memory:");
    const auto empty = memory.inspect({});
    CHECK(empty.tables->empty());
    CHECK(empty.views->empty());
    CHECK(empty.triggers->empty());
}

TEST_CASE("introspect::sqlite open_inspector") {
    test::TempDir dir;
    core::DatabaseUrl url;
    url.dialect = core::Dialect::sqlite;
    url.database = test::make_database(dir, "features.db", features_sql);
    const auto inspector = introspect::open_inspector(url);
    CHECK(inspector->dialect() == core::Dialect::sqlite);
    CHECK(inspector->inspect({}).tables->size() == 8);

    url.dialect = core::Dialect::portable;
    CHECK_THROWS_AS(introspect::open_inspector(url), Error);
    // A backend that is not built is unsupported; a built one fails to connect to a port nobody listens on.
    url.dialect = core::Dialect::postgresql;
    url.host = "127.0.0.1";
    url.port = 1;
    url.database = "none";
    try {
        introspect::open_inspector(url);
        FAIL("no error");
    } catch (const Error& error) {
        CHECK((error.kind == ErrorKind::unsupported || error.kind == ErrorKind::database));
    }
}

TEST_CASE("introspect::sqlite query count does not depend on the number of tables") {
    auto database = [](const test::TempDir& dir, const std::string& name, int tables) {
        std::string sql;
        for (int i = 0; i < tables; ++i) {
            const std::string t = "t" + std::to_string(i);
            sql += "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, ref INT REFERENCES t0(id), v TEXT UNIQUE CHECK (v <> ''));";
            sql += "CREATE INDEX ix_" + t + " ON " + t + " (lower(v));";
            sql += "CREATE VIEW v_" + t + " AS SELECT * FROM " + t + ";";
        }
        return test::make_database(dir, name, sql);
    };
    test::TempDir dir;
    introspect::sqlite::SqliteInspector small(database(dir, "small.db", 3));
    introspect::sqlite::SqliteInspector large(database(dir, "large.db", 50));
    CHECK(small.query_count() == 0);
    const auto small_schema = small.inspect({});
    const auto large_schema = large.inspect({});
    CHECK(small_schema.tables->size() == 3);
    CHECK(large_schema.tables->size() == 50);
    CHECK(large_schema.views->size() == 50);
    CHECK(small.query_count() > 0);
    CHECK(small.query_count() == large.query_count());
    CHECK(small.query_count() == 4);
    // Running again counts again from zero.
    small.inspect({});
    CHECK(small.query_count() == 4);
}

TEST_CASE("introspect::sqlite less common shapes") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "shapes.db", R"sql(
CREATE TABLE Parent (Id INTEGER PRIMARY KEY, label TEXT);
CREATE TABLE kid (
  a INT CONSTRAINT ignored_name NOT NULL CONSTRAINT also_ignored DEFAULT 1 REFERENCES PARENT,
  b INT CONSTRAINT c1 CHECK (b > 0) CHECK (b < 9),
  c TEXT DEFAULT NULL
);
CREATE TABLE copy AS SELECT Id, label, Id * 2 AS twice FROM Parent;
CREATE INDEX ix_expr ON kid (a + 1, a);
CREATE VIEW v_parent AS SELECT * FROM Parent;
CREATE TRIGGER "instead of insert" INSTEAD OF INSERT ON v_parent BEGIN INSERT INTO Parent (label) VALUES (NEW.label); END;
)sql"));
    const auto& kid = find_table(schema, "kid");
    CHECK_FALSE(find_column(kid, "a").nullable);
    CHECK(find_column(kid, "a").default_value == "1");
    CHECK(find_column(kid, "c").default_value == "NULL");
    REQUIRE(kid.foreign_keys.size() == 1);
    // The referenced table as written; its columns come from the parent's primary key, found case-insensitively.
    CHECK_FALSE(kid.foreign_keys[0].name);
    CHECK(kid.foreign_keys[0].references.table == "PARENT");
    CHECK(kid.foreign_keys[0].references.columns == std::vector<std::string>{"Id"});
    REQUIRE(kid.checks.size() == 2);
    CHECK(kid.checks[0].name == "c1");
    CHECK(kid.checks[0].expression == "b > 0");
    CHECK_FALSE(kid.checks[1].name);
    CHECK(kid.checks[1].expression == "b < 9");
    REQUIRE(kid.indexes.size() == 1);
    REQUIRE(kid.indexes[0].keys.size() == 2);
    CHECK(kid.indexes[0].keys[0].expression == "a + 1");
    CHECK(kid.indexes[0].keys[1].column == "a");

    // CREATE TABLE AS SELECT: SQLite stores a synthesized CREATE TABLE with the expression affinities as types.
    const auto& copy = find_table(schema, "copy");
    REQUIRE(copy.columns.size() == 3);
    CHECK(copy.columns[0].name == "Id");
    CHECK(copy.columns[0].type == "INT");
    CHECK(copy.columns[1].type == "TEXT");
    CHECK(copy.columns[2].name == "twice");
    CHECK_FALSE(copy.primary_key);

    REQUIRE(schema.triggers->size() == 1);
    const auto& trigger = (*schema.triggers)[0];
    CHECK(trigger.name == "instead of insert");
    CHECK(trigger.table == "v_parent");
    CHECK(*trigger.depends_on == std::vector<core::Dependency>{{"table", "", "Parent"}, {"view", "", "v_parent"}});
}

TEST_CASE("introspect::sqlite collations: BINARY omitted, built-ins upper-cased, others as written") {
    test::TempDir dir;
    const std::string path = dir.file("collations.db");
    {
        // A custom collation exists only on the connection that registers it; SQLite stores its name regardless.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        sqlite3_create_collation(db, "MyColl", SQLITE_UTF8, nullptr,
                                 [](void*, int, const void*, int, const void*) { return 0; });
        REQUIRE(sqlite3_exec(db, R"sql(
CREATE TABLE c (a TEXT COLLATE binary, b TEXT COLLATE nocase, c TEXT COLLATE "rtrim", d TEXT COLLATE MyColl, e TEXT);
CREATE INDEX ix_c ON c (a COLLATE NoCase, b, c COLLATE BINARY, d, e COLLATE MyColl);
)sql", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    const auto schema = test::introspect_file(path);
    const auto& c = find_table(schema, "c");
    CHECK_FALSE(c.columns[0].collation);
    CHECK(c.columns[1].collation == "NOCASE");
    CHECK(c.columns[2].collation == "RTRIM");
    CHECK(c.columns[3].collation == "MyColl");
    CHECK_FALSE(c.columns[4].collation);
    REQUIRE(c.indexes.size() == 1);
    const auto& keys = c.indexes[0].keys;
    REQUIRE(keys.size() == 5);
    // A column key states only a collation other than its column's (absent means inherited, MODEL.md): BINARY
    // included, or the model would re-create `c COLLATE BINARY` as an RTRIM key.
    CHECK(keys[0].collation == "NOCASE");
    CHECK_FALSE(keys[1].collation);
    CHECK(keys[2].collation == "BINARY");
    CHECK_FALSE(keys[3].collation);
    CHECK(keys[4].collation == "MyColl");
}

TEST_CASE("introspect::sqlite UNIQUE constraints are matched to their indexes in creation order") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "unique.db", R"sql(
CREATE TABLE u (
  a TEXT PRIMARY KEY UNIQUE,
  b TEXT CONSTRAINT b_first UNIQUE,
  c TEXT,
  CONSTRAINT b_again UNIQUE (b),
  CONSTRAINT c_nocase UNIQUE (c COLLATE NOCASE),
  CONSTRAINT c_plain UNIQUE (c),
  CONSTRAINT "z last" UNIQUE (b, c)
);
)sql"));
    const auto& u = find_table(schema, "u");
    // UNIQUE(a) repeats the primary key and UNIQUE(b) repeats b_first: SQLite builds no index for either.
    REQUIRE(u.unique.size() == 4);
    CHECK(u.unique[0].name == "b_first");
    CHECK(u.unique[0].columns == std::vector<std::string>{"b"});
    CHECK(u.unique[1].name == "c_nocase");
    CHECK(u.unique[2].name == "c_plain");
    CHECK(u.unique[1].columns == std::vector<std::string>{"c"});
    CHECK(u.unique[3].name == "z last");
    CHECK(u.unique[3].columns == std::vector<std::string>{"b", "c"});
}

TEST_CASE("introspect::sqlite declared types come from the text, quoted names unquoted") {
    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "types.db", R"sql(
CREATE TABLE t (
  a "my type", b [x y](3), c 'text with space', d unsigned   big int, e varchar /* (1) */ (10),
  f decimal(10, -2), g int GENERATED ALWAYS AS (1), h, i KEY
);
)sql"));
    const auto& t = find_table(schema, "t");
    std::vector<std::string> types;
    for (const auto& column : t.columns) types.push_back(column.type);
    CHECK(types == std::vector<std::string>{"MY TYPE", "X Y(3)", "TEXT WITH SPACE", "UNSIGNED BIG INT", "VARCHAR(10)",
                                            "DECIMAL(10,-2)", "INT", "", "KEY"});
}
