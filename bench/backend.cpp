#include "bench/backend.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/url.hpp"
#include "introspect/mysql/queries.hpp"
#include "introspect/postgres/queries.hpp"
#include "introspect/sqlite/queries.hpp"

namespace autogen::bench {
namespace {

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// SQLite: a database file per size, loaded and queried with the sqlite3 command-line shell.
class SqliteBackend final : public Backend {
public:
    explicit SqliteBackend(std::string work_dir) : work_dir_(std::move(work_dir)) {
        // The floor runs exactly the inspector's catalog queries (introspect/sqlite/queries.hpp), in one shell.
        std::string sql;
        for (const auto* query : {&introspect::sqlite::schema_objects, &introspect::sqlite::table_columns,
                                  &introspect::sqlite::index_columns, &introspect::sqlite::foreign_keys})
            sql += std::string(query->sql) + ";\n";
        floor_sql_ = work_dir_ + "/sqlite-floor.sql";
        write_file(floor_sql_, sql);
    }

    std::string name() const override { return "sqlite"; }
    core::Dialect dialect() const override { return core::Dialect::sqlite; }

    bool open_database(std::size_t tables, const std::string& fingerprint) override {
        path_ = std::filesystem::absolute(work_dir_ + "/sqlite-" + std::to_string(tables) + ".db").string();
        if (std::filesystem::exists(path_) && read_file(path_ + ".fingerprint") == fingerprint) return true;
        std::filesystem::remove(path_);
        std::filesystem::remove(path_ + ".fingerprint");
        return false;
    }

    void mark_loaded(const std::string& fingerprint) override { write_file(path_ + ".fingerprint", fingerprint); }

    void load(const std::vector<std::string>& statements) override {
        std::string sql = "BEGIN;\n";
        for (const auto& statement : statements) sql += statement + "\n";
        sql += "COMMIT;\n";
        const std::string file = work_dir_ + "/sqlite-load.sql";
        write_file(file, sql);
        run_checked({"sqlite3", "-bail", path_}, ProcessOptions{file});
    }

    std::string url() const override { return "sqlite:///" + path_; }
    std::string sqlalchemy_url() const override { return "sqlite:///" + path_; }

    ProcessResult floor() override {
        return run_checked({"sqlite3", "-readonly", "-bail", path_}, ProcessOptions{floor_sql_});
    }
    int floor_queries() const override { return 4; }

    std::string version() override {
        return "sqlite3 " + first_line(run_checked({"sqlite3", "--version"}, ProcessOptions{"", true}).out);
    }

private:
    std::string work_dir_;
    std::string floor_sql_;
    std::string path_;
};

// The URL with its database (the path after the host) replaced.
std::string with_database(const std::string& url, const std::string& database) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) throw std::runtime_error("not a server URL: " + url);
    const auto query = url.find('?', scheme_end + 3);
    const auto slash = url.find('/', scheme_end + 3);
    const std::string head = url.substr(0, std::min(slash, query));
    return head + "/" + database + (query == std::string::npos ? "" : url.substr(query));
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
}

// PostgreSQL: a database per size on the given server, loaded and queried with psql.
class PostgresBackend final : public Backend {
public:
    PostgresBackend(std::string work_dir, std::string server_url)
        : work_dir_(std::move(work_dir)), server_url_(std::move(server_url)) {
        // The floor runs the inspector's own statements in the inspector's transaction: BEGIN, the setup with the
        // empty filter, the catalog queries, ROLLBACK (introspect/postgres/inspector.cpp).
        namespace pg = introspect::postgres;
        std::string sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
                          "SELECT set_config('search_path', 'pg_catalog, public', true), set_config('jit', 'off', true), "
                          "set_config('work_mem', '64MB', true), set_config('autogen.schemas', '{}', true), set_config('autogen.exclude', '{}', true), "
                          "set_config('autogen.temp_only', 'off', true);\n";
        for (const auto* query : {&pg::schemas, &pg::tables, &pg::columns, &pg::constraints, &pg::indexes,
                                  &pg::sequences, &pg::enums, &pg::domains, &pg::extensions, &pg::views, &pg::routines,
                                  &pg::triggers, &pg::dependencies, &pg::not_compared})
            sql += std::string(query->sql) + ";\n";
        sql += "ROLLBACK;\n";
        floor_sql_ = work_dir_ + "/postgresql-floor.sql";
        write_file(floor_sql_, sql);
    }

    std::string name() const override { return "postgresql"; }
    core::Dialect dialect() const override { return core::Dialect::postgresql; }

    bool open_database(std::size_t tables, const std::string& fingerprint) override {
        database_ = "autogen_bench_" + std::to_string(tables);
        const std::string stored = trimmed(psql_admin("SELECT coalesce(shobj_description(oid, 'pg_database'), '') "
                                                      "FROM pg_database WHERE datname = '" + database_ + "'"));
        if (!fingerprint.empty() && stored == trimmed(fingerprint)) return true;
        psql_admin("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
        psql_admin("CREATE DATABASE " + database_);
        return false;
    }

    void mark_loaded(const std::string& fingerprint) override {
        psql_admin("COMMENT ON DATABASE " + database_ + " IS '" + trimmed(fingerprint) + "'");
    }

    void load(const std::vector<std::string>& statements) override {
        std::string sql;
        for (const auto& statement : statements) sql += statement + "\n";
        const std::string file = work_dir_ + "/postgresql-load.sql";
        write_file(file, sql);
        // Statement by statement: one transaction of 10,000 CREATE TABLEs runs out of max_locks_per_transaction.
        run_checked({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, url()});
    }

    std::string url() const override { return with_database(server_url_, database_); }
    std::string sqlalchemy_url() const override {
        const std::string out = url();
        return "postgresql+psycopg2" + out.substr(out.find("://"));
    }

    ProcessResult floor() override {
        // Unaligned, without headers: the least formatting psql does; every row still travels and is printed.
        return run_checked({"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", floor_sql_, url()});
    }
    int floor_queries() const override { return 15; }

    std::string version() override {
        return trimmed(psql_admin("SELECT version()")) + "; " +
               first_line(run_checked({"psql", "--version"}, ProcessOptions{"", true}).out);
    }

private:
    std::string psql_admin(const std::string& sql) const {
        ProcessOptions options;
        options.capture_stdout = true;
        return run_checked({"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, server_url_}, options).out;
    }

    std::string work_dir_;
    std::string server_url_;
    std::string database_;
    std::string floor_sql_;
};

// MariaDB: a database per size on the given server, loaded and queried with the mariadb client.
class MariadbBackend final : public Backend {
public:
    MariadbBackend(std::string work_dir, const std::string& server_url)
        : work_dir_(std::move(work_dir)), server_(core::parse_url(server_url)), server_url_(server_url) {}

    std::string name() const override { return "mariadb"; }
    core::Dialect dialect() const override { return core::Dialect::mariadb; }

    bool open_database(std::size_t tables, const std::string& fingerprint) override {
        database_ = "autogen_bench_" + std::to_string(tables);
        write_floor_sql();
        const std::string stored = trimmed(client_admin(
            "SELECT SCHEMA_COMMENT FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + database_ + "'"));
        if (!fingerprint.empty() && stored == trimmed(fingerprint)) return true;
        client_admin("DROP DATABASE IF EXISTS " + database_ + "; CREATE DATABASE " + database_);
        return false;
    }

    void mark_loaded(const std::string& fingerprint) override {
        client_admin("ALTER DATABASE " + database_ + " COMMENT '" + trimmed(fingerprint) + "'");
    }

    void load(const std::vector<std::string>& statements) override {
        std::string sql;
        for (const auto& statement : statements) sql += statement + "\n";
        const std::string file = work_dir_ + "/mariadb-load.sql";
        write_file(file, sql);
        run_checked(client({"--batch", database_}), client_options(file));
    }

    std::string url() const override { return with_database(server_url_, database_); }
    std::string sqlalchemy_url() const override {
        const std::string out = url();
        return "mysql+pymysql" + out.substr(out.find("://"));
    }

    ProcessResult floor() override {
        return run_checked(client({"--batch", "--skip-column-names", database_}), client_options(floor_sql_));
    }
    int floor_queries() const override { return 14; }

    std::string version() override {
        return trimmed(client_admin("SELECT VERSION()")) + "; " +
               first_line(run_checked({"mariadb", "--version"}, ProcessOptions{"", true}).out);
    }

private:
    // The inspector's catalog queries in its read-only transaction, with the inspected database written where the
    // inspector binds it (introspect/mysql/inspector.cpp) and the grantee computed by the server.
    void write_floor_sql() {
        namespace my = introspect::mysql;
        const std::string grantee = "= CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', "
                                    "SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";
        std::string sql = "SET NAMES utf8mb4;\nSTART TRANSACTION READ ONLY;\n";
        for (const auto* query : {&my::schemata, &my::collations, &my::privileges, &my::tables, &my::columns,
                                  &my::statistics_mariadb, &my::foreign_key_columns, &my::referential_constraints,
                                  &my::checks_mariadb, &my::views, &my::triggers, &my::routines, &my::parameters,
                                  &my::events}) {
            std::string text = query->sql;
            for (std::size_t at; (at = text.find(":schemas")) != std::string::npos;) text.replace(at, 8, "= '" + database_ + "'");
            for (std::size_t at; (at = text.find(":grantees")) != std::string::npos;) text.replace(at, 9, grantee);
            sql += text + ";\n";
        }
        sql += "ROLLBACK;\n";
        floor_sql_ = work_dir_ + "/mariadb-floor.sql";
        write_file(floor_sql_, sql);
    }

    std::vector<std::string> client(const std::vector<std::string>& tail) const {
        std::vector<std::string> argv{"mariadb", "--protocol=TCP", "-h", server_.host.empty() ? "127.0.0.1" : server_.host,
                                      "-P", std::to_string(server_.port.value_or(3306)), "-u", server_.user};
        argv.insert(argv.end(), tail.begin(), tail.end());
        return argv;
    }

    ProcessOptions client_options(const std::string& stdin_path, bool capture = false) const {
        ProcessOptions options;
        options.stdin_path = stdin_path;
        options.capture_stdout = capture;
        if (server_.password) options.env.push_back("MYSQL_PWD=" + *server_.password);
        return options;
    }

    std::string client_admin(const std::string& sql) const {
        return run_checked(client({"--batch", "--skip-column-names", "-e", sql}), client_options("", true)).out;
    }

    std::string work_dir_;
    core::DatabaseUrl server_;
    std::string server_url_;
    std::string database_;
    std::string floor_sql_;
};

}  // namespace

std::unique_ptr<Backend> make_backend(const std::string& name, const std::string& work_dir, const std::string& url) {
    if (name == "sqlite") return std::make_unique<SqliteBackend>(work_dir);
    if (name != "postgresql" && name != "mariadb")
        throw std::runtime_error("unknown backend \"" + name + "\" (sqlite, postgresql, mariadb)");
    if (url.empty())
        throw std::runtime_error("no server URL for " + name + ": pass --" + (name == "mariadb" ? "mariadb" : "postgres") + "-url");
    if (name == "postgresql") return std::make_unique<PostgresBackend>(work_dir, url);
    return std::make_unique<MariadbBackend>(work_dir, url);
}

}  // namespace autogen::bench
