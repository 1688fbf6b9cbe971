// Helpers for the SQLite introspection tests: temporary database files built from SQL text.
#pragma once

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/model.hpp"
#include "introspect/inspector.hpp"
#include "introspect/sqlite/inspector.hpp"

namespace autogen::test {

/// A fresh directory under the system temp directory, removed with everything in it on destruction.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "autogen-sqlite-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    /// The path of a file named `name` inside the directory.
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

/// Creates the database file `path` and runs `sql` in it; throws std::runtime_error with SQLite's message on failure.
inline void exec_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot create " + path);
    }
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message != nullptr ? message : "unknown error";
        sqlite3_free(message);
        sqlite3_close(db);
        throw std::runtime_error("sqlite3_exec: " + text);
    }
    sqlite3_close(db);
}

/// Creates `name` in `dir` from `sql` and returns its path.
inline std::string make_database(const TempDir& dir, const std::string& name, const std::string& sql) {
    const std::string path = dir.file(name);
    exec_sql(path, sql);
    return path;
}

/// Introspects the database file at `path`.
inline core::Schema introspect_file(const std::string& path, const introspect::Filter& filter = {}) {
    introspect::sqlite::SqliteInspector inspector(path);
    return inspector.inspect(filter);
}

/// The table `name` of `schema`; throws when there is none.
inline const core::Table& find_table(const core::Schema& schema, const std::string& name) {
    for (const auto& table : *schema.tables)
        if (table.name == name) return table;
    throw std::runtime_error("no table " + name);
}

/// The column `name` of `table`; throws when there is none.
inline const core::Column& find_column(const core::Table& table, const std::string& name) {
    for (const auto& column : table.columns)
        if (column.name == name) return column;
    throw std::runtime_error("no column " + name + " in " + table.name);
}

/// The whole content of a text file.
inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace autogen::test
