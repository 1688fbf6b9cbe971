#include "bench/backend.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

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

}  // namespace

std::unique_ptr<Backend> make_backend(const std::string& name, const std::string& work_dir, const std::string&) {
    if (name == "sqlite") return std::make_unique<SqliteBackend>(work_dir);
    throw std::runtime_error("unknown backend \"" + name + "\" (this build has: sqlite)");
}

}  // namespace autogen::bench
