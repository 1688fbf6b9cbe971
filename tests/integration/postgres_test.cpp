// End-to-end tests on a real PostgreSQL 15 server: the autogen binary and psql, as a user runs them.
// The server is the one AUTOGEN_TEST_POSTGRES_URL names (scripts/pg-server.sh start prints it); without it,
// or when it does not answer, every test here fails.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "core/url.hpp"
#include "harness.hpp"
#include "introspect/inspector.hpp"

using namespace autogen::testing;
namespace fs = std::filesystem;

namespace {

// The server's URL, checked once to answer; a missing or silent server fails the test that needs it.
std::string server_url() {
    const char* env = std::getenv("AUTOGEN_TEST_POSTGRES_URL");
    REQUIRE_MESSAGE((env != nullptr && *env != '\0'),
                    "AUTOGEN_TEST_POSTGRES_URL is not set: run scripts/pg-server.sh start and export "
                    "AUTOGEN_TEST_POSTGRES_URL=$(scripts/pg-server.sh url)");
    static std::map<std::string, bool> checked;
    if (!checked[env]) {
        const auto r = sh("psql -X -q -At -d " + quote(env) + " -c 'SELECT 1'");
        REQUIRE_MESSAGE(r.exit_code == 0, "the PostgreSQL server at AUTOGEN_TEST_POSTGRES_URL does not answer: " << r.err);
        checked[env] = true;
    }
    return env;
}

// The URL with another database name (the path of postgresql://user@host:port/db?query).
std::string with_database(const std::string& url, const std::string& database) {
    const auto scheme_end = url.find("://");
    const auto query = url.find('?', scheme_end);
    const auto path = url.find('/', scheme_end + 3);
    const std::string base = url.substr(0, path == std::string::npos || path > query ? query : path);
    return base + "/" + database + (query == std::string::npos ? "" : url.substr(query));
}

std::string random_suffix() {
    static std::mt19937_64 rng(std::random_device{}());
    const char* digits = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 10; ++i) out += digits[rng() % 16];
    return out;
}

Result psql(const std::string& url, const std::string& args) {
    return sh("psql -X -q -v ON_ERROR_STOP=1 -d " + quote(url) + " " + args);
}

// A fresh database created from template0 for one test, dropped when the test ends.
class Database {
public:
    explicit Database(const std::string& label) : name_("autogen_" + label + "_" + random_suffix()) {
        const auto r = psql(server_url(), "-c " + quote("CREATE DATABASE " + name_ + " TEMPLATE template0"));
        REQUIRE_MESSAGE(r.exit_code == 0, "cannot create database " << name_ << ": " << r.err);
        url_ = with_database(server_url(), name_);
    }
    ~Database() { psql(server_url(), "-c " + quote("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)")); }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::string& url() const { return url_; }
    const std::string& name() const { return name_; }
    std::string quoted() const { return quote(url_); }

    void load(const fs::path& sql) const {
        const auto r = psql(url_, "-f " + quote(sql.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, "loading " << sql << ": " << r.err);
    }
    void run(const std::string& sql) const {
        const auto r = psql(url_, "-c " + quote(sql));
        REQUIRE_MESSAGE(r.exit_code == 0, sql << ": " << r.err);
    }
    std::string query_file(const fs::path& sql_file) const {
        const auto r = psql(url_, "-At -f " + quote(sql_file.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        return r.out;
    }
    std::string query(const std::string& sql) const {
        const auto r = psql(url_, "-At -c " + quote(sql));
        REQUIRE_MESSAGE(r.exit_code == 0, sql << ": " << r.err);
        return r.out;
    }

private:
    std::string name_;
    std::string url_;
};

// Applies one section of a revision file the way CLI.md says: autogen show, piped into psql.
Result apply_section(const Database& db, const fs::path& revision, const std::string& which) {
    return sh(quote(autogen_binary()) + " show " + quote(revision.string()) + " --" + which + " | psql -X -q -v ON_ERROR_STOP=1 -d " +
              db.quoted());
}

std::vector<fs::path> sorted_entries(const fs::path& dir, const std::string& extension = "") {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (extension.empty() || entry.path().extension() == extension) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

// Writes a revision for the database and the target and returns its path.
fs::path write_revision(const Database& db, const fs::path& target, const fs::path& versions) {
    const auto r = run_autogen("revision --db " + db.quoted() + " --target " + quote(target.string()) + " -m 'round trip' --versions " +
                               quote(versions.string()));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto files = sorted_entries(versions, ".sql");
    REQUIRE(files.size() == 1);
    return files.front();
}

// The extensions the real fixtures create, which a fresh database gets before loading them.
void prepare_for_real_fixtures(const Database& db) {
    db.run("DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'postgres') THEN CREATE ROLE postgres; END IF; END$$");
}

}  // namespace

TEST_SUITE("postgres") {

TEST_CASE("postgres round trip on every fixture pair: upgrade converges, downgrade restores, rows survive") {
    const auto pairs = source_dir() / "fixtures" / "postgres" / "pairs";
    const auto cases = sorted_entries(pairs);
    REQUIRE(cases.size() >= 12);
    for (const auto& dir : cases) {
        CAPTURE(dir);
        TempDir tmp;
        Database db("pair");
        db.load(dir / "a.sql");
        const auto a_json = tmp / "a.json";
        const auto b_json = dir / "b.json";
        auto r = run_autogen("introspect --db " + db.quoted() + " -o " + quote(a_json.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const std::string rows_before = db.query_file(dir / "check.sql");

        r = run_autogen("check --db " + db.quoted() + " --target " + quote(b_json.string()));
        CHECK_MESSAGE(r.exit_code == 1, "check before the upgrade must see drift: " << r.out << r.err);

        const auto revision = write_revision(db, b_json, tmp / "versions");
        r = apply_section(db, revision, "up");
        REQUIRE_MESSAGE(r.exit_code == 0, "upgrade failed: " << r.err << "\n" << read_file(revision));
        r = run_autogen("check --db " + db.quoted() + " --target " + quote(b_json.string()));
        CHECK_MESSAGE(r.exit_code == 0, "after upgrade: " << r.out << r.err << "\n" << read_file(revision));
        CHECK_MESSAGE(db.query_file(dir / "check.sql") == rows_before, "rows changed by the upgrade\n" << read_file(revision));

        r = apply_section(db, revision, "down");
        REQUIRE_MESSAGE(r.exit_code == 0, "downgrade failed: " << r.err << "\n" << read_file(revision));
        r = run_autogen("check --db " + db.quoted() + " --target " + quote(a_json.string()));
        CHECK_MESSAGE(r.exit_code == 0, "after downgrade: " << r.out << r.err << "\n" << read_file(revision));
        CHECK_MESSAGE(db.query_file(dir / "check.sql") == rows_before, "rows changed by the downgrade\n" << read_file(revision));
    }
}

TEST_CASE("postgres an identity added to a column with rows continues after them; enum values are committed first") {
    const auto dir = source_dir() / "fixtures" / "postgres" / "pairs";
    TempDir tmp;
    Database db("identity");
    db.load(dir / "identity" / "a.sql");
    const auto revision = write_revision(db, dir / "identity" / "b.json", tmp / "versions");
    const std::string text = read_file(revision);
    CHECK(text.find("-- Transactional: yes") != std::string::npos);
    const auto r = apply_section(db, revision, "up");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err << "\n" << text);
    // a was serial with ids 1..3, b had ids 1 and 5: the new sequences start after them.
    CHECK(db.query("INSERT INTO a (v) VALUES ('a4') RETURNING id") == "4\n");
    CHECK(db.query("INSERT INTO b (v) VALUES ('b6') RETURNING id") == "6\n");
    CHECK(db.query("INSERT INTO e (v) VALUES ('e1') RETURNING id") == "1\n");
    CHECK(db.query("SELECT count(*) FROM pg_class WHERE relname = 'a_id_seq' AND relkind = 'S'") == "1\n");

    Database moods("enum");
    moods.load(dir / "enum_add" / "a.sql");
    const auto enum_revision = write_revision(moods, dir / "enum_add" / "b.json", tmp / "enum_versions");
    const std::string enum_text = read_file(enum_revision);
    // Each ADD VALUE stands in a block of its own ahead of the block that uses the values.
    CHECK(enum_text.find("-- Transactional: 2 blocks") != std::string::npos);
    const auto added = enum_text.find("ADD VALUE 'elated'");
    const auto used = enum_text.find("ADD COLUMN usual");
    REQUIRE(added != std::string::npos);
    REQUIRE(used != std::string::npos);
    CHECK(enum_text.find("COMMIT;", added) < used);
}

TEST_CASE("postgres a target written by hand in the natural way compares equal after its DDL is applied") {
    TempDir tmp;
    Database db("canonical");
    db.run("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE SCHEMA billing;"
           "CREATE TABLE users (id serial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, name text COLLATE \"C\","
           " m mood DEFAULT 'ok', created timestamptz DEFAULT now(), price numeric(10,2) CHECK (price > 0),"
           " tags text[] DEFAULT '{}', body text);"
           "CREATE TABLE billing.invoices (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100) PRIMARY KEY,"
           " user_id int REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, total numeric,"
           " doubled numeric GENERATED ALWAYS AS (total * 2) STORED, during tsrange,"
           " EXCLUDE USING gist (during WITH &&));"
           "CREATE INDEX users_lower ON users (lower(email) text_pattern_ops, id DESC NULLS LAST) INCLUDE (name)"
           " WHERE name IS NOT NULL;"
           "CREATE INDEX users_fts ON users USING gin (to_tsvector('english', body));"
           "CREATE SEQUENCE order_no START 1000; COMMENT ON TABLE users IS 'people'");
    const auto target = tmp / "target.json";
    write_file(target, R"json({"format": "autogen-schema/1", "dialect": "postgresql", "schemas": ["billing"],
      "enums": [{"name": "mood", "values": ["sad", "ok", "happy"]}],
      "sequences": [{"name": "order_no", "start": 1000, "increment": 1, "min": 1, "type": "bigint", "cache": 1}],
      "tables": [
        {"name": "users", "comment": "people", "columns": [
           {"name": "id", "type": "serial"}, {"name": "email", "type": "varchar(255)", "nullable": false},
           {"name": "name", "type": "text", "collation": "C"}, {"name": "m", "type": "mood", "default": "'ok'"},
           {"name": "created", "type": "timestamptz", "default": "now()"}, {"name": "price", "type": "numeric(10,2)"},
           {"name": "tags", "type": "text[]", "default": "'{}'"}, {"name": "body", "type": "text"}],
         "primary_key": {"columns": ["id"]}, "unique": [{"columns": ["email"]}],
         "checks": [{"expression": "price > 0"}],
         "indexes": [
           {"name": "users_lower", "keys": [{"expression": "lower(email)", "opclass": "text_pattern_ops"},
                                            {"column": "id", "order": "desc", "nulls": "last"}],
            "where": "name is not null", "include": ["name"]},
           {"name": "users_fts", "method": "gin", "keys": [{"expression": "to_tsvector('english', body)"}]}]},
        {"schema": "billing", "name": "invoices", "columns": [
           {"name": "id", "type": "bigint", "identity": {"always": true, "start": 100, "increment": 1}},
           {"name": "user_id", "type": "int"}, {"name": "total", "type": "numeric"},
           {"name": "doubled", "type": "numeric", "generated": {"expression": "total * 2", "stored": true}},
           {"name": "during", "type": "tsrange"}],
         "primary_key": {"columns": ["id"]},
         "foreign_keys": [{"columns": ["user_id"], "references": {"table": "users", "columns": ["id"]},
                           "on_delete": "cascade", "deferrable": true, "initially_deferred": true}],
         "exclusion": [{"definition": "exclude using gist (during with &&)"}]}]})json");
    auto r = run_autogen("check --db " + db.quoted() + " --target " + quote(target.string()));
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);

    // A real difference in a text is still seen after canonicalization, and the upgrade carries the new text.
    std::string changed = read_file(target);
    changed.replace(changed.find("price > 0"), 9, "price > 1");
    const auto drifted = tmp / "drifted.json";
    write_file(drifted, changed);
    r = run_autogen("check --db " + db.quoted() + " --target " + quote(drifted.string()));
    CHECK_MESSAGE(r.exit_code == 1, r.out << r.err);
    r = run_autogen("diff --from " + db.quoted() + " --to " + quote(drifted.string()));
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.out.find("(1)::numeric") != std::string::npos, r.out);

    // Canonicalization created its objects in a session that rolled back: nothing of it is left.
    CHECK(db.query("SELECT count(*) FROM pg_class WHERE relname LIKE '\\_autogen\\_%'") == "0\n");
}

TEST_CASE("postgres --schema and --exclude-table filter on the server; a read-only role can introspect") {
    TempDir tmp;
    Database db("filter");
    db.run("CREATE SCHEMA billing; CREATE SCHEMA audit; CREATE TABLE public.users (id int PRIMARY KEY);"
           "CREATE TABLE billing.invoices (id int PRIMARY KEY); CREATE TABLE audit.log_2024 (id int);"
           "CREATE TABLE public.tmp_scratch (id int); CREATE TABLE alembic_version (v text);"
           "CREATE VIEW audit.recent AS SELECT 1 AS one; CREATE VIEW public.latest AS SELECT 1 AS one;"
           "CREATE TYPE public.pair AS (a int, b int)");
    auto r = run_autogen("introspect --db " + db.quoted() + " --schema billing");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out.find("\"invoices\"") != std::string::npos);
    CHECK(r.out.find("\"users\"") == std::string::npos);
    CHECK(r.out.find("\"log_2024\"") == std::string::npos);

    r = run_autogen("introspect --db " + db.quoted() + " --exclude-table 'tmp_*' --exclude-table 'audit.*'");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out.find("\"users\"") != std::string::npos);
    CHECK(r.out.find("\"invoices\"") != std::string::npos);
    CHECK(r.out.find("tmp_scratch") == std::string::npos);
    CHECK(r.out.find("log_2024") == std::string::npos);
    CHECK(r.out.find("alembic_version") == std::string::npos);
    CHECK(r.out.find("\"latest\"") != std::string::npos);
    CHECK(r.out.find("\"recent\"") == std::string::npos);
    // A composite type is not modelled: it is counted, per schema, never dropped silently.
    CHECK(r.out.find("\"kind\": \"composite_type\"") != std::string::npos);

    const std::string role = "autogen_ro_" + random_suffix();
    db.run("CREATE ROLE " + role + " LOGIN; ALTER ROLE " + role + " SET default_transaction_read_only = on");
    const auto reader_url = db.url().substr(0, db.url().find("://") + 3) + role + "@" +
                            db.url().substr(db.url().find('@') + 1);
    r = run_autogen("introspect --db " + quote(reader_url));
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out.find("\"invoices\"") != std::string::npos);
    db.run("DROP ROLE " + role);
}

TEST_CASE("postgres a role allowed one connection reads in one session what two sessions read on a shared snapshot") {
    Database db("one_connection");
    db.run("CREATE TABLE a (id int PRIMARY KEY, code text UNIQUE CHECK (code <> ''), made date DEFAULT now());"
           "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a ON DELETE CASCADE, n numeric(8, 2) NOT NULL);"
           "CREATE INDEX b_expr ON b ((id + 1)) WHERE n > 0; COMMENT ON TABLE b IS 'second';"
           "CREATE TYPE mood AS ENUM ('up', 'down'); CREATE SEQUENCE counter;"
           "CREATE VIEW chain_view AS SELECT a.code, b.n FROM a JOIN b ON b.a_id = a.id");
    const auto owner = run_autogen("introspect --db " + db.quoted());
    REQUIRE_MESSAGE(owner.exit_code == 0, owner.err);

    // The inspector's helper session is refused (connection limit 1): the one session runs every query.
    const std::string role = "autogen_one_" + random_suffix();
    db.run("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 1");
    const auto limited_url = db.url().substr(0, db.url().find("://") + 3) + role + "@" + db.url().substr(db.url().find('@') + 1);
    const auto limited = run_autogen("introspect --db " + quote(limited_url));
    db.run("DROP ROLE " + role);
    REQUIRE_MESSAGE(limited.exit_code == 0, limited.err);
    CHECK(limited.out == owner.out);
    CHECK(owner.out.find("\"b_expr\"") != std::string::npos);
}

TEST_CASE("postgres connection failures and missing permissions: exit 2, clear message, no password") {
    const std::string url = server_url();
    const auto parsed = autogen::core::parse_url(url);
    // A port nobody listens on (the server's own, plus one, is what pg-server.sh would take next: use port 1).
    const std::string dead = "postgresql://someone:s3cr3t-pw@127.0.0.1:1/nowhere";
    auto r = run_autogen("introspect --db " + quote(dead));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("s3cr3t-pw") == std::string::npos);
    CHECK(r.err.find("postgres") != std::string::npos);
    CHECK(r.err.find("connect") != std::string::npos);

    Database db("denied");
    const std::string role = "autogen_nc_" + random_suffix();
    db.run("CREATE ROLE " + role + " LOGIN PASSWORD 'hunter2-secret'; REVOKE CONNECT ON DATABASE " + db.name() + " FROM PUBLIC");
    const auto denied = "postgresql://" + role + ":hunter2-secret@" + parsed.host + ":" + std::to_string(parsed.port.value_or(5432)) +
                        "/" + db.name();
    r = run_autogen("check --db " + quote(denied) + " --target " + quote((source_dir() / "fixtures" / "postgres" / "pairs" / "add_columns" / "b.json").string()));
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find("permission denied") != std::string::npos, r.err);
    CHECK(r.err.find("hunter2-secret") == std::string::npos);
    CHECK(r.err.find("***") != std::string::npos);
    db.run("DROP ROLE " + role);

    // PGPASSWORD and the rest of libpq's environment fill what the URL leaves out.
    const auto bare = "postgresql:///" + db.name();
    r = sh("PGHOST=" + quote(parsed.host) + " PGPORT=" + std::to_string(parsed.port.value_or(5432)) + " PGUSER=" +
           quote(parsed.user.empty() ? "postgres" : parsed.user) + " PGPASSWORD=unused " + quote(autogen_binary()) +
           " introspect --db " + quote(bare));
    CHECK_MESSAGE(r.exit_code == 0, r.err);
}

TEST_CASE("postgres real-world schemas load, introspect, check against their own JSON, re-create from it; constant query count") {
    const auto dir = real_fixtures() / "postgresql";
    REQUIRE_MESSAGE(fs::exists(dir), "the shared fixtures are missing: " << dir);
    const auto files = sorted_entries(dir, ".sql");
    REQUIRE(files.size() == 10);
    std::map<std::string, int> query_counts;
    for (const auto& sql : files) {
        CAPTURE(sql);
        TempDir tmp;
        Database db("real");
        prepare_for_real_fixtures(db);
        db.load(sql);
        const auto json = tmp / "schema.json";
        auto r = run_autogen("introspect --db " + db.quoted() + " -o " + quote(json.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        r = run_autogen("check --db " + db.quoted() + " --target " + quote(json.string()));
        CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
        // What is not modelled yet is reported as not compared, never silently in sync.
        if (sql.stem() == "gitlab" || sql.stem() == "danbooru") CHECK(read_file(json).find("\"not_compared\"") != std::string::npos);

        // Re-created from its JSON alone in an empty database (diff from the empty database, applied with psql),
        // it introspects as the same model.
        Database fresh("recreated");
        const auto up = tmp / "up.sql";
        r = run_autogen("diff --from " + fresh.quoted() + " --to " + quote(json.string()) + " > " + quote(up.string()));
        REQUIRE_MESSAGE(r.exit_code == 1, r.err);
        r = psql(fresh.url(), "-f " + quote(up.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const auto again = tmp / "again.json";
        r = run_autogen("introspect --db " + fresh.quoted() + " -o " + quote(again.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        r = run_autogen("diff --from " + quote(json.string()) + " --to " + quote(again.string()) + " --format text");
        CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
        // And as the same JSON, but for the counts of kinds that are counted, not held (the fresh database has
        // none of them to count), and for the list of schemas: a schema is not an object of the model, created
        // only for the objects in it, so an empty one (GitLab's gitlab_partitions_dynamic) is not re-created
        // (README); every schema that holds an object must be there.
        auto held = [](const fs::path& file) {
            auto model = nlohmann::json::parse(read_file(file));
            model.erase("not_compared");
            model.erase("schemas");
            return model.dump(1);
        };
        CHECK(held(json) == held(again));
        const auto schemas_again = nlohmann::json::parse(read_file(again))["schemas"];
        for (const auto& schema : nlohmann::json::parse(read_file(json))["schemas"]) {
            const bool used = read_file(json).find("\"schema\": " + schema.dump()) != std::string::npos;
            CHECK_MESSAGE((!used || std::find(schemas_again.begin(), schemas_again.end(), schema) != schemas_again.end()), schema);
        }

        auto inspector = autogen::introspect::open_inspector(autogen::core::parse_url(db.url()));
        const auto schema = inspector->inspect({});
        CHECK(schema.tables.has_value());
        query_counts[sql.stem().string()] = inspector->query_count();
    }
    REQUIRE(query_counts.count("gitlab") == 1);
    REQUIRE(query_counts.count("pagila") == 1);
    CHECK(query_counts["gitlab"] == query_counts["pagila"]);
    for (const auto& [name, count] : query_counts) {
        CAPTURE(name);
        CHECK(count == query_counts["pagila"]);
    }
    MESSAGE("catalog queries per introspection: " << query_counts["gitlab"]);
}

}  // TEST_SUITE

TEST_SUITE("postgres") {

TEST_CASE("postgres a partition key or a domain's base type that changes is refused with exit 2 and what to do by hand") {
    TempDir tmp;
    Database db("refused");
    db.run("CREATE DOMAIN amount AS integer CHECK (VALUE >= 0);"
           "CREATE TABLE events (id integer NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);"
           "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
           "CREATE TABLE loose (id integer NOT NULL, at date NOT NULL, kind text);");
    const std::string events = R"j({"name": "events", "partition_by": "RANGE (at)", "columns": [
        {"name": "id", "type": "integer", "nullable": false}, {"name": "at", "type": "date", "nullable": false},
        {"name": "kind", "type": "text"}]})j";
    const std::string partition = R"j({"name": "events_2024", "partition_of": "events", "bound": "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"})j";
    const std::string loose = R"({"name": "loose", "columns": [{"name": "id", "type": "integer", "nullable": false},
        {"name": "at", "type": "date", "nullable": false}, {"name": "kind", "type": "text"}]})";
    const std::string domain = R"({"name": "amount", "type": "integer", "checks": [{"expression": "VALUE >= 0"}]})";
    auto model = [&](const std::string& d, const std::string& e, const std::string& p, const std::string& l) {
        return R"({"format": "autogen-schema/1", "dialect": "postgresql", "domains": [)" + d + R"(], "tables": [)" + e + ", " + p +
               ", " + l + "]}";
    };
    auto refused = [&](const std::string& json, const std::string& what) {
        CAPTURE(what);
        write_file(tmp / "target.json", json);
        auto r = run_autogen("check --db " + db.quoted() + " --target " + quote((tmp / "target.json").string()));
        CHECK_MESSAGE(r.exit_code == 1, r.out << r.err);
        r = run_autogen("revision --db " + db.quoted() + " --target " + quote((tmp / "target.json").string()) +
                        " -m refused --versions " + quote((tmp / "versions").string()));
        CHECK_MESSAGE(r.exit_code == 2, r.out << r.err);
        CHECK_MESSAGE(r.err.find(what) != std::string::npos, r.err);
        CHECK_MESSAGE(r.err.find("by hand") != std::string::npos, r.err);
        const bool written = fs::exists(tmp / "versions") && !fs::is_empty(tmp / "versions");
        CHECK_FALSE(written);
    };
    // The untouched model checks clean, so each refusal below is about its one change.
    write_file(tmp / "same.json", model(domain, events, partition, loose));
    const auto same = run_autogen("check --db " + db.quoted() + " --target " + quote((tmp / "same.json").string()));
    REQUIRE_MESSAGE(same.exit_code == 0, same.out << same.err);

    std::string by_list = events;
    by_list.replace(by_list.find("RANGE (at)"), 10, "LIST (kind)");
    std::string list_partition = partition;
    list_partition.replace(list_partition.find("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"), 48, "FOR VALUES IN ('a')");
    refused(model(domain, by_list, list_partition, loose), "partition key");
    const std::string attached = R"j({"name": "loose", "partition_of": "events", "bound": "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"})j";
    refused(model(domain, events, partition, attached), "ATTACH or DETACH PARTITION");
    std::string retyped = domain;
    retyped.replace(retyped.find("integer"), 7, "bigint");
    refused(model(retyped, events, partition, loose), "base type");
}

}  // TEST_SUITE
