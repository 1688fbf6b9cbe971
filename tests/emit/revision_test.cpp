#include <doctest/doctest.h>

#include <filesystem>

#include "core/error.hpp"
#include "emit/revision.hpp"
#include "emit/sqlite/renderer.hpp"
#include "sqlite_support.hpp"

using namespace autogen;
using namespace autogen::test;
using namespace autogen::emit;

namespace {

const std::string before_hash = "sha256:" + std::string(64, 'a');
const std::string after_hash = "sha256:" + std::string(64, 'b');

core::Index verified_index() {
    core::Index index;
    index.name = "ix_users_verified_at";
    core::IndexKey key;
    key.column = "verified_at";
    index.keys.push_back(key);
    return index;
}

// The example of CLI.md, in SQLite.
Revision example(std::vector<std::string> revises = {}, std::string id = "3f2a9c1b7d4e") {
    const core::QualifiedName users{"", "users"};
    const auto column = col("verified_at", "TIMESTAMP");
    const sqlite::SqliteRenderer renderer;
    const auto up = renderer.render_all({step(diff::AddColumn{users, column, {}}),
                                         step(diff::CreateIndex{users, verified_index(), {}}, diff::hazard_lock)});
    const auto down = renderer.render_all(
        {step(diff::DropIndex{users, verified_index(), {}}),
         step(diff::DropColumn{users, column, {}}, diff::hazard_data_loss | diff::hazard_table_rewrite)});
    RevisionRequest request;
    request.message = "Add e-mail verification\nto users";
    request.dialect = core::Dialect::sqlite;
    request.revises = std::move(revises);
    request.rev_id = std::move(id);
    request.epoch = 1795429800;  // 2026-11-23 10:30:00 UTC
    request.schema_before = before_hash;
    request.schema_after = after_hash;
    return make_revision(request, up, down);
}

const std::string example_text = "-- Add e-mail verification to users\n"
                                 "--\n"
                                 "-- Revision ID: 3f2a9c1b7d4e\n"
                                 "-- Revises: 1a2b3c4d5e6f\n"
                                 "-- Create Date: 2026-11-23 10:30:00 UTC\n"
                                 "-- Dialect: sqlite\n"
                                 "-- Autogen: " AUTOGEN_VERSION "\n"
                                 "-- Transactional: yes\n"
                                 "-- Schema-Before: sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
                                 "-- Schema-After: sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
                                 "\n"
                                 "-- migrate:up transaction:false\n"
                                 "BEGIN;\n"
                                 "-- 1/2 add column users.verified_at\n"
                                 "ALTER TABLE users ADD COLUMN verified_at TIMESTAMP;\n"
                                 "-- 2/2 create index ix_users_verified_at on users\n"
                                 "CREATE INDEX ix_users_verified_at ON users (verified_at);\n"
                                 "COMMIT;\n"
                                 "\n"
                                 "-- migrate:down transaction:false\n"
                                 "BEGIN;\n"
                                 "-- 1/2 drop index ix_users_verified_at on users\n"
                                 "DROP INDEX ix_users_verified_at;\n"
                                 "-- 2/2 drop column users.verified_at  [destructive: data in this column is lost]\n"
                                 "ALTER TABLE users DROP COLUMN verified_at;\n"
                                 "COMMIT;\n";

}  // namespace

TEST_CASE("emit::revision file text and name are exact and reproducible") {
    const auto revision = example({"1a2b3c4d5e6f"});
    CHECK(revision.file_name == "20261123103000_3f2a9c1b7d4e_add_e_mail_verification_to_users.sql");
    CHECK(render_revision(revision) == example_text);
    CHECK(render_revision(example({"1a2b3c4d5e6f"})) == example_text);

    const auto first = example();
    CHECK(render_revision(first).find("-- Revises:\n") != std::string::npos);
    const auto merge = example({"1a2b3c4d5e6f", "0123456789ab"});
    CHECK(render_revision(merge).find("-- Revises: 1a2b3c4d5e6f, 0123456789ab\n") != std::string::npos);
}

TEST_CASE("emit::revision header parses back") {
    const auto revision = example({"1a2b3c4d5e6f", "0123456789ab"});
    const auto header = parse_revision_header(render_revision(revision), "x.sql");
    CHECK(header == revision.header);
    CHECK(header.revises == std::vector<std::string>{"1a2b3c4d5e6f", "0123456789ab"});
    CHECK(header.autogen_version == AUTOGEN_VERSION);
    // Windows line endings read the same.
    std::string crlf;
    for (char c : render_revision(revision)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    CHECK(parse_revision_header(crlf, "x.sql") == revision.header);
    try {
        parse_revision_header("-- no id here\n-- migrate:up\nSELECT 1;\n", "versions/bad.sql");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind == ErrorKind::input);
        CHECK(e.location == "versions/bad.sql");
        CHECK(std::string(e.what()).find("Revision ID") != std::string::npos);
    }
}

TEST_CASE("emit::revision slug, ids, dates, transactional label") {
    CHECK(slug("Add e-mail verification to users") == "add_e_mail_verification_to_users");
    CHECK(slug("  Über   große Tabelle!! v2 ") == "ber_gro_e_tabelle_v2");
    CHECK(slug("one two three four five six seven eight nine ten") == "one_two_three_four_five_six_seven_eight");
    CHECK(slug(std::string(50, 'x')) == std::string(40, 'x'));
    CHECK(slug("!!!") == "revision");
    for (int i = 0; i < 20; ++i) CHECK(is_revision_id(random_revision_id()));
    CHECK_FALSE(is_revision_id("3F2A9C1B7D4E"));
    CHECK_FALSE(is_revision_id("3f2a9c1b7d4"));
    CHECK(format_create_date(0) == "1970-01-01 00:00:00 UTC");
    CHECK(schema_hash("abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    Script script;
    CHECK(transactional_label(script) == "no");
    script.blocks.push_back(Block{});
    CHECK(transactional_label(script) == "yes");
    script.blocks.push_back(Block{});
    CHECK(transactional_label(script) == "2 blocks");
    script.blocks[0].transactional = script.blocks[1].transactional = false;
    CHECK(transactional_label(script) == "no");

    RevisionRequest request;
    request.message = "x";
    request.rev_id = "not-an-id";
    CHECK_THROWS_AS(make_revision(request, {}, {}), Error);
    request.rev_id.reset();
    request.message = " \n ";
    CHECK_THROWS_AS(make_revision(request, {}, {}), Error);
    request.message = "random";
    CHECK(is_revision_id(make_revision(request, {}, {}).header.id));
}

TEST_CASE("emit::revision write is atomic and never overwrites") {
    TempDir dir;
    const std::string versions = dir.file("versions");
    const auto revision = example({"1a2b3c4d5e6f"});
    const std::string path = write_revision(versions, revision);
    CHECK(path == versions + "/" + revision.file_name);
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == example_text);

    write_file(path, "edited by hand\n");
    try {
        write_revision(versions, revision);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.location == path);
        CHECK(std::string(e.what()).find("refusing to overwrite") != std::string::npos);
    }
    std::ifstream again(path);
    std::stringstream kept;
    kept << again.rdbuf();
    CHECK(kept.str() == "edited by hand\n");
    // No temporary file is left behind.
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(versions)) ++entries;
    CHECK(entries == 1);
}

TEST_CASE("emit::revision reading a versions directory") {
    TempDir dir;
    const std::string versions = dir.file("versions");
    CHECK(read_versions(versions, core::Dialect::sqlite).head() == nullptr);  // no directory yet: first revision

    const auto first = example({}, "000000000001");
    auto second = example({"000000000001"}, "000000000002");
    second.file_name = "20261124000000_000000000002_second.sql";
    write_revision(versions, first);
    write_revision(versions, second);
    write_file(versions + "/README.md", "not a revision");
    auto history = read_versions(versions, core::Dialect::sqlite);
    REQUIRE(history.files.size() == 2);
    REQUIRE(history.head() != nullptr);
    CHECK(history.head()->header.id == "000000000002");
    CHECK(history.head()->path == versions + "/" + second.file_name);

    SUBCASE("another dialect") {
        CHECK_THROWS_WITH_AS(read_versions(versions, core::Dialect::postgresql),
                             doctest::Contains("dialect sqlite"), Error);
    }
    SUBCASE("two heads") {
        auto third = example({"000000000001"}, "000000000003");
        third.file_name = "20261125000000_000000000003_third.sql";
        write_revision(versions, third);
        history = read_versions(versions, core::Dialect::sqlite);
        CHECK(history.heads().size() == 2);
        try {
            history.head();
            FAIL("no error");
        } catch (const Error& e) {
            const std::string message = e.what();
            CHECK(message.find("two heads: 000000000002 (" + versions + "/" + second.file_name + ") and 000000000003 (" +
                               versions + "/" + third.file_name + ")") != std::string::npos);
        }
        // A merge revision that revises both makes one head again.
        auto merge = example({"000000000002", "000000000003"}, "000000000004");
        merge.file_name = "20261126000000_000000000004_merge.sql";
        write_revision(versions, merge);
        CHECK(read_versions(versions, core::Dialect::sqlite).head()->header.id == "000000000004");
    }
    SUBCASE("duplicate id") {
        auto copy = example({}, "000000000001");
        copy.file_name = "20261127000000_000000000001_copy.sql";
        write_revision(versions, copy);
        try {
            read_versions(versions, core::Dialect::sqlite);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("duplicate revision id 000000000001") != std::string::npos);
            CHECK(e.location == versions + "/" + copy.file_name);
        }
    }
    SUBCASE("missing Revision ID") {
        write_file(versions + "/20261128000000_bad.sql", "-- hand written\n-- migrate:up\nSELECT 1;\n");
        CHECK_THROWS_WITH_AS(read_versions(versions, core::Dialect::sqlite), doctest::Contains("Revision ID"), Error);
    }
    SUBCASE("cycle") {
        std::filesystem::remove(versions + "/" + first.file_name);
        auto looped = example({"000000000002"}, "000000000001");
        looped.file_name = "20261129000000_000000000001_loop.sql";
        write_revision(versions, looped);
        CHECK_THROWS_WITH_AS(read_versions(versions, core::Dialect::sqlite), doctest::Contains("revision cycle"),
                             Error);
    }
    SUBCASE("unknown parent") {
        auto orphan = example({"00000000abcd"}, "000000000005");
        orphan.file_name = "20261129000000_000000000005_orphan.sql";
        write_revision(versions, orphan);
        CHECK_THROWS_WITH_AS(read_versions(versions, core::Dialect::sqlite), doctest::Contains("00000000abcd"), Error);
    }
    SUBCASE("an unapplied head blocks the next revision") {
        CHECK_THROWS_WITH_AS(check_head_applied(history, before_hash), doctest::Contains("has not been applied"),
                             Error);
        CHECK_NOTHROW(check_head_applied(history, after_hash));
    }
}

TEST_CASE("emit::revision show extracts sections that apply with sqlite3") {
    const std::string text = render_revision(example());
    const std::string up = show_section(text, Section::up, "f.sql");
    const std::string down = show_section(text, Section::down, "f.sql");
    CHECK(up == "BEGIN;\n-- 1/2 add column users.verified_at\nALTER TABLE users ADD COLUMN verified_at TIMESTAMP;\n"
                "-- 2/2 create index ix_users_verified_at on users\n"
                "CREATE INDEX ix_users_verified_at ON users (verified_at);\nCOMMIT;\n");
    CHECK(down.rfind("BEGIN;\n-- 1/2 drop index", 0) == 0);
    CHECK(down.find("migrate") == std::string::npos);
    CHECK_THROWS_AS(show_section("-- Revision ID: 000000000001\n", Section::up, "f.sql"), Error);

    TempDir dir;
    const std::string db = dir.file("app.db");
    REQUIRE(apply_sql(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);", dir.file("seed.sql")).status ==
            0);
    const std::string schema = query(db, "SELECT sql FROM sqlite_schema ORDER BY name");
    const std::string path = write_revision(dir.file("versions"), example());
    auto result = apply_sql(db, show_file(path, Section::up), dir.file("up.sql"));
    REQUIRE_MESSAGE(result.status == 0, result.output);
    CHECK(query(db, "SELECT name FROM pragma_table_info('users') ORDER BY cid") == "id\nemail\nverified_at\n");
    result = apply_sql(db, show_file(path, Section::down), dir.file("down.sql"));
    REQUIRE_MESSAGE(result.status == 0, result.output);
    CHECK(query(db, "SELECT sql FROM sqlite_schema ORDER BY name") == schema);
    CHECK_THROWS_AS(show_file(dir.file("missing.sql"), Section::up), Error);
}
