// Helpers for integration tests: run the autogen binary and database clients, temp dirs, files.
#pragma once

#include <filesystem>
#include <string>

namespace autogen::testing {

/// The output and exit code of a shell command.
struct Result {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

/// Runs a command through /bin/sh, capturing stdout and stderr.
Result sh(const std::string& command);

/// Quotes a string for /bin/sh.
std::string quote(const std::string& text);

/// The autogen binary built with the tests.
std::string autogen_binary();

/// The repository root.
std::filesystem::path source_dir();

/// The shared real-world fixtures: $AUTOGEN_REAL_FIXTURES, else shared/fixtures/real beside the clone or above it.
std::filesystem::path real_fixtures();

/// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// Reads a whole file.
std::string read_file(const std::filesystem::path& path);

/// Writes a whole file.
void write_file(const std::filesystem::path& path, const std::string& content);

/// Runs autogen with arguments (already shell-quoted where needed).
Result run_autogen(const std::string& args);

}  // namespace autogen::testing
