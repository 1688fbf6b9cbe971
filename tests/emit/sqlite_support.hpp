// Test helpers for the SQLite renderer: model builders and a runner for the sqlite3 command-line client.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <sys/wait.h>

#include "core/model.hpp"
#include "diff/op.hpp"
#include "diff/plan.hpp"

namespace autogen::test {

/// A column with a type and nullability.
inline core::Column col(std::string name, std::string type, bool nullable = true) {
    core::Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

/// A table in the default schema.
inline core::Table table(std::string name, std::vector<core::Column> columns) {
    core::Table t;
    t.name = std::move(name);
    t.columns = std::move(columns);
    return t;
}

/// A UNIQUE constraint.
inline core::UniqueConstraint unique(std::optional<std::string> name, std::vector<std::string> columns) {
    core::UniqueConstraint u;
    u.name = std::move(name);
    u.columns = std::move(columns);
    return u;
}

/// A CHECK constraint.
inline core::CheckConstraint check(std::optional<std::string> name, std::string expression) {
    core::CheckConstraint c;
    c.name = std::move(name);
    c.expression = std::move(expression);
    return c;
}

/// A step with no hazards.
inline diff::Step step(diff::Op op, diff::Hazards hazards = 0) { return diff::Step{std::move(op), hazards, ""}; }

/// The exit code and combined output of a shell command.
struct RunResult {
    int status = -1;
    std::string output;
};

/// Runs a shell command, capturing stdout and stderr.
inline RunResult run(const std::string& command) {
    RunResult result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    const int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

/// A temporary directory removed at the end of the scope.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("autogen_test_" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

/// Writes text to a file.
inline void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

/// Quotes text for a POSIX shell.
inline std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// Applies SQL to a database file the way CLI.md documents it: `sqlite3 -bail`, foreign keys on.
inline RunResult apply_sql(const std::string& db, const std::string& sql, const std::string& scratch_file) {
    write_file(scratch_file, sql);
    return run("sqlite3 -bail -cmd 'PRAGMA foreign_keys=ON' " + shell_quote(db) + " < " + shell_quote(scratch_file));
}

/// Runs SQL (foreign keys off, as a fresh connection has them) and returns its output: list mode, `|` separated.
inline std::string query(const std::string& db, const std::string& sql) {
    return run("sqlite3 " + shell_quote(db) + " " + shell_quote(sql)).output;
}

}  // namespace autogen::test
