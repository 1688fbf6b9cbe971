// The introspection progress line (issue 7): on stderr only when stderr is a terminal, never with --quiet.
#include <doctest/doctest.h>

#include <string>

#include "harness.hpp"

using namespace autogen::testing;

namespace {

// Creates a SQLite database of a few tables with the sqlite3 client.
void make_database(const TempDir& dir) {
    std::string sql;
    for (int i = 0; i < 20; ++i)
        sql += "CREATE TABLE t" + std::to_string(i) + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n";
    write_file(dir / "schema.sql", sql);
    const auto r = sh("sqlite3 -bail " + quote((dir / "app.db").string()) + " < " + quote((dir / "schema.sql").string()));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

// `autogen introspect` with the progress shown from the first report (no half-second wait), its stderr on a
// terminal: script(1) gives the command a pseudo-terminal and copies what it wrote there to stdout.
Result introspect_on_terminal(const TempDir& dir, const std::string& options, const std::string& output) {
    const std::string command = "AUTOGEN_PROGRESS_DELAY_MS=0 " + quote(autogen_binary()) + " " + options +
                                " introspect --db " + quote("sqlite:///" + (dir / "app.db").string()) + " -o " +
                                quote((dir / output).string());
    return sh("script -qec " + quote(command) + " /dev/null");
}

}  // namespace

TEST_SUITE("sqlite") {

TEST_CASE("introspection progress: phase and counts on a terminal, silent on a pipe and with --quiet") {
    TempDir dir;
    make_database(dir);

    // On a terminal: the phases and the table count, erased at the end.
    const Result terminal = introspect_on_terminal(dir, "", "a.json");
    REQUIRE_MESSAGE(terminal.exit_code == 0, terminal.out << terminal.err);
    CHECK(terminal.out.find("autogen: introspecting: catalog query: ") != std::string::npos);
    CHECK(terminal.out.find("autogen: introspecting: tables 0/20") != std::string::npos);
    CHECK(terminal.out.find("\r\x1b[K") != std::string::npos);

    // --quiet on a terminal: nothing.
    const Result quiet = introspect_on_terminal(dir, "--quiet", "b.json");
    REQUIRE_MESSAGE(quiet.exit_code == 0, quiet.out << quiet.err);
    CHECK(quiet.out.find("introspecting") == std::string::npos);

    // stderr redirected (not a terminal): nothing, and the model is the same.
    const Result piped = sh("AUTOGEN_PROGRESS_DELAY_MS=0 " + quote(autogen_binary()) + " introspect --db " +
                            quote("sqlite:///" + (dir / "app.db").string()) + " -o " + quote((dir / "c.json").string()));
    REQUIRE_MESSAGE(piped.exit_code == 0, piped.err);
    CHECK(piped.err.empty());
    CHECK(read_file(dir / "c.json") == read_file(dir / "a.json"));
}

}  // TEST_SUITE
