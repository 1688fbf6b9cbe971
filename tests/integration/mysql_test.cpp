// End-to-end tests on a real MariaDB server: the autogen binary and the mariadb client, as a user runs them.
// The server's URL comes from AUTOGEN_TEST_MYSQL_URL (scripts/mariadb-server.sh start prints one); without it,
// or when the server does not answer, every test here fails: they never skip.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/url.hpp"
#include "harness.hpp"
#include "introspect/inspector.hpp"

using namespace autogen::testing;
namespace fs = std::filesystem;
using autogen::core::DatabaseUrl;

namespace {

// The test server, from AUTOGEN_TEST_MYSQL_URL, and how to reach its databases with autogen and the client.
class Server {
public:
    Server() {
        const char* env = std::getenv("AUTOGEN_TEST_MYSQL_URL");
        REQUIRE_MESSAGE((env && *env),
                        "AUTOGEN_TEST_MYSQL_URL is not set: run `bash scripts/mariadb-server.sh start` and export the "
                        "URL it prints (e.g. mysql://root@127.0.0.1:33069/)");
        url_ = autogen::core::parse_url(env);
        const auto r = sh(client("") + " -e 'SELECT 1'");
        REQUIRE_MESSAGE(r.exit_code == 0, "the MariaDB server at " << url_.masked() << " does not answer: " << r.err);
    }

    // The mariadb client for a database, reading SQL from stdin; --batch, never --force.
    std::string client(const std::string& database) const {
        std::string out;
        if (url_.password) out += "MYSQL_PWD=" + quote(*url_.password) + " ";
        out += "mariadb --no-defaults --default-character-set=utf8mb4 --batch --skip-column-names";
        if (const auto socket = url_.query.find("socket"); socket != url_.query.end()) {
            out += " --socket=" + quote(socket->second);
        } else {
            out += " --protocol=tcp -h " + quote(url_.host.empty() ? "127.0.0.1" : url_.host);
            if (url_.port) out += " -P " + std::to_string(*url_.port);
        }
        out += " -u " + quote(url_.user.empty() ? "root" : url_.user);
        if (!database.empty()) out += " " + quote(database);
        return out;
    }

    // The URL autogen reads a database by.
    std::string url(const std::string& database) const {
        std::string out = "mysql://" + (url_.user.empty() ? std::string("root") : url_.user);
        if (url_.password) out += ":" + *url_.password;
        out += "@" + (url_.host.empty() ? std::string("127.0.0.1") : url_.host);
        if (url_.port) out += ":" + std::to_string(*url_.port);
        out += "/" + database;
        if (const auto socket = url_.query.find("socket"); socket != url_.query.end()) out += "?socket=" + socket->second;
        return out;
    }

    // Drops and creates a database, failing the test on any error.
    void fresh_database(const std::string& name) const {
        const auto r = sh(client("") + " -e " + quote("DROP DATABASE IF EXISTS `" + name + "`; CREATE DATABASE `" + name + "`"));
        REQUIRE_MESSAGE(r.exit_code == 0, "creating database " << name << ": " << r.err);
    }

    void drop_database(const std::string& name) const {
        sh(client("") + " -e " + quote("DROP DATABASE IF EXISTS `" + name + "`"));
    }

    // Runs a SQL file with the client and returns what it prints; fails the test on any error.
    std::string run_file(const std::string& database, const fs::path& sql) const {
        const auto r = sh(client(database) + " < " + quote(sql.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, "running " << sql << " on " << database << ": " << r.err);
        return r.out;
    }

    // Applies one section of a revision file the way CLI.md says: autogen show, piped into mariadb --batch.
    Result apply_section(const std::string& database, const fs::path& revision, const std::string& which) const {
        return sh(quote(autogen_binary()) + " show " + quote(revision.string()) + " --" + which + " | " + client(database));
    }

    const DatabaseUrl& base() const { return url_; }

private:
    DatabaseUrl url_;
};

std::vector<fs::path> sorted_entries(const fs::path& dir, const std::string& extension = "") {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (extension.empty() || entry.path().extension() == extension) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

// A model's JSON without its not_compared counts (kinds that are counted, not held, are not re-created).
nlohmann::json held(const fs::path& file) {
    auto json = nlohmann::json::parse(read_file(file));
    json.erase("not_compared");
    return json;
}

}  // namespace

TEST_SUITE("mysql") {

TEST_CASE("mysql round trip on every fixture pair: upgrade converges, runs again, downgrade restores, rows survive") {
    const Server server;
    const auto pairs = source_dir() / "fixtures" / "mysql" / "pairs";
    const auto cases = sorted_entries(pairs);
    REQUIRE(cases.size() >= 10);
    for (const auto& dir : cases) {
        CAPTURE(dir);
        TempDir tmp;
        const std::string db = "autogen_pair_" + dir.filename().string();
        server.fresh_database(db);
        const std::string url = quote(server.url(db));
        const auto b_json = dir / "b.json";
        server.run_file(db, dir / "a.sql");
        const auto a_json = tmp / "a.json";
        auto r = run_autogen("introspect --db " + url + " -o " + quote(a_json.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const std::string rows_before = server.run_file(db, dir / "check.sql");
        REQUIRE_FALSE(rows_before.empty());
        const auto check_b = fs::exists(dir / "check_b.sql") ? dir / "check_b.sql" : dir / "check.sql";

        r = run_autogen("check --db " + url + " --target " + quote(b_json.string()));
        CHECK_MESSAGE(r.exit_code == 1, "check before the upgrade must see drift: " << r.out << r.err);

        const auto versions = tmp / "versions";
        r = run_autogen("revision --db " + url + " --target " + quote(b_json.string()) + " -m 'round trip' --versions " +
                        quote(versions.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const auto files = sorted_entries(versions, ".sql");
        REQUIRE(files.size() == 1);
        const auto revision = files.front();
        const std::string text = read_file(revision);
        CHECK(text.find("-- Transactional: no") != std::string::npos);
        CHECK(text.find("not transactional") != std::string::npos);
        CHECK(text.find("BEGIN;") == std::string::npos);

        r = server.apply_section(db, revision, "up");
        REQUIRE_MESSAGE(r.exit_code == 0, "upgrade failed: " << r.err << "\n" << text);
        r = run_autogen("check --db " + url + " --target " + quote(b_json.string()));
        CHECK_MESSAGE(r.exit_code == 0, "after upgrade: " << r.out << r.err << "\n" << text);
        CHECK_MESSAGE(server.run_file(db, check_b) == rows_before, "rows changed by the upgrade");

        // IF [NOT] EXISTS makes the section safe to run again, as after a failure part-way; except where a new
        // table takes the name of a renamed one (the pair's rerun_unsafe.txt says why): run again, the
        // statements meant for the renamed table find the new one under its old name (README, MariaDB section).
        const auto rerun_unsafe = dir / "rerun_unsafe.txt";
        if (fs::exists(rerun_unsafe)) {
            MESSAGE("not run twice: " << read_file(rerun_unsafe));
        } else {
            r = server.apply_section(db, revision, "up");
            CHECK_MESSAGE(r.exit_code == 0, "running the upgrade again failed: " << r.err << "\n" << text);
            r = run_autogen("check --db " + url + " --target " + quote(b_json.string()));
            CHECK_MESSAGE(r.exit_code == 0, "after running the upgrade again: " << r.out << r.err);
        }

        r = server.apply_section(db, revision, "down");
        REQUIRE_MESSAGE(r.exit_code == 0, "downgrade failed: " << r.err << "\n" << text);
        r = run_autogen("check --db " + url + " --target " + quote(a_json.string()));
        CHECK_MESSAGE(r.exit_code == 0, "after downgrade: " << r.out << r.err << "\n" << text);
        CHECK_MESSAGE(server.run_file(db, dir / "check.sql") == rows_before, "rows changed by the downgrade");
        server.drop_database(db);
    }
}

TEST_CASE("mysql real-world schemas: no false positives, and re-created from JSON they introspect the same") {
    const Server server;
    const auto dir = real_fixtures() / "mysql";
    REQUIRE_MESSAGE(fs::exists(dir), "the shared fixtures are missing: " << dir);
    const auto files = sorted_entries(dir, ".sql");
    REQUIRE(files.size() == 9);
    for (const auto& sql : files) {
        CAPTURE(sql);
        TempDir tmp;
        // sakila's actor_info view names its tables sakila.film, ...: it loads only into a database named sakila.
        const std::string stem = sql.stem().string();
        const std::string db = stem == "sakila" ? "sakila" : "autogen_real_" + stem;
        server.fresh_database(db);
        server.run_file(db, sql);
        const auto json = tmp / "schema.json";
        auto r = run_autogen("introspect --db " + quote(server.url(db)) + " -o " + quote(json.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        r = run_autogen("check --db " + quote(server.url(db)) + " --target " + quote(json.string()));
        CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);

        // Re-create from the JSON alone: diff from an empty database, apply with the client, introspect again.
        const std::string fresh = "autogen_fresh_" + stem;
        server.fresh_database(fresh);
        const auto up = tmp / "up.sql";
        r = run_autogen("diff --from " + quote(server.url(fresh)) + " --to " + quote(json.string()) + " > " +
                        quote(up.string()));
        REQUIRE_MESSAGE(r.exit_code == 1, r.err);
        r = sh(server.client(fresh) + " < " + quote(up.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err << "\n" << read_file(up).substr(0, 4000));
        const auto again = tmp / "again.json";
        r = run_autogen("introspect --db " + quote(server.url(fresh)) + " -o " + quote(again.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        // Partitioning and non-default view options are counted, not held, so they are not re-created.
        CHECK_MESSAGE(held(again) == held(json), "re-created " << stem << " introspects differently");
        r = run_autogen("check --db " + quote(server.url(fresh)) + " --target " + quote(json.string()));
        CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
        server.drop_database(fresh);
        server.drop_database(db);
    }
}

TEST_CASE("mysql introspection runs the same number of catalog queries for a small and a large schema") {
    const Server server;
    const std::string small = "autogen_count_small";
    const std::string large = "autogen_count_large";
    server.fresh_database(small);
    server.fresh_database(large);
    TempDir tmp;
    write_file(tmp / "small.sql", "CREATE TABLE one (id int PRIMARY KEY);\n");
    server.run_file(small, tmp / "small.sql");
    server.run_file(large, real_fixtures() / "mysql" / "friendica.sql");

    auto count = [&](const std::string& db, std::size_t& tables) {
        auto inspector = autogen::introspect::open_inspector(autogen::core::parse_url(server.url(db)));
        const auto schema = inspector->inspect({});
        tables = schema.tables->size();
        return inspector->query_count();
    };
    std::size_t small_tables = 0, large_tables = 0;
    const int small_queries = count(small, small_tables);
    const int large_queries = count(large, large_tables);
    CHECK(small_tables == 1);
    CHECK(large_tables > 80);
    CHECK(small_queries > 0);
    CHECK(small_queries == large_queries);

    // The server agrees: it executed as many prepared statements for either schema.
    auto executed = [&]() {
        const auto r = sh(server.client("") + " -e \"SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'\"");
        REQUIRE(r.exit_code == 0);
        return std::stoll(r.out.substr(r.out.find('\t') + 1));
    };
    auto measured = [&](const std::string& db) {
        const auto before = executed();
        const auto r = run_autogen("introspect --db " + quote(server.url(db)) + " -o " + quote((tmp / (db + ".json")).string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        return executed() - before;
    };
    const auto small_executed = measured(small);
    const auto large_executed = measured(large);
    CHECK(small_executed == large_executed);
    CHECK(small_executed >= small_queries);
    server.drop_database(small);
    server.drop_database(large);
}

TEST_CASE("mysql connection and privilege errors exit 2, say what is wrong, and never print the password") {
    const Server server;
    const std::string db = "autogen_errors";
    server.fresh_database(db);
    TempDir tmp;
    write_file(tmp / "schema.sql", "CREATE TABLE t (id int PRIMARY KEY);\nCREATE VIEW v AS SELECT id FROM t;\n");
    server.run_file(db, tmp / "schema.sql");
    const auto& base = server.base();
    const std::string host = base.host.empty() ? "127.0.0.1" : base.host;
    const std::string port = base.port ? ":" + std::to_string(*base.port) : "";

    // Unknown database.
    auto r = run_autogen("introspect --db " + quote(server.url("autogen_no_such_database")));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("autogen_no_such_database") != std::string::npos);

    // Refused connection: a port nothing listens on.
    r = run_autogen("introspect --db 'mysql://root:s3cret-pw@127.0.0.1:1/x'");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("mysql") != std::string::npos);
    CHECK(r.err.find("s3cret-pw") == std::string::npos);

    // An account that sees the table but not the view's definition, triggers, events or routines.
    const std::string user = "autogen_reader";
    const std::string grants = "DROP USER IF EXISTS '" + user + "'@'%'; CREATE USER '" + user +
                               "'@'%' IDENTIFIED BY 'r3ader-pw'; GRANT SELECT ON `" + db + "`.* TO '" + user + "'@'%';";
    REQUIRE(sh(server.client("") + " -e " + quote(grants)).exit_code == 0);
    const std::string reader = "mysql://" + user + ":r3ader-pw@" + host + port + "/" + db;
    r = run_autogen("introspect --db " + quote(reader));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("SHOW VIEW") != std::string::npos);
    CHECK(r.err.find("TRIGGER") != std::string::npos);
    CHECK(r.err.find("r3ader-pw") == std::string::npos);

    // MYSQL_PWD gives the password when the URL has none; a wrong one is refused without being shown.
    const std::string grant_all = "GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, EXECUTE ON `" + db + "`.* TO '" + user + "'@'%';";
    REQUIRE(sh(server.client("") + " -e " + quote(grant_all)).exit_code == 0);
    const std::string no_password = "mysql://" + user + "@" + host + port + "/" + db;
    r = sh("MYSQL_PWD=r3ader-pw " + quote(autogen_binary()) + " introspect --db " + quote(no_password));
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out.find("\"name\": \"t\"") != std::string::npos);
    r = sh("MYSQL_PWD=wrong-pw " + quote(autogen_binary()) + " introspect --db " + quote(no_password));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("wrong-pw") == std::string::npos);

    sh(server.client("") + " -e " + quote("DROP USER IF EXISTS '" + user + "'@'%'"));
    server.drop_database(db);
}

TEST_CASE("mysql unix socket, mariadb:// URLs and --exclude-table") {
    const Server server;
    const std::string db = "autogen_socket";
    server.fresh_database(db);
    TempDir tmp;
    write_file(tmp / "schema.sql", "CREATE TABLE kept (id int PRIMARY KEY);\nCREATE TABLE audit_log (id int PRIMARY KEY);\n");
    server.run_file(db, tmp / "schema.sql");
    auto r = sh(server.client("") + " -e 'SELECT @@socket'");
    REQUIRE(r.exit_code == 0);
    std::string socket = r.out;
    while (!socket.empty() && (socket.back() == '\n' || socket.back() == '\r')) socket.pop_back();
    REQUIRE_FALSE(socket.empty());
    const auto& base = server.base();
    std::string user = base.user.empty() ? "root" : base.user;
    if (base.password) user += ":" + *base.password;
    r = run_autogen("introspect --db " + quote("mariadb://" + user + "@localhost/" + db + "?socket=" + socket) +
                    " --exclude-table 'audit_*'");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out.find("\"dialect\": \"mariadb\"") != std::string::npos);
    CHECK(r.out.find("\"name\": \"kept\"") != std::string::npos);
    CHECK(r.out.find("audit_log") == std::string::npos);
    // A target without the excluded table does not drop it.
    write_file(tmp / "target.json", r.out);
    r = run_autogen("check --db " + quote(server.url(db)) + " --target " + quote((tmp / "target.json").string()) +
                    " --exclude-table 'audit_*'");
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
    server.drop_database(db);
}

TEST_CASE("mysql portable target: a working revision, and the target checks clean after its upgrade") {
    const Server server;
    const std::string db = "autogen_portable";
    server.fresh_database(db);
    TempDir tmp;
    const auto target = source_dir() / "fixtures" / "models" / "shop_portable.json";
    const std::string url = quote(server.url(db));
    auto r = run_autogen("revision --db " + url + " --target " + quote(target.string()) + " -m portable --versions " +
                         quote((tmp / "versions").string()));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto revision = sorted_entries(tmp / "versions", ".sql").at(0);
    r = server.apply_section(db, revision, "up");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err << "\n" << read_file(revision));
    r = run_autogen("check --db " + url + " --target " + quote(target.string()));
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err << "\n" << read_file(revision));
    r = server.apply_section(db, revision, "down");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    r = sh(server.client(db) + " -e 'SHOW TABLES'");
    CHECK(r.out.empty());
    server.drop_database(db);
}

TEST_CASE("mysql 4-byte characters: defaults read back whole; comments and ENUM values the server cannot report are refused") {
    const Server server;
    const std::string db = "autogen_four_byte";
    server.fresh_database(db);
    TempDir tmp;
    write_file(tmp / "schema.sql",
               "CREATE TABLE t (id int PRIMARY KEY, s varchar(20) DEFAULT '\xF0\x9F\x8E\x89 hi', q varchar(5) DEFAULT '?') "
               "DEFAULT CHARSET=utf8mb4;\n");
    server.run_file(db, tmp / "schema.sql");
    const std::string url = quote(server.url(db));
    auto r = run_autogen("introspect --db " + url);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    // information_schema says '? hi'; the default is the emoji, and a real '?' stays a '?'.
    CHECK(r.out.find("'\xF0\x9F\x8E\x89 hi'") != std::string::npos);
    CHECK(r.out.find("\"'?'\"") != std::string::npos);

    auto refused = [&](const std::string& json, const std::string& what) {
        write_file(tmp / "target.json", json);
        const auto result = run_autogen("check --db " + url + " --target " + quote((tmp / "target.json").string()));
        CHECK_MESSAGE(result.exit_code == 2, what << ": " << result.out << result.err);
        CHECK_MESSAGE(result.err.find("4-byte") != std::string::npos, what << ": " << result.err);
        CHECK_MESSAGE(result.err.find(what) != std::string::npos, result.err);
    };
    const std::string head = R"({"format": "autogen-schema/1", "dialect": "mariadb", "tables": [{"name": "t", )";
    refused(head + R"("comment": "party )" "\xF0\x9F\x8E\x89" R"(", "columns": [{"name": "id", "type": "int", "nullable": false}], "primary_key": {"columns": ["id"]}}]})",
            "comment of table");
    refused(head + R"("columns": [{"name": "id", "type": "int", "nullable": false, "comment": "id )" "\xF0\x9F\x9A\x80" R"("}], "primary_key": {"columns": ["id"]}}]})",
            "comment of column");
    refused(head + R"("columns": [{"name": "id", "type": "int", "nullable": false}, {"name": "e", "type": "enum('a',')" "\xF0\x9F\x98\x80" R"j(')"}], "primary_key": {"columns": ["id"]}}]})j",
            "ENUM or SET value");
    server.drop_database(db);
}

TEST_CASE("mysql a MEMORY table written without index methods checks clean against the HASH indexes the server made") {
    const Server server;
    const std::string db = "autogen_memory";
    server.fresh_database(db);
    TempDir tmp;
    write_file(tmp / "schema.sql",
               "CREATE TABLE cache (k varchar(20) NOT NULL PRIMARY KEY, v int, w int, KEY cache_v (v), "
               "KEY cache_w (w) USING BTREE) ENGINE=MEMORY;\n");
    server.run_file(db, tmp / "schema.sql");
    const std::string url = quote(server.url(db));
    const std::string table =
        R"j({"name": "cache", "options": {"mysql": {"engine": "MEMORY"}}, "primary_key": {"columns": ["k"]},
            "columns": [{"name": "k", "type": "varchar(20)", "nullable": false}, {"name": "v", "type": "int"}, {"name": "w", "type": "int"}],
            "indexes": [{"name": "cache_v", "keys": [{"column": "v"}]}, {"name": "cache_w", "keys": [{"column": "w"}], "method": "btree"}]})j";
    write_file(tmp / "target.json", R"({"format": "autogen-schema/1", "dialect": "mariadb", "tables": [)" + table + "]}");
    auto r = run_autogen("check --db " + url + " --target " + quote((tmp / "target.json").string()));
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
    // The BTREE index is not the default: a target that leaves its method out wants HASH, and that differs.
    std::string hashed = table;
    hashed.replace(hashed.find(R"(, "method": "btree")"), std::string(R"(, "method": "btree")").size(), "");
    write_file(tmp / "hashed.json", R"({"format": "autogen-schema/1", "dialect": "mariadb", "tables": [)" + hashed + "]}");
    r = run_autogen("check --db " + url + " --target " + quote((tmp / "hashed.json").string()));
    CHECK_MESSAGE(r.exit_code == 1, r.out << r.err);
    // Introspected and re-created from its JSON, the table reads back the same.
    r = run_autogen("introspect --db " + url + " -o " + quote((tmp / "own.json").string()));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const std::string copy = db + "_copy";
    server.fresh_database(copy);
    r = run_autogen("revision --db " + quote(server.url(copy)) + " --target " + quote((tmp / "own.json").string()) +
                    " -m copy --versions " + quote((tmp / "versions").string()));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto revision = sorted_entries(tmp / "versions", ".sql").at(0);
    r = server.apply_section(copy, revision, "up");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err << read_file(revision));
    r = run_autogen("check --db " + quote(server.url(copy)) + " --target " + quote((tmp / "target.json").string()));
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err << read_file(revision));
    server.drop_database(copy);
    server.drop_database(db);
}

TEST_CASE("mysql an upgrade that fails part-way is recovered as the header says: run again after fixing the data, or downgrade") {
    const Server server;
    TempDir tmp;
    // Three tables changed in one revision; the unique key on `members` fails on duplicate rows, after the
    // statements before it have committed (MariaDB DDL is not transactional).
    const std::string schema =
        "CREATE TABLE accounts (id int PRIMARY KEY, name varchar(20));\n"
        "CREATE TABLE members (id int PRIMARY KEY, email varchar(50));\n"
        "CREATE TABLE notes (id int PRIMARY KEY, body text);\n"
        "INSERT INTO accounts VALUES (1, 'a');\n"
        "INSERT INTO members VALUES (1, 'x@example.org'), (2, 'x@example.org');\n"
        "INSERT INTO notes VALUES (1, 'n');\n";
    write_file(tmp / "a.sql", schema);
    write_file(tmp / "b.json", R"j({"format": "autogen-schema/1", "dialect": "mariadb", "tables": [
      {"name": "accounts", "columns": [{"name": "id", "type": "int", "nullable": false}, {"name": "name", "type": "varchar(20)"},
                                       {"name": "plan", "type": "varchar(10)", "default": "'free'"}],
       "primary_key": {"columns": ["id"]}, "indexes": [{"name": "accounts_name", "keys": [{"column": "name"}]}]},
      {"name": "members", "columns": [{"name": "id", "type": "int", "nullable": false}, {"name": "email", "type": "varchar(50)"}],
       "primary_key": {"columns": ["id"]}, "unique": [{"name": "members_email_key", "columns": ["email"]}]},
      {"name": "notes", "columns": [{"name": "id", "type": "int", "nullable": false}, {"name": "body", "type": "text"},
                                    {"name": "pinned", "type": "tinyint(1)", "nullable": false, "default": "0"}],
       "primary_key": {"columns": ["id"]}}]})j");

    for (const bool downgrade : {false, true}) {
        CAPTURE(downgrade);
        const std::string db = downgrade ? "autogen_partial_down" : "autogen_partial_rerun";
        server.fresh_database(db);
        server.run_file(db, tmp / "a.sql");
        const std::string url = quote(server.url(db));
        const auto a_json = tmp / (db + "_a.json");
        auto r = run_autogen("introspect --db " + url + " -o " + quote(a_json.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const auto versions = tmp / (db + "_versions");
        r = run_autogen("revision --db " + url + " --target " + quote((tmp / "b.json").string()) + " -m partial --versions " +
                        quote(versions.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const auto revision = sorted_entries(versions, ".sql").at(0);
        const std::string text = read_file(revision);
        REQUIRE(text.find("run the section again") != std::string::npos);
        REQUIRE(text.find("or run the downgrade") != std::string::npos);

        r = server.apply_section(db, revision, "up");
        REQUIRE_MESSAGE(r.exit_code != 0, "the upgrade was expected to fail on the duplicate emails\n" << text);
        CHECK(r.err.find("Duplicate") != std::string::npos);
        // Part of it is applied: the database is neither A nor B.
        CHECK(run_autogen("check --db " + url + " --target " + quote(a_json.string())).exit_code == 1);
        CHECK(run_autogen("check --db " + url + " --target " + quote((tmp / "b.json").string())).exit_code == 1);

        if (!downgrade) {
            write_file(tmp / "fix.sql", "DELETE FROM members WHERE id = 2;\n");
            server.run_file(db, tmp / "fix.sql");
            r = server.apply_section(db, revision, "up");
            REQUIRE_MESSAGE(r.exit_code == 0, "running the upgrade again after fixing the data: " << r.err << "\n" << text);
            r = run_autogen("check --db " + url + " --target " + quote((tmp / "b.json").string()));
            CHECK_MESSAGE(r.exit_code == 0, r.out << r.err << "\n" << text);
        } else {
            r = server.apply_section(db, revision, "down");
            REQUIRE_MESSAGE(r.exit_code == 0, "the downgrade after a failed upgrade: " << r.err << "\n" << text);
            r = run_autogen("check --db " + url + " --target " + quote(a_json.string()));
            CHECK_MESSAGE(r.exit_code == 0, r.out << r.err << "\n" << text);
            CHECK(sh(server.client(db) + " -e 'SELECT count(*) FROM members'").out == "2\n");
        }
        server.drop_database(db);
    }
}

TEST_CASE("mysql a view written by hand not in the server's form shows as changed, with a note saying why") {
    const Server server;
    const std::string db = "autogen_view_form";
    server.fresh_database(db);
    TempDir tmp;
    write_file(tmp / "schema.sql", "CREATE TABLE t (id int PRIMARY KEY, name varchar(20));\nCREATE VIEW v AS SELECT id, name FROM t;\n");
    server.run_file(db, tmp / "schema.sql");
    const std::string url = quote(server.url(db));
    auto r = run_autogen("introspect --db " + url + " -o " + quote((tmp / "own.json").string()));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    // The server's own form checks clean, without a note.
    r = run_autogen("check --db " + url + " --target " + quote((tmp / "own.json").string()));
    CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
    CHECK(r.err.find("note:") == std::string::npos);
    // The same view as a person writes it is never taken as equal, and the note names it.
    auto own = nlohmann::json::parse(read_file(tmp / "own.json"));
    REQUIRE(own["views"].size() == 1);
    own["views"][0]["definition"] = "SELECT id, name FROM t";
    write_file(tmp / "hand.json", own.dump());
    r = run_autogen("check --db " + url + " --target " + quote((tmp / "hand.json").string()));
    CHECK_MESSAGE(r.exit_code == 1, r.out << r.err);
    CHECK(r.err.find("note: the definition of view v") != std::string::npos);
    CHECK(r.err.find("autogen introspect") != std::string::npos);
    server.drop_database(db);
}

}  // TEST_SUITE
