// Bad input: each case is a clear message on stderr, exit code 2, and nothing written anywhere.
#include <doctest/doctest.h>

#include <filesystem>
#include <vector>

#include "harness.hpp"

using namespace autogen::testing;
namespace fs = std::filesystem;

namespace {

struct Workspace {
    TempDir tmp;
    fs::path db = tmp / "app.db";
    fs::path versions = tmp / "versions";
    Workspace() {
        REQUIRE(sh("sqlite3 " + quote(db.string()) + " 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);'").exit_code == 0);
    }
    std::string url() const { return quote("sqlite:///" + db.string()); }
    fs::path target(const std::string& json) const {
        const auto path = tmp / "target.json";
        write_file(path, json);
        return path;
    }
    std::string schema_dump() const { return sh("sqlite3 " + quote(db.string()) + " .schema").out; }
};

// Runs revision and drift -o against a target and requires exit 2, the message, and no file written.
void expect_rejected(Workspace& w, const fs::path& target, const std::string& message) {
    const auto schema_before = w.schema_dump();
    const auto report = w.tmp / "report.txt";
    for (const std::string& cmd : std::vector<std::string>
         {"revision --db " + w.url() + " --target " + quote(target.string()) + " -m x --versions " + quote(w.versions.string()),
          "drift --db " + w.url() + " --target " + quote(target.string()) + " -o " + quote(report.string()),
          "check --db " + w.url() + " --target " + quote(target.string())}) {
        CAPTURE(cmd);
        const auto r = run_autogen(cmd);
        CHECK(r.exit_code == 2);
        CHECK_MESSAGE(r.err.find(message) != std::string::npos, r.err);
        CHECK(r.out.empty());
    }
    CHECK_FALSE(fs::exists(w.versions));
    CHECK_FALSE(fs::exists(report));
    CHECK(w.schema_dump() == schema_before);
}

const std::string head = R"j({"format": "autogen-schema/1", "dialect": "sqlite", )j";

}  // namespace

TEST_SUITE("sqlite") {

TEST_CASE("bad input: malformed JSON names the file, line and column") {
    Workspace w;
    expect_rejected(w, w.target("{\"format\": \"autogen-schema/1\",\n  \"tables\": [\n}"), "target.json:3:");
}

TEST_CASE("bad input: unknown keys, types, duplicates and dangling references name the JSON path") {
    Workspace w;
    expect_rejected(w, w.target(head + R"j("tables": [{"name": "t", "colums": []}]})j"), "$.tables[0]");
    expect_rejected(w, w.target(R"j({"format": "autogen-schema/1", "tables": [{"name": "t", "columns": [{"name": "id", "type": "varchr(10)"}]}]})j"),
                    "$.tables[0].columns[0].type");
    expect_rejected(w, w.target(head + R"j("tables": [{"name": "t", "columns": [{"name": "a", "type": "TEXT"}, {"name": "a", "type": "TEXT"}]}]})j"),
                    "$.tables[0].columns[1]");
    expect_rejected(w, w.target(head + R"j("tables": [{"name": "t", "columns": [{"name": "a", "type": "TEXT"}], "primary_key": {"columns": ["b"]}}]})j"),
                    "$.tables[0].primary_key");
    expect_rejected(w, w.target(R"j({"format": "autogen-schema/9", "tables": []})j"), "$.format");
}

TEST_CASE("bad input: a missing database file is an error and is not created") {
    TempDir tmp;
    const auto missing = tmp / "missing.db";
    const auto target = tmp / "t.json";
    write_file(target, R"j({"format": "autogen-schema/1", "tables": []})j");
    const auto r = run_autogen("check --db " + quote("sqlite:///" + missing.string()) + " --target " + quote(target.string()));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("missing.db") != std::string::npos);
    CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("bad input: a bad target is the error reported even when the database cannot be read either") {
    // The target is parsed while the database is read; whichever finishes first, the target's error wins.
    TempDir tmp;
    const auto missing = tmp / "missing.db";
    const auto target = tmp / "t.json";
    write_file(target, R"j({"format": "autogen-schema/1", "tables": [{"name": "t", "colums": []}]})j");
    for (const std::string& cmd : {std::string("check"), std::string("drift")}) {
        const auto r = run_autogen(cmd + " --db " + quote("sqlite:///" + missing.string()) + " --target " + quote(target.string()));
        CHECK(r.exit_code == 2);
        CHECK_MESSAGE(r.err.find("$.tables[0]") != std::string::npos, r.err);
        CHECK_MESSAGE(r.err.find("missing.db") == std::string::npos, r.err);
    }
    CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("bad input: a versions directory with two heads names both") {
    Workspace w;
    fs::create_directories(w.versions);
    for (const std::string& id : std::vector<std::string>{"aaaaaaaaaaaa", "bbbbbbbbbbbb"})
        write_file(w.versions / ("20260101000000_" + id + "_x.sql"),
                   "-- x\n--\n-- Revision ID: " + id + "\n-- Revises: \n-- Dialect: sqlite\n\n-- migrate:up transaction:false\n\n-- migrate:down transaction:false\n");
    const auto target = w.target(head + R"j("tables": []})j");
    const auto r = run_autogen("revision --db " + w.url() + " --target " + quote(target.string()) + " -m x --versions " +
                           quote(w.versions.string()));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("aaaaaaaaaaaa") != std::string::npos);
    CHECK(r.err.find("bbbbbbbbbbbb") != std::string::npos);
    int files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(w.versions)) ++files;
    CHECK(files == 2);
}

TEST_CASE("exit codes: check is 0 when equal, 1 on drift; revision writes nothing without changes") {
    Workspace w;
    const auto same = w.target(head + R"j("tables": [{"name": "t", "columns": [{"name": "id", "type": "INTEGER", "nullable": false}, {"name": "name", "type": "TEXT"}], "primary_key": {"columns": ["id"]}}]})j");
    CHECK(run_autogen("check --db " + w.url() + " --target " + quote(same.string())).exit_code == 0);
    auto r = run_autogen("revision --db " + w.url() + " --target " + quote(same.string()) + " -m nothing --versions " +
                     quote(w.versions.string()));
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("no changes") != std::string::npos);
    CHECK_FALSE(fs::exists(w.versions));
    const auto other = w.target(head + R"j("tables": []})j");
    CHECK(run_autogen("check --db " + w.url() + " --target " + quote(other.string())).exit_code == 1);
}

TEST_CASE("config: the command line beats DATABASE_URL, which beats autogen.toml") {
    Workspace w;
    TempDir other;
    const auto other_db = other / "other.db";
    REQUIRE(sh("sqlite3 " + quote(other_db.string()) + " 'CREATE TABLE x (id INTEGER PRIMARY KEY);'").exit_code == 0);
    const auto target = w.target(head + R"j("tables": [{"name": "t", "columns": [{"name": "id", "type": "INTEGER", "nullable": false}, {"name": "name", "type": "TEXT"}], "primary_key": {"columns": ["id"]}}]})j");
    write_file(w.tmp / "autogen.toml", "db = \"sqlite:///" + other_db.string() + "\"\ntarget = \"" + target.string() + "\"\n");
    const std::string cd = "cd " + quote(w.tmp.path().string()) + " && ";
    // The file alone: the other database, which drifts.
    CHECK(sh(cd + "env -u DATABASE_URL " + quote(autogen_binary()) + " check").exit_code == 1);
    // The environment beats the file.
    CHECK(sh(cd + "DATABASE_URL=" + w.url() + " " + quote(autogen_binary()) + " check").exit_code == 0);
    // The command line beats the environment.
    CHECK(sh(cd + "DATABASE_URL=" + quote("sqlite:///" + other_db.string()) + " " + quote(autogen_binary()) +
             " check --db " + w.url()).exit_code == 0);
}

}  // TEST_SUITE

TEST_SUITE("sqlite") {

TEST_CASE("revision refuses a second revision while the head was never applied") {
    Workspace w;
    const auto target = w.target(head + R"j("tables": [{"name": "t", "columns": [{"name": "id", "type": "INTEGER", "nullable": false}, {"name": "name", "type": "TEXT"}, {"name": "extra", "type": "TEXT"}], "primary_key": {"columns": ["id"]}}]})j");
    const std::string cmd = "revision --db " + w.url() + " --target " + quote(target.string()) + " -m first --versions " +
                            quote(w.versions.string());
    auto r = run_autogen(cmd);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    r = run_autogen(cmd);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find("has not been applied") != std::string::npos, r.err);
    int files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(w.versions)) ++files;
    CHECK(files == 1);
}

TEST_CASE("not compared objects: a warning and exit 0, or exit 2 with --raiseerr") {
    Workspace w;
    REQUIRE(sh("sqlite3 " + quote(w.db.string()) + " 'CREATE VIRTUAL TABLE docs USING fts4(body);'").exit_code == 0);
    const auto target = w.target(head + R"j("tables": [{"name": "t", "columns": [{"name": "id", "type": "INTEGER", "nullable": false}, {"name": "name", "type": "TEXT"}], "primary_key": {"columns": ["id"]}}]})j");
    auto r = run_autogen("check --db " + w.url() + " --target " + quote(target.string()));
    CHECK(r.exit_code == 0);
    CHECK_MESSAGE(r.err.find("virtual_table not compared") != std::string::npos, r.err);
    r = run_autogen("--raiseerr check --db " + w.url() + " --target " + quote(target.string()));
    CHECK(r.exit_code == 2);
}

TEST_CASE("drift --format json is an autogen-report/1 document") {
    Workspace w;
    const auto target = w.target(head + R"j("tables": []})j");
    const auto r = run_autogen("drift --format json --db " + w.url() + " --target " + quote(target.string()));
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("\"format\": \"autogen-report/1\"") != std::string::npos);
    CHECK(r.out.find("\"op\": \"drop_table\"") != std::string::npos);
    CHECK(r.out.find("\"data_loss\"") != std::string::npos);
}

}  // TEST_SUITE
