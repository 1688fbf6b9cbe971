// End-to-end tests on real SQLite files: the autogen binary and the sqlite3 client, as a user runs them.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness.hpp"

using namespace autogen::testing;
namespace fs = std::filesystem;

namespace {

std::string url_of(const fs::path& db) { return quote("sqlite:///" + db.string()); }

// Creates a database from a SQL file with the sqlite3 client, failing the test on any error.
void load_sql(const fs::path& db, const fs::path& sql) {
    const auto r = sh("sqlite3 -bail " + quote(db.string()) + " < " + quote(sql.string()));
    REQUIRE_MESSAGE(r.exit_code == 0, "loading " << sql << ": " << r.err);
}

// Applies one section of a revision file the way CLI.md says: autogen show, piped into sqlite3 -bail,
// with foreign keys ON in the applying session as applications run.
Result apply_section(const fs::path& db, const fs::path& revision, const std::string& which) {
    return sh(quote(autogen_binary()) + " show " + quote(revision.string()) + " --" + which +
              " | sqlite3 -bail -cmd 'PRAGMA foreign_keys=ON' " + quote(db.string()));
}

std::string query(const fs::path& db, const fs::path& sql_file) {
    const auto r = sh("sqlite3 -bail " + quote(db.string()) + " < " + quote(sql_file.string()));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return r.out;
}

std::vector<fs::path> sorted_entries(const fs::path& dir, const std::string& extension = "") {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (extension.empty() || entry.path().extension() == extension) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_SUITE("sqlite") {

TEST_CASE("sqlite round trip on every fixture pair: upgrade converges, downgrade restores, rows survive") {
    const auto pairs = source_dir() / "fixtures" / "sqlite" / "pairs";
    auto cases = sorted_entries(pairs);
    cases.push_back(source_dir() / "fixtures" / "demo");
    REQUIRE(cases.size() >= 10);
    for (const auto& dir : cases) {
        CAPTURE(dir);
        TempDir tmp;
        const auto db = tmp / "app.db";
        const auto a_sql = fs::exists(dir / "a.sql") ? dir / "a.sql" : dir / "app_v1.sql";
        const auto b_json = fs::exists(dir / "b.json") ? dir / "b.json" : dir / "target.json";
        load_sql(db, a_sql);
        const auto a_json = tmp / "a.json";
        auto r = run_autogen("introspect --db " + url_of(db) + " -o " + quote(a_json.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const bool has_check = fs::exists(dir / "check.sql");
        const std::string rows_before = has_check ? query(db, dir / "check.sql") : "";

        r = run_autogen("check --db " + url_of(db) + " --target " + quote(b_json.string()));
        CHECK_MESSAGE(r.exit_code == 1, "check before the upgrade must see drift: " << r.out << r.err);

        const auto versions = tmp / "versions";
        r = run_autogen("revision --db " + url_of(db) + " --target " + quote(b_json.string()) + " -m 'round trip' --versions " +
                    quote(versions.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const auto files = sorted_entries(versions, ".sql");
        REQUIRE(files.size() == 1);
        const auto revision = files.front();

        r = apply_section(db, revision, "up");
        REQUIRE_MESSAGE(r.exit_code == 0, "upgrade failed: " << r.err << "\n" << read_file(revision));
        r = run_autogen("check --db " + url_of(db) + " --target " + quote(b_json.string()));
        CHECK_MESSAGE(r.exit_code == 0, "after upgrade: " << r.out << r.err << "\n" << read_file(revision));
        if (has_check) CHECK_MESSAGE(query(db, dir / "check.sql") == rows_before, "rows changed by the upgrade");
        const auto integrity = sh("sqlite3 " + quote(db.string()) + " 'PRAGMA integrity_check; PRAGMA foreign_key_check;'");
        CHECK(integrity.out == "ok\n");

        r = apply_section(db, revision, "down");
        REQUIRE_MESSAGE(r.exit_code == 0, "downgrade failed: " << r.err << "\n" << read_file(revision));
        r = run_autogen("check --db " + url_of(db) + " --target " + quote(a_json.string()));
        CHECK_MESSAGE(r.exit_code == 0, "after downgrade: " << r.out << r.err << "\n" << read_file(revision));
        if (has_check) CHECK_MESSAGE(query(db, dir / "check.sql") == rows_before, "rows changed by the downgrade");
    }
}

TEST_CASE("sqlite real-world schemas: no false positives, and re-created from JSON they introspect the same") {
    const auto dir = real_fixtures() / "sqlite";
    REQUIRE_MESSAGE(fs::exists(dir), "the shared fixtures are missing: " << dir);
    const auto files = sorted_entries(dir, ".sql");
    REQUIRE(files.size() == 6);
    for (const auto& sql : files) {
        CAPTURE(sql);
        TempDir tmp;
        const auto db = tmp / "real.db";
        load_sql(db, sql);
        const auto json = tmp / "schema.json";
        auto r = run_autogen("introspect --db " + url_of(db) + " -o " + quote(json.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        r = run_autogen("check --db " + url_of(db) + " --target " + quote(json.string()));
        CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);

        // Re-create from the JSON alone: diff from an empty database, apply, introspect again.
        const auto fresh = tmp / "fresh.db";
        REQUIRE(sh("sqlite3 " + quote(fresh.string()) + " 'VACUUM;'").exit_code == 0);
        const auto up = tmp / "up.sql";
        r = run_autogen("diff --from " + url_of(fresh) + " --to " + quote(json.string()) + " > " + quote(up.string()));
        REQUIRE_MESSAGE(r.exit_code == 1, r.err);
        r = sh("sqlite3 -bail " + quote(fresh.string()) + " < " + quote(up.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err << "\n" << read_file(up).substr(0, 4000));
        const auto again = tmp / "again.json";
        r = run_autogen("introspect --db " + url_of(fresh) + " -o " + quote(again.string()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        // The same JSON, but for the count of virtual tables: they are not compared, so not re-created.
        auto original = nlohmann::json::parse(read_file(json));
        auto recreated = nlohmann::json::parse(read_file(again));
        original.erase("not_compared");
        recreated.erase("not_compared");
        CHECK_MESSAGE(original == recreated, "introspected again:\n" << read_file(again));
        r = run_autogen("diff --from " + quote(json.string()) + " --to " + quote(again.string()) + " --format text");
        CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
    }
}

}  // TEST_SUITE
