#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "diff/capabilities.hpp"
#include "diff/plan.hpp"
#include "emit/postgres/renderer.hpp"
#include "sqlite_support.hpp"

using namespace autogen;
using namespace autogen::test;
using autogen::emit::postgres::PostgresRenderer;

namespace {

std::vector<std::string> statements(const diff::Op& op) { return PostgresRenderer{}.render(step(op)).statements; }

std::string joined(const diff::Op& op) {
    std::string out;
    for (const auto& s : statements(op)) out += s + "\n";
    return out;
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

core::Table users() {
    auto t = table("users", {col("id", "bigint", false), col("email", "character varying(255)", false), col("name", "text")});
    t.primary_key = core::PrimaryKey{"users_pkey", {"id"}};
    return t;
}

const core::QualifiedName users_name{"", "users"};

}  // namespace

TEST_CASE("emit::postgres quote_identifier and qualified names") {
    using emit::postgres::quote_identifier;
    CHECK(quote_identifier("users") == "users");
    CHECK(quote_identifier("_x9$") == "\"_x9$\"");
    CHECK(quote_identifier("order") == "\"order\"");
    CHECK(quote_identifier("user") == "\"user\"");
    CHECK(quote_identifier("Users") == "\"Users\"");
    CHECK(quote_identifier("my col") == "\"my col\"");
    CHECK(quote_identifier("9lives") == "\"9lives\"");
    CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
    // Unreserved keywords need no quotes, as the server's quote_ident says.
    CHECK(quote_identifier("name") == "name");
    CHECK(quote_identifier("action") == "action");
    CHECK(quote_identifier("b\xc4\xb1g\xc4\xb1nt") == "\"b\xc4\xb1g\xc4\xb1nt\"");
    CHECK(emit::postgres::qualified_name({"", "t"}) == "public.t");
    CHECK(emit::postgres::qualified_name({"Billing", "group"}) == "\"Billing\".\"group\"");
    CHECK(emit::postgres::dotted_name("C") == "\"C\"");
    CHECK(emit::postgres::dotted_name("public.gin_trgm_ops") == "public.gin_trgm_ops");
    CHECK(std::is_sorted(emit::postgres::keywords.begin(), emit::postgres::keywords.end()));
    CHECK(emit::postgres::is_keyword("SELECT"));
    CHECK_FALSE(emit::postgres::is_keyword("name"));
}

TEST_CASE("emit::postgres zero values and USING casts") {
    using emit::postgres::needs_using;
    using emit::postgres::using_cast;
    using emit::postgres::zero_value;
    CHECK(zero_value("integer") == "0");
    CHECK(zero_value("numeric(10,2)") == "0");
    CHECK(zero_value("character varying(20)") == "''");
    CHECK(zero_value("boolean") == "false");
    CHECK(zero_value("timestamp with time zone") == "'epoch'");
    CHECK(zero_value("text[]") == "'{}'");
    CHECK(zero_value("jsonb") == "'{}'");
    CHECK_FALSE(zero_value("mood").has_value());

    CHECK_FALSE(needs_using("integer", "bigint"));
    CHECK_FALSE(needs_using("bigint", "integer"));
    CHECK_FALSE(needs_using("character varying(10)", "character varying(20)"));
    CHECK_FALSE(needs_using("character varying(10)", "text"));
    CHECK_FALSE(needs_using("integer", "text"));
    CHECK_FALSE(needs_using("mood", "text"));
    CHECK_FALSE(needs_using("numeric(10,2)", "numeric(12,2)"));
    CHECK_FALSE(needs_using("timestamp without time zone", "timestamp with time zone"));
    CHECK(needs_using("text", "integer"));
    CHECK(needs_using("text", "mood"));
    CHECK(needs_using("integer", "boolean"));
    CHECK(needs_using("text", "text[]"));
    CHECK(needs_using("mood__autogen_old", "mood"));
    CHECK(using_cast("c", "text", "integer") == "c::integer");
    CHECK(using_cast("c", "text", "mood") == "c::text::mood");
    CHECK(using_cast("c", "mood__autogen_old[]", "mood[]") == "c::text[]::mood[]");
}

TEST_CASE("emit::postgres create table with every column and table constraint") {
    auto t = table("orders", {col("id", "bigint", false), col("user_id", "bigint", false), col("status", "order_status", false),
                              col("code", "text"), col("total", "numeric(10,2)"), col("doubled", "numeric"),
                              col("created", "timestamp with time zone", false), col("order", "integer"), col("seq", "integer")});
    t.columns[0].identity = core::Identity{true, 100, 10, std::nullopt, std::nullopt, std::nullopt, false};
    t.columns[2].default_value = "'new'::order_status";
    t.columns[3].collation = "C";
    t.columns[4].default_value = "-1";
    t.columns[5].generated = core::Generated{"total * 2", true};
    t.columns[6].default_value = "now() + '1 day'::interval";
    t.columns[7].comment = "it's the order";
    t.columns[8].autoincrement = true;
    t.primary_key = core::PrimaryKey{"orders_pkey", {"id"}};
    t.unique.push_back(unique("orders_code_key", {"code"}));
    t.unique.back().nulls_not_distinct = true;
    t.checks.push_back(check("orders_total_check", "total > 0"));
    t.checks.push_back(check("orders_code_check", "code <> ''"));
    t.checks.back().valid = false;
    core::ForeignKey fk;
    fk.name = "orders_user_id_fkey";
    fk.columns = {"user_id"};
    fk.references = {"", "users", {"id"}};
    fk.on_delete = "cascade";
    fk.match = "full";
    fk.deferrable = true;
    fk.initially_deferred = true;
    t.foreign_keys.push_back(fk);
    t.exclusion.push_back(core::ExclusionConstraint{"orders_excl", "EXCLUDE USING gist (code WITH =)", std::nullopt});
    t.indexes.push_back(index_on("orders_created_idx", {"created"}));
    t.comment = "customer orders";
    t.options.postgresql.unlogged = true;
    CHECK(joined(diff::CreateTable{t.qualified(), t}) ==
          "CREATE UNLOGGED TABLE public.orders (\n"
          "    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10) NOT NULL,\n"
          "    user_id bigint NOT NULL,\n"
          "    status order_status DEFAULT 'new'::order_status NOT NULL,\n"
          "    code text COLLATE \"C\",\n"
          "    total numeric(10,2) DEFAULT -1,\n"
          "    doubled numeric GENERATED ALWAYS AS (total * 2) STORED,\n"
          "    created timestamp with time zone DEFAULT (now() + '1 day'::interval) NOT NULL,\n"
          "    \"order\" integer,\n"
          "    seq serial,\n"
          "    CONSTRAINT orders_pkey PRIMARY KEY (id),\n"
          "    CONSTRAINT orders_code_key UNIQUE NULLS NOT DISTINCT (code),\n"
          "    CONSTRAINT orders_total_check CHECK (total > 0),\n"
          "    CONSTRAINT orders_excl EXCLUDE USING gist (code WITH =),\n"
          "    CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) MATCH FULL ON DELETE CASCADE "
          "DEFERRABLE INITIALLY DEFERRED\n"
          ");\n"
          "ALTER TABLE public.orders ADD CONSTRAINT orders_code_check CHECK (code <> '') NOT VALID;\n"
          "CREATE INDEX orders_created_idx ON public.orders (created);\n"
          "COMMENT ON TABLE public.orders IS 'customer orders';\n"
          "COMMENT ON COLUMN public.orders.\"order\" IS 'it''s the order';\n");
}

TEST_CASE("emit::postgres partitioned table, schemas and drops") {
    auto t = table("events", {col("at", "date", false)});
    t.schema = "audit";
    t.partition_by = "RANGE (at)";
    CHECK(joined(diff::CreateTable{t.qualified(), t}) ==
          "CREATE SCHEMA IF NOT EXISTS audit;\nCREATE TABLE audit.events (\n    at date NOT NULL\n) PARTITION BY RANGE (at);\n");
    CHECK(joined(diff::DropTable{t.qualified(), t}) == "DROP TABLE audit.events;\n");
    auto renamed = t;
    renamed.name = "Events";
    CHECK(joined(diff::RenameTable{t.qualified(), t, renamed}) == "ALTER TABLE audit.events RENAME TO \"Events\";\n");
}

TEST_CASE("emit::postgres indexes with every key modifier") {
    core::Index index;
    index.name = "ix_users_lower_email";
    index.unique = true;
    core::IndexKey lower;
    lower.expression = "lower((email)::text)";
    lower.opclass = "text_pattern_ops";
    core::IndexKey id;
    id.column = "id";
    id.order = "desc";
    id.nulls = "last";
    core::IndexKey name;
    name.column = "name";
    name.collation = "C";
    name.nulls = "first";
    index.keys = {lower, id, name};
    index.include = {"email"};
    index.where = "(name IS NOT NULL)";
    index.nulls_not_distinct = true;
    index.comment = "fast lookup";
    CHECK(joined(diff::CreateIndex{users_name, index}) ==
          "CREATE UNIQUE INDEX ix_users_lower_email ON public.users ((lower((email)::text)) text_pattern_ops, id DESC NULLS "
          "LAST, name COLLATE \"C\" NULLS FIRST) INCLUDE (email) NULLS NOT DISTINCT WHERE (name IS NOT NULL);\n"
          "COMMENT ON INDEX public.ix_users_lower_email IS 'fast lookup';\n");
    auto gin = index_on("users_name_trgm", {"name"});
    gin.method = "GIN";
    gin.keys[0].opclass = "public.gin_trgm_ops";
    CHECK(joined(diff::CreateIndex{users_name, gin}) ==
          "CREATE INDEX users_name_trgm ON public.users USING gin (name public.gin_trgm_ops);\n");
    CHECK(joined(diff::DropIndex{users_name, gin}) == "DROP INDEX public.users_name_trgm;\n");
    auto renamed = gin;
    renamed.name = "users_name_gin";
    CHECK(joined(diff::RenameIndex{users_name, gin, renamed}) == "ALTER INDEX public.users_name_trgm RENAME TO users_name_gin;\n");
}

TEST_CASE("emit::postgres columns: add, drop, rename, and a NOT NULL column filled with a zero") {
    CHECK(joined(diff::AddColumn{users_name, col("age", "integer")}) == "ALTER TABLE public.users ADD COLUMN age integer;\n");
    auto verified = col("verified", "boolean", false);
    verified.comment = "set by the mailer";
    CHECK(joined(diff::AddColumn{users_name, verified}) ==
          "ALTER TABLE public.users ADD COLUMN verified boolean NOT NULL DEFAULT false;\n"
          "ALTER TABLE public.users ALTER COLUMN verified DROP DEFAULT;\n"
          "COMMENT ON COLUMN public.users.verified IS 'set by the mailer';\n");
    CHECK(joined(diff::AddColumn{users_name, col("mood", "mood", false)}) == "ALTER TABLE public.users ADD COLUMN mood mood NOT NULL;\n");
    // DEFAULT NULL is written as CREATE TABLE writes it (PostgreSQL keeps `NULL::character varying`, soak seed 3676);
    // a NOT NULL column with it is still filled with the type's zero.
    auto nick = col("nick", "character varying(40)");
    nick.default_value = "NULL";
    CHECK(joined(diff::AddColumn{users_name, nick}) ==
          "ALTER TABLE public.users ADD COLUMN nick character varying(40) DEFAULT NULL;\n");
    nick.nullable = false;
    CHECK(joined(diff::AddColumn{users_name, nick}) ==
          "ALTER TABLE public.users ADD COLUMN nick character varying(40) NOT NULL DEFAULT '';\n"
          "ALTER TABLE public.users ALTER COLUMN nick SET DEFAULT NULL;\n");
    CHECK(joined(diff::DropColumn{users_name, col("age", "integer")}) == "ALTER TABLE public.users DROP COLUMN age;\n");
    CHECK(joined(diff::RenameColumn{users_name, col("nick", "text"), col("nickname", "text")}) ==
          "ALTER TABLE public.users RENAME COLUMN nick TO nickname;\n");
}

TEST_CASE("emit::postgres alter column: type with USING, default around it, nullability, comment") {
    auto from = col("status", "text", true);
    from.default_value = "'new'::text";
    auto to = col("status", "order_status", false);
    to.default_value = "'new'::order_status";
    to.comment = "where the order stands";
    CHECK(joined(diff::AlterColumn{users_name, from, to,
                                   diff::change_type | diff::change_default | diff::change_nullable | diff::change_comment}) ==
          "ALTER TABLE public.users ALTER COLUMN status DROP DEFAULT;\n"
          "ALTER TABLE public.users ALTER COLUMN status TYPE order_status USING status::text::order_status;\n"
          "ALTER TABLE public.users ALTER COLUMN status SET DEFAULT 'new'::order_status;\n"
          "ALTER TABLE public.users ALTER COLUMN status SET NOT NULL;\n"
          "COMMENT ON COLUMN public.users.status IS 'where the order stands';\n");
    // Widening needs no USING; a collation change is a TYPE with COLLATE.
    auto narrow = col("name", "character varying(20)");
    auto wide = col("name", "character varying(200)");
    wide.collation = "C";
    CHECK(joined(diff::AlterColumn{users_name, narrow, wide, diff::change_type | diff::change_collation}) ==
          "ALTER TABLE public.users ALTER COLUMN name TYPE character varying(200) COLLATE \"C\";\n");
    auto defaulted = col("name", "text");
    defaulted.default_value = "'x'";
    CHECK(joined(diff::AlterColumn{users_name, col("name", "text"), defaulted, diff::change_default}) ==
          "ALTER TABLE public.users ALTER COLUMN name SET DEFAULT 'x';\n");
    CHECK(joined(diff::AlterColumn{users_name, defaulted, col("name", "text"), diff::change_default | diff::change_nullable}) ==
          "ALTER TABLE public.users ALTER COLUMN name DROP DEFAULT;\nALTER TABLE public.users ALTER COLUMN name DROP NOT NULL;\n");
}

TEST_CASE("emit::postgres alter column: identity added moves the sequence past the rows; serial replaced") {
    auto plain = col("id", "bigint", false);
    auto identity = plain;
    identity.identity = core::Identity{};
    CHECK(joined(diff::AlterColumn{users_name, plain, identity, diff::change_identity}) ==
          "ALTER TABLE public.users ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;\n"
          "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence('public.users', 'id'), greatest(coalesce(max(id) + 1, 1), 1), "
          "false) FROM public.users;\n");
    // A nullable column becoming an identity is NOT NULL first: PostgreSQL refuses the identity otherwise.
    auto nullable = col("id", "bigint");
    CHECK(statements(diff::AlterColumn{users_name, nullable, identity, diff::change_identity | diff::change_nullable})
              .front() == "ALTER TABLE public.users ALTER COLUMN id SET NOT NULL;");
    CHECK(joined(diff::AlterColumn{users_name, identity, nullable, diff::change_identity | diff::change_nullable}) ==
          "ALTER TABLE public.users ALTER COLUMN id DROP IDENTITY;\nALTER TABLE public.users ALTER COLUMN id DROP NOT NULL;\n");
    auto serial = plain;
    serial.autoincrement = true;
    auto always = plain;
    always.identity = core::Identity{true, 1000, std::nullopt, std::nullopt, std::nullopt, std::nullopt, false};
    const auto lines = statements(diff::AlterColumn{users_name, serial, always, diff::change_identity | diff::change_autoincrement});
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].find("DROP SEQUENCE") != std::string::npos);
    CHECK(lines[0].find("pg_get_serial_sequence('public.users', 'id')") != std::string::npos);
    CHECK(lines[1] == "ALTER TABLE public.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (START WITH 1000);");
    CHECK(lines[2].find("greatest(coalesce(max(id) + 1, 1000), 1000)") != std::string::npos);
    // An autoincrement is created as a serial, the form introspection reads back.
    CHECK(joined(diff::AlterColumn{users_name, plain, serial, diff::change_autoincrement}) ==
          "CREATE SEQUENCE public.users_id_seq AS bigint OWNED BY public.users.id;\n"
          "ALTER TABLE public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);\n"
          "SELECT pg_catalog.setval('public.users_id_seq', coalesce(max(id), 0) + 1, false) FROM public.users;\n");
    CHECK(joined(diff::AlterColumn{users_name, always, serial, diff::change_identity | diff::change_autoincrement}).rfind(
              "ALTER TABLE public.users ALTER COLUMN id DROP IDENTITY;\nCREATE SEQUENCE public.users_id_seq", 0) == 0);
    CHECK(joined(diff::AddColumn{users_name, serial}) == "ALTER TABLE public.users ADD COLUMN id bigserial NOT NULL;\n");
    CHECK(joined(diff::AlterColumn{users_name, identity, plain, diff::change_identity}) ==
          "ALTER TABLE public.users ALTER COLUMN id DROP IDENTITY;\n");
    CHECK(joined(diff::AlterColumn{users_name, identity, always, diff::change_identity}) ==
          "ALTER TABLE public.users ALTER COLUMN id SET GENERATED ALWAYS SET INCREMENT BY 1 SET NO MINVALUE SET NO MAXVALUE "
          "SET START WITH 1000 SET CACHE 1 SET NO CYCLE;\n");
}

TEST_CASE("emit::postgres alter column: generated expression changes are a drop and an add") {
    auto from = col("total2", "numeric");
    from.generated = core::Generated{"(total * (2)::numeric)", true};
    auto to = from;
    to.generated->expression = "total * 3";
    CHECK(joined(diff::AlterColumn{users_name, from, to, diff::change_generated}) ==
          "ALTER TABLE public.users DROP COLUMN total2;\n"
          "ALTER TABLE public.users ADD COLUMN total2 numeric GENERATED ALWAYS AS (total * 3) STORED;\n");
    CHECK(joined(diff::AlterColumn{users_name, from, col("total2", "numeric"), diff::change_generated}) ==
          "ALTER TABLE public.users ALTER COLUMN total2 DROP EXPRESSION;\n");
}

TEST_CASE("emit::postgres constraints by name") {
    core::ForeignKey fk;
    fk.name = "orders_user_fk";
    fk.columns = {"user_id"};
    fk.references = {"billing", "users", {"id"}};
    fk.on_update = "set null";
    fk.valid = false;
    CHECK(joined(diff::AddForeignKey{users_name, fk}) ==
          "ALTER TABLE public.users ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES billing.users (id) ON UPDATE "
          "SET NULL NOT VALID;\n");
    CHECK(joined(diff::DropForeignKey{users_name, fk}) == "ALTER TABLE public.users DROP CONSTRAINT orders_user_fk;\n");
    auto renamed = fk;
    renamed.name = "orders_user_id_fkey";
    CHECK(joined(diff::RenameForeignKey{users_name, fk, renamed}) ==
          "ALTER TABLE public.users RENAME CONSTRAINT orders_user_fk TO orders_user_id_fkey;\n");
    CHECK(joined(diff::AddPrimaryKey{users_name, core::PrimaryKey{"users_pkey", {"id", "tenant"}}}) ==
          "ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id, tenant);\n");
    CHECK(joined(diff::DropPrimaryKey{users_name, core::PrimaryKey{"users_pkey", {"id"}}}) ==
          "ALTER TABLE public.users DROP CONSTRAINT users_pkey;\n");
    auto u = unique("users_email_key", {"email"});
    u.deferrable = true;
    CHECK(joined(diff::AddUnique{users_name, u}) == "ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE (email) DEFERRABLE;\n");
    CHECK(joined(diff::AddCheck{users_name, check("users_age_check", "age >= 0")}) ==
          "ALTER TABLE public.users ADD CONSTRAINT users_age_check CHECK (age >= 0);\n");
    CHECK(joined(diff::AddExclusion{users_name, core::ExclusionConstraint{"no_overlap", "EXCLUDE USING gist (during WITH &&)", {}}}) ==
          "ALTER TABLE public.users ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);\n");
    CHECK_THROWS_AS(statements(diff::AddCheck{users_name, check(std::nullopt, "x > 0")}), Error);
}

TEST_CASE("emit::postgres enums: values added in place, before or after a neighbour") {
    core::Enum from{"", "mood", {"sad", "happy"}, std::nullopt};
    core::Enum to{"", "mood", {"angry", "sad", "ok", "happy", "elated"}, std::nullopt};
    CHECK(joined(diff::CreateEnum{{"", "mood"}, from}) == "CREATE TYPE public.mood AS ENUM ('sad', 'happy');\n");
    CHECK(joined(diff::AlterEnum{{"", "mood"}, from, to, diff::change_values}) ==
          "ALTER TYPE public.mood ADD VALUE 'angry' BEFORE 'sad';\n"
          "ALTER TYPE public.mood ADD VALUE 'ok' BEFORE 'happy';\n"
          "ALTER TYPE public.mood ADD VALUE 'elated' AFTER 'happy';\n");
    CHECK_THROWS_AS(statements(diff::AlterEnum{{"", "mood"}, to, from, diff::change_values}), Error);
    auto renamed = from;
    renamed.name = "feeling";
    CHECK(joined(diff::RenameEnum{{"", "mood"}, from, renamed}) == "ALTER TYPE public.mood RENAME TO feeling;\n");
    CHECK(joined(diff::DropEnum{{"", "mood"}, from}) == "DROP TYPE public.mood;\n");
}

TEST_CASE("emit::postgres sequences, extensions, domains, comments, views, routines and triggers") {
    core::Sequence seq;
    seq.name = "order_no";
    seq.start = 1000;
    seq.cycle = true;
    seq.owned_by = "orders.no";
    CHECK(joined(diff::CreateSequence{{"", "order_no"}, seq}) ==
          "CREATE SEQUENCE public.order_no START WITH 1000 CYCLE;\nALTER SEQUENCE public.order_no OWNED BY public.orders.no;\n");
    auto changed = seq;
    changed.increment = 5;
    changed.owned_by.reset();
    CHECK(joined(diff::AlterSequence{{"", "order_no"}, seq, changed, diff::change_options}) ==
          "ALTER SEQUENCE public.order_no AS bigint INCREMENT BY 5 NO MINVALUE NO MAXVALUE START WITH 1000 CACHE 1 CYCLE OWNED BY NONE;\n");
    CHECK(joined(diff::DropSequence{{"", "order_no"}, seq}) == "DROP SEQUENCE public.order_no;\n");

    CHECK(joined(diff::CreateExtension{{"", "uuid-ossp"}, core::Extension{"", "uuid-ossp", "1.1"}}) ==
          "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public VERSION '1.1';\n");
    CHECK(joined(diff::DropExtension{{"", "pg_trgm"}, core::Extension{"", "pg_trgm", std::nullopt}}) == "DROP EXTENSION pg_trgm;\n");

    core::Domain year;
    year.name = "year";
    year.type = "integer";
    year.checks.push_back(check("year_check", "VALUE >= 1901"));
    CHECK(joined(diff::CreateDomain{{"", "year"}, year}) ==
          "CREATE DOMAIN public.year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901);\n");

    core::Table commented = users();
    commented.comment = "people";
    CHECK(joined(diff::AlterTable{users_name, users(), commented, diff::change_comment}) ==
          "COMMENT ON TABLE public.users IS 'people';\n");
    core::Table unlogged = users();
    unlogged.options.postgresql.unlogged = true;
    CHECK(joined(diff::AlterTable{users_name, users(), unlogged, diff::change_options}) == "ALTER TABLE public.users SET UNLOGGED;\n");

    core::View view;
    view.name = "active_users";
    view.definition = " SELECT users.id\n   FROM users;";
    CHECK(joined(diff::CreateView{{"", "active_users"}, view}) == "CREATE VIEW public.active_users AS\n SELECT users.id\n   FROM users;\n");
    CHECK(joined(diff::AlterView{{"", "active_users"}, view, view, diff::change_definition}) ==
          "CREATE OR REPLACE VIEW public.active_users AS\n SELECT users.id\n   FROM users;\n");

    core::Routine routine;
    routine.name = "touch";
    routine.signature = "()";
    routine.definition = "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$";
    CHECK(joined(diff::AlterRoutine{{"", "touch"}, routine, routine, diff::change_definition}) ==
          "CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n");
    CHECK(joined(diff::DropRoutine{{"", "touch"}, routine}) == "DROP FUNCTION public.touch();\n");
    core::Trigger trigger{"", "users", "users_touch", "CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()", std::nullopt};
    CHECK(joined(diff::DropTrigger{{"", "users"}, trigger}) == "DROP TRIGGER users_touch ON public.users;\n");
}

TEST_CASE("emit::postgres render_all: one block, and each ADD VALUE committed in a block of its own") {
    core::Enum from{"", "mood", {"sad"}, std::nullopt};
    core::Enum to{"", "mood", {"sad", "happy"}, std::nullopt};
    std::vector<diff::Step> steps{step(diff::AlterEnum{{"", "mood"}, from, to, diff::change_values}),
                                  step(diff::AddColumn{users_name, col("mood", "mood")}),
                                  step(diff::CreateIndex{users_name, index_on("users_mood_idx", {"mood"})})};
    const auto script = PostgresRenderer{}.render_all(steps);
    REQUIRE(script.blocks.size() == 2);
    CHECK(script.blocks[0].steps.size() == 1);
    CHECK(script.blocks[1].steps.size() == 2);
    CHECK(script.text() ==
          "BEGIN;\n-- 1/3 alter enum mood (values)\nALTER TYPE public.mood ADD VALUE 'happy' AFTER 'sad';\nCOMMIT;\n"
          "BEGIN;\n-- 2/3 add column users.mood\nALTER TABLE public.users ADD COLUMN mood mood;\n"
          "-- 3/3 create index users_mood_idx on users\nCREATE INDEX users_mood_idx ON public.users (mood);\nCOMMIT;\n");
    const auto plain = PostgresRenderer{}.render_all({step(diff::DropColumn{users_name, col("x", "text")})});
    CHECK(plain.blocks.size() == 1);
    CHECK(PostgresRenderer{}.render_all({}).blocks.empty());
}

TEST_CASE("emit::postgres plans: an enum that loses a value is recreated and its columns converted") {
    core::Schema current;
    current.dialect = core::Dialect::postgresql;
    current.enums = std::vector<core::Enum>{{"", "mood", {"sad", "ok", "happy"}, std::nullopt}};
    auto t = table("people", {col("id", "integer", false), col("feeling", "mood"), col("past", "mood[]")});
    t.columns[1].default_value = "'ok'::mood";
    t.checks.push_back(check("people_feeling_check", "feeling <> 'sad'::mood"));
    current.tables = std::vector<core::Table>{t};
    core::Schema target = current;
    (*target.enums)[0].values = {"happy", "ok"};
    const auto plan = diff::make_plan(current, target, diff::capabilities_for(core::Dialect::postgresql));
    const std::string sql = PostgresRenderer{}.render_all(plan.upgrade).text();
    const auto at = [&](const std::string& text) {
        const auto position = sql.find(text);
        CHECK_MESSAGE(position != std::string::npos, text << " missing in\n" << sql);
        return position;
    };
    const auto drop_check = at("ALTER TABLE public.people DROP CONSTRAINT people_feeling_check;");
    const auto rename = at("ALTER TYPE public.mood RENAME TO mood__autogen_old;");
    const auto create = at("CREATE TYPE public.mood AS ENUM ('happy', 'ok');");
    const auto drop_default = at("ALTER TABLE public.people ALTER COLUMN feeling DROP DEFAULT;");
    const auto convert = at("ALTER TABLE public.people ALTER COLUMN feeling TYPE mood USING feeling::text::mood;");
    const auto set_default = at("ALTER TABLE public.people ALTER COLUMN feeling SET DEFAULT 'ok'::mood;");
    const auto convert_array = at("ALTER TABLE public.people ALTER COLUMN past TYPE mood[] USING past::text[]::mood[];");
    const auto add_check = at("ALTER TABLE public.people ADD CONSTRAINT people_feeling_check CHECK (feeling <> 'sad'::mood);");
    const auto drop_old = at("DROP TYPE public.mood__autogen_old;");
    CHECK(drop_check < convert);
    CHECK(rename < create);
    CHECK(create < convert);
    CHECK(drop_default < convert);
    CHECK(convert < set_default);
    CHECK(convert < add_check);
    CHECK(convert < drop_old);
    CHECK(convert_array < drop_old);
    // The downgrade recreates it the other way round.
    const std::string down = PostgresRenderer{}.render_all(plan.downgrade).text();
    CHECK(down.find("CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');") != std::string::npos);
}

TEST_CASE("emit::postgres plans: a primary key that foreign keys reference is dropped and recreated with them") {
    core::Schema current;
    current.dialect = core::Dialect::postgresql;
    auto parent = table("parent", {col("id", "integer", false), col("code", "integer", false)});
    parent.primary_key = core::PrimaryKey{"parent_pkey", {"id"}};
    auto child = table("child", {col("parent_id", "integer")});
    core::ForeignKey fk;
    fk.name = "child_parent_id_fkey";
    fk.columns = {"parent_id"};
    fk.references = {"", "parent", {"id"}};
    child.foreign_keys.push_back(fk);
    current.tables = std::vector<core::Table>{parent, child};
    core::Schema target = current;
    (*target.tables)[0].primary_key = core::PrimaryKey{"parent_pkey_new", {"id"}};
    const auto plan = diff::make_plan(current, target, diff::capabilities_for(core::Dialect::postgresql));
    const std::string sql = PostgresRenderer{}.render_all(plan.upgrade).text();
    const auto drop_fk = sql.find("ALTER TABLE public.child DROP CONSTRAINT child_parent_id_fkey;");
    const auto drop_pk = sql.find("ALTER TABLE public.parent DROP CONSTRAINT parent_pkey;");
    const auto add_pk = sql.find("ALTER TABLE public.parent ADD CONSTRAINT parent_pkey_new PRIMARY KEY (id);");
    const auto add_fk = sql.find("ALTER TABLE public.child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.parent (id);");
    REQUIRE_MESSAGE(drop_fk != std::string::npos, sql);
    REQUIRE(drop_pk != std::string::npos);
    REQUIRE(add_pk != std::string::npos);
    REQUIRE(add_fk != std::string::npos);
    CHECK(drop_fk < drop_pk);
    CHECK(add_pk < add_fk);
}

TEST_CASE("emit::postgres partitions are created from their parent with only what is their own") {
    core::Table partition;
    partition.schema = "archive";
    partition.name = "events_2024";
    partition.partition_of = "public.events";
    partition.bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
    partition.checks.push_back(check("events_2024_what_check", "what <> ''"));
    partition.indexes.push_back(index_on("events_2024_at", {"at"}));
    CHECK(joined(diff::CreateTable{partition.qualified(), partition}) ==
          "CREATE SCHEMA IF NOT EXISTS archive;\n"
          "CREATE TABLE archive.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
          "ALTER TABLE archive.events_2024 ADD CONSTRAINT events_2024_what_check CHECK (what <> '');\n"
          "CREATE INDEX events_2024_at ON archive.events_2024 (at);\n");
    partition.schema = "";
    partition.partition_of = "events";
    partition.bound = "DEFAULT";
    partition.checks.clear();
    partition.indexes.clear();
    partition.partition_by = "LIST (kind)";
    CHECK(joined(diff::CreateTable{partition.qualified(), partition}) ==
          "CREATE TABLE public.events_2024 PARTITION OF public.events DEFAULT PARTITION BY LIST (kind);\n");
    // A new bound is a detach and an attach: the partition keeps its rows, ATTACH checks them.
    auto changed = partition;
    changed.bound = "FOR VALUES IN ('a')";
    CHECK(joined(diff::AlterTable{partition.qualified(), partition, changed, diff::change_partition}) ==
          "ALTER TABLE public.events DETACH PARTITION public.events_2024;\n"
          "ALTER TABLE public.events ATTACH PARTITION public.events_2024 FOR VALUES IN ('a');\n");
    // A new partition key, or a table becoming or ceasing to be a partition, would need its rows moved.
    auto rekeyed = changed;
    rekeyed.partition_by = "RANGE (at)";
    CHECK_THROWS_AS(statements(diff::AlterTable{partition.qualified(), changed, rekeyed, diff::change_partition}), Error);
    auto detached = partition;
    detached.partition_of.reset();
    detached.bound.reset();
    CHECK_THROWS_AS(statements(diff::AlterTable{partition.qualified(), partition, detached, diff::change_partition}), Error);
}

TEST_CASE("emit::postgres materialized views carry their indexes; aggregates are dropped and created") {
    core::View totals;
    totals.name = "totals";
    totals.materialized = true;
    totals.definition = " SELECT 1 AS one";
    totals.indexes.push_back(index_on("totals_one", {"one"}, true));
    CHECK(joined(diff::CreateView{{"", "totals"}, totals}) ==
          "CREATE MATERIALIZED VIEW public.totals AS\n SELECT 1 AS one;\nCREATE UNIQUE INDEX totals_one ON public.totals (one);\n");
    CHECK(joined(diff::DropView{{"", "totals"}, totals}) == "DROP MATERIALIZED VIEW public.totals;\n");

    core::Routine aggregate;
    aggregate.name = "group_concat";
    aggregate.kind = "aggregate";
    aggregate.signature = "(text)";
    aggregate.definition = "CREATE AGGREGATE public.group_concat(text) (SFUNC = _group_concat, STYPE = text)";
    auto changed = aggregate;
    changed.definition = "CREATE AGGREGATE public.group_concat(text) (SFUNC = _group_concat, STYPE = text, INITCOND = '')";
    CHECK(joined(diff::AlterRoutine{{"", "group_concat"}, aggregate, changed, diff::change_definition}) ==
          "DROP AGGREGATE public.group_concat(text);\n"
          "CREATE AGGREGATE public.group_concat(text) (SFUNC = _group_concat, STYPE = text, INITCOND = '');\n");
    // A block that creates routines does not check SQL bodies, which may read tables created later.
    const auto script = PostgresRenderer{}.render_all({step(diff::CreateRoutine{{"", "group_concat"}, aggregate})});
    REQUIRE(script.blocks.size() == 1);
    CHECK(script.blocks[0].opening == std::vector<std::string>{"SET LOCAL check_function_bodies = false;"});
}

TEST_CASE("emit::postgres a domain changes in place: default, NOT NULL, and only the checks that differ") {
    core::Domain from;
    from.name = "qty";
    from.type = "integer";
    from.default_value = "0";
    from.nullable = false;
    from.checks = {check("qty_positive", "VALUE >= 0"), check("qty_even", "VALUE % 2 = 0")};
    core::Domain to = from;
    to.default_value.reset();
    to.nullable = true;
    core::CheckConstraint unnamed;
    unnamed.expression = "VALUE < 1000";
    to.checks = {check("qty_positive", "(VALUE >= 0)"), unnamed};
    const auto changed = diff::change_default | diff::change_nullable | diff::change_checks;
    CHECK(joined(diff::AlterDomain{{"", "qty"}, from, to, changed}) ==
          "ALTER DOMAIN public.qty DROP DEFAULT;\n"
          "ALTER DOMAIN public.qty DROP NOT NULL;\n"
          "ALTER DOMAIN public.qty DROP CONSTRAINT qty_even;\n"
          "ALTER DOMAIN public.qty ADD CONSTRAINT qty_check CHECK (VALUE < 1000);\n");
    // Reversed, the unnamed check is dropped by the name the upgrade gave it.
    CHECK(joined(diff::AlterDomain{{"", "qty"}, to, from, changed}) ==
          "ALTER DOMAIN public.qty SET DEFAULT 0;\n"
          "ALTER DOMAIN public.qty SET NOT NULL;\n"
          "ALTER DOMAIN public.qty DROP CONSTRAINT qty_check;\n"
          "ALTER DOMAIN public.qty ADD CONSTRAINT qty_even CHECK (VALUE % 2 = 0);\n");
    auto retyped = from;
    retyped.type = "bigint";
    CHECK_THROWS_AS(statements(diff::AlterDomain{{"", "qty"}, from, retyped, diff::change_type}), Error);
}

TEST_CASE("emit::postgres alter column: a serial column's new integer type reaches its owned sequence") {
    auto narrow = col("id", "integer", false);
    narrow.autoincrement = true;
    auto wide = narrow;
    wide.type = "bigint";
    const auto up = statements(diff::AlterColumn{users_name, narrow, wide, diff::change_type});
    REQUIRE(up.size() == 2);
    CHECK(up[0] == "ALTER TABLE public.users ALTER COLUMN id TYPE bigint;");
    CHECK(up[1].find("pg_get_serial_sequence('public.users', 'id')") != std::string::npos);
    CHECK(up[1].find("'ALTER SEQUENCE ' || seq || ' AS bigint'") != std::string::npos);
    // The downgrade narrows the rows first, then the sequence; the op says it may fail.
    const auto down = statements(diff::AlterColumn{users_name, wide, narrow, diff::change_type});
    REQUIRE(down.size() == 2);
    CHECK(down[0].rfind("ALTER TABLE public.users ALTER COLUMN id TYPE integer", 0) == 0);
    CHECK(down[1].find("' AS integer'") != std::string::npos);
    // A column that is not serial on either side has no sequence to retype.
    auto plain_wide = col("id", "bigint", false);
    CHECK(statements(diff::AlterColumn{users_name, col("id", "integer", false), plain_wide, diff::change_type}).size() == 1);
}
