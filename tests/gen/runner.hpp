// The property runner: each generated case through the whole round trip on a real database, shrunk when it fails.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "tests/gen/generator.hpp"
#include "tests/integration/harness.hpp"

namespace autogen::testing::gen {

/// Where a case failed. While shrinking, a smaller case "still fails" when it fails at the same stage.
enum class Stage {
    none,         // passed
    generate,     // the generated model does not load or validate: a generator bug
    create_a,     // A could not be created from an empty database
    fidelity_a,   // introspect(create(A)) differs from A
    create_b,
    fidelity_b,
    diff_self,    // diff(A, A) or diff(B, B) is not empty
    insert_rows,  // the generated rows were refused: a generator bug
    revision,     // autogen revision failed
    upgrade,      // the upgrade section failed (not on rows, or in an op without the may_fail hazard)
    check_b,      // check against B after the upgrade found drift
    integrity,    // PRAGMA integrity_check / foreign_key_check (or the server's equivalent) complained
    dump_b,       // the upgraded database's own dump differs from B created fresh
    rows_up,      // rows changed by the upgrade
    downgrade,
    check_a,
    dump_a,       // the downgraded database's own dump differs from A created fresh
    rows_down,
    atomicity,    // an upgrade that failed on the rows left the database changed
};

/// The stage's name, as failure folders and logs spell it.
std::string to_string(Stage stage);

/// What one run of a case found.
struct Outcome {
    Stage stage = Stage::none;
    std::string message;
    bool rows_dropped = false;  // a step with the may_fail_on_existing_rows hazard failed on the rows: ran without them
    std::string revision;       // the revision file's text, when one was written
    std::filesystem::path work; // the folder the (last) run wrote its files to
    bool ok() const { return stage == Stage::none; }
};

/// A database system the runner creates fresh databases on and talks to with the system's own client.
class Backend {
public:
    virtual ~Backend() = default;
    /// The dialect of the databases it creates.
    virtual core::Dialect dialect() const = 0;
    /// A new empty database named after `label`; returns its URL.
    virtual std::string create(const std::string& label) = 0;
    /// Runs a SQL file with the database's client, stopping at the first error, foreign keys enforced: how the
    /// revision's sections are applied.
    virtual Result apply(const std::string& url, const std::filesystem::path& sql) = 0;
    /// Runs a script that sets a database up (creating A, inserting rows), stopping at the first error, foreign
    /// keys enforced; through a driver where that is faster than the client.
    virtual Result load(const std::string& url, const std::string& sql) = 0;
    /// Runs SQL and returns its output, one line per row, columns separated by '\x1f'.
    virtual Result query(const std::string& url, const std::string& sql) = 0;
    /// The database's own account of its schema (catalog and pragmas), normalized so that only what the model
    /// holds can differ: column order, autoindex numbering, white space and quoting do not show.
    virtual std::string dump(const std::string& url) = 0;
    /// Starts dump(url) and returns what finishes it: a backend whose dump is a client process runs it beside the
    /// runner's next step (which must not change the database before the result is taken).
    virtual std::function<std::string()> start_dump(const std::string& url) {
        return [this, url] { return dump(url); };
    }
    /// What the database's own consistency checks (and a check that no NOT NULL column of `expected` holds NULL)
    /// report; "" when nothing.
    virtual std::string integrity_problems(const std::string& url, const Schema& expected) = 0;
    /// The line of the SQL file where the statement that made apply() fail starts, when the client says.
    virtual std::optional<int> failed_line(const Result& result) const = 0;
    /// A query listing `columns` of `table`, one row per line prefixed with `tag`, values spelled with their type.
    virtual std::string select_rows(const std::string& tag, const std::string& table,
                                    const std::vector<std::string>& columns) const = 0;
    /// A query giving the next value of the table's autoincrement counter as one line prefixed with `tag`, or ""
    /// where the dialect keeps none apart from the rows.
    virtual std::string select_counter(const std::string& tag, const std::string& table) const = 0;
};

/// The backend of a dialect, creating its databases under `work_dir` (SQLite) or on the server named by
/// AUTOGEN_TEST_POSTGRES_URL / AUTOGEN_TEST_MYSQL_URL; throws std::runtime_error when it is not available.
std::unique_ptr<Backend> make_backend(core::Dialect dialect, const std::filesystem::path& work_dir);

/// How the runner runs.
struct Options {
    std::string autogen = autogen_binary();
    std::filesystem::path failures;  // failing cases are saved under failures/<dialect>-<seed>; empty: not saved
    std::string replay_program = "build/tests/proptest";
    bool shrink = true;
    /// How long shrinking one seed may take; 0: as long as it needs. Past it the smallest case found so far is kept.
    std::chrono::seconds shrink_budget{0};
    bool verbose = false;
};

/// Runs a case with the listed steps of its mutation: create A, rows, revision, upgrade, check, rows, downgrade,
/// check, rows, dumps; diff(A, A) and introspect(create(A)) == A. A step that fails on the rows and carries the
/// may_fail_on_existing_rows hazard makes it run again without rows.
/// Files go to `work_dir` when given (kept), else to a temporary folder.
Outcome run_case(const Case& c, const std::vector<std::size_t>& steps, const Options& options,
                 const std::filesystem::path& work_dir = {});

/// What running one seed found.
struct SeedReport {
    std::uint64_t seed = 0;
    Outcome outcome;                 // of the whole case, or of the shrunk one when it failed
    std::vector<std::size_t> steps;  // the steps of the (shrunk) failing case
    std::vector<std::string> step_descriptions;
    std::filesystem::path saved;     // where the failing case was saved
    std::string replay;              // the command that replays the seed
    bool ok() const { return outcome.ok(); }
};

/// Generates and runs a seed; a failure is shrunk (delta debugging over the mutation's steps) and saved.
SeedReport run_seed(core::Dialect dialect, std::uint64_t seed, const Options& options);

/// A one-paragraph account of a failing seed: stage, steps, replay command, folder, message head.
std::string describe(const SeedReport& report, core::Dialect dialect);

}  // namespace autogen::testing::gen
