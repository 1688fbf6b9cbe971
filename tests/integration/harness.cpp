#include "harness.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace autogen::testing {

std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

Result sh(const std::string& command) {
    // stderr goes to a temp file so that both streams are kept apart without threads.
    TempDir dir;
    const auto err_path = dir / "stderr";
    const std::string full = "( " + command + " ) 2>" + quote(err_path.string());
    Result result;
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed: " + command);
    std::array<char, 65536> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.err = read_file(err_path);
    return result;
}

std::string autogen_binary() { return AUTOGEN_BINARY; }

std::filesystem::path source_dir() { return AUTOGEN_SOURCE_DIR; }

std::filesystem::path real_fixtures() {
    // ../shared beside the clone; a worktree one level deeper (wt/<branch>) finds it one level up.
    if (const char* dir = std::getenv("AUTOGEN_REAL_FIXTURES"); dir != nullptr && *dir != '\0') return dir;
    for (auto base = source_dir().parent_path(); !base.empty() && base != base.parent_path(); base = base.parent_path()) {
        const auto candidate = base / "shared" / "fixtures" / "real";
        if (std::filesystem::exists(candidate)) return candidate;
    }
    return source_dir().parent_path() / "shared" / "fixtures" / "real";
}

TempDir::TempDir() {
    static thread_local std::mt19937_64 rng(std::random_device{}());  // one per thread: the property runner creates two databases side by side
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::ostringstream name;
        name << "autogen-test-" << std::hex << rng();
        auto candidate = std::filesystem::temp_directory_path() / name.str();
        if (std::filesystem::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_file(const std::filesystem::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

Result run_autogen(const std::string& args) { return sh(quote(autogen_binary()) + " " + args); }

}  // namespace autogen::testing
