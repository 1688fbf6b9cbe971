// proptest: runs generated schema changes through the real round trip; replays one seed or soaks a range.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "tests/gen/runner.hpp"

namespace fs = std::filesystem;
using namespace autogen;
using namespace autogen::testing::gen;

namespace {

constexpr const char* usage = R"(usage: proptest [--dialect sqlite|postgresql|mariadb] (--seed N | --seeds FROM-TO | --seconds N [--start S])
                [--log FILE] [--failures DIR] [--autogen PATH] [--no-shrink] [--verbose]

  --seed N          replay one seed (shrinks and saves it when it fails)
  --seeds FROM-TO   soak a range; finished seeds are logged so a later run resumes where this one stopped
  --seconds N       soak for N seconds from --start (default: after the last logged seed)
  --log FILE        soak log (default: build/proptest-<dialect>.log)
  --failures DIR    where failing cases are saved (default: build/proptest-failures)
  --autogen PATH    the autogen binary to test (default: the one built with proptest)
  --no-shrink       keep the failing mutation whole
exit: 0 every seed passed, 1 a seed failed, 2 bad arguments or a run that could not start (no server)
)";

struct Range {
    std::uint64_t from = 0, to = 0;
};

// Seeds already run, from the log's "done <dialect> FROM-TO" lines.
std::set<std::uint64_t> done_seeds(const fs::path& log, const std::string& dialect) {
    std::set<std::uint64_t> out;
    std::ifstream in(log);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string word, d, range;
        if (!(words >> word >> d >> range) || word != "done" || d != dialect) continue;
        const auto dash = range.find('-');
        if (dash == std::string::npos) continue;
        const std::uint64_t from = std::stoull(range.substr(0, dash)), to = std::stoull(range.substr(dash + 1));
        for (std::uint64_t s = from; s <= to; ++s) out.insert(s);
    }
    return out;
}

void log_line(const fs::path& log, const std::string& line) {
    std::ofstream out(log, std::ios::app);
    out << line << "\n";
}

std::string head(const std::string& text, std::size_t lines) {
    std::istringstream in(text);
    std::string out, line;
    for (std::size_t i = 0; i < lines && std::getline(in, line); ++i) out += line + "\n";
    return out;
}

// Replays `seed`, or soaks `range` / `seconds` from `start` logging finished chunks; the process's exit code.
int run_seeds(core::Dialect dialect, const std::string& dialect_name, std::optional<std::uint64_t> seed,
              std::optional<Range> range, std::optional<long> seconds, std::optional<std::uint64_t> start,
              fs::path log, const Options& options) {
    auto run_one = [&](std::uint64_t s) {
        const auto began = std::chrono::steady_clock::now();
        const SeedReport report = run_seed(dialect, s, options);
        if (options.verbose)
            std::cerr << "  seed " << s << ": "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began).count()
                      << " ms\n";
        if (!report.ok()) {
            std::cout << describe(report, dialect) << head(report.outcome.message, 60) << std::flush;
        } else if (options.verbose || seed) {
            std::cout << describe(report, dialect) << "\n" << std::flush;
        }
        return report;
    };

    if (seed) return run_one(*seed).ok() ? 0 : 1;

    // Soak: chunks of seeds, each logged when finished, so that an interrupted soak loses at most one chunk.
    const auto done = done_seeds(log, dialect_name);
    const auto began = std::chrono::steady_clock::now();
    auto out_of_time = [&] {
        return seconds && std::chrono::steady_clock::now() - began >= std::chrono::seconds(*seconds);
    };
    std::uint64_t first = range ? range->from : start ? *start : (done.empty() ? 1 : *done.rbegin() + 1);
    const std::uint64_t last = range ? range->to : UINT64_MAX;
    std::uint64_t passed = 0, failed = 0, skipped = 0;
    constexpr std::uint64_t chunk = 50;
    for (std::uint64_t from = first; from <= last && !out_of_time(); from += chunk) {
        const std::uint64_t to = std::min(last, from + chunk - 1);
        std::uint64_t chunk_passed = 0, chunk_failed = 0, ran_to = from - 1;
        const auto chunk_began = std::chrono::steady_clock::now();
        for (std::uint64_t s = from; s <= to; ++s) {
            if (out_of_time()) break;
            ran_to = s;
            if (done.count(s)) {
                ++skipped;
                continue;
            }
            const SeedReport report = run_one(s);
            if (report.ok()) ++chunk_passed;
            else {
                ++chunk_failed;
                log_line(log, "fail " + dialect_name + " " + std::to_string(s) + " " + to_string(report.outcome.stage) +
                                  " " + report.saved.string());
            }
        }
        if (ran_to < from) break;
        passed += chunk_passed;
        failed += chunk_failed;
        const auto secs = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - chunk_began).count();
        log_line(log, "done " + dialect_name + " " + std::to_string(from) + "-" + std::to_string(ran_to) +
                          " ok=" + std::to_string(chunk_passed) + " fail=" + std::to_string(chunk_failed) +
                          " secs=" + std::to_string(secs));
        std::cout << "seeds " << from << "-" << ran_to << ": " << chunk_passed << " ok, " << chunk_failed << " failed ("
                  << secs << " s)\n"
                  << std::flush;
    }
    std::cout << "total: " << passed << " ok, " << failed << " failed, " << skipped << " already done (log: " << log.string()
              << ")\n";
    return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dialect_name = "sqlite";
    std::optional<std::uint64_t> seed, start;
    std::optional<Range> range;
    std::optional<long> seconds;
    fs::path log, failures = fs::path(AUTOGEN_BUILD_DIR) / "proptest-failures";
    Options options;
    options.replay_program = (fs::path(AUTOGEN_BUILD_DIR) / "tests" / "proptest").string();
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
                return argv[++i];
            };
            if (arg == "--dialect") dialect_name = value();
            else if (arg == "--seed") seed = std::stoull(value());
            else if (arg == "--seeds") {
                const std::string text = value();
                const auto dash = text.find('-');
                if (dash == std::string::npos) throw std::invalid_argument("--seeds FROM-TO");
                range = Range{std::stoull(text.substr(0, dash)), std::stoull(text.substr(dash + 1))};
            } else if (arg == "--seconds") seconds = std::stol(value());
            else if (arg == "--start") start = std::stoull(value());
            else if (arg == "--log") log = value();
            else if (arg == "--failures") failures = value();
            else if (arg == "--autogen") options.autogen = value();
            else if (arg == "--no-shrink") options.shrink = false;
            else if (arg == "--verbose") options.verbose = true;
            else if (arg == "--help" || arg == "-h") {
                std::cout << usage;
                return 0;
            } else throw std::invalid_argument("unknown argument " + arg);
        }
        if (!seed && !range && !seconds) throw std::invalid_argument("say which seeds: --seed, --seeds or --seconds");
    } catch (const std::exception& e) {
        std::cerr << "proptest: " << e.what() << "\n" << usage;
        return 2;
    }
    const auto dialect = core::dialect_from_string(dialect_name);
    if (!dialect || *dialect == core::Dialect::portable) {
        std::cerr << "proptest: unknown dialect " << dialect_name << "\n";
        return 2;
    }
    options.failures = failures;
    if (log.empty()) log = fs::path(AUTOGEN_BUILD_DIR) / ("proptest-" + dialect_name + ".log");

    // What keeps any seed from running (no server, no autogen binary) ends the run with 2, like bad arguments.
    try {
        return run_seeds(*dialect, dialect_name, seed, range, seconds, start, log, options);
    } catch (const std::exception& e) {
        std::cerr << "proptest: " << e.what() << "\n";
        return 2;
    }
}
