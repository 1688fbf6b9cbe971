#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/resolve.hpp"

using namespace autogen::core;
using autogen::Error;

namespace {

Schema shop() { return load_schema_file(std::string(AUTOGEN_SOURCE_DIR) + "/fixtures/models/shop_portable.json"); }

const Column& column(const Schema& schema, const std::string& table, const std::string& name) {
    for (const Table& t : *schema.tables) {
        if (t.name != table) continue;
        for (const Column& c : t.columns) {
            if (c.name == name) return c;
        }
    }
    FAIL("no column " << table << "." << name);
    throw 0;
}

const Table& table(const Schema& schema, const std::string& name) {
    for (const Table& t : *schema.tables) {
        if (t.name == name) return t;
    }
    FAIL("no table " << name);
    throw 0;
}

std::string resolve_error(const std::string& json, Dialect dialect) {
    try {
        resolve(load_schema(json), dialect);
    } catch (const Error& e) {
        return e.describe();
    }
    return "(resolved)";
}

}  // namespace

TEST_CASE("core::resolve a portable model to postgresql") {
    const Schema model = shop();
    CHECK(column(model, "customers", "active").default_value == "TRUE");  // portable keywords are upper-cased on load
    const Schema pg = resolve(model, Dialect::postgresql);
    CHECK(pg.dialect == Dialect::postgresql);
    CHECK(column(pg, "customers", "id").type == "bigint");
    CHECK(column(pg, "customers", "id").autoincrement);  // the comparer matches it with identity; no conversion
    CHECK_FALSE(column(pg, "customers", "id").identity.has_value());
    CHECK(column(pg, "customers", "email").type == "character varying(255)");
    CHECK(column(pg, "customers", "active").type == "boolean");
    CHECK(column(pg, "customers", "active").default_value == "true");
    CHECK(column(pg, "customers", "created_at").type == "timestamp with time zone");
    CHECK(column(pg, "customers", "created_at").default_value == "CURRENT_TIMESTAMP");
    CHECK(column(pg, "customers", "external_id").type == "uuid");
    CHECK(column(pg, "orders", "status").type == "order_status");
    CHECK(column(pg, "orders", "total").type == "numeric(12,2)");
    REQUIRE(pg.enums.has_value());
    CHECK(pg.enums->size() == 1);
    // Resolving is idempotent and the result saves and loads as a postgresql model.
    CHECK(resolve(pg, Dialect::postgresql) == pg);
    CHECK(load_schema(save_schema(pg)) == pg);
}

TEST_CASE("core::resolve a portable model to mysql and mariadb") {
    const Schema mysql = resolve(shop(), Dialect::mysql);
    CHECK(mysql.dialect == Dialect::mysql);
    CHECK(column(mysql, "customers", "id").type == "bigint");
    CHECK(column(mysql, "customers", "active").type == "tinyint(1)");
    CHECK(column(mysql, "customers", "active").default_value == "1");
    CHECK(column(mysql, "customers", "profile").type == "json");
    CHECK(column(mysql, "customers", "external_id").type == "char(36)");
    CHECK(column(mysql, "customers", "created_at").type == "timestamp");
    CHECK(column(mysql, "orders", "status").type == "enum('new','paid','shipped')");
    CHECK(column(mysql, "orders", "total").type == "decimal(12,2)");
    CHECK_FALSE(mysql.enums.has_value());  // MySQL has no enum objects: inlined, not managed
    CHECK(table(mysql, "customers").checks.empty());

    const Schema maria = resolve(shop(), Dialect::mariadb);
    CHECK(column(maria, "customers", "profile").type == "longtext");
    CHECK(column(maria, "customers", "external_id").type == "uuid");
    const auto& checks = table(maria, "customers").checks;
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].name == "profile");
    CHECK(checks[0].expression == "json_valid(`profile`)");
    CHECK(resolve(maria, Dialect::mariadb) == maria);
}

TEST_CASE("core::resolve a portable model to sqlite") {
    const Schema sqlite = resolve(shop(), Dialect::sqlite);
    CHECK(column(sqlite, "customers", "id").type == "INTEGER");  // autoincrement: only INTEGER PRIMARY KEY
    CHECK(column(sqlite, "customers", "active").type == "BOOLEAN");
    CHECK(column(sqlite, "customers", "active").default_value == "1");
    CHECK(column(sqlite, "customers", "profile").type == "TEXT");
    CHECK(column(sqlite, "customers", "external_id").type == "TEXT");
    CHECK(column(sqlite, "customers", "created_at").type == "TIMESTAMP");
    CHECK(column(sqlite, "orders", "status").type == "TEXT");
    CHECK(column(sqlite, "orders", "total").type == "NUMERIC(12,2)");
}

TEST_CASE("core::resolve a mysql model to mariadb") {
    const Schema model = load_schema_file(std::string(AUTOGEN_SOURCE_DIR) + "/fixtures/models/blog_mysql.json");
    const Schema maria = resolve(model, Dialect::mariadb);
    CHECK(maria.dialect == Dialect::mariadb);
    CHECK(column(maria, "posts", "meta").type == "longtext");
    CHECK(column(maria, "posts", "area").type == "geometrycollection");
    CHECK(column(maria, "posts", "status").type == "enum('draft','published','it''s gone')");
    bool has_json_check = false;
    for (const auto& check : table(maria, "posts").checks) has_json_check |= check.expression == "json_valid(`meta`)";
    CHECK(has_json_check);
    CHECK_THROWS_WITH_AS(resolve(maria, Dialect::mysql), "a mariadb model cannot be read as mysql", Error);
}

TEST_CASE("core::resolve clears the target's default schema") {
    const std::string json = R"j({"format": "autogen-schema/1", "schemas": ["public", "main", "audit"],
        "tables": [{"schema": "public", "name": "a", "columns": []}, {"schema": "main", "name": "b", "columns": [],
                    "foreign_keys": []}, {"schema": "audit", "name": "c", "columns": []}]})j";
    const Schema pg = resolve(load_schema(json), Dialect::postgresql);
    CHECK(table(pg, "a").schema.empty());
    CHECK(table(pg, "b").schema == "main");
    CHECK(pg.schemas == std::vector<std::string>{"main", "audit"});
    const Schema sqlite = resolve(load_schema(json), Dialect::sqlite);
    CHECK(table(sqlite, "a").schema == "public");
    CHECK(table(sqlite, "b").schema.empty());
}

TEST_CASE("core::resolve errors name the table, the column and the type") {
    const std::string arrays = R"j({"format": "autogen-schema/1", "tables": [{"name": "posts", "columns": [
        {"name": "id", "type": "int"}, {"name": "tags", "type": "text[]"}]}]})j";
    CHECK(resolve_error(arrays, Dialect::postgresql) == "(resolved)");
    CHECK(resolve_error(arrays, Dialect::mysql) ==
          "$.tables[0].columns[1].type: column posts.tags: MySQL has no type \"text[]\" (arrays exist only on PostgreSQL)");
    CHECK(resolve_error(arrays, Dialect::sqlite) ==
          "$.tables[0].columns[1].type: column posts.tags: SQLite has no type \"text[]\" (arrays exist only on PostgreSQL)");
    CHECK(resolve_error(R"j({"format": "autogen-schema/1", "tables": [{"name": "t", "columns": [
        {"name": "id", "type": "bigint", "identity": {"always": true}}]}]})j", Dialect::mariadb) ==
          "$.tables[0].columns[0].identity: column t.id: identity is PostgreSQL-only; write autoincrement: true");
    CHECK(resolve_error(R"j({"format": "autogen-schema/1", "sequences": [{"name": "s"}]})j", Dialect::sqlite) ==
          "$.sequences[0]: SQLite has no sequences");
    CHECK(resolve_error(R"j({"format": "autogen-schema/1", "sequences": [{"name": "s"}]})j", Dialect::mariadb) == "(resolved)");
    const std::string long_name(64, 'n');
    CHECK(resolve_error(R"j({"format": "autogen-schema/1", "tables": [{"name": ")j" + long_name + R"j(", "columns": []}]})j",
                        Dialect::postgresql) ==
          "$.tables[0].name: name \"" + long_name + "\" is 64 bytes; PostgreSQL allows 63");
    CHECK(resolve_error(R"j({"format": "autogen-schema/1", "tables": [{"name": "t", "columns": [
        {"name": "a", "type": "int"}, {"name": "A", "type": "int"}]}]})j", Dialect::mysql) ==
          "$.tables[0].columns[1].name: duplicate column \"A\" (also at $.tables[0].columns[0].name)");
    CHECK_THROWS_WITH_AS(resolve(load_schema(R"j({"format": "autogen-schema/1", "dialect": "postgresql"})j"), Dialect::mysql),
                         "a postgresql model cannot be read as mysql", Error);
}

TEST_CASE("core::resolve inlines portable domains where the dialect has none") {
    const std::string json = R"j({"format": "autogen-schema/1",
        "domains": [{"name": "email", "type": "varchar(320)"}, {"name": "work_email", "type": "email"}],
        "tables": [{"name": "t", "columns": [{"name": "a", "type": "work_email"}, {"name": "b", "type": "email"}]}]})j";
    const Schema pg = resolve(load_schema(json), Dialect::postgresql);
    CHECK(column(pg, "t", "a").type == "work_email");
    CHECK(pg.domains->at(0).type == "character varying(320)");
    const Schema mysql = resolve(load_schema(json), Dialect::mysql);
    CHECK(column(mysql, "t", "a").type == "varchar(320)");
    CHECK(column(mysql, "t", "b").type == "varchar(320)");
    CHECK_FALSE(mysql.domains.has_value());
}

TEST_CASE("core::resolve drops PostgreSQL sequence and identity options equal to the server's defaults") {
    const Schema model = load_schema(R"({"format": "autogen-schema/1", "dialect": "postgresql",
      "sequences": [
        {"name": "a", "type": "bigint", "start": 1, "increment": 1, "min": 1, "max": 9223372036854775807, "cache": 1},
        {"name": "b", "type": "integer", "start": 100, "min": 100, "max": 2147483647},
        {"name": "c", "increment": -1, "start": -1, "max": -1, "min": -9223372036854775808},
        {"name": "d", "type": "smallint", "start": 5, "max": 500, "cache": 20}],
      "tables": [{"name": "t", "columns": [
        {"name": "id", "type": "integer", "identity": {"always": true, "start": 1, "increment": 1, "min": 1,
                                                      "max": 2147483647, "cache": 1}},
        {"name": "n", "type": "smallint", "identity": {"start": 10, "max": 32767}}]}]})");
    for (const Schema& s : {model, resolve(model, Dialect::postgresql)}) {
        const auto& seqs = *s.sequences;
        CHECK(seqs[0] == Sequence{"", "a"});
        CHECK(seqs[1].type == "integer");
        CHECK(seqs[1].start == std::nullopt);  // START defaults to MINVALUE
        CHECK(seqs[1].min == 100);
        CHECK_FALSE(seqs[1].max);
        CHECK(seqs[2].increment == -1);
        CHECK_FALSE(seqs[2].start);
        CHECK_FALSE(seqs[2].min);
        CHECK_FALSE(seqs[2].max);
        CHECK(seqs[3].start == 5);
        CHECK(seqs[3].max == 500);
        CHECK(seqs[3].cache == 20);
        const auto& columns = s.tables->front().columns;
        CHECK(*columns[0].identity == Identity{true});
        CHECK(*columns[1].identity == Identity{false, 10});
    }
}

TEST_CASE("core::canonicalize an in-memory model as introspection might build it") {
    Schema schema;
    schema.dialect = Dialect::postgresql;
    Table table;
    table.schema = "public";
    table.name = "t";
    Column id;
    id.name = "id";
    id.type = "int4";
    id.nullable = false;
    Column odd;
    odd.name = "odd";
    odd.type = "_text_not_an_array_name";
    table.columns = {id, odd};
    Index index;
    index.name = "t_id_idx";
    index.method = "btree";
    IndexKey key;
    key.column = "id";
    key.order = "desc";
    key.nulls = "first";
    index.keys.push_back(key);
    table.indexes.push_back(index);
    schema.tables = std::vector<Table>{table};
    NotCompared policies;
    policies.kind = "policy";
    policies.schema = "public";
    policies.count = 2;
    schema.not_compared.push_back(policies);

    canonicalize(schema);  // an in-memory model may use any type name: it was checked when it was read
    const Table& canonical = schema.tables->at(0);
    CHECK(canonical.schema.empty());
    CHECK(canonical.columns[0].type == "integer");
    CHECK(canonical.columns[1].type == "_text_not_an_array_name");
    CHECK_FALSE(canonical.indexes[0].method.has_value());
    CHECK_FALSE(canonical.indexes[0].keys[0].nulls.has_value());  // DESC puts NULLs first anyway
    CHECK(schema.not_compared[0].schema.empty());
    Schema again = schema;
    canonicalize(again);
    CHECK(again == schema);
    CHECK_THROWS_AS(canonicalize(again, /*check_type_names=*/true), Error);
}
