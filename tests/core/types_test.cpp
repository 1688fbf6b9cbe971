#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "core/types.hpp"

using namespace autogen::core;
using autogen::Error;

namespace {

std::string pg(const std::string& text) { return canonical_type(text, Dialect::postgresql); }
std::string my(const std::string& text) { return canonical_type(text, Dialect::mysql); }
std::string maria(const std::string& text) { return canonical_type(text, Dialect::mariadb); }
std::string lite(const std::string& text) { return canonical_type(text, Dialect::sqlite); }
std::string portable(const std::string& text) { return canonical_type(text, Dialect::portable); }

std::string error_of(const std::string& text, Dialect dialect) {
    try {
        canonical_type(text, dialect);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("core::canonical_type postgresql synonyms never differ") {
    for (const char* text : {"int", "INT", "integer", "int4", "Integer"}) CHECK(pg(text) == "integer");
    CHECK(pg("int2") == "smallint");
    CHECK(pg("int8") == "bigint");
    CHECK(pg("VARCHAR (10)") == "character varying(10)");
    CHECK(pg("character varying(10)") == "character varying(10)");
    CHECK(pg("varchar") == "character varying");
    CHECK(pg("char") == "character(1)");
    CHECK(pg("char(5)") == "character(5)");
    CHECK(pg("bpchar") == "bpchar");
    CHECK(pg("bpchar(3)") == "character(3)");
    CHECK(pg("national character varying(4)") == "character varying(4)");
    CHECK(pg("\"char\"") == "\"char\"");
    CHECK(pg("float4") == "real");
    CHECK(pg("float") == "double precision");
    CHECK(pg("float(24)") == "real");
    CHECK(pg("float(25)") == "double precision");
    CHECK(pg("float8") == "double precision");
    CHECK(pg("double   precision") == "double precision");
    CHECK(pg("decimal") == "numeric");
    CHECK(pg("decimal(10, 2)") == "numeric(10,2)");
    CHECK(pg("numeric(10)") == "numeric(10,0)");
    CHECK(pg("bool") == "boolean");
    CHECK(pg("bit") == "bit(1)");
    CHECK(pg("varbit(8)") == "bit varying(8)");
    CHECK(pg("bit varying") == "bit varying");
    CHECK(pg("money") == "money");
}

TEST_CASE("core::canonical_type postgresql date and time") {
    CHECK(pg("timestamp") == "timestamp without time zone");
    CHECK(pg("TIMESTAMP WITHOUT TIME ZONE") == "timestamp without time zone");
    CHECK(pg("timestamp(3)") == "timestamp(3) without time zone");
    CHECK(pg("timestamptz") == "timestamp with time zone");
    CHECK(pg("timestamptz(6)") == "timestamp(6) with time zone");
    CHECK(pg("timestamp(6) with time zone") == "timestamp(6) with time zone");
    CHECK(pg("time") == "time without time zone");
    CHECK(pg("timetz") == "time with time zone");
    CHECK(pg("time(2) with time zone") == "time(2) with time zone");
    CHECK(pg("date") == "date");
    CHECK(pg("interval") == "interval");
    CHECK(pg("interval(3)") == "interval(3)");
    CHECK(pg("INTERVAL DAY TO SECOND(3)") == "interval day to second(3)");
    CHECK(pg("interval year to month") == "interval year to month");
    CHECK(error_of("interval week", Dialect::postgresql) == "invalid type \"interval week\": unknown interval fields \"week\"");
    CHECK(error_of("timestamp with time zone(3)", Dialect::postgresql) ==
          "invalid type \"timestamp with time zone(3)\": not a type name");
    CHECK(error_of("timestamp(7)", Dialect::postgresql) ==
          "invalid type \"timestamp(7)\": precision must be between 0 and 6");
}

TEST_CASE("core::canonical_type postgresql built-ins and arrays") {
    for (const char* text :
         {"uuid", "json", "jsonb", "xml", "inet", "cidr", "macaddr", "macaddr8", "tsvector", "tsquery", "point", "line",
          "lseg", "box", "path", "polygon", "circle", "int4range", "int8range", "numrange", "tsrange", "tstzrange",
          "daterange", "int4multirange", "datemultirange", "oid", "regclass", "name", "pg_lsn", "txid_snapshot",
          "bytea", "text"}) {
        CHECK(pg(text) == text);
    }
    CHECK(pg("integer[]") == "integer[]");
    CHECK(pg("int4[][]") == "integer[][]");
    CHECK(pg("int[3]") == "integer[]");
    CHECK(pg("integer ARRAY") == "integer[]");
    CHECK(pg("integer array[4]") == "integer[]");
    CHECK(pg("varchar(20)[]") == "character varying(20)[]");
    CHECK(pg("timestamp(3) with time zone[]") == "timestamp(3) with time zone[]");
    CHECK(pg("double precision[]") == "double precision[]");
    // Real changes always show.
    CHECK(pg("varchar(10)") != pg("varchar(11)"));
    CHECK(pg("numeric(10,2)") != pg("numeric(10,3)"));
    CHECK(pg("integer[]") != pg("integer[][]"));
    CHECK(pg("timestamp(3)") != pg("timestamp"));
}

TEST_CASE("core::canonical_type postgresql user and extension types") {
    CHECK(error_of("varchr(10)", Dialect::postgresql) == "unknown type \"varchr(10)\"");
    CHECK(error_of("double", Dialect::postgresql) == "unknown type \"double\" (did you mean \"double precision\"?)");
    CHECK(error_of("mood", Dialect::postgresql) == "unknown type \"mood\"");
    CHECK(canonical_type("mood", Dialect::postgresql, {"mood"}) == "mood");
    CHECK(canonical_type("MOOD[]", Dialect::postgresql, {"mood"}) == "mood[]");
    CHECK(canonical_type("\"Mood\"", Dialect::postgresql, {"\"Mood\""}) == "\"Mood\"");
    CHECK(error_of("\"Mood\"", Dialect::postgresql) == "unknown type \"\"Mood\"\"");
    // Schema-qualified names are accepted as they stand; the default schema is dropped.
    CHECK(pg("billing.Currency") == "billing.currency");
    CHECK(pg("public.mood") == "mood");
    CHECK(pg("\"Billing\".\"Mood\"") == "\"Billing\".\"Mood\"");
    // A model with extensions accepts any identifier, params as written.
    CHECK(canonical_type("geometry(Point, 4326)", Dialect::postgresql, {}, true) == "geometry(Point,4326)");
    CHECK(canonical_type("citext", Dialect::postgresql, {}, true) == "citext");
    CHECK(canonical_type("vector(3)", Dialect::postgresql, {}, true) == "vector(3)");
    CHECK(canonical_type("hstore[]", Dialect::postgresql, {}, true) == "hstore[]");
}

TEST_CASE("core::canonical_type postgresql serial is not a type") {
    const Type serial = parse_type("serial", Dialect::postgresql);
    REQUIRE(serial_integer_type(serial).has_value());
    CHECK(canonical_type(*serial_integer_type(serial), Dialect::postgresql) == "integer");
    CHECK(canonical_type(*serial_integer_type(parse_type("BIGSERIAL", Dialect::postgresql)), Dialect::postgresql) ==
          "bigint");
    CHECK_FALSE(serial_integer_type(parse_type("integer", Dialect::postgresql)).has_value());
    CHECK_THROWS_AS(canonical_type(serial, Dialect::postgresql), Error);
}

TEST_CASE("core::canonical_type mysql") {
    CHECK(my("INT") == "int");
    CHECK(my("integer") == "int");
    CHECK(my("int(11)") == "int");
    CHECK(my("int(10) unsigned") == "int unsigned");
    CHECK(my("INT UNSIGNED") == "int unsigned");
    CHECK(my("int zerofill") == "int(10) unsigned zerofill");
    CHECK(my("int(5) unsigned zerofill") == "int(5) unsigned zerofill");
    CHECK(my("bigint(20) unsigned") == "bigint unsigned");
    CHECK(my("tinyint(4)") == "tinyint");
    CHECK(my("tinyint(1)") == "tinyint(1)");
    CHECK(my("bool") == "tinyint(1)");
    CHECK(my("BOOLEAN") == "tinyint(1)");
    CHECK(my("mediumint signed") == "mediumint");
    CHECK(my("decimal") == "decimal(10,0)");
    CHECK(my("numeric(8)") == "decimal(8,0)");
    CHECK(my("DEC(10, 2) unsigned") == "decimal(10,2) unsigned");
    CHECK(my("float") == "float");
    CHECK(my("float(30)") == "double");
    CHECK(my("float(7,3)") == "float(7,3)");
    CHECK(my("real") == "double");
    CHECK(my("double precision") == "double");
    CHECK(my("bit") == "bit(1)");
    CHECK(my("char") == "char(1)");
    CHECK(my("national char(3)") == "char(3)");
    CHECK(my("VARCHAR (255)") == "varchar(255)");
    CHECK(my("character varying(10)") == "varchar(10)");
    CHECK(my("binary") == "binary(1)");
    CHECK(my("varbinary(16)") == "varbinary(16)");
    for (const char* text : {"tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob",
                             "longblob", "date", "json", "geometry", "point", "linestring", "polygon", "multipoint",
                             "multilinestring", "multipolygon"}) {
        CHECK(my(text) == text);
    }
    CHECK(my("long") == "mediumtext");
    CHECK(my("enum('a', 'b''c')") == "enum('a','b''c')");
    CHECK(my("ENUM('x','y\\'z')") == "enum('x','y''z')");
    CHECK(my("set('r','w')") == "set('r','w')");
    CHECK(my("datetime(0)") == "datetime");
    CHECK(my("datetime(3)") == "datetime(3)");
    CHECK(my("timestamp(6)") == "timestamp(6)");
    CHECK(my("time") == "time");
    CHECK(my("year(4)") == "year");
    CHECK(my("geometrycollection") == "geomcollection");
    CHECK(maria("geomcollection") == "geometrycollection");
    CHECK(error_of("varchar", Dialect::mysql) == "invalid type \"varchar\": expected 1 parameter(s)");
    CHECK(error_of("int[]", Dialect::mysql) == "invalid type \"int[]\": MySQL has no array types");
    CHECK(error_of("uuid", Dialect::mysql) ==
          "unknown type \"uuid\" (MySQL has no uuid type; MariaDB has; use char(36) on MySQL)");
    CHECK(error_of("varchar(10) binary", Dialect::mysql) == "invalid type \"varchar(10) binary\": unexpected \"binary\"");
    CHECK(error_of("timestamptz", Dialect::mysql) ==
          "unknown type \"timestamptz\" (MySQL's timestamp is stored in UTC; write timestamp)");
}

TEST_CASE("core::canonical_type mariadb") {
    CHECK(maria("json") == "longtext");
    CHECK(maria("uuid") == "uuid");
    CHECK(maria("inet6") == "inet6");
    CHECK(maria("inet4") == "inet4");
    CHECK(maria("int(11)") == "int");
    // A mysql type read as mariadb and back.
    CHECK(canonical_type(parse_type("json", Dialect::mysql), Dialect::mariadb) == "longtext");
    CHECK_THROWS_AS(canonical_type(parse_type("uuid", Dialect::mariadb), Dialect::mysql), Error);
}

TEST_CASE("core::canonical_type sqlite keeps the declared name") {
    CHECK(lite("varchar (10)") == "VARCHAR(10)");
    CHECK(lite("numeric(10, 2)") == "NUMERIC(10,2)");
    CHECK(lite("unsigned   big int") == "UNSIGNED BIG INT");
    CHECK(lite("INT") == "INT");
    CHECK(lite("integer") == "INTEGER");
    CHECK(lite("anything goes") == "ANYTHING GOES");
    CHECK(lite("DECIMAL(-5, +2)") == "DECIMAL(-5,+2)");
    CHECK(lite("") == "");
    CHECK(lite("   ") == "");
    CHECK_THROWS_AS(lite("integer[]"), Error);
    CHECK_THROWS_AS(lite("varchar(abc)"), Error);
    CHECK_THROWS_AS(lite("a(1,2,3)"), Error);
    CHECK_THROWS_AS(lite("int)"), Error);
    CHECK_THROWS_AS(pg(""), Error);
}

TEST_CASE("core::canonical_type portable") {
    CHECK(portable("INT") == "integer");
    CHECK(portable("int8") == "bigint");
    CHECK(portable("bool") == "boolean");
    CHECK(portable("character varying(20)") == "varchar(20)");
    CHECK(portable("decimal(10,2)") == "numeric(10,2)");
    CHECK(portable("double precision") == "double");
    CHECK(portable("timestamp with time zone") == "timestamptz");
    CHECK(portable("timestamp(3)") == "timestamp(3)");
    CHECK(portable("bytea") == "blob");
    CHECK(error_of("varchr(10)", Dialect::portable) == "unknown type \"varchr(10)\"");
    CHECK(error_of("float", Dialect::portable) ==
          "type \"float\": a portable float is an error: 4 bytes on MySQL, 8 on PostgreSQL; write real or double");
}

TEST_CASE("core::canonical_type portable types translate per dialect") {
    auto to = [](const std::string& text, Dialect dialect) {
        return canonical_type(parse_type(text, Dialect::portable), dialect);
    };
    CHECK(to("int", Dialect::postgresql) == "integer");
    CHECK(to("int", Dialect::mysql) == "int");
    CHECK(to("int", Dialect::sqlite) == "INTEGER");
    CHECK(to("bigint", Dialect::sqlite) == "BIGINT");
    CHECK(to("bool", Dialect::postgresql) == "boolean");
    CHECK(to("bool", Dialect::mysql) == "tinyint(1)");
    CHECK(to("bool", Dialect::sqlite) == "BOOLEAN");
    CHECK(to("varchar(255)", Dialect::postgresql) == "character varying(255)");
    CHECK(to("varchar(255)", Dialect::mariadb) == "varchar(255)");
    CHECK(to("varchar(255)", Dialect::sqlite) == "VARCHAR(255)");
    CHECK(to("numeric(10,2)", Dialect::mysql) == "decimal(10,2)");
    CHECK(to("decimal", Dialect::mysql) == "decimal(10,0)");
    CHECK(to("numeric(10,2)", Dialect::sqlite) == "NUMERIC(10,2)");
    CHECK(to("double", Dialect::postgresql) == "double precision");
    CHECK(to("float8", Dialect::mysql) == "double");
    CHECK(to("double", Dialect::sqlite) == "DOUBLE");
    CHECK(to("timestamp", Dialect::postgresql) == "timestamp without time zone");
    CHECK(to("timestamp", Dialect::mysql) == "datetime");
    CHECK(to("timestamp(3)", Dialect::mysql) == "datetime(3)");
    CHECK(to("timestamp", Dialect::sqlite) == "TIMESTAMP");
    CHECK(to("timestamptz", Dialect::postgresql) == "timestamp with time zone");
    CHECK(to("timestamptz", Dialect::mysql) == "timestamp");
    CHECK(to("timestamptz", Dialect::sqlite) == "TIMESTAMP");
    CHECK(to("json", Dialect::postgresql) == "json");
    CHECK(to("json", Dialect::mysql) == "json");
    CHECK(to("json", Dialect::mariadb) == "longtext");
    CHECK(to("json", Dialect::sqlite) == "TEXT");
    CHECK(to("uuid", Dialect::postgresql) == "uuid");
    CHECK(to("uuid", Dialect::mysql) == "char(36)");
    CHECK(to("uuid", Dialect::mariadb) == "uuid");
    CHECK(to("uuid", Dialect::sqlite) == "TEXT");
    CHECK(to("blob", Dialect::postgresql) == "bytea");
    CHECK(to("blob", Dialect::mysql) == "longblob");
    CHECK(to("text[]", Dialect::postgresql) == "text[]");
    CHECK_THROWS_WITH_AS(to("text[]", Dialect::mysql), "MySQL has no type \"text[]\" (arrays exist only on PostgreSQL)",
                         Error);
    CHECK_THROWS_WITH_AS(to("varchar", Dialect::mysql), "MySQL has no type \"varchar\" (MySQL needs a length: varchar(n))",
                         Error);
    CHECK_THROWS_AS(canonical_type(parse_type("integer", Dialect::postgresql), Dialect::mysql), Error);
}

TEST_CASE("core::canonical_type is a fixpoint in every dialect") {
    const std::vector<std::pair<Dialect, std::vector<std::string>>> samples = {
        {Dialect::postgresql,
         {"int2", "int", "int8", "float4", "float(30)", "numeric(5)", "decimal(7,3)", "money", "char", "bpchar",
          "bpchar(4)", "varchar", "varchar(9)", "text", "bytea", "timestamp", "timestamp(0)", "timestamptz(2)",
          "time with time zone", "timetz(4)", "date", "interval", "interval minute to second(2)", "interval(1)",
          "interval hour", "bool", "bit", "bit(3)", "varbit", "uuid", "json", "jsonb", "xml", "inet", "cidr", "macaddr",
          "macaddr8", "tsvector", "tsquery", "point", "line", "lseg", "box", "path", "polygon", "circle", "int4range",
          "int8range", "numrange", "tsrange", "tstzrange", "daterange", "int4multirange", "int8multirange",
          "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange", "oid", "regclass", "regtype", "name",
          "\"char\"", "pg_lsn", "txid_snapshot", "pg_snapshot", "xid", "int[]", "text[][]", "\"char\"[]",
          "numeric(4,2)[]", "interval day[]", "bit varying(2)[]", "schema1.thing", "\"Odd Schema\".\"Odd Type\"[]"}},
        {Dialect::mysql,
         {"tinyint", "tinyint(1) unsigned", "smallint(6)", "mediumint(8) unsigned", "int(11)", "int unsigned zerofill",
          "bigint(20) unsigned", "bool", "decimal", "decimal(65,30)", "float", "float(10)", "float(40)", "float(5,2)",
          "double", "double(10,3) unsigned", "bit", "bit(64)", "char", "char(0)", "varchar(0)", "binary", "varbinary(3)",
          "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "long varchar",
          "enum('a')", "enum('')", "set('x','y')", "date", "time(3)", "datetime", "timestamp(6)", "year", "json",
          "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
          "geometrycollection", "geomcollection"}},
        {Dialect::mariadb, {"json", "uuid", "inet4", "inet6", "int(11)", "year(4)", "geometrycollection"}},
        {Dialect::sqlite, {"", "INT", "integer", "TEXT", "blob", "REAL", "NUMERIC", "varchar(255)", "DECIMAL(10, 5)",
                           "unsigned big int", "DATETIME", "nvarchar(100)", "double precision", "ANY"}},
        {Dialect::portable, {"smallint", "int", "bigint", "bool", "varchar", "varchar(3)", "char", "text", "numeric",
                             "numeric(3)", "real", "double", "date", "time(3)", "timestamp", "timestamptz(6)", "json",
                             "jsonb", "uuid", "blob", "int[]", "some_schema.some_type"}},
    };
    for (const auto& [dialect, texts] : samples) {
        for (const std::string& text : texts) {
            CAPTURE(text);
            CAPTURE(to_string(dialect));
            const std::string once = canonical_type(text, dialect);
            CHECK(canonical_type(once, dialect) == once);
            // (MariaDB's json parses as json, so that its implicit json_valid check can be added, and spells longtext.)
            if (!(dialect == Dialect::mariadb && text == "json")) CHECK(parse_type(once, dialect) == parse_type(text, dialect));
        }
    }
}

TEST_CASE("core::parse_type structure") {
    const Type array = parse_type("character varying(12)[][]", Dialect::postgresql);
    CHECK(array.base == "character varying");
    CHECK(array.params == std::vector<std::string>{"12"});
    CHECK(array.array_dims == 2);
    CHECK(array.dialect == Dialect::postgresql);
    const Type interval = parse_type("interval day to second (3)", Dialect::postgresql);
    CHECK(interval.base == "interval");
    CHECK(interval.suffix == "day to second");
    const Type zerofill = parse_type("INT(4) ZEROFILL", Dialect::mysql);
    CHECK(zerofill.base == "int");
    CHECK(zerofill.is_unsigned);
    CHECK(zerofill.zerofill);
    CHECK(zerofill.params == std::vector<std::string>{"4"});
    const Type values = parse_type("enum('a','b')", Dialect::mariadb);
    CHECK(values.params == std::vector<std::string>{"'a'", "'b'"});
    CHECK(is_builtin_type(parse_type("jsonb", Dialect::postgresql)));
    CHECK_FALSE(is_builtin_type(parse_type("x.y", Dialect::postgresql)));
    CHECK(canonical_identifier("users") == "users");
    CHECK(canonical_identifier("Users") == "\"Users\"");
    CHECK(canonical_identifier("my type") == "\"my type\"");
    CHECK(canonical_identifier("a\"b") == "\"a\"\"b\"");
}

TEST_CASE("core::canonical_identifier quotes as PostgreSQL's format_type does") {
    CHECK(canonical_identifier("mood") == "mood");
    CHECK(canonical_identifier("_x1") == "_x1");
    CHECK(canonical_identifier("Mood") == "\"Mood\"");
    CHECK(canonical_identifier("a$b") == "\"a$b\"");
    CHECK(canonical_identifier("b\xc4\xb1g\xc4\xb1nt") == "\"b\xc4\xb1g\xc4\xb1nt\"");  // pagila's domain
    CHECK(canonical_identifier("order") == "\"order\"");  // a reserved keyword
    CHECK(canonical_identifier("year") == "year");         // an unreserved one
    CHECK(canonical_type("\"order\"[]", Dialect::postgresql, {"\"order\""}) == "\"order\"[]");
    CHECK(canonical_type("\"b\xc4\xb1g\xc4\xb1nt\"", Dialect::postgresql, {"\"b\xc4\xb1g\xc4\xb1nt\""}) == "\"b\xc4\xb1g\xc4\xb1nt\"");
}

TEST_CASE("core::retyped reads a user type in column types, also as an array's element type") {
    CHECK(retyped("mood", "mood", "feeling") == std::optional<std::string>("feeling"));
    CHECK(retyped("mood[]", "mood", "feeling") == std::optional<std::string>("feeling[]"));
    CHECK_FALSE(retyped("moody", "mood", "feeling"));
    CHECK(type_reference("", "Mood") == "\"Mood\"");
    CHECK(type_reference("s", "mood") == "s.mood");
}
