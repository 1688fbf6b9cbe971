// The PostgreSQL inspector's parts that need no server: text helpers, the model built from catalog rows, and the
// canonicalization plan.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "core/resolve.hpp"
#include "core/types.hpp"
#include "core/url.hpp"
#include "introspect/postgres/canonicalize.hpp"
#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/types.hpp"

using namespace autogen;
using namespace autogen::introspect::postgres;

namespace {

std::optional<std::string> v(const char* text) { return std::string(text); }
const std::optional<std::string> null;

}  // namespace

TEST_CASE("introspect::postgres text arrays, patterns and quoting") {
    CHECK(text_array_literal({}) == "{}");
    CHECK(text_array_literal({"public", "a\"b", "c\\d"}) == "{\"public\",\"a\\\"b\",\"c\\\\d\"}");
    CHECK(parse_text_array("{}").empty());
    CHECK(parse_text_array("{id,\"my col\",\"a\\\"b\",NULL}") == std::vector<std::string>{"id", "my col", "a\"b", ""});
    CHECK(parse_text_array("{\"NULL\"}") == std::vector<std::string>{"NULL"});
    CHECK(like_pattern("audit_*") == "audit\\_%");
    CHECK(like_pattern("public.t?") == "public.t_");
    CHECK(like_pattern("50%") == "50\\%");
    CHECK(quote_identifier("Mixed \"Case\"") == "\"Mixed \"\"Case\"\"\"");
    CHECK(quote_literal("it's") == "'it''s'");
    CHECK(collation_sql("C") == "\"C\"");
    CHECK(collation_sql("pg_catalog.default") == "\"pg_catalog\".\"default\"");
    CHECK(foreign_key_action('c') == "cascade");
    CHECK(foreign_key_action('n') == "set null");
    CHECK(foreign_key_action('a') == "no action");
    CHECK(foreign_key_match('f') == "full");
    CHECK(foreign_key_match('s') == "simple");
}

TEST_CASE("introspect::postgres conninfo carries the URL's parts, quoted, and leaves the rest to libpq") {
    const auto url = core::parse_url("postgresql://app%20user:p'w\\d@db.example:6543/app?sslmode=require");
    CHECK(conninfo(url) ==
          "host='db.example' port='6543' dbname='app' user='app user' password='p\\'w\\\\d' sslmode='require' "
          "application_name='autogen' connect_timeout='10'");
    // Without a password in the URL none is passed: PGPASSWORD and .pgpass apply.
    const auto bare = core::parse_url("postgresql:///app?host=/var/run/postgresql");
    CHECK(conninfo(bare) == "dbname='app' host='/var/run/postgresql' application_name='autogen' connect_timeout='10'");
}

TEST_CASE("introspect::postgres self-contained expressions") {
    CHECK(is_self_contained_expression("price > 0"));
    CHECK(is_self_contained_expression("lower(email)"));
    CHECK(is_self_contained_expression("'a;b' || \"x;y\""));
    CHECK(is_self_contained_expression("arr[1] = 2 -- a comment with ) and ;"));
    CHECK_FALSE(is_self_contained_expression("0); DROP TABLE users; --"));
    CHECK_FALSE(is_self_contained_expression("1) OR (2"));
    CHECK_FALSE(is_self_contained_expression("(1"));
    CHECK_FALSE(is_self_contained_expression("1; SELECT 2"));
}

TEST_CASE("introspect::postgres the types format_type prints are their own canonical spelling") {
    // Every spelling the fixtures' catalogs print (format_type), read back by core in the postgresql dialect.
    for (const char* type :
         {"integer", "bigint", "smallint", "numeric", "numeric(10,2)", "numeric(5,0)", "real", "double precision",
          "character varying", "character varying(255)", "character(1)", "character(10)", "text", "\"char\"", "bytea",
          "boolean", "date", "timestamp without time zone", "timestamp with time zone", "timestamp(6) without time zone",
          "timestamp(3) with time zone", "time without time zone", "time with time zone", "time(0) without time zone",
          "interval", "interval(6)", "interval day to second", "uuid", "json", "jsonb", "inet", "cidr", "macaddr",
          "tsvector", "tsquery", "integer[]", "text[]", "character varying(255)[]", "bigint[]", "jsonb[]",
          "bit(1)", "bit varying(10)", "money", "point", "int4range", "tstzrange", "daterange", "oid", "xml",
          "\"bıgınt\"", "public.year", "mood", "\"OrderNumber\"", "billing.mood", "geometry(MultiPolygon,4326)",
          "public.geometry", "citext"}) {
        CAPTURE(type);
        CHECK(core::canonical_type(type, core::Dialect::postgresql, {"mood", "\"OrderNumber\""}, true) ==
              (std::string(type) == "public.year" || std::string(type) == "public.geometry" ? std::string(type).substr(7)
                                                                                              : std::string(type)));
    }
}

TEST_CASE("introspect::postgres build_schema: tables, serial, identity, constraints, indexes, sequences") {
    CatalogRows rows;
    rows.schemas = {{v("billing")}};
    rows.tables = {{v("101"), v(""), v("users"), v("f"), v("people"), null, null, null, null},
                   {v("102"), v("billing"), v("events"), v("t"), null, v("RANGE (at)"), null, null, null},
                   {v("103"), v("billing"), v("events_2024"), v("f"), null, null, v("billing"), v("events"),
                    v("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")}};
    rows.columns = {
        {v("101"), v("1"), v("id"), v("integer"), v("t"), v("nextval('users_id_seq'::regclass)"), v(""), v(""), null, null, v("201")},
        {v("101"), v("2"), v("email"), v("character varying(255)"), v("t"), null, v(""), v(""), v("C"), v("login"), null},
        {v("101"), v("3"), v("total"), v("numeric"), v("f"), null, v(""), v("s"), null, null, null},
        {v("102"), v("1"), v("id"), v("bigint"), v("t"), null, v("a"), v(""), null, null, null},
        {v("102"), v("2"), v("at"), v("date"), v("f"), v("CURRENT_DATE"), v(""), v(""), null, null, null},
        {v("103"), v("1"), v("id"), v("bigint"), v("t"), null, v(""), v(""), null, null, null},
    };
    rows.columns[2][5] = v("(id * 2)");
    rows.constraints = {
        {v("0"), v("301"), v("year_check"), v("c"), v("{}"), null, null, v("{}"), v(" "), v(" "), v(" "), v("f"), v("f"), v("t"),
         v("(VALUE >= 1901)"), null, v("f"), v("0")},
        {v("101"), v("0"), v("users_pkey"), v("p"), v("{id}"), null, null, v("{}"), v(" "), v(" "), v(" "), v("f"), v("f"), v("t"),
         null, null, v("f"), v("0")},
        {v("101"), v("0"), v("users_email_key"), v("u"), v("{email}"), null, null, v("{}"), v(" "), v(" "), v(" "), v("t"), v("t"),
         v("t"), null, null, v("t"), v("0")},
        {v("102"), v("0"), v("events_user_fkey"), v("f"), v("{id}"), v("public"), v("users"), v("{id}"), v("a"), v("c"), v("f"),
         v("f"), v("f"), v("f"), null, null, v("f"), v("0")},
        {v("102"), v("0"), v("events_check"), v("c"), v("{id}"), null, null, v("{}"), v(" "), v(" "), v(" "), v("f"), v("f"), v("t"),
         v("(id > 0)"), null, v("f"), v("0")},
        {v("102"), v("0"), v("events_excl"), v("x"), v("{at}"), null, null, v("{}"), v(" "), v(" "), v(" "), v("f"), v("f"), v("t"),
         null, v("EXCLUDE USING gist (at WITH =)"), v("f"), v("0")},
        {v("103"), v("0"), v("events_check"), v("c"), v("{id}"), null, null, v("{}"), v(" "), v(" "), v(" "), v("f"), v("f"), v("t"),
         v("(id > 0)"), null, v("f"), v("1")},
        {v("103"), v("0"), v("events_2024_own"), v("c"), v("{at}"), null, null, v("{}"), v(" "), v(" "), v(" "), v("f"), v("f"), v("t"),
         v("(at IS NOT NULL)"), null, v("f"), v("0")},
    };
    rows.indexes = {
        {v("101"), v("users_lower"), v("t"), v("btree"), v("2"), v("1"), v("0"), null, v("lower((email)::text)"), v("0"),
         v("text_pattern_ops"), null, v("(email IS NOT NULL)"), v("f"), null},
        {v("101"), v("users_lower"), v("t"), v("btree"), v("2"), v("2"), v("1"), v("id"), v("id"), v("3"), null, null,
         v("(email IS NOT NULL)"), v("f"), null},
        {v("101"), v("users_lower"), v("t"), v("btree"), v("2"), v("3"), v("3"), v("total"), v("total"), v("0"), null, null,
         v("(email IS NOT NULL)"), v("f"), null},
        {v("102"), v("events_at"), v("f"), v("brin"), v("1"), v("1"), v("2"), v("at"), v("at"), v("0"), null, null, null, v("f"),
         v("by day")},
    };
    rows.sequences = {
        {v("201"), v(""), v("users_id_seq"), v("integer"), v("1"), v("1"), v("1"), v("2147483647"), v("1"), v("f"), v("a"), v("101"),
         v(""), v("users"), v("id")},
        {v("202"), v("billing"), v("events_id_seq"), v("bigint"), v("100"), v("1"), v("1"), v("9223372036854775807"), v("1"), v("f"),
         v("i"), v("102"), v("billing"), v("events"), v("id")},
        {v("203"), v(""), v("order_no"), v("bigint"), v("1000"), v("1"), v("1"), v("9223372036854775807"), v("1"), v("t"), v("a"),
         v("101"), v(""), v("users"), v("total")},
        {v("204"), v(""), v("hidden_owner_seq"), v("bigint"), v("1"), v("1"), v("1"), v("9223372036854775807"), v("1"), v("f"), v("a"),
         v("999"), v(""), v("excluded"), v("id")},
    };
    rows.enums = {{v(""), v("mood"), v("{sad,ok,\"very happy\"}")}};
    rows.domains = {{v("301"), v(""), v("year"), v("integer"), v("f"), null, null}};
    rows.extensions = {{v(""), v("pg_trgm"), v("1.6")}};
    rows.views = {{v("401"), v(""), v("recent"), v("t"), v(" SELECT users.id\n   FROM users;"), v("latest")}};
    rows.indexes.push_back({v("401"), v("recent_id"), v("t"), v("btree"), v("1"), v("1"), v("1"), v("id"), v("id"), v("0"), null,
                            null, null, v("f"), null});
    rows.routines = {{v("501"), v(""), v("touch"), v("function"), v("()"), v("CREATE OR REPLACE FUNCTION public.touch() ...")}};
    rows.triggers = {{v("601"), v(""), v("users"), v("users_touch"), v("CREATE TRIGGER users_touch ...")}};
    rows.dependencies = {{v("trigger"), v("601"), v("routine"), v(""), v("touch")},
                         {v("view"), v("401"), v("table"), v(""), v("users")},
                         {v("view"), v("401"), v("table"), v(""), v("users")},
                         {v("view"), v("999"), v("table"), v(""), v("gone")}};
    rows.not_compared = {{v("view"), v(""), v("3")}, {v("trigger"), v("billing"), v("2")}};

    core::Schema schema = build_schema(rows);
    CHECK(schema.dialect == core::Dialect::postgresql);
    CHECK(schema.schemas == std::vector<std::string>{"billing"});
    REQUIRE(schema.tables->size() == 3);
    const core::Table& users = (*schema.tables)[0];
    CHECK(users.comment == "people");
    REQUIRE(users.columns.size() == 3);
    CHECK(users.columns[0].autoincrement);
    CHECK_FALSE(users.columns[0].default_value);
    CHECK(users.columns[1].collation == "C");
    CHECK(users.columns[1].comment == "login");
    CHECK(users.columns[2].generated == core::Generated{"(id * 2)", true});
    CHECK(users.primary_key->columns == std::vector<std::string>{"id"});
    REQUIRE(users.unique.size() == 1);
    CHECK(users.unique[0].nulls_not_distinct);
    CHECK(users.unique[0].deferrable);
    CHECK(users.unique[0].initially_deferred);
    REQUIRE(users.indexes.size() == 1);
    const core::Index& lower = users.indexes[0];
    CHECK(lower.unique);
    CHECK_FALSE(lower.method);
    REQUIRE(lower.keys.size() == 2);
    CHECK(lower.keys[0].expression == "lower((email)::text)");
    CHECK(lower.keys[0].opclass == "text_pattern_ops");
    CHECK(lower.keys[1].column == "id");
    CHECK(lower.keys[1].order == "desc");
    CHECK(lower.keys[1].nulls == std::nullopt);  // DESC NULLS FIRST is the default
    CHECK(lower.include == std::vector<std::string>{"total"});
    CHECK(lower.where == "(email IS NOT NULL)");

    const core::Table& events = (*schema.tables)[1];
    CHECK(events.schema == "billing");
    CHECK(events.options.postgresql.unlogged);
    CHECK(events.partition_by == "RANGE (at)");
    REQUIRE(events.columns[0].identity);
    CHECK(events.columns[0].identity->always);
    CHECK(events.columns[0].identity->start == 100);
    CHECK(events.columns[1].default_value == "CURRENT_DATE");
    REQUIRE(events.foreign_keys.size() == 1);
    const core::ForeignKey& fk = events.foreign_keys[0];
    CHECK(fk.references == core::Reference{"", "users", {"id"}});
    CHECK(fk.on_delete == "cascade");
    CHECK(fk.on_update == "no action");
    CHECK(fk.match == "full");
    CHECK_FALSE(fk.valid);
    CHECK(events.checks == std::vector<core::CheckConstraint>{{"events_check", "(id > 0)", true, std::nullopt}});
    CHECK(events.exclusion[0].definition == "EXCLUDE USING gist (at WITH =)");
    CHECK(events.indexes[0].method == "brin");
    CHECK(events.indexes[0].comment == "by day");

    // A partition names its parent and bound, and holds only its own CHECK: columns and the inherited CHECK are
    // the parent's.
    const core::Table& partition = (*schema.tables)[2];
    CHECK(partition.partition_of == "events");
    CHECK(partition.bound == "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    CHECK(partition.columns.empty());
    REQUIRE(partition.checks.size() == 1);
    CHECK(partition.checks[0].name == "events_2024_own");

    REQUIRE(schema.views->size() == 1);
    const core::View& view = (*schema.views)[0];
    CHECK(view.materialized);
    CHECK(view.comment == "latest");
    REQUIRE(view.indexes.size() == 1);
    CHECK(view.indexes[0].name == "recent_id");
    CHECK(view.depends_on == std::vector<core::Dependency>{{"table", "", "users"}});
    CHECK((*schema.routines)[0].signature == "()");
    CHECK((*schema.routines)[0].depends_on == std::vector<core::Dependency>{});
    CHECK((*schema.triggers)[0].table == "users");
    CHECK((*schema.triggers)[0].depends_on == std::vector<core::Dependency>{{"routine", "", "touch"}});

    // The serial's and the identity's sequences are not listed; one owned by an unread table neither.
    REQUIRE(schema.sequences->size() == 1);
    CHECK((*schema.sequences)[0].name == "order_no");
    CHECK((*schema.sequences)[0].owned_by == "users.total");
    CHECK((*schema.sequences)[0].cycle);
    CHECK((*schema.enums)[0].values == std::vector<std::string>{"sad", "ok", "very happy"});
    REQUIRE(schema.domains->size() == 1);
    CHECK((*schema.domains)[0].checks[0].expression == "(VALUE >= 1901)");
    CHECK((*schema.extensions)[0].version == "1.6");
    CHECK(schema.not_compared == std::vector<core::NotCompared>{{"view", "", 3}, {"trigger", "billing", 2}});

    // Resolving drops the sequence and identity options that are the server's defaults.
    const core::Schema resolved = core::resolve(schema, core::Dialect::postgresql);
    const core::Sequence& order_no = (*resolved.sequences)[0];
    CHECK_FALSE(order_no.type);
    CHECK(order_no.start == 1000);
    CHECK_FALSE(order_no.min);
    CHECK_FALSE(order_no.max);
    CHECK_FALSE(order_no.increment);
    CHECK_FALSE(order_no.cache);
    const core::Identity& identity = *(*resolved.tables)[1].columns[0].identity;
    CHECK(identity == core::Identity{true, 100, std::nullopt, std::nullopt, std::nullopt, std::nullopt, false});
}

TEST_CASE("introspect::postgres build_schema refuses rows of the wrong shape") {
    CatalogRows rows;
    rows.tables = {{v("x"), v(""), v("t"), v("f"), null, null, null, null, null}};
    CHECK_THROWS_AS(build_schema(rows), Error);
}

TEST_CASE("introspect::postgres canonicalization plan: only texts the database does not already have") {
    core::Table users;
    users.name = "users";
    core::Column id;
    id.name = "id";
    id.type = "integer";
    id.autoincrement = true;
    core::Column price;
    price.name = "price";
    price.type = "numeric(10,2)";
    price.default_value = "0";
    core::Column status;
    status.name = "status";
    status.type = "text";
    status.default_value = "'new'";
    users.columns = {id, price, status};
    users.checks = {{"users_price_check", "price > 0", true, std::nullopt}, {"evil", "0); DROP TABLE users; --", true, std::nullopt}};
    core::Index index;
    index.name = "users_lower";
    core::IndexKey key;
    key.expression = "lower(status)";
    index.keys = {key};
    users.indexes = {index};
    core::Schema target;
    target.dialect = core::Dialect::postgresql;
    target.tables = std::vector<core::Table>{users};

    core::Schema current = target;
    auto& now = (*current.tables)[0];
    now.columns[2].default_value = "'new'::text";
    now.checks = {{"users_price_check", "(price > (0)::numeric)", true, std::nullopt}};
    now.indexes[0].keys[0].expression = "lower(status)";

    const auto plan = plan_canonicalization(target, &current);
    // status's "'new'" differs from the database's text, price's "0" does not; the index text is the same; the
    // check differs; the injection attempt is never sent.
    REQUIRE(plan.items.size() == 2);
    CHECK(plan.items[0].kind == CanonicalItem::Kind::column_default);
    CHECK(plan.items[0].item == 2);
    CHECK(plan.items[1].kind == CanonicalItem::Kind::check);
    CHECK(plan.do_block.find("DROP TABLE users") == std::string::npos);
    CHECK(plan.do_block.find("CREATE TEMP TABLE \"_autogen_t0\" (\"id\" integer, \"price\" numeric(10,2), "
                             "\"status\" text DEFAULT (''new''), CONSTRAINT \"_autogen_c0_0\" CHECK (price > 0))") != std::string::npos);
    CHECK(plan.do_block.rfind("DO $autogen$", 0) == 0);

    // Nothing to do when the database already has every text.
    CHECK(plan_canonicalization(current, &current).items.empty());

    // The server's answer replaces the texts it printed; a failed item stays as written.
    core::Schema temp;
    core::Table made;
    made.name = temp_table_name(0);
    made.columns = {id, price, status};
    made.columns[1].default_value = "0";
    made.columns[2].default_value = "'new'::text";
    temp.tables = std::vector<core::Table>{made};
    core::Schema canonical = target;
    CHECK(apply_canonical(canonical, plan, temp) == 1);
    CHECK((*canonical.tables)[0].columns[2].default_value == "'new'::text");
    CHECK((*canonical.tables)[0].checks[0].expression == "price > 0");
}

TEST_CASE("introspect::postgres routines and triggers are renamed into pg_temp for canonicalization") {
    CHECK(renamed_routine("CREATE FUNCTION public.touch() RETURNS trigger AS $$ BEGIN END $$", "pg_temp.x") ==
          "CREATE FUNCTION pg_temp.x() RETURNS trigger AS $$ BEGIN END $$");
    CHECK(renamed_routine("create or replace procedure \"Do It\"(a int) language sql as $$ select 1 $$", "pg_temp.y") ==
          "CREATE PROCEDURE pg_temp.y(a int) language sql as $$ select 1 $$");
    CHECK_FALSE(renamed_routine("CREATE AGGREGATE public.g(text) (SFUNC = f, STYPE = text)", "pg_temp.z"));
    CHECK(retargeted_trigger("CREATE TRIGGER t BEFORE UPDATE OF a, b ON public.orders FOR EACH ROW EXECUTE FUNCTION f()",
                             "pg_temp.c") == "CREATE TRIGGER t BEFORE UPDATE OF a, b ON pg_temp.c FOR EACH ROW EXECUTE FUNCTION f()");
    CHECK(retargeted_trigger("CREATE TRIGGER t AFTER INSERT ON orders EXECUTE FUNCTION f()", "pg_temp.c") ==
          "CREATE TRIGGER t AFTER INSERT ON pg_temp.c EXECUTE FUNCTION f()");
    CHECK_FALSE(retargeted_trigger("CREATE CONSTRAINT TRIGGER t AFTER INSERT ON orders FROM x FOR EACH ROW EXECUTE FUNCTION f()",
                                   "pg_temp.c"));
}
