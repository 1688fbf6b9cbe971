#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "core/json.hpp"

using namespace autogen::core;
using autogen::Error;

namespace {

std::string read_fixture(const std::string& name) {
    std::ifstream file(std::string(AUTOGEN_SOURCE_DIR) + "/fixtures/models/" + name);
    REQUIRE(file.good());
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// The error a document raises, as "location: message".
std::string load_error(const std::string& text) {
    try {
        load_schema(text);
    } catch (const Error& e) {
        return e.location + ": " + e.what();
    }
    return "(loaded)";
}

// A document with `tables` as given, in `dialect` (empty: portable).
std::string with_tables(const std::string& tables, const std::string& dialect = "postgresql") {
    std::string out = "{\"format\": \"autogen-schema/1\", ";
    if (!dialect.empty()) out += "\"dialect\": \"" + dialect + "\", ";
    return out + "\"tables\": " + tables + "}";
}

std::string one_table(const std::string& columns, const std::string& rest = "", const std::string& dialect = "postgresql") {
    return with_tables("[{\"name\": \"t\", \"columns\": " + columns + (rest.empty() ? "" : ", " + rest) + "}]", dialect);
}

}  // namespace

TEST_CASE("core::load_schema minimal documents") {
    const Schema portable = load_schema(R"j({"format": "autogen-schema/1"})j");
    CHECK(portable.dialect == Dialect::portable);
    CHECK_FALSE(portable.tables.has_value());
    CHECK_FALSE(portable.enums.has_value());
    CHECK_FALSE(portable.schemas_managed);

    const Schema empty = load_schema(R"j({"format": "autogen-schema/1.2", "dialect": "sqlite", "tables": [], "views": []})j");
    CHECK(empty.dialect == Dialect::sqlite);
    REQUIRE(empty.tables.has_value());
    CHECK(empty.tables->empty());
    CHECK(empty.views->empty());
    CHECK_FALSE(empty.triggers.has_value());
}

TEST_CASE("core::load_schema format and dialect") {
    CHECK(load_error(R"j({"dialect": "postgresql"})j") ==
          "$: missing \"format\" (write \"format\": \"autogen-schema/1\")");
    CHECK(load_error(R"j({"format": "autogen-schema/2"})j") ==
          "$.format: unsupported format \"autogen-schema/2\": this autogen reads autogen-schema/1");
    CHECK(load_error(R"j({"format": "atlas/1"})j") ==
          "$.format: \"atlas/1\" is not an autogen schema format (expected \"autogen-schema/1\")");
    CHECK(load_error(R"j({"format": 1})j") == "$.format: expected a string, got number");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "dialect": "oracle"})j") ==
          "$.dialect: unknown dialect \"oracle\"; expected postgresql, mysql, mariadb or sqlite (or no dialect for a "
          "portable model)");
    CHECK(load_error("[]") == "$: expected an object, got array");
}

TEST_CASE("core::load_schema malformed JSON reports file:line:column") {
    try {
        load_schema("{\n  \"format\": \"autogen-schema/1\",\n  \"tables\": [,]\n}", "model.json");
        FAIL("loaded");
    } catch (const Error& e) {
        CHECK(e.location == "model.json:3:14");
        CHECK(std::string(e.what()).starts_with("invalid JSON: syntax error"));
        CHECK(e.describe() == std::string("model.json:3:14: ") + e.what());
    }
    try {
        load_schema("{\"format\": \"autogen-schema/1\"", "m.json");
        FAIL("loaded");
    } catch (const Error& e) {
        CHECK(e.location == "m.json:1:30");
    }
}

TEST_CASE("core::load_schema unknown and duplicate keys are errors") {
    CHECK(load_error(R"j({"format": "autogen-schema/1", "tabels": []})j") ==
          "$.tabels: unknown key \"tabels\" (did you mean \"tables\"?)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int", "nulable": false}])j")) ==
          "$.tables[0].columns[0].nulable: unknown key \"nulable\" (did you mean \"nullable\"?)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int", "xyzzy": 1}])j")).starts_with(
        "$.tables[0].columns[0].xyzzy: unknown key \"xyzzy\"; expected one of: name, type, nullable"));
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int", "name": "b"}])j")) ==
          "$.tables[0].columns[0]: duplicate key \"name\"");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "format": "autogen-schema/1"})j") == "$: duplicate key \"format\"" );
}

TEST_CASE("core::load_schema errors carry the JSON path") {
    const std::string tables = R"j([{"name": "a", "columns": []}, {"name": "b", "columns": []}, {"name": "c", "columns": []},
        {"name": "d", "columns": [{"name": "x", "type": "int"}, {"name": "y", "type": "varchr(10)"}]}])j";
    try {
        load_schema(with_tables(tables), "target.json");
        FAIL("loaded");
    } catch (const Error& e) {
        CHECK(e.location == "$.tables[3].columns[1].type");
        CHECK(std::string(e.what()) == "unknown type \"varchr(10)\"");
        CHECK(e.describe() == "target.json: $.tables[3].columns[1].type: unknown type \"varchr(10)\"");
    }
    CHECK(load_error(one_table(R"j([{"name": "a"}])j")) == "$.tables[0].columns[0]: missing \"type\"");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int", "nullable": "no"}])j")) ==
          "$.tables[0].columns[0].nullable: expected true or false, got string");
    CHECK(load_error(one_table(R"j([{"name": "", "type": "int"}])j")) ==
          "$.tables[0].columns[0].name: a name must not be empty");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "sequences": [{"name": "s", "start": 1.5}]})j") ==
          "$.sequences[0].start: expected an integer, got number");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}])j",
                               R"j("foreign_keys": [{"columns": ["a"], "references": {"table": "u", "columns": ["id"]},
                                   "on_delete": "explode"}])j")) ==
          "$.tables[0].foreign_keys[0].on_delete: unknown value \"explode\"; expected one of: no action, restrict, "
          "cascade, set null, set default");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}])j", R"j("indexes": [{"keys": []}])j")) ==
          "$.tables[0].indexes[0].keys: an index needs at least one key");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}])j", R"j("indexes": [{"keys": [{"column": "a", "expression": "a"}]}])j")) ==
          "$.tables[0].indexes[0].keys[0]: an index key has either \"column\" or \"expression\"");
}

TEST_CASE("core::load_schema duplicate names") {
    CHECK(load_error(with_tables(R"j([{"name": "t", "columns": []}, {"schema": "public", "name": "t", "columns": []}])j")) ==
          "$.tables[1].name: duplicate name \"t\" (also at $.tables[0].name)");
    // Other schemas are other namespaces.
    CHECK(load_error(with_tables(R"j([{"name": "t", "columns": []}, {"schema": "s", "name": "t", "columns": []}])j")) ==
          "(loaded)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}, {"name": "a", "type": "text"}])j")) ==
          "$.tables[0].columns[1].name: duplicate column \"a\" (also at $.tables[0].columns[0].name)");
    // MySQL compares column names without case, table names exactly.
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}, {"name": "A", "type": "text"}])j", "", "mysql")) ==
          "$.tables[0].columns[1].name: duplicate column \"A\" (also at $.tables[0].columns[0].name)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}, {"name": "A", "type": "text"}])j")) == "(loaded)");
    CHECK(load_error(with_tables(R"j([{"name": "t", "columns": []}, {"name": "T", "columns": []}])j", "mysql")) == "(loaded)");
    CHECK(load_error(with_tables(R"j([{"name": "t", "columns": []}, {"name": "T", "columns": []}])j", "sqlite")) ==
          "$.tables[1].name: duplicate name \"T\" (also at $.tables[0].name)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}])j",
                               R"j("indexes": [{"name": "i", "keys": [{"column": "a"}]}, {"name": "i", "keys": [{"column": "a"}]}])j")) ==
          "$.tables[0].indexes[1].name: duplicate name \"i\" (also at $.tables[0].indexes[0].name)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}])j",
                               R"j("checks": [{"name": "c", "expression": "a > 0"}], "unique": [{"name": "c", "columns": ["a"]}])j")) ==
          "$.tables[0].checks[0].name: duplicate constraint \"c\" (also at $.tables[0].unique[0].name)");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "dialect": "postgresql",
        "enums": [{"name": "e", "values": []}, {"name": "e", "values": ["x"]}]})j") ==
          "$.enums[1].name: duplicate type \"e\" (also at $.enums[0].name)");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "enums": [{"name": "e", "values": ["x", "x"]}]})j") ==
          "$.enums[0].values[1]: duplicate enum value \"x\"");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "tables": [{"name": "v", "columns": []}],
        "views": [{"name": "v", "definition": "SELECT 1"}]})j") ==
          "$.views[0].name: duplicate name \"v\" (also at $.tables[0].name)");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "routines": [{"name": "f", "signature": "(integer)", "definition": "x"},
        {"name": "f", "signature": "(text)", "definition": "y"}, {"name": "f", "signature": "(integer)", "definition": "z"}]})j") ==
          "$.routines[2].name: duplicate routine \"f(integer)\" (also at $.routines[0].name)");
}

TEST_CASE("core::load_schema keys name existing columns") {
    const std::string columns = R"j([{"name": "id", "type": "int"}, {"name": "org_id", "type": "int"}])j";
    CHECK(load_error(one_table(columns, R"j("primary_key": {"columns": ["idd"]})j")) ==
          "$.tables[0].primary_key.columns[0]: table \"t\" has no column \"idd\"");
    CHECK(load_error(one_table(columns, R"j("unique": [{"columns": ["id", "nope"]}])j")) ==
          "$.tables[0].unique[0].columns[1]: table \"t\" has no column \"nope\"");
    CHECK(load_error(one_table(columns, R"j("indexes": [{"keys": [{"expression": "lower(x)"}, {"column": "x"}]}])j")) ==
          "$.tables[0].indexes[0].keys[1].column: table \"t\" has no column \"x\"");
    CHECK(load_error(one_table(columns, R"j("indexes": [{"keys": [{"column": "id"}], "include": ["y"]}])j")) ==
          "$.tables[0].indexes[0].include[0]: table \"t\" has no column \"y\"");
    CHECK(load_error(one_table(columns, R"j("foreign_keys": [{"columns": ["org"], "references": {"table": "o", "columns": ["id"]}}])j")) ==
          "$.tables[0].foreign_keys[0].columns[0]: table \"t\" has no column \"org\"");
    CHECK(load_error(one_table(columns, R"j("foreign_keys": [{"columns": ["org_id"], "references": {"table": "t", "columns": ["idx"]}}])j")) ==
          "$.tables[0].foreign_keys[0].references.columns[0]: table \"t\" has no column \"idx\"");
    CHECK(load_error(one_table(columns, R"j("foreign_keys": [{"columns": ["org_id"], "references": {"table": "o", "columns": ["a", "b"]}}])j")) ==
          "$.tables[0].foreign_keys[0].references.columns: 1 referencing column(s) for 2 referenced");
    CHECK(load_error(one_table(columns, R"j("primary_key": {"columns": ["id", "id"]})j")) ==
          "$.tables[0].primary_key.columns[1]: column \"id\" appears twice");
    // A table outside the model is not checked.
    CHECK(load_error(one_table(columns, R"j("foreign_keys": [{"columns": ["org_id"], "references": {"table": "o", "columns": ["zz"]}}])j")) ==
          "(loaded)");
    // MySQL column names ignore case in keys too.
    CHECK(load_error(one_table(columns, R"j("primary_key": {"columns": ["ID"]})j", "mysql")) == "(loaded)");
}

TEST_CASE("core::load_schema name length limits") {
    auto table_named = [](const std::string& name, const std::string& dialect = "postgresql") {
        return with_tables("[{\"name\": \"" + name + "\", \"columns\": []}]", dialect);
    };
    const std::string name63(63, 'a');
    const std::string name64(64, 'a');
    CHECK(load_error(table_named(name63)) == "(loaded)");
    CHECK(load_error(table_named(name64)) == "$.tables[0].name: name \"" + name64 + "\" is 64 bytes; PostgreSQL allows 63");
    CHECK(load_error(table_named(name64, "mysql")) == "(loaded)");
    CHECK(load_error(one_table("[{\"name\": \"" + name64 + "x\", \"type\": \"int\"}]", "", "mariadb")) ==
          "$.tables[0].columns[0].name: name \"" + name64 + "x\" is 65 characters; MariaDB allows 64");
    // 32 two-byte characters are 64 bytes on PostgreSQL but 32 characters on MySQL.
    std::string wide;
    for (int i = 0; i < 32; ++i) wide += "\xc3\xa9";
    CHECK(load_error(table_named(wide)).find("is 64 bytes") != std::string::npos);
    CHECK(load_error(table_named(wide, "mysql")) == "(loaded)");
    CHECK(load_error(table_named(name64 + name64, "sqlite")) == "(loaded)");
}

TEST_CASE("core::load_schema column rules") {
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "text", "generated": {"expression": "b", "stored": false}}])j")) ==
          "$.tables[0].columns[0].generated.stored: PostgreSQL 15 has stored generated columns only");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "text", "generated": {"expression": "b", "stored": false}}])j", "", "mysql")) ==
          "(loaded)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int", "identity": {}, "default": "1"}])j")) ==
          "$.tables[0].columns[0].default: \"identity\" and \"default\" exclude each other");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int", "autoincrement": true, "default": "1"}])j")) ==
          "$.tables[0].columns[0].default: \"autoincrement\" and \"default\" exclude each other");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int", "generated": {"expression": "1"}, "default": "1"}])j")) ==
          "$.tables[0].columns[0].default: \"generated\" and \"default\" exclude each other");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "serial", "default": "1"}])j")) ==
          "$.tables[0].columns[0].default: \"autoincrement\" and \"default\" exclude each other");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int", "identity": {}}])j", "", "mysql")) ==
          "$.tables[0].columns[0].identity: MySQL has no identity columns (write autoincrement: true)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "text", "identity": {}}])j")) ==
          "$.tables[0].columns[0].type: an identity column is smallint, integer or bigint, not text");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "INT", "autoincrement": true}])j", R"j("primary_key": {"columns": ["a"]})j", "sqlite")) ==
          "$.tables[0].columns[0].autoincrement: SQLite has AUTOINCREMENT only on an INTEGER PRIMARY KEY column");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "integer", "autoincrement": true}])j", R"j("primary_key": {"columns": ["a"]})j", "sqlite")) ==
          "(loaded)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "text", "default": "now()"}])j", "", "")) ==
          "$.tables[0].columns[0].default: a portable default is a literal, CURRENT_TIMESTAMP, TRUE or FALSE; \"now()\" needs a dialect");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "text", "on_update": "CURRENT_TIMESTAMP"}])j")) ==
          "$.tables[0].columns[0].on_update: PostgreSQL has no ON UPDATE clauses");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "mood"}])j")) == "$.tables[0].columns[0].type: unknown type \"mood\"");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "float"}])j", "", "")) ==
          "$.tables[0].columns[0].type: type \"float\": a portable float is an error: 4 bytes on MySQL, 8 on PostgreSQL; "
          "write real or double");
}

TEST_CASE("core::load_schema dialect-only features") {
    CHECK(load_error(R"j({"format": "autogen-schema/1", "dialect": "mysql", "enums": [{"name": "e", "values": ["a"]}]})j") ==
          "$.enums[0]: MySQL has no enum types; write the column type enum('a','b')");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "dialect": "sqlite", "extensions": [{"name": "x"}]})j") ==
          "$.extensions[0]: SQLite has no extensions");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "dialect": "mysql", "sequences": [{"name": "s"}]})j") ==
          "$.sequences[0]: MySQL has no sequences");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "dialect": "mariadb", "sequences": [{"name": "s"}]})j") == "(loaded)");
    CHECK(load_error(R"j({"format": "autogen-schema/1", "dialect": "sqlite", "views": [{"name": "v", "definition": "x",
        "indexes": [{"keys": [{"column": "a"}]}]}]})j") == "$.views[0].indexes: only a materialized view has indexes");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}])j", R"j("indexes": [{"keys": [{"column": "a", "length": 10}]}])j")) ==
          "$.tables[0].indexes[0].keys[0].length: PostgreSQL has no prefix lengths");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "int"}])j", R"j("options": {"sqlite": {"strict": true}})j", "sqlite")) ==
          "(loaded)");
    CHECK(load_error(one_table(R"j([{"name": "a", "type": "varchar(3)"}])j", R"j("options": {"sqlite": {"strict": true}})j", "sqlite")) ==
          "$.tables[0].columns[0].type: a STRICT table allows only INT, INTEGER, REAL, TEXT, BLOB and ANY, not \"VARCHAR(3)\"");
}

TEST_CASE("core::load_schema options sections") {
    const std::string columns = R"j([{"name": "a", "type": "int"}])j";
    const Schema schema = load_schema(one_table(columns, R"j("options": {"mysql": {"engine": "MyISAM"}, "sqlite": {"strict": true}})j"));
    const Table& table = schema.tables->at(0);
    CHECK(table.options.mysql.engine == "MyISAM");  // other dialects' sections are kept
    CHECK(table.options.sqlite.strict);
    CHECK(load_error(one_table(columns, R"j("options": {"mysql": {"engin": "InnoDB"}})j")) ==
          "$.tables[0].options.mysql.engin: unknown key \"engin\" (did you mean \"engine\"?)");
    CHECK(load_error(one_table(columns, R"j("options": {"oracle": {}})j")).starts_with(
        "$.tables[0].options.oracle: unknown key \"oracle\""));
    const Schema maria = load_schema(one_table(columns, R"j("options": {"mariadb": {"engine": "Aria"}})j", "mariadb"));
    CHECK(maria.tables->at(0).options.mysql.engine == "Aria");
}

TEST_CASE("core::load_schema canonical forms") {
    const Schema schema = load_schema(read_fixture("rich_postgresql.json"));
    REQUIRE(schema.tables.has_value());
    const Table& users = schema.tables->at(0);
    CHECK(users.schema.empty());  // "public" is the default schema, never written
    CHECK(users.columns[1].type == "character varying(255)");
    CHECK(users.columns[2].type == "timestamp with time zone");
    CHECK(users.columns[6].name == "seq");
    CHECK(users.columns[6].type == "integer");
    CHECK(users.columns[6].autoincrement);
    CHECK(users.columns[9].type == "timestamp(3) with time zone");
    CHECK(users.columns[13].type == "geometry(Point,4326)");
    CHECK(users.columns[14].type == "numeric(12,2)");
    CHECK(users.columns[16].type == "billing.currency");
    CHECK(users.columns[18].type == "bit varying(8)");
    CHECK(users.foreign_keys[0].on_delete == "cascade");
    CHECK(users.foreign_keys[0].references.schema.empty());
    CHECK(users.indexes[0].method == std::nullopt);  // btree is the default
    CHECK(users.indexes[1].method == "gin");
    CHECK(users.indexes[0].keys[1].nulls == "last");   // desc puts NULLs first by default
    CHECK(users.indexes[2].keys[0].nulls == std::nullopt);  // asc NULLS LAST is the default
    CHECK(schema.schemas == std::vector<std::string>{"billing"});
    CHECK(schema.schemas_managed);
    CHECK(schema.domains->at(0).type == "integer");
    CHECK(schema.domains->at(0).schema.empty());
    CHECK(schema.sequences->at(0).type == "integer");
    CHECK(schema.sequences->at(0).increment == 2);
    CHECK(schema.sequences->at(0).cache == std::nullopt);  // CACHE 1 is the default, as introspection omits it
    CHECK(schema.not_compared.size() == 2);
    CHECK(schema.not_compared[0].schema.empty());
    CHECK(schema.not_compared[1].count == 12);
    REQUIRE(schema.views->at(0).depends_on.has_value());
    CHECK(schema.views->at(0).depends_on->at(0).schema.empty());
    CHECK_FALSE(schema.views->at(1).depends_on.has_value());
    CHECK(schema.routines->at(0).depends_on->empty());
}

TEST_CASE("core::load_schema mariadb json is longtext with its json_valid check") {
    const Schema schema = load_schema(one_table(R"j([{"name": "doc", "type": "json"}])j", "", "mariadb"));
    const Table& table = schema.tables->at(0);
    CHECK(table.columns[0].type == "longtext");
    REQUIRE(table.checks.size() == 1);
    CHECK(table.checks[0].name == "doc");
    CHECK(table.checks[0].expression == "json_valid(`doc`)");
    // Loading the saved form again adds nothing.
    CHECK(load_schema(save_schema(schema)) == schema);
    CHECK(load_schema(one_table(R"j([{"name": "doc", "type": "json"}])j", "", "mysql")).tables->at(0).checks.empty());
}

TEST_CASE("core::save_schema writes the canonical form") {
    const Schema schema = load_schema(one_table(
        R"j([{"name": "id", "type": "INT4", "nullable": false}, {"name": "note", "type": "VARCHAR (10)", "nullable": true}])j",
        R"j("primary_key": {"columns": ["id"]}, "foreign_keys": [{"columns": ["id"], "references": {"table": "t", "columns": ["id"]},
            "on_delete": "no action", "match": "simple", "valid": true}])j"));
    CHECK(save_schema(schema) == R"j({
  "format": "autogen-schema/1",
  "dialect": "postgresql",
  "tables": [
    {
      "name": "t",
      "columns": [
        {
          "name": "id",
          "type": "integer",
          "nullable": false
        },
        {
          "name": "note",
          "type": "character varying(10)"
        }
      ],
      "primary_key": {
        "columns": [
          "id"
        ]
      },
      "foreign_keys": [
        {
          "columns": [
            "id"
          ],
          "references": {
            "table": "t",
            "columns": [
              "id"
            ]
          }
        }
      ]
    }
  ]
}
)j");
}

TEST_CASE("core::save_schema keeps absent and empty lists apart") {
    const std::string saved = save_schema(load_schema(R"j({"format": "autogen-schema/1", "tables": [], "schemas": []})j"));
    CHECK(saved == "{\n  \"format\": \"autogen-schema/1\",\n  \"schemas\": [],\n  \"tables\": []\n}\n");
    const Schema reloaded = load_schema(saved);
    CHECK(reloaded.tables.has_value());
    CHECK_FALSE(reloaded.views.has_value());
    CHECK(reloaded.schemas_managed);
}

TEST_CASE("core::save_schema round trip of a rich document is idempotent") {
    for (const char* fixture : {"rich_postgresql.json", "shop_portable.json", "blog_mysql.json", "notes_sqlite.json"}) {
        CAPTURE(fixture);
        const Schema first = load_schema(read_fixture(fixture), fixture);
        const std::string once = save_schema(first);
        const Schema second = load_schema(once);
        const std::string twice = save_schema(second);
        CHECK(once == twice);
        CHECK(load_schema(twice) == second);
    }
}

TEST_CASE("core::save_schema sorts lists whose order carries no meaning") {
    const Schema schema = load_schema(with_tables(R"j([{"name": "b", "columns": [{"name": "z", "type": "int"}, {"name": "a", "type": "int"}]},
        {"name": "a", "columns": []}])j"));
    const Schema saved = load_schema(save_schema(schema));
    CHECK(saved.tables->at(0).name == "a");
    CHECK(saved.tables->at(1).columns[0].name == "z");  // column order is kept
}

TEST_CASE("core::load_schema_file") {
    CHECK_THROWS_WITH_AS(load_schema_file("/nonexistent/model.json"), "cannot read model file \"/nonexistent/model.json\"",
                         Error);
    const Schema schema = load_schema_file(std::string(AUTOGEN_SOURCE_DIR) + "/fixtures/models/shop_portable.json");
    CHECK(schema.dialect == Dialect::portable);
    CHECK(schema.tables->size() == 2);
}

TEST_CASE("core::save_schema keeps undeclared postgresql types loadable") {
    const Schema schema = load_schema(one_table(R"j([{"name": "a", "type": "public.citext"}, {"name": "b", "type": "geo.point3d[]"}])j"));
    CHECK(schema.tables->at(0).columns[0].type == "citext");  // as introspection reports it
    const std::string saved = save_schema(schema);
    CHECK(saved.find("\"type\": \"public.citext\"") != std::string::npos);
    CHECK(load_schema(saved) == schema);
    // With an extensions list any name is a type, and none needs qualifying.
    const Schema with_extensions = load_schema(R"j({"format": "autogen-schema/1", "dialect": "postgresql", "extensions": [],
        "tables": [{"name": "t", "columns": [{"name": "a", "type": "citext"}]}]})j");
    CHECK(save_schema(with_extensions).find("\"type\": \"citext\"") != std::string::npos);
}

namespace {

void collect_keys(const std::string& text, std::set<std::string>& keys) {
    // Every "key": in the saved text; keys are plain words, values never end in '":'.
    std::size_t at = 0;
    while ((at = text.find("\": ", at)) != std::string::npos) {
        const std::size_t open = text.rfind('"', at - 1);
        keys.insert(text.substr(open + 1, at - open - 1));
        ++at;
    }
}

}  // namespace

TEST_CASE("core::save_schema writes every field of MODEL.md") {
    std::set<std::string> keys;
    for (const char* fixture : {"rich_postgresql.json", "shop_portable.json", "blog_mysql.json", "notes_sqlite.json"}) {
        collect_keys(save_schema(load_schema(read_fixture(fixture))), keys);
    }
    for (const char* key :
         {"format", "dialect", "schemas", "extensions", "domains", "enums", "sequences", "tables", "views", "routines",
          "triggers", "not_compared", "schema", "name", "comment", "renamed_from", "partition_by", "partition_of", "bound",
          "columns", "type", "nullable", "default", "identity", "always", "start", "increment", "min", "max", "cache",
          "cycle", "autoincrement", "generated", "expression", "stored", "collation", "charset", "on_update", "hidden",
          "primary_key", "foreign_keys", "references", "table", "on_delete", "deferrable", "initially_deferred", "match",
          "valid", "unique", "nulls_not_distinct", "checks", "exclusion", "definition", "indexes", "keys", "column",
          "order", "nulls", "opclass", "length", "where", "method", "include", "ignored", "options", "mysql", "engine",
          "row_format", "sqlite", "without_rowid", "strict", "postgresql", "unlogged", "values", "owned_by",
          "materialized", "depends_on", "kind", "version", "signature", "count"}) {
        INFO("key: ", std::string(key));
        CHECK(keys.contains(key));
    }
}
