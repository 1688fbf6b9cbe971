// Unit tests of the MySQL/MariaDB spellings the inspector writes and the target canonicalization (no server).
#include <doctest/doctest.h>

#include "core/types.hpp"
#include "introspect/mysql/privileges.hpp"
#include "introspect/mysql/types.hpp"

using namespace autogen;
using namespace autogen::introspect::mysql;
using core::Dialect;

namespace {

ServerDefaults maria_defaults() {
    ServerDefaults d;
    d.dialect = Dialect::mariadb;
    d.engine = "InnoDB";
    d.innodb_row_format = "DYNAMIC";
    d.schemas[""] = {"utf8mb4", "utf8mb4_general_ci"};
    d.collations = {
        {"utf8mb4_general_ci", {"utf8mb4", true}}, {"utf8mb4_bin", {"utf8mb4", false}},
        {"utf8mb4_unicode_ci", {"utf8mb4", false}}, {"latin1_swedish_ci", {"latin1", true}},
        {"latin1_bin", {"latin1", false}}, {"utf8mb3_general_ci", {"utf8mb3", true}},
        {"utf8mb3_bin", {"utf8mb3", false}},
    };
    return d;
}

core::Column column(std::string name, std::string type) {
    core::Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    return c;
}

}  // namespace

TEST_CASE("introspect::mysql::column_type spells COLUMN_TYPE as core::canonical_type does") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"int(11)", "int"},
        {"int(10) unsigned", "int unsigned"},
        {"tinyint(3) unsigned", "tinyint unsigned"},
        {"tinyint(1)", "tinyint(1)"},
        {"int(10) unsigned zerofill", "int(10) unsigned zerofill"},
        {"bigint(20) unsigned", "bigint unsigned"},
        {"smallint(5) unsigned", "smallint unsigned"},
        {"mediumint(8) unsigned", "mediumint unsigned"},
        {"varchar(255)", "varchar(255)"},
        {"char(1)", "char(1)"},
        {"varbinary(255)", "varbinary(255)"},
        {"binary(16)", "binary(16)"},
        {"decimal(10,2)", "decimal(10,2)"},
        {"decimal(5,0)", "decimal(5,0)"},
        {"double", "double"},
        {"double(8,2)", "double(8,2)"},
        {"float", "float"},
        {"year(4)", "year"},
        {"year", "year"},
        {"datetime", "datetime"},
        {"datetime(3)", "datetime(3)"},
        {"timestamp(6)", "timestamp(6)"},
        {"time", "time"},
        {"date", "date"},
        {"bit(1)", "bit(1)"},
        {"bit(3)", "bit(3)"},
        {"text", "text"},
        {"mediumtext", "mediumtext"},
        {"longtext", "longtext"},
        {"longblob", "longblob"},
        {"enum('G','PG','PG-13','R','NC-17')", "enum('G','PG','PG-13','R','NC-17')"},
        {"set('Trailers','Commentaries','Deleted Scenes','Behind the Scenes')",
         "set('Trailers','Commentaries','Deleted Scenes','Behind the Scenes')"},
        {"enum('it''s','a\\\\b')", "enum('it''s','a\\\\b')"},
        {"uuid", "uuid"},
        {"inet6", "inet6"},
        {"geometry", "geometry"},
        {"point", "point"},
    };
    for (const auto& [reported, model] : cases) {
        CAPTURE(reported);
        CHECK(column_type(reported, Dialect::mariadb) == model);
        // The model's spelling is a fixed point: written in a target, it reads back the same.
        CHECK(core::canonical_type(model, Dialect::mariadb) == model);
    }
    CHECK(column_type("json", Dialect::mysql) == "json");
    CHECK(column_type("int", Dialect::mysql) == "int");
}

TEST_CASE("introspect::mysql::canonical_default brings defaults to MariaDB's information_schema form") {
    CHECK_FALSE(canonical_default(std::nullopt, "int").has_value());
    CHECK_FALSE(canonical_default("NULL", "varchar(10)").has_value());
    CHECK_FALSE(canonical_default("null", "int").has_value());
    CHECK(canonical_default("CURRENT_TIMESTAMP", "timestamp") == "current_timestamp()");
    CHECK(canonical_default("now()", "datetime") == "current_timestamp()");
    CHECK(canonical_default("CURRENT_TIMESTAMP(3)", "datetime(3)") == "current_timestamp(3)");
    CHECK(canonical_default("(CURRENT_TIMESTAMP)", "timestamp") == "current_timestamp()");
    CHECK(canonical_default("LOCALTIMESTAMP", "timestamp") == "current_timestamp()");
    CHECK(canonical_default("'0'", "int") == "0");
    CHECK(canonical_default("'007'", "int unsigned") == "7");
    CHECK(canonical_default("TRUE", "tinyint(1)") == "1");
    CHECK(canonical_default("false", "tinyint(1)") == "0");
    CHECK(canonical_default("-5", "int") == "-5");
    CHECK(canonical_default("1.5", "decimal(10,2)") == "1.50");
    CHECK(canonical_default("'4.99'", "decimal(4,2)") == "4.99");
    CHECK(canonical_default("3.00", "decimal(10,0)") == "3");
    CHECK(canonical_default("1.50", "float") == "1.5");
    CHECK(canonical_default("2", "double") == "2");
    CHECK(canonical_default("0", "varchar(5)") == "'0'");
    CHECK(canonical_default("'abc'", "varchar(5)") == "'abc'");
    CHECK(canonical_default("'it''s'", "varchar(5)") == "'it''s'");
    CHECK(canonical_default("''", "varchar(5)") == "''");
    CHECK(canonical_default("'G'", "enum('G','PG')") == "'G'");
    CHECK(canonical_default("'2020-01-01'", "datetime") == "'2020-01-01 00:00:00'");
    CHECK(canonical_default("'2020-01-01'", "datetime(3)") == "'2020-01-01 00:00:00.000'");
    CHECK(canonical_default("'2020-01-01'", "date") == "'2020-01-01'");
    CHECK(canonical_default("'10:00'", "time") == "'10:00:00'");
    CHECK(canonical_default("0", "timestamp") == "'0000-00-00 00:00:00'");
    CHECK(canonical_default("5", "bit(3)") == "b'101'");
    CHECK(canonical_default("b'101'", "bit(3)") == "b'101'");
    CHECK(canonical_default("2020", "year") == "2020");
    CHECK(canonical_default("uuid()", "uuid") == "uuid()");
    CHECK(canonical_default("(1 + 2)", "int") == "(1 + 2)");
    // What MariaDB prints is a fixed point.
    for (const auto& [text, type] : std::vector<std::pair<std::string, std::string>>{
             {"'2020-01-01 00:00:00.000'", "datetime(3)"}, {"1.56", "decimal(6,2)"}, {"b'1'", "bit(3)"},
             {"current_timestamp(2)", "timestamp(2)"}, {"1e20", "double"}, {"'0000-00-00 00:00:00'", "timestamp"},
             {"concat('a','b')", "varchar(10)"}, {"'a\\\\b'", "varchar(5)"}}) {
        CAPTURE(text);
        CHECK(canonical_default(text, type) == text);
    }
}

TEST_CASE("introspect::mysql::read_default tells DEFAULT NULL from no default, on MariaDB and MySQL") {
    CHECK_FALSE(read_default(std::nullopt, "int", "", true).has_value());
    CHECK_FALSE(read_default(std::string("NULL"), "varchar(5)", "", true).has_value());
    CHECK(read_default(std::string("'NULL'"), "varchar(5)", "", true) == "'NULL'");  // the string NULL
    CHECK(read_default(std::string("'x'"), "varchar(5)", "", true) == "'x'");
    CHECK(read_default(std::string("current_timestamp()"), "timestamp", "on update current_timestamp()", true) ==
          "current_timestamp()");
    // MySQL 8 reports the value of a literal and marks expressions.
    CHECK(read_default(std::string("x"), "varchar(5)", "", false) == "'x'");
    CHECK(read_default(std::string("it's"), "varchar(5)", "", false) == "'it''s'");
    CHECK(read_default(std::string("0"), "int", "", false) == "0");
    CHECK(read_default(std::string("CURRENT_TIMESTAMP"), "timestamp", "DEFAULT_GENERATED", false) ==
          "current_timestamp()");
    CHECK(read_default(std::string("2020-01-01 00:00:00"), "datetime", "", false) == "'2020-01-01 00:00:00'");
}

TEST_CASE("introspect::mysql::strip_database removes the default database's qualifier only") {
    CHECK(strip_database("select `app`.`t`.`id` AS `id` from `app`.`t`", "app") == "select `t`.`id` AS `id` from `t`");
    CHECK(strip_database("SELECT * FROM app.film WHERE x = 'app.film'", "app") == "SELECT * FROM film WHERE x = 'app.film'");
    CHECK(strip_database("select `t`.`app`.x from t", "app") == "select `t`.`app`.x from t");  // not a qualifier
    CHECK(strip_database("select `other`.`t`.`id` from `other`.`t`", "app") == "select `other`.`t`.`id` from `other`.`t`");
    CHECK(strip_database("select 1", "") == "select 1");
}

TEST_CASE("introspect::mysql::omit_inherited leaves out what the database and the table give") {
    const auto defaults = maria_defaults();
    core::Table t;
    t.name = "t";
    t.options.mysql.engine = "InnoDB";
    t.options.mysql.collation = "utf8mb4_general_ci";
    t.options.mysql.row_format = "Dynamic";
    auto a = column("a", "varchar(10)");
    a.charset = "utf8mb4";
    a.collation = "utf8mb4_general_ci";
    auto b = column("b", "varchar(10)");
    b.charset = "utf8mb4";
    b.collation = "utf8mb4_bin";
    auto c = column("c", "varchar(10)");
    c.charset = "latin1";
    c.collation = "latin1_swedish_ci";
    auto d = column("d", "int");
    t.columns = {a, b, c, d};
    omit_inherited(t, defaults);
    CHECK_FALSE(t.options.mysql.engine);
    CHECK_FALSE(t.options.mysql.charset);
    CHECK_FALSE(t.options.mysql.collation);
    CHECK_FALSE(t.options.mysql.row_format);
    CHECK_FALSE(t.columns[0].charset);
    CHECK_FALSE(t.columns[0].collation);
    CHECK_FALSE(t.columns[1].charset);
    CHECK(t.columns[1].collation == "utf8mb4_bin");
    CHECK(t.columns[2].charset == "latin1");
    CHECK_FALSE(t.columns[2].collation);

    core::Table old;
    old.name = "old";
    old.options.mysql.engine = "MyISAM";
    old.options.mysql.charset = "utf8";  // MySQL's alias, MariaDB's utf8mb3
    old.options.mysql.row_format = "COMPRESSED";
    auto e = column("e", "text");
    e.collation = "utf8_bin";
    old.columns = {e};
    omit_inherited(old, defaults);
    CHECK(old.options.mysql.engine == "MyISAM");
    CHECK(old.options.mysql.charset == "utf8mb3");
    CHECK_FALSE(old.options.mysql.collation);
    CHECK(old.options.mysql.row_format == "COMPRESSED");
    CHECK_FALSE(old.columns[0].charset);
    CHECK(old.columns[0].collation == "utf8mb3_bin");
    // Idempotent.
    auto again = old;
    omit_inherited(again, defaults);
    CHECK(again == old);
}

TEST_CASE("introspect::mysql::canonicalize_target writes a target the way introspection reads it") {
    const auto defaults = maria_defaults();
    core::Schema target;
    target.dialect = Dialect::mariadb;
    core::Table t;
    t.name = "posts";
    auto id = column("id", "int");
    auto doc = column("doc", "longtext");
    auto at = column("at", "timestamp");
    at.default_value = "CURRENT_TIMESTAMP";
    at.on_update = "now()";
    auto n = column("n", "varchar(5)");
    n.default_value = "NULL";
    t.columns = {id, doc, at, n};
    t.checks.push_back(core::CheckConstraint{"doc", "json_valid(`doc`)"});
    core::Index email;
    email.name = "posts_n_key";
    email.unique = true;
    email.keys.push_back(core::IndexKey{"n"});
    core::Index prefix = email;
    prefix.name = "posts_n_prefix";
    prefix.keys[0].length = 3;
    t.indexes = {email, prefix};
    core::ForeignKey fk;
    fk.columns = {"id"};
    fk.references.table = "users";
    fk.references.columns = {"id"};
    fk.on_delete = "RESTRICT";
    t.foreign_keys.push_back(fk);
    t.options.mysql.engine = "innodb";
    t.options.mysql.charset = "utf8mb4";
    target.tables = std::vector<core::Table>{t};

    canonicalize_target(target, defaults);
    const auto& out = target.tables->front();
    CHECK_FALSE(out.options.mysql.engine);
    CHECK_FALSE(out.options.mysql.charset);
    CHECK(out.columns[1].collation == "utf8mb4_bin");  // MariaDB's json column
    CHECK_FALSE(out.columns[1].charset);
    CHECK(out.columns[2].default_value == "current_timestamp()");
    CHECK(out.columns[2].on_update == "current_timestamp()");
    CHECK_FALSE(out.columns[3].default_value);
    REQUIRE(out.unique.size() == 1);
    CHECK(out.unique[0].name == "posts_n_key");
    REQUIRE(out.indexes.size() == 1);
    CHECK(out.indexes[0].name == "posts_n_prefix");
    CHECK(out.foreign_keys[0].on_delete == "no action");
    // Idempotent.
    auto again = target;
    canonicalize_target(again, defaults);
    CHECK(again == target);
}

TEST_CASE("introspect::mysql::is_plain_unique is a BTREE unique index on plain columns") {
    core::Index index;
    index.unique = true;
    index.keys.push_back(core::IndexKey{"a"});
    CHECK(is_plain_unique(index));
    index.method = "btree";
    CHECK(is_plain_unique(index));
    index.method = "hash";
    CHECK_FALSE(is_plain_unique(index));
    index.method.reset();
    index.keys[0].order = "desc";
    CHECK_FALSE(is_plain_unique(index));
    index.keys[0].order = "asc";
    index.keys[0].length = 10;
    CHECK_FALSE(is_plain_unique(index));
    index.keys[0].length.reset();
    index.comment = "why";
    CHECK_FALSE(is_plain_unique(index));
    index.comment.reset();
    index.ignored = true;
    CHECK_FALSE(is_plain_unique(index));
    index.ignored = false;
    index.unique = false;
    CHECK_FALSE(is_plain_unique(index));
}

TEST_CASE("introspect::mysql::missing_privileges names what the account lacks, per database") {
    std::vector<Grant> grants = {{"schema", "SELECT", "app", ""}, {"schema", "SHOW VIEW", "app", ""}};
    auto missing = missing_privileges(grants, {"app"});
    CHECK(missing == std::vector<std::string>{"TRIGGER on `app`", "EVENT on `app`", "EXECUTE on `app`"});
    grants.push_back({"global", "TRIGGER", "", ""});
    grants.push_back({"schema", "EVENT", "ap\\_%", ""});
    grants.push_back({"schema", "ALTER ROUTINE", "a%", ""});
    CHECK(missing_privileges(grants, {"app"}) == std::vector<std::string>{"EVENT on `app`"});
    CHECK(missing_privileges(grants, {"ap_x"}).size() == 2);  // SELECT and SHOW VIEW are granted on `app` only
    grants.push_back({"schema", "EVENT", "app", ""});
    CHECK(missing_privileges(grants, {"app"}).empty());
    CHECK(grant_pattern_match("app\\_%", "app_test"));
    CHECK_FALSE(grant_pattern_match("app\\_%", "appxtest"));
    CHECK(grant_pattern_match("app_%", "appxtest"));
    CHECK(grant_pattern_match("%", "anything"));
}

TEST_CASE("introspect::mysql::printed_texts reads the expressions of SHOW CREATE TABLE") {
    // As MariaDB 10.11 prints a temporary table made from a target's texts.
    const std::string create = "CREATE TEMPORARY TABLE `_autogen_canonical` (\n"
                               "  `a b` int(11) DEFAULT (1 + 2),\n"
                               "  `s` varchar(10) DEFAULT lcase('AB'),\n"
                               "  `u` varchar(10) DEFAULT 'x,y',\n"
                               "  `n` int(11) DEFAULT -1,\n"
                               "  `d` datetime DEFAULT current_timestamp(),\n"
                               "  `e` int(11) GENERATED ALWAYS AS (`a b` * (2 + 1)) STORED,\n"
                               "  `f` varchar(100) GENERATED ALWAYS AS (concat(`s`,'),')) VIRTUAL,\n"
                               "  CONSTRAINT `_autogen_check_0` CHECK (octet_length(`s`) <= 60 and `s`  not like '%zz%'),\n"
                               "  CONSTRAINT `_autogen_check_2` CHECK ((`n` between 0 and 5) or `n` is null)\n"
                               ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci";
    const PrintedTexts texts = printed_texts(create);
    CHECK(texts.defaults.at("a b") == "1 + 2");
    CHECK(texts.defaults.at("s") == "lcase('AB')");
    CHECK(texts.defaults.at("u") == "'x,y'");
    CHECK(texts.defaults.at("n") == "-1");
    CHECK(texts.defaults.at("d") == "current_timestamp()");
    CHECK(texts.generated.at("e") == "`a b` * (2 + 1)");
    CHECK(texts.generated.at("f") == "concat(`s`,'),')");
    CHECK(texts.checks.at("_autogen_check_0") == "octet_length(`s`) <= 60 and `s`  not like '%zz%'");
    CHECK(texts.checks.at("_autogen_check_2") == "(`n` between 0 and 5) or `n` is null");
    CHECK(texts.checks.size() == 2);
    CHECK_FALSE(texts.defaults.count("e"));
}

TEST_CASE("introspect::mysql::is_expression_default: only expressions go through the server") {
    CHECK(is_expression_default("lower('AB')"));
    CHECK(is_expression_default("(1 + 2)"));
    CHECK(is_expression_default("uuid()"));
    CHECK_FALSE(is_expression_default("'x'"));
    CHECK_FALSE(is_expression_default("42"));
    CHECK_FALSE(is_expression_default("-1"));
    CHECK_FALSE(is_expression_default("NULL"));
    CHECK_FALSE(is_expression_default("current_timestamp()"));
    CHECK_FALSE(is_expression_default("CURRENT_TIMESTAMP"));
}

TEST_CASE("introspect::mysql::canonicalize_target: a MariaDB generated column is nullable whatever the target says") {
    core::Schema target;
    target.dialect = Dialect::mariadb;
    core::Table t;
    t.name = "t";
    core::Column a;
    a.name = "a";
    a.type = "int";
    core::Column g = a;
    g.name = "g";
    g.nullable = false;
    g.generated = core::Generated{"a + 1", true};
    core::Column plain = a;
    plain.name = "p";
    plain.nullable = false;
    t.columns = {a, g, plain};
    target.tables = std::vector<core::Table>{t};
    canonicalize_target(target, maria_defaults());
    CHECK((*target.tables)[0].columns[1].nullable);
    CHECK_FALSE((*target.tables)[0].columns[2].nullable);
}
