#include "tests/gen/runner.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

#ifdef AUTOGEN_HAVE_MYSQL
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>
#endif
#include <sqlite3.h>
#include <sys/wait.h>
#ifdef AUTOGEN_GEN_WITH_LIBPQ
#include <libpq-fe.h>
#endif
#include <unistd.h>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/resolve.hpp"
#include "core/sql_lexer.hpp"
#include "core/url.hpp"
#include "diff/capabilities.hpp"
#include "diff/hazards.hpp"
#include "diff/naming.hpp"
#include "diff/plan.hpp"
#include "emit/renderer.hpp"
#include "emit/revision.hpp"
#include "emit/mysql/renderer.hpp"
#include "emit/postgres/renderer.hpp"
#include "emit/sqlite/renderer.hpp"
#include "introspect/inspector.hpp"
#include "tests/gen/rows.hpp"

namespace fs = std::filesystem;

namespace autogen::testing::gen {
namespace {

// ---- SQL text as the dumps compare it ---------------------------------------------------------------------
// Deliberately not the engine's lexer: a dump must not share the engine's blind spots. Identifiers lose their
// quotes and ASCII case (SQLite ignores both), white space goes; everything else is kept as written.

std::string lower_ascii(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::vector<std::string> sql_tokens(std::string_view s, bool fold_case = true) {
    std::vector<std::string> out;
    std::size_t i = 0;
    const std::size_t n = s.size();
    auto word_char = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; };
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (std::isspace(c)) {
            ++i;
        } else if (c == '-' && i + 1 < n && s[i + 1] == '-') {
            while (i < n && s[i] != '\n') ++i;
        } else if (c == '\'') {
            std::size_t j = i + 1;
            while (j < n && !(s[j] == '\'' && (j + 1 >= n || s[j + 1] != '\''))) j += s[j] == '\'' ? 2 : 1;
            out.emplace_back(s.substr(i, j + 1 - i));
            i = j + 1;
        } else if (c == '"' || c == '`' || c == '[') {
            const char close = c == '[' ? ']' : static_cast<char>(c);
            std::string value;
            std::size_t j = i + 1;
            while (j < n) {
                if (s[j] == close) {
                    if (close != ']' && j + 1 < n && s[j + 1] == close) {
                        value += close;
                        j += 2;
                        continue;
                    }
                    break;
                }
                value += s[j++];
            }
            if (!fold_case) {
                // One token stays one word of the normalized text: its spaces become U+2423 (open box).
                std::string word;
                for (char ch : value) word += ch == ' ' ? std::string("\u2423") : std::string(1, ch);
                value = word;
            }
            out.push_back(fold_case ? lower_ascii(value) : value);
            i = j + 1;
        } else if (word_char(c)) {
            std::size_t j = i;
            while (j < n && word_char(static_cast<unsigned char>(s[j]))) ++j;
            // A bare word is case-insensitive on every server; only a quoted one may keep its case.
            out.push_back(lower_ascii(std::string(s.substr(i, j - i))));
            i = j;
        } else {
            static const std::vector<std::string> pairs = {"<>", "<=", ">=", "!=", "==", "||"};
            const std::string two(s.substr(i, 2));
            if (std::find(pairs.begin(), pairs.end(), two) != pairs.end()) {
                out.push_back(two);
                i += 2;
            } else {
                out.emplace_back(1, static_cast<char>(c));
                ++i;
            }
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

std::string normalize_sql(std::string_view sql) { return join(sql_tokens(sql), " "); }

// Tokens [begin, end) with parentheses that wrap all of them removed, as often as they do.
void unwrap(std::vector<std::string>& tokens, std::size_t begin, std::size_t end) {
    while (end - begin >= 2 && tokens[begin] == "(" && tokens[end - 1] == ")") {
        int depth = 0;
        bool whole = true;
        for (std::size_t i = begin; i + 1 < end && whole; ++i) {
            if (tokens[i] == "(") ++depth;
            if (tokens[i] == ")" && --depth == 0) whole = false;
        }
        if (!whole) return;
        tokens.erase(tokens.begin() + static_cast<long>(end - 1));
        tokens.erase(tokens.begin() + static_cast<long>(begin));
        end -= 2;
    }
}

// Tokens [begin, end) with parenthesized AND (OR) chains inside AND (OR) chains merged (core's rule for comparing
// expressions): PostgreSQL prints a check written with BETWEEN inside an AND as nested ANDs, and merges the left
// one into the chain when a check is created from that text, so the same check dumps two ways.
void merge_chains(std::vector<std::string>& tokens, std::size_t begin, std::size_t end) {
    std::vector<core::Token> typed;
    for (std::size_t i = begin; i < end; ++i) {
        const std::string& t = tokens[i];
        const bool word = std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_';
        typed.push_back(core::Token{word ? core::TokenKind::word : (t == "(" || t == ")") ? core::TokenKind::punct
                                                                                       : core::TokenKind::op,
                                    t, 0, t});
    }
    std::vector<std::string> merged;
    for (const auto& token : core::merge_boolean_chains(typed)) merged.push_back(token.text);
    tokens.erase(tokens.begin() + static_cast<long>(begin), tokens.begin() + static_cast<long>(end));
    tokens.insert(tokens.begin() + static_cast<long>(begin), merged.begin(), merged.end());
}

// A table item's text; the expression of a CHECK loses parentheses around all of it ("CHECK ((x > 0))" is
// "CHECK (x > 0)"), which a target may add and the engine writes as given, and around chains in chains.
std::string normalize_item(std::vector<std::string> item) {
    const auto check = std::find(item.begin(), item.end(), "check");
    if (check != item.end() && check + 1 != item.end() && *(check + 1) == "(" && item.back() == ")") {
        const auto begin = static_cast<std::size_t>(check - item.begin()) + 2;
        unwrap(item, begin, item.size() - 1);
        merge_chains(item, begin, item.size() - 1);
    }
    return join(item, " ");
}

// A CREATE TABLE as the set of its column and constraint definitions plus its options: SQLite does not compare
// column order (MODEL.md), and a rebuilt table may list its constraints in another order.
// `item_map` rewrites each item before they are sorted.
std::string normalize_create_table(std::string_view sql, bool fold_case = true,
                                   const std::function<std::string(const std::string&)>& item_map = {}) {
    const auto tokens = sql_tokens(sql, fold_case);
    const auto open = std::find(tokens.begin(), tokens.end(), "(");
    if (open == tokens.end()) return join(tokens, " ");
    std::vector<std::string> items, item;
    int depth = 0;
    auto it = open + 1;
    for (; it != tokens.end(); ++it) {
        if (*it == "(") ++depth;
        if (*it == ")" && depth-- == 0) break;
        if (*it == "," && depth == 0) {
            items.push_back(normalize_item(item));
            item.clear();
            continue;
        }
        item.push_back(*it);
    }
    items.push_back(normalize_item(item));
    if (item_map)
        for (auto& i : items) i = item_map(i);
    std::sort(items.begin(), items.end());
    std::vector<std::string> options(it == tokens.end() ? it : it + 1, tokens.end());
    return "(" + join(items, " , ") + ") " + join(options, " ");
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string sorted_lines(const std::string& text) {
    auto lines = lines_of(text);
    std::sort(lines.begin(), lines.end());
    return join(lines, "\n");
}

// ---- SQLite -----------------------------------------------------------------------------------------------

const char* const sqlite_dump_sql = R"sql(
SELECT 'obj' || char(31) || type || char(31) || name || char(31) || tbl_name || char(31) ||
       replace(replace(coalesce(sql, ''), char(13), ' '), char(10), ' ')
FROM sqlite_schema WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\';
SELECT 'tbl' || char(31) || name || char(31) || type || char(31) || ncol || char(31) || wr || char(31) || strict
FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite\_%' ESCAPE '\';
SELECT 'col' || char(31) || m.name || char(31) || c.name || char(31) || c.type || char(31) || c."notnull" || char(31) ||
       coalesce(c.dflt_value, '-') || char(31) || c.pk || char(31) || c.hidden
FROM sqlite_schema AS m JOIN pragma_table_xinfo(m.name) AS c
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\';
SELECT 'idx' || char(31) || m.name || char(31) || CASE il.origin WHEN 'c' THEN il.name ELSE il.origin END || char(31) ||
       il."unique" || char(31) || il.partial || char(31) ||
       coalesce((SELECT group_concat(k, ',') FROM (
           SELECT coalesce(x.name, '(expression)') || ' ' || x."desc" || ' ' || x.coll AS k
           FROM pragma_index_xinfo(il.name) AS x WHERE x.key = 1 ORDER BY x.seqno)), '')
FROM sqlite_schema AS m JOIN pragma_index_list(m.name) AS il
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\';
SELECT 'fk' || char(31) || t || char(31) || "table" || char(31) || group_concat("from" || '>' || coalesce("to", '(key)'), ',') ||
       char(31) || on_update || char(31) || on_delete || char(31) || "match"
FROM (SELECT m.name AS t, f.* FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.name, f.id, f.seq)
GROUP BY t, id;
)sql";

// Runs SQL in one connection of the SQLite library: the runner's own reads, which would otherwise cost a client
// process each. Rows come back one per line, columns separated by '\x1f'.
Result sqlite_exec(const std::string& path, const std::string& sql) {
    Result result;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        result.err = std::string("cannot open ") + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return result;
    }
    auto collect = [](void* out, int n, char** values, char**) {
        auto& text = *static_cast<std::string*>(out);
        for (int i = 0; i < n; ++i) text += (i ? "\x1f" : "") + std::string(values[i] ? values[i] : "");
        text += "\n";
        return 0;
    };
    char* message = nullptr;
    const int rc = sqlite3_exec(db, ("PRAGMA foreign_keys=ON;\n" + sql).c_str(), collect, &result.out, &message);
    if (rc != SQLITE_OK) {
        result.err = message ? message : sqlite3_errstr(rc);
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    sqlite3_free(message);
    sqlite3_close(db);
    result.exit_code = rc == SQLITE_OK ? 0 : 1;
    return result;
}

class SqliteBackend final : public Backend {
public:
    explicit SqliteBackend(fs::path dir) : dir_(std::move(dir)) {}

    core::Dialect dialect() const override { return core::Dialect::sqlite; }

    std::string create(const std::string& label) override {
        const fs::path path = fs::absolute(dir_ / (label + ".db"));
        fs::remove(path);
        std::ofstream(path).close();  // an empty file is an empty SQLite database
        return "sqlite:///" + path.string();
    }

    Result apply(const std::string& url, const fs::path& sql) override {
        return sh("sqlite3 -bail -cmd 'PRAGMA foreign_keys=ON' " + quote(path_of(url)) + " < " + quote(sql.string()));
    }

    Result load(const std::string& url, const std::string& sql) override { return sqlite_exec(path_of(url), sql); }

    Result query(const std::string& url, const std::string& sql) override { return sqlite_exec(path_of(url), sql); }

    std::string dump(const std::string& url) override {
        const Result r = query(url, sqlite_dump_sql);
        if (r.exit_code != 0) throw std::runtime_error("sqlite dump failed: " + r.err);
        std::vector<std::string> lines;
        for (auto line : lines_of(r.out)) {
            if (line.rfind("obj\x1f", 0) == 0) {
                // obj, type, name, tbl_name, sql
                std::vector<std::string> fields;
                std::size_t start = 0;
                for (int f = 0; f < 4; ++f) {
                    const std::size_t end = line.find('\x1f', start);
                    fields.push_back(line.substr(start, end - start));
                    start = end + 1;
                }
                const std::string sql = line.substr(start);
                line = join(fields, " | ") + " | " + (fields[1] == "table" ? normalize_create_table(sql) : normalize_sql(sql));
            } else {
                // Names, types, collations and actions are ASCII case-insensitive to SQLite (a target may spell a
                // type "integer"); a column's default is not.
                std::vector<std::string> fields;
                std::size_t start = 0;
                for (;;) {
                    const std::size_t end = line.find('\x1f', start);
                    fields.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
                    if (end == std::string::npos) break;
                    start = end + 1;
                }
                for (std::size_t f = 0; f < fields.size(); ++f)
                    if (!(fields[0] == "col" && f == 5)) fields[f] = lower_ascii(fields[f]);
                line = join(fields, "\x1f");
            }
            std::replace(line.begin(), line.end(), '\x1f', '|');
            lines.push_back(line);
        }
        std::sort(lines.begin(), lines.end());
        return join(lines, "\n") + "\n";
    }

    std::string integrity_problems(const std::string& url, const Schema& expected) override {
        // SQLite 3.40's integrity_check reports "NULL value in t.c" for NOT NULL columns of WITHOUT ROWID tables
        // that hold no NULL at all (its own false positive, fixed in later releases): those lines are dropped
        // and the NOT NULL columns are queried directly instead.
        std::string sql = "PRAGMA integrity_check;\nPRAGMA foreign_key_check;\n";
        for (const auto& t : expected.tables)
            for (const auto& c : t.columns)
                if (!c.nullable)
                    sql += "SELECT 'NULL in ' || " + emit::sqlite::quote_literal(t.name + "." + c.name) + " FROM " +
                           emit::sqlite::quote_identifier(t.name) + " WHERE " + emit::sqlite::quote_identifier(c.name) +
                           " IS NULL LIMIT 1;\n";
        const Result r = query(url, sql);
        std::string problems = r.exit_code == 0 ? "" : r.err;
        for (const auto& line : lines_of(r.out))
            if (line != "ok" && line.rfind("NULL value in ", 0) != 0) problems += line + "\n";
        return problems;
    }

    std::optional<int> failed_line(const Result& result) const override {
        static const std::regex near_line("near line ([0-9]+)");
        std::smatch m;
        if (std::regex_search(result.err, m, near_line)) return std::stoi(m[1].str());
        return std::nullopt;
    }

    // A counter of 0 is no counter: an INSERT ... SELECT of no rows leaves one behind for a table that had none.
    std::string select_counter(const std::string& tag, const std::string& table) const override {
        return "SELECT " + emit::sqlite::quote_literal(tag) + " || char(31) || 'seq' || char(31) || seq FROM sqlite_sequence" +
               " WHERE seq > 0 AND name = " + emit::sqlite::quote_literal(table) + ";\n";
    }

    std::string select_rows(const std::string& tag, const std::string& table,
                            const std::vector<std::string>& columns) const override {
        std::string out = "SELECT " + emit::sqlite::quote_literal(tag);
        for (const auto& c : columns) out += " || char(31) || quote(" + emit::sqlite::quote_identifier(c) + ")";
        return out + " FROM " + emit::sqlite::quote_identifier(table) + ";\n";
    }

private:
    static std::string path_of(const std::string& url) { return url.substr(std::string("sqlite:///").size()); }

    fs::path dir_;
};

// ---- PostgreSQL and MariaDB ---------------------------------------------------------------------------------

// Split a dump into statements (each ends with ';' at the end of a line), without comments and session settings.
std::vector<std::string> dump_statements(const std::string& text, const std::vector<std::string>& skipped_prefixes) {
    std::vector<std::string> out;
    std::string current;
    for (const auto& line : lines_of(text)) {
        if (current.empty()) {
            if (line.empty() || line.rfind("--", 0) == 0) continue;
            if (std::any_of(skipped_prefixes.begin(), skipped_prefixes.end(),
                            [&](const std::string& p) { return line.rfind(p, 0) == 0; }))
                continue;
        }
        current += line + "\n";
        if (!line.empty() && line.back() == ';') {
            out.push_back(current);
            current.clear();
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

// The integrity checks the servers do not make themselves when a revision switches them off or a column is
// declared and never enforced: no NULL in a NOT NULL column, no child row without its parent.
// True when a PostgreSQL section commits in more than one block (BEGIN; ... COMMIT; more than once).
bool in_several_blocks(const std::string& section) {
    std::size_t begins = 0;
    std::istringstream in(section);
    for (std::string line; std::getline(in, line);)
        if (line == "BEGIN;") ++begins;
    return begins > 1;
}

std::string server_integrity_sql(const Schema& expected) {
    const core::Dialect dialect = expected.dialect;
    auto qi = [&](const std::string& name) { return quote_identifier(name, dialect, true); };
    auto ql = [&](const std::string& text) {
        return is_mysql_family(dialect) ? emit::mysql::quote_literal(text) : emit::postgres::quote_literal(text);
    };
    std::string sql;
    for (const auto& t : expected.tables) {
        for (const auto& c : t.columns)
            if (!c.nullable)
                sql += "SELECT " + ql("NULL in " + t.name + "." + c.name) + " FROM " + qi(t.name) + " WHERE " +
                       qi(c.name) + " IS NULL LIMIT 1;\n";
        for (const auto& f : t.foreign_keys) {
            const Table* parent = expected.table(f.parent);
            if (!parent) continue;
            std::string present, match;
            for (std::size_t i = 0; i < f.columns.size(); ++i) {
                const Column* c = t.column(f.columns[i]);
                const Column* pc = parent->column(f.parent_columns[i]);
                if (!c || !pc) continue;
                present += std::string(i ? " AND " : "") + "c." + qi(c->name) + " IS NOT NULL";
                // A key may join columns of different collations ("C" to "POSIX"): PostgreSQL cannot pick one for
                // the comparison (a hash join refuses it), so this query names one; equality is the same under both.
                const bool collations_differ = dialect == core::Dialect::postgresql && c->collation != pc->collation;
                match += std::string(i ? " AND " : "") + "p." + qi(pc->name) + " = c." + qi(c->name) +
                         (collations_differ ? " COLLATE \"C\"" : "");
            }
            sql += "SELECT " + ql("orphan row in " + t.name + " for " + parent->name) + " FROM " + qi(t.name) +
                   " AS c WHERE " + present + " AND NOT EXISTS (SELECT 1 FROM " + qi(parent->name) + " AS p WHERE " +
                   match + ") LIMIT 1;\n";
        }
    }
    return sql;
}

// What those checks find on a server (a row per problem), "" when nothing.
std::string server_integrity_problems(Backend& backend, const std::string& url, const Schema& expected) {
    const std::string sql = server_integrity_sql(expected);
    if (sql.empty()) return "";
    const Result r = backend.query(url, sql);
    return r.exit_code == 0 ? r.out : r.err;
}

#ifdef AUTOGEN_GEN_WITH_LIBPQ
// The server's own binaries, not Debian's /usr/bin wrappers: those are Perl scripts that cost a third of a second
// to start, and a seed runs some twenty of them.
std::string pg_tool(const std::string& name) {
    const char* bin = std::getenv("AUTOGEN_PG_BIN");
    const fs::path dir = bin && *bin ? fs::path(bin) : fs::path("/usr/lib/postgresql/15/bin");
    return fs::exists(dir / name) ? quote((dir / name).string()) : name;
}

// One libpq connection: the runner's own statements (creating databases, loading A, inserting rows, reading
// rows back) go through it instead of a psql process each, which is most of what a PostgreSQL seed used to cost.
class PgConnection {
public:
    explicit PgConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            const std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
            PQfinish(conn_);
            throw std::runtime_error("cannot connect to " + url + ": " + message);
        }
        // psql -q prints NOTICEs to stderr, where nobody reads them; here they are not printed at all.
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    }
    ~PgConnection() { PQfinish(conn_); }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Runs a script as one simple query: its statements in one implicit transaction, stopping at the first error
    // (a script that fails leaves nothing behind). Rows of every statement come back one per line, columns
    // separated by '\x1f', NULL as an empty string, as psql -A -t prints a single column.
    Result run(const std::string& sql) {
        Result result;
        if (!PQsendQuery(conn_, sql.c_str())) {
            result.exit_code = 1;
            result.err = PQerrorMessage(conn_);
            return result;
        }
        bool failed = false;
        while (PGresult* res = PQgetResult(conn_)) {
            const ExecStatusType status = PQresultStatus(res);
            if (status == PGRES_TUPLES_OK) {
                for (int row = 0, rows = PQntuples(res), columns = PQnfields(res); row < rows; ++row) {
                    for (int column = 0; column < columns; ++column) {
                        if (column) result.out += '\x1f';
                        result.out.append(PQgetvalue(res, row, column), static_cast<std::size_t>(PQgetlength(res, row, column)));
                    }
                    result.out += '\n';
                }
            } else if (status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) {
                failed = true;
                result.err += PQresultErrorMessage(res);
            }
            PQclear(res);
        }
        result.exit_code = failed ? 1 : 0;
        return result;
    }

private:
    PGconn* conn_;
};

// A client started with popen that runs beside the runner; its output (messages only: the client writes its
// result to a file) is read when the runner waits for it. One never waited for is waited for when it goes.
class ClientProcess {
public:
    explicit ClientProcess(const std::string& command) : pipe_(popen(command.c_str(), "r")) {
        if (!pipe_) throw std::runtime_error("cannot start: " + command);
    }
    ~ClientProcess() {
        if (pipe_) pclose(pipe_);
    }
    ClientProcess(const ClientProcess&) = delete;
    ClientProcess& operator=(const ClientProcess&) = delete;

    // Waits for the client; returns its exit code (-1 when it did not exit) and appends its output to `out`.
    int wait(std::string& out) {
        if (!pipe_) return -1;
        std::array<char, 4096> buffer{};
        std::size_t n;
        while ((n = fread(buffer.data(), 1, buffer.size(), pipe_)) > 0) out.append(buffer.data(), n);
        const int status = pclose(pipe_);
        pipe_ = nullptr;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

private:
    FILE* pipe_;
};

class PostgresBackend final : public Backend {
public:
    PostgresBackend(const std::string& server_url, fs::path dir) : dir_(std::move(dir)) {
        base_ = server_url.substr(0, server_url.rfind('/') + 1);
        admin_ = server_url;
    }

    ~PostgresBackend() override {
        connections_.clear();  // a database with a session of ours open would need FORCE to go
        try {
            for (const auto& name : created_) admin().run("DROP DATABASE IF EXISTS " + qi(name) + " WITH (FORCE)");
        } catch (const std::exception&) {
            // The server is gone: its databases went with it.
        }
    }

    core::Dialect dialect() const override { return core::Dialect::postgresql; }

    // Fresh databases are copies of an empty template made once per server, which is faster than template0's
    // copy with its checks, and makes every database of a run alike.
    std::string create(const std::string& label) override {
        const std::lock_guard<std::mutex> lock(mutex_);  // one admin session for the databases created side by side
        static bool template_ready = false;
        if (!template_ready) {
            // Already there from an earlier run, or made by a run beside this one: either is the same empty database.
            admin().run("CREATE DATABASE autogen_proptest_template TEMPLATE template0 IS_TEMPLATE true");
            template_ready = true;
        }
        static int counter = 0;
        const std::string name = "pt_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + label;
        // FILE_COPY copies the template's few files where the default strategy logs every block of it: with fsync
        // off (scripts/pg-server.sh) the checkpoints it asks for cost little, and a database comes in half the time.
        const Result r = admin().run("CREATE DATABASE " + qi(name) + " TEMPLATE autogen_proptest_template STRATEGY FILE_COPY");
        if (r.exit_code != 0) throw std::runtime_error("creating database " + name + ": " + r.err);
        created_.push_back(name);
        return base_ + name;
    }

    Result apply(const std::string& url, const fs::path& sql) override {
        return sh(pg_tool("psql") + " -X -q -v ON_ERROR_STOP=1 -d " + quote(url) + " -f " + quote(sql.string()));
    }

    Result load(const std::string& url, const std::string& sql) override { return connection(url).run(sql); }

    Result query(const std::string& url, const std::string& sql) override { return connection(url).run(sql); }

    std::string dump(const std::string& url) override { return start_dump(url)(); }

    // pg_dump writes to a file while the runner goes on (an autogen process reading the same database, typically);
    // the returned function waits for it and normalizes what it wrote.
    std::function<std::string()> start_dump(const std::string& url) override {
        const fs::path file = dir_ / ("dump-" + std::to_string(++dumps_) + ".sql");
        fs::create_directories(dir_);
        const std::string command = pg_tool("pg_dump") + " -s -x -O -f " + quote(file.string()) + " -d " + quote(url) + " 2>&1";
        auto process = std::make_shared<ClientProcess>(command);
        return [process, file] {
            std::string messages;
            const int status = process->wait(messages);
            if (status != 0) throw std::runtime_error("pg_dump failed: " + messages);
            return normalize_dump(read_file(file));
        };
    }

    // pg_dump -s, statement by statement, sorted; a CREATE TABLE as the set of its items (PostgreSQL appends new
    // columns and column order is not compared). A sequence that a column owns (serial, identity) is named by its
    // column: the model does not hold that name, and a renamed table keeps its sequence's old one.
    static std::string normalize_dump(const std::string& dump_text) {
        // A constraint or index the model leaves unnamed is matched by its structure, so a renamed table keeps the
        // names autogen gave it under its old name: those names (autogen's suffixes) are not compared. In a CREATE
        // TABLE they are replaced before its items are sorted, so that the order does not follow the old names.
        static const std::regex generated_name(R"((constraint|index) (\S+)_(pkey|key|fkey|check|idx)[0-9]* )");
        auto unname = [](const std::string& text) { return std::regex_replace(text, generated_name, "$1 (generated)_$3 "); };
        std::vector<std::string> statements;
        for (const auto& text : dump_statements(dump_text, {"SET ", "SELECT pg_catalog.set_config", "\\restrict", "\\unrestrict"}))
            statements.push_back(text.rfind("CREATE TABLE", 0) == 0 ? "create table " + normalize_create_table(text, false, unname)
                                                                     : join(sql_tokens(text, false), " "));
        // A DEFAULT NULL that PostgreSQL keeps (cast for a typmod's coercion, `NULL::character varying`) is no
        // default, to autogen as to the server: a column given one and a column without one compare equal, so a
        // fresh database and an upgraded one may differ by it alone (soak seeds 5830, 5889). Not compared.
        static const std::regex null_default(R"( default null : : [^,)]*?(?= not null| collate| ,| \)|$))");
        for (auto& st : statements) st = std::regex_replace(st, null_default, "");
        static const std::regex owned(R"(^alter sequence public \. (\S+) owned by public \. (\S+) \. (\S+) ;$)");
        static const std::regex identity(R"(alter table (?:only )?public \. (\S+) alter column (\S+) add generated .* sequence name public \. (\S+) )");
        std::vector<std::pair<std::string, std::string>> renames;
        for (const auto& st : statements) {
            std::smatch m;
            if (std::regex_search(st, m, owned)) renames.emplace_back(m[1].str(), "owned_sequence_of_" + m[2].str() + "_" + m[3].str());
            if (std::regex_search(st, m, identity)) renames.emplace_back(m[3].str(), "owned_sequence_of_" + m[1].str() + "_" + m[2].str());
        }
        auto replace_all = [](std::string& text, const std::string& from, const std::string& to) {
            for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) text.replace(at, from.size(), to);
        };
        for (auto& st : statements)
            for (const auto& [from, to] : renames) {
                // In nextval('...') the name is inside a string literal, with its spaces, and quoted there when it
                // needs quotes (a renamed column's sequence keeps its old name, which may not): that form first.
                std::string raw = from;
                replace_all(raw, "\u2423", " ");
                std::string quoted = raw;
                replace_all(quoted, "\"", "\"\"");
                replace_all(quoted, "'", "''");
                replace_all(st, "\"" + quoted + "\"", to);
                replace_all(st, from, to);
                replace_all(st, raw, to);
            }
        for (auto& st : statements) st = std::regex_replace(st, generated_name, "$1 (generated)_$3 ");
        std::sort(statements.begin(), statements.end());
        return join(statements, "\n") + "\n";
    }

    std::string integrity_problems(const std::string& url, const Schema& expected) override {
        return server_integrity_problems(*this, url, expected);
    }

    std::optional<int> failed_line(const Result& result) const override {
        static const std::regex at_line("psql:[^:]*:([0-9]+): ERROR");
        std::smatch m;
        if (std::regex_search(result.err, m, at_line)) return std::stoi(m[1].str());
        return std::nullopt;
    }

    std::string select_rows(const std::string& tag, const std::string& table,
                            const std::vector<std::string>& columns) const override {
        std::string out = "SELECT " + emit::postgres::quote_literal(tag);
        for (const auto& c : columns) out += " || chr(31) || quote_nullable(" + qi(c) + ")";
        return out + " FROM " + qi(table) + ";\n";
    }

    // Not compared: a PostgreSQL sequence is not rolled back with the rows, and the model holds no counter value.
    std::string select_counter(const std::string&, const std::string&) const override { return ""; }

private:
    static std::string qi(const std::string& name) { return emit::postgres::quote_identifier(name); }

    // The session of a database; each database is used by one thread at a time, so only the map is locked.
    PgConnection& connection(const std::string& url) {
        const std::lock_guard<std::mutex> lock(connections_mutex_);
        auto& slot = connections_[url];
        if (!slot) slot = std::make_unique<PgConnection>(url);
        return *slot;
    }

    PgConnection& admin() { return connection(admin_); }

    fs::path dir_;
    std::atomic<int> dumps_ = 0;
    std::string base_, admin_;
    std::mutex mutex_;  // the admin session and created_
    std::vector<std::string> created_;
    std::mutex connections_mutex_;
    std::map<std::string, std::unique_ptr<PgConnection>> connections_;  // by URL, opened on first use
};

#endif  // AUTOGEN_GEN_WITH_LIBPQ

#ifdef AUTOGEN_HAVE_MYSQL
// The runner's own statements on MariaDB (creating databases, loading A and its rows, reading rows back), run
// through one connection of the connector rather than a client process each; revisions are still applied with
// the `mariadb` client and dumped with `mariadb-dump`, the server's own tools.
class MysqlConnection {
public:
    explicit MysqlConnection(const core::DatabaseUrl& u) {
        sql::ConnectOptionsMap options;
        options["hostName"] = sql::SQLString(u.host.empty() ? "127.0.0.1" : u.host);
        options["port"] = u.port.value_or(3306);
        options["userName"] = sql::SQLString(u.user.empty() ? "root" : u.user);
        options["password"] = sql::SQLString(u.password.value_or(""));
        options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
        try {
            connection_.reset(sql::mysql::get_mysql_driver_instance()->connect(options));
        } catch (const sql::SQLException& e) {
            throw std::runtime_error(std::string("connecting to MariaDB: ") + e.what());
        }
    }

    // Runs each statement of a script in `database` ("" for none), stopping at the first error; rows of the
    // statements that return any come back one per line, columns separated by '\x1f', SQL NULL as "NULL".
    Result run(const std::string& database, const std::string& script) {
        Result result;
        try {
            std::unique_ptr<sql::Statement> statement(connection_->createStatement());
            if (database != current_) {
                if (!database.empty()) connection_->setSchema(database);
                current_ = database;
            }
            for (const auto& text : statements_of(script)) {
                if (!statement->execute(text)) continue;
                std::unique_ptr<sql::ResultSet> rows(statement->getResultSet());
                const unsigned width = rows->getMetaData()->getColumnCount();
                while (rows->next()) {
                    for (unsigned c = 1; c <= width; ++c)
                        result.out += (c > 1 ? "\x1f" : "") + (rows->isNull(c) ? std::string("NULL") : std::string(rows->getString(c)));
                    result.out += "\n";
                }
            }
            result.exit_code = 0;
        } catch (const sql::SQLException& e) {
            result.exit_code = 1;
            result.err = "ERROR " + std::to_string(e.getErrorCode()) + " (" + std::string(e.getSQLState()) + "): " + e.what() + "\n";
        }
        return result;
    }

private:
    // The statements of a script: split at each ';' outside quotes and comments (the generated scripts hold no
    // stored programs, whose bodies would need the client's DELIMITER).
    static std::vector<std::string> statements_of(const std::string& script) {
        std::vector<std::string> out;
        std::size_t begin = 0;
        for (const auto& token : core::tokenize(script, core::Dialect::mariadb)) {
            if (token.text != ";") continue;
            out.push_back(script.substr(begin, token.offset - begin));
            begin = token.offset + 1;
        }
        out.push_back(script.substr(begin));
        // A piece of only white space and comments is no statement.
        out.erase(std::remove_if(out.begin(), out.end(), [](const std::string& text) {
                      return core::tokenize(text, core::Dialect::mariadb).empty();
                  }),
                  out.end());
        return out;
    }

    std::unique_ptr<sql::Connection> connection_;
    std::string current_;
};

class MysqlBackend final : public Backend {
public:
    MysqlBackend(const std::string& server_url, fs::path dir) : dir_(std::move(dir)) {
        const core::DatabaseUrl u = core::parse_url(server_url);
        client_args_ = " -h " + quote(u.host.empty() ? "127.0.0.1" : u.host) + " -P " + std::to_string(u.port.value_or(3306)) +
                       " -u " + quote(u.user.empty() ? "root" : u.user);
        base_ = server_url.substr(0, server_url.rfind('/') + 1);
        connection_ = std::make_unique<MysqlConnection>(u);
    }

    ~MysqlBackend() override {
        for (const auto& name : created_) connection_->run("", "DROP DATABASE IF EXISTS " + qi(name));
    }

    core::Dialect dialect() const override { return core::Dialect::mariadb; }

    std::string create(const std::string& label) override {
        const std::lock_guard<std::mutex> lock(mutex_);  // one connection for the databases created side by side
        static int counter = 0;
        const std::string name = "pt_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + label;
        const Result r = connection_->run("", "CREATE DATABASE " + qi(name) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        if (r.exit_code != 0) throw std::runtime_error("creating database " + name + ": " + r.err);
        created_.push_back(name);
        databases_[base_ + name] = name;
        return base_ + name;
    }

    // Never --force: the first failing statement stops the run, as it would a deploy.
    Result apply(const std::string& url, const fs::path& sql) override {
        return sh("mariadb --batch" + client_args_ + " " + quote(database(url)) + " < " + quote(sql.string()));
    }

    Result load(const std::string& url, const std::string& sql) override { return run(url, sql); }

    Result query(const std::string& url, const std::string& sql) override { return run(url, sql); }

    // mariadb-dump --no-data, statement by statement, sorted; a table's columns keep their order (MariaDB places
    // them) while its keys and constraints are a set; the AUTO_INCREMENT counter is data, not schema.
    std::string dump(const std::string& url) override {
        const Result r = sh("mariadb-dump --no-data --skip-comments --skip-add-drop-table --skip-add-locks" + client_args_ +
                            " " + quote(database(url)));
        if (r.exit_code != 0) throw std::runtime_error("mariadb-dump failed: " + r.err);
        static const std::regex counter(R"( AUTO_INCREMENT=[0-9]+)");
        std::vector<std::string> statements;
        for (const auto& text : dump_statements(r.out, {"/*!", "SET "})) {
            if (text.rfind("CREATE TABLE", 0) != 0) {
                statements.push_back(join(sql_tokens(text), " "));
                continue;
            }
            std::vector<std::string> columns, others;
            std::string head, tail;
            for (const auto& line : lines_of(text)) {
                if (line.rfind("CREATE TABLE", 0) == 0) head = line;
                else if (line.rfind("  `", 0) == 0) columns.push_back(join(sql_tokens(line), " "));
                else if (line.rfind("  ", 0) == 0) others.push_back(join(without_generated_names(sql_tokens(line)), " "));
                else tail = std::regex_replace(line, counter, "");
            }
            // The last item has no comma: every item loses its own.
            for (auto* items : {&columns, &others})
                for (auto& i : *items)
                    if (i.size() >= 2 && i.compare(i.size() - 2, 2, " ,") == 0) i.erase(i.size() - 2);
            std::sort(others.begin(), others.end());
            statements.push_back(join(sql_tokens(head), " ") + " " + join(columns, " , ") + " | " + join(others, " , ") +
                                 " " + join(sql_tokens(tail), " "));
        }
        std::sort(statements.begin(), statements.end());
        return join(statements, "\n") + "\n";
    }

    // A constraint or index the model leaves unnamed is matched by its structure, so a renamed table keeps the
    // names autogen gave it under its old name (`<table>_<columns>_check`): those names are not compared.
    static std::vector<std::string> without_generated_names(std::vector<std::string> tokens) {
        static const std::regex generated_name(R"(^.+_(key|fkey|check|idx)[0-9]*$)");
        for (std::size_t i = 1; i < tokens.size(); ++i)
            if (tokens[i - 1] == "constraint" || tokens[i - 1] == "key")
                tokens[i] = std::regex_replace(tokens[i], generated_name, "(generated)_$1");
        return tokens;
    }

    std::string integrity_problems(const std::string& url, const Schema& expected) override {
        return server_integrity_problems(*this, url, expected);
    }

    std::optional<int> failed_line(const Result& result) const override {
        static const std::regex at_line("ERROR [0-9]+ \\([0-9A-Z]+\\) at line ([0-9]+)");
        std::smatch m;
        if (std::regex_search(result.err, m, at_line)) return std::stoi(m[1].str());
        return std::nullopt;
    }

    std::string select_rows(const std::string& tag, const std::string& table,
                            const std::vector<std::string>& columns) const override {
        std::string out = "SELECT CONCAT_WS(CHAR(31 USING utf8mb4), " + emit::mysql::quote_literal(tag);
        for (const auto& c : columns) out += ", QUOTE(" + qi(c) + ")";
        return out + ") FROM " + qi(table) + ";\n";
    }

    // Not compared yet: the model holds no AUTO_INCREMENT counter value.
    std::string select_counter(const std::string&, const std::string&) const override { return ""; }

private:
    static std::string qi(const std::string& name) {
        std::string out = "`";
        for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
        return out + "`";
    }

    Result run(const std::string& url, const std::string& sql) {
        const std::string name = database(url);
        const std::lock_guard<std::mutex> lock(mutex_);
        return connection_->run(name, sql);
    }

    std::string database(const std::string& url) {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto it = databases_.find(url);
        if (it == databases_.end()) throw std::logic_error("proptest: not a database of this run: " + url);
        return it->second;
    }

    fs::path dir_;
    std::string client_args_, base_;
    std::mutex mutex_;  // connection_, created_ and databases_: two databases are created side by side
    std::unique_ptr<MysqlConnection> connection_;
    std::vector<std::string> created_;
    std::map<std::string, std::string> databases_;
};
#endif  // AUTOGEN_HAVE_MYSQL

// ---- one run of a case ------------------------------------------------------------------------------------

// A column kept by the mutation under its A and B names; its values must survive both ways.
struct KeptTable {
    int id = -1;
    std::string a_name, b_name;
    std::vector<std::string> a_columns, b_columns;
    bool autoincrement = false;  // on the same column in A and B: its counter must survive too
};

std::vector<KeptTable> kept_tables(const Schema& a, const Schema& b) {
    std::vector<KeptTable> out;
    for (const auto& ta : a.tables) {
        const Table* tb = b.table(ta.id);
        if (!tb) continue;
        KeptTable kept{ta.id, ta.name, tb->name, {}, {}};
        for (const auto& ca : ta.columns) {
            const Column* cb = tb->column(ca.id);
            // A changed type may legitimately convert the stored values; generated values are recomputed.
            if (ca.autoincrement && cb && cb->autoincrement) kept.autoincrement = true;
            if (ca.generated || !cb || cb->generated ||
                lower_ascii(column_type(a, ca)) != lower_ascii(column_type(b, *cb)))
                continue;
            kept.a_columns.push_back(ca.name);
            kept.b_columns.push_back(cb->name);
        }
        out.push_back(std::move(kept));
    }
    return out;
}

std::string unified_diff(const fs::path& dir, const std::string& name, const std::string& expected,
                         const std::string& actual) {
    const fs::path e = dir / (name + ".expected"), a = dir / (name + ".actual");
    write_file(e, expected);
    write_file(a, actual);
    return sh("diff -u " + quote(e.string()) + " " + quote(a.string())).out;
}

std::string describe_plan(const diff::Plan& plan) {
    std::string out;
    for (const auto& step : plan.upgrade) out += "  " + diff::describe(step.op) + "\n";
    return out;
}

// The plan autogen computes for the database at `url`, whose model is `current`, against the target file: the same
// library, run in-process, to learn the hazards of the step that failed.
diff::Plan plan_for(const core::Schema& current, const std::string& url, const fs::path& target) {
    auto inspector = introspect::open_inspector(core::parse_url(url));
    core::Schema wanted = core::resolve(core::load_schema_file(target.string()), inspector->dialect());
    // Against `current`, as `autogen revision` does: this inspector read nothing, and without the current model a
    // PostgreSQL target's texts are not written under the old name of an enum it renames, which made a plan with
    // other steps than the revision's, and a step failing on the rows was not recognised (soak seed 3425).
    inspector->canonicalize(wanted, current);
    return diff::make_plan(current, wanted, diff::capabilities_for(inspector->dialect()));
}

// The plan autogen computes for the database at `url` against the target file.
diff::Plan plan_for(const std::string& url, const fs::path& target) {
    return plan_for(introspect::open_inspector(core::parse_url(url))->inspect({}), url, target);
}

// The plan that creates a model in a fresh database. On PostgreSQL every fresh database is a copy of the same empty
// template, so its model is read once per process, and the target goes as written, as `autogen diff --from
// <json> --to FILE` would render it: canonicalizing its texts costs a session per database and is what the
// fidelity check that follows compares against, not what a CREATE needs.
diff::Plan creation_plan(const std::string& url, const fs::path& target) {
    const core::Dialect dialect = core::parse_url(url).dialect;
    if (dialect != core::Dialect::postgresql) return plan_for(url, target);
    // Read once, by whichever of the databases created side by side comes first.
    static std::once_flag read;
    static core::Schema empty;
    std::call_once(read, [&] { empty = introspect::open_inspector(core::parse_url(url))->inspect({}); });
    return diff::make_plan(empty, core::resolve(core::load_schema_file(target.string()), dialect),
                           diff::capabilities_for(dialect));
}

// Whether the statement that failed belongs to a step with the may_fail_on_existing_rows hazard; says which.
bool failed_on_hazard(const Backend& backend, const Result& result, const std::string& sql,
                      const std::vector<diff::Step>& steps, std::string& why) {
    auto has_hazard = [](const diff::Step& s) { return (s.hazards & diff::hazard_may_fail_on_existing_rows) != 0; };
    if (result.err.find("foreign keys violated") != std::string::npos) {
        // The closing foreign key check: only an op that adds or changes a foreign key can make it fail.
        why = "the closing foreign key check failed";
        return std::any_of(steps.begin(), steps.end(), has_hazard);
    }
    const auto line = backend.failed_line(result);
    if (!line) {
        why = "the client did not say which line failed";
        return false;
    }
    const auto lines = lines_of(sql);
    static const std::regex step_comment("^-- ([0-9]+)/([0-9]+) ");
    // The step comments right above the failing statement: one, or on MariaDB several when the renderer merged
    // their steps into one ALTER TABLE (any of them may be the one that failed).
    bool found = false, hazard = false;
    for (int i = std::min<int>(*line, static_cast<int>(lines.size())) - 1; i >= 0; --i) {
        const std::string& text = lines[static_cast<std::size_t>(i)];
        std::smatch m;
        if (!std::regex_search(text, m, step_comment)) {
            if (found && text.rfind("--", 0) != 0) break;  // the statement before the comments
            continue;
        }
        const auto k = std::stoul(m[1].str()), n = std::stoul(m[2].str());
        if (n != steps.size()) {
            why = "the section has " + std::to_string(n) + " steps, the plan " + std::to_string(steps.size()) + ":";
            for (const auto& step : steps) why += "\n  " + diff::describe(step.op);
            return false;
        }
        // The number is the position in the section, which on MariaDB (steps merged into one ALTER TABLE where
        // the order allows) need not be the position in the plan: the step is the one the comment describes.
        const std::string comment = text.substr(m.length(0));
        const auto same = std::find_if(steps.begin(), steps.end(), [&](const diff::Step& s) {
            return comment == emit::step_comment(s) || comment.rfind(diff::describe(s.op) + "  [", 0) == 0 ||
                   comment == diff::describe(s.op);
        });
        const diff::Step& step = same != steps.end() ? *same : steps.at(k - 1);
        why += std::string(found ? "; " : "") + "step " + std::to_string(k) + " (" + diff::describe(step.op) +
               ") with hazards [" + join(diff::hazard_names(step.hazards), ", ") + "]";
        found = true;
        hazard = hazard || has_hazard(step);
    }
    if (!found) why = "line " + std::to_string(*line) + " is before the first step";
    return hazard;
}

// True when the whole text is one parenthesized group.
bool wrapped(const std::string& text) {
    const auto tokens = sql_tokens(text);
    if (tokens.size() < 2 || tokens.front() != "(" || tokens.back() != ")") return false;
    int depth = 0;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i] == "(") ++depth;
        if (tokens[i] == ")" && --depth == 0) return false;
    }
    return true;
}

// The target as a person might write it: the same schema in other spellings MODEL.md allows (lower-case types and
// collations, upper-case actions and names, the inherited collation of a key stated, a NOT NULL the database
// enforces left out, a default without its parentheses, extra parentheses and white space). `check` must not
// see any of it as a difference.
core::Schema loosely_written(core::Schema target, std::uint64_t seed) {
    std::mt19937_64 rng(seed * 7919 + 17);
    auto sometimes = [&] { return std::bernoulli_distribution(0.3)(rng); };
    auto upper_ascii = [](std::string text) {
        for (char& c : text)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return text;
    };
    for (auto& t : *target.tables) {
        const bool alias = !t.options.sqlite.without_rowid && t.primary_key && t.primary_key->columns.size() == 1;
        for (auto& c : t.columns) {
            if (sometimes()) c.type = lower_ascii(c.type);
            if (c.collation && sometimes()) c.collation = lower_ascii(*c.collation);
            const bool key = t.primary_key && std::find(t.primary_key->columns.begin(), t.primary_key->columns.end(),
                                                        c.name) != t.primary_key->columns.end();
            const bool enforced = t.options.sqlite.without_rowid || t.options.sqlite.strict ||
                                  (alias && lower_ascii(c.type) == "integer");
            if (key && enforced && sometimes()) c.nullable = true;
            if (c.default_value && wrapped(*c.default_value) && sometimes()) {
                const auto open = c.default_value->find('('), close = c.default_value->rfind(')');
                c.default_value = c.default_value->substr(open + 1, close - open - 1);
            }
        }
        for (auto& f : t.foreign_keys) {
            if (sometimes()) f.on_delete = upper_ascii(f.on_delete);
            if (sometimes()) f.references.table = upper_ascii(f.references.table);
        }
        for (auto& c : t.checks)
            if (sometimes()) c.expression = "(" + c.expression + ")";
        for (auto& i : t.indexes)
            for (auto& k : i.keys) {
                if (!k.column || k.collation || !sometimes()) continue;
                for (const auto& c : t.columns)
                    if (c.name == *k.column && c.collation) k.collation = lower_ascii(*c.collation);
            }
    }
    for (auto& v : *target.views)
        if (sometimes()) v.definition = "\n  " + v.definition + " ;\n";
    return target;
}

class CaseRun {
public:
    CaseRun(const Case& c, const Schema& b, const Options& options, const fs::path& dir, bool with_rows)
        : case_(c), b_(b), options_(options), dir_(dir), with_rows_(with_rows),
          backend_(make_backend(c.a.dialect, dir)), dialect_(c.a.dialect) {}
    ~CaseRun() {
        backend_.reset();
        lap("drop databases");
    }
    CaseRun(const CaseRun&) = delete;
    CaseRun& operator=(const CaseRun&) = delete;

    // Runs the round trip; `retry` is set when a hazardous step failed on the rows.
    Outcome run(bool& retry) {
        return guarded([&] { return steps(retry); });
    }

private:
    const Case& case_;
    const Schema& b_;
    const Options& options_;
    fs::path dir_;
    bool with_rows_;
    std::unique_ptr<Backend> backend_;
    core::Dialect dialect_;
    Outcome out_;
    Stage stage_ = Stage::generate;
    std::chrono::steady_clock::time_point lap_start_ = std::chrono::steady_clock::now();

    // With --verbose, how long the part of the run since the last lap took (where a seed's time goes).
    void lap(const char* what) {
        if (!options_.verbose) return;
        const auto now = std::chrono::steady_clock::now();
        std::fprintf(stderr, "  %-24s %6.0f ms\n", what, std::chrono::duration<double, std::milli>(now - lap_start_).count());
        lap_start_ = now;
    }

    // What `part` returns, or a failure at the current stage when it throws.
    template <typename Part>
    Outcome guarded(const Part& part) {
        try {
            return part();
        } catch (const Error& e) {
            return fail(Stage::generate, "autogen::Error in the runner: " + e.describe(true));
        } catch (const std::exception& e) {
            return fail(stage_, std::string("exception: ") + e.what());
        }
    }

    Outcome fail(Stage stage, std::string message) {
        out_.stage = stage;
        out_.message = std::move(message);
        out_.work = dir_;
        write_file(dir_ / "error.txt", to_string(stage) + "\n" + out_.message + "\n");
        return out_;
    }

    Result autogen(const std::string& args) const { return sh(quote(options_.autogen) + " " + args); }

    fs::path file(const std::string& name) const { return dir_ / name; }

    // What creating one of the two databases found: its URL and its dump under way, or the stage it failed at and
    // why. Parts of a run that go beside others report a failure instead of recording it.
    struct Created {
        std::string url;
        std::function<std::string()> finish_dump;
        Stage failed = Stage::none;
        std::string message;
    };

    // What the fidelity check of a database found: the model introspected from it, or the failure.
    struct Checked {
        core::Schema introspected;
        Stage failed = Stage::none;
        std::string message;
    };

    // Runs `part`, turning an exception into a failure at `stage` in its result.
    template <typename Part, typename Result>
    static void reporting(Stage stage, Result& out, const Part& part) {
        try {
            part();
        } catch (const Error& e) {
            out.failed = Stage::generate;
            out.message = "autogen::Error in the runner: " + e.describe(true);
        } catch (const std::exception& e) {
            out.failed = stage;
            out.message = std::string("exception: ") + e.what();
        }
    }

    // With --verbose, how long the part of a thread's work since its last lap took.
    struct Laps {
        bool on;
        std::string label;
        std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
        void operator()(const char* what) {
            if (!on) return;
            const auto now = std::chrono::steady_clock::now();
            std::fprintf(stderr, "    %s: %-19s %6.0f ms\n", label.c_str(), what,
                         std::chrono::duration<double, std::milli>(now - start).count());
            start = now;
        }
    };

    // Creates a database from the model file the way `autogen diff --from <empty database> --to FILE` does (the
    // same library calls, without a process) and starts its dump. Thread-safe: it writes only its own files and
    // touches no member but the (thread-safe) backend.
    Created create(const std::string& label, const fs::path& model, Stage create_stage) {
        Created out;
        Laps lap{options_.verbose, label};
        reporting(create_stage, out, [&] {
            out.url = backend_->create(label);
            lap("create database");
            const fs::path sql = file(label + ".create.sql");
            const diff::Plan plan = creation_plan(out.url, model);
            write_file(sql, emit::renderer_for(dialect_)->render_all(plan.upgrade).text());
            const Result r = backend_->load(out.url, read_file(sql));
            if (r.exit_code != 0) {
                out.failed = create_stage;
                out.message = "creating " + label + ": " + r.err + "\n" + read_file(sql);
                return;
            }
            out.finish_dump = backend_->start_dump(out.url);
            lap("plan + load");
        });
        return out;
    }

    // Checks that the database created from the model file introspects as the model's canonical form. Thread-safe
    // as create() is; it only reads the database.
    Checked check_fidelity(const std::string& label, const std::string& url, const fs::path& model,
                           const std::string& canonical, Stage fidelity_stage) {
        Checked out;
        Laps lap{options_.verbose, label};
        reporting(fidelity_stage, out, [&] {
            // On the servers canonicalized in the created database, as `check` canonicalizes a target: views need
            // their tables to be canonicalized.
            // One inspector (one session on a server) for both: canonicalizing leaves nothing behind to read.
            auto inspector = introspect::open_inspector(core::parse_url(url));
            core::Schema expected_model;
            const std::string expected =
                dialect_ == core::Dialect::sqlite ? canonical : server_canonical(*inspector, model, expected_model);
            lap("canonicalize");
            out.introspected = inspector->inspect({});
            lap("introspect");
            const std::string introspected = core::save_schema(out.introspected);
            write_file(file(label + ".introspected.json"), introspected);
            core::Schema read_back = core::resolve(core::load_schema(introspected), dialect_);
            if (dialect_ != core::Dialect::sqlite) {
                const auto plan = diff::make_plan(read_back, expected_model, diff::capabilities_for(dialect_));
                if (!plan.empty()) {
                    out.failed = fidelity_stage;
                    out.message = "introspect(create(" + label + ")) is not " + label + " to autogen:\n" + describe_plan(plan);
                    return;
                }
                without_dependencies(read_back);
            }
            const std::string actual = core::save_schema(read_back);
            // MariaDB prints expressions its own way and autogen has no session to predict it (MODEL.md): there
            // the engine's comparison above is the fidelity check.
            if (!is_mysql_family(dialect_) && actual != expected) {
                out.failed = fidelity_stage;
                out.message = "introspect(create(" + label + ")) differs from " + label + ":\n" +
                              unified_diff(dir_, label + ".model", expected, actual);
            }
        });
        return out;
    }

    // On the servers the model's canonical form is the server's: its texts canonicalized through the server (as
    // `check` does with a target), and every constraint and index named the way autogen names what it creates.
    // depends_on is filled from the server's catalog, which the generator does not predict: left out on both sides.
    std::string server_canonical(introspect::Inspector& inspector, const fs::path& model, core::Schema& canonical) {
        core::Schema wanted = core::resolve(core::load_schema_file(model.string()), inspector.dialect());
        inspector.canonicalize(wanted);
        for (auto& t : *wanted.tables) {
            diff::name_unnamed(t, dialect_);
            // PostgreSQL keeps no plain DEFAULT NULL: the column has no default (one cast for a typmod's coercion,
            // `NULL::character varying`, it keeps).
            if (dialect_ == core::Dialect::postgresql)
                for (auto& c : t.columns)
                    if (c.default_value && core::normalize_expression(*c.default_value, dialect_) == "null")
                        c.default_value.reset();
        }
        wanted.schemas_managed = dialect_ == core::Dialect::postgresql;  // introspection writes "schemas" there
        canonical = wanted;
        without_dependencies(wanted);
        return core::save_schema(core::resolve(wanted, dialect_));
    }

    static void without_dependencies(core::Schema& schema) {
        if (schema.views)
            for (auto& v : *schema.views) v.depends_on.reset();
        if (schema.triggers)
            for (auto& t : *schema.triggers) t.depends_on.reset();
        if (schema.routines)
            for (auto& r : *schema.routines) r.depends_on.reset();
    }

    std::string rows_text(const std::string& url, const std::vector<KeptTable>& kept, bool b_names) {
        std::string sql;
        for (const auto& k : kept) {
            sql += backend_->select_rows(std::to_string(k.id), b_names ? k.b_name : k.a_name,
                                         b_names ? k.b_columns : k.a_columns);
            if (k.autoincrement) sql += backend_->select_counter(std::to_string(k.id), b_names ? k.b_name : k.a_name);
        }
        if (sql.empty()) return "";
        const Result r = backend_->query(url, sql);
        if (r.exit_code != 0) throw std::runtime_error("reading rows: " + r.err);
        return sorted_lines(r.out);
    }

    // The database's own consistency checks, and the expected model's NOT NULL columns hold no NULL.
    std::optional<Outcome> integrity(const std::string& url, const Schema& expected, const std::string& when) {
        const std::string problems = backend_->integrity_problems(url, expected);
        if (!problems.empty()) return fail(Stage::integrity, "after the " + when + ":\n" + problems + "\n" + out_.revision);
        return std::nullopt;
    }

    Outcome steps(bool& retry) {
        retry = false;
        out_ = Outcome{};
        out_.work = dir_;
        fs::create_directories(dir_);

        // Models: A and B canonical (what introspection must give back), B as a target with rename hints.
        stage_ = Stage::generate;
        const core::Schema a_model = to_core(case_.a, false, true);
        const core::Schema b_model = to_core(b_, false, true);
        const core::Schema b_target = to_core(b_, true, false);
        const std::string a_canonical = core::save_schema(core::resolve(a_model, dialect_));
        const std::string b_canonical = core::save_schema(core::resolve(b_model, dialect_));
        core::resolve(b_target, dialect_);
        // Created from the canonical files; checked against targets written loosely (loosely_written).
        const fs::path a_json = file("a.json"), b_json = file("b.json"), b_model_json = file("b.model.json");
        const fs::path a_target = file("a.target.json");
        write_file(a_json, a_canonical);
        write_file(b_model_json, b_canonical);
        // The spellings loosely_written tries are SQLite's; the servers get the targets as generated.
        const bool sqlite = dialect_ == core::Dialect::sqlite;
        write_file(b_json, core::save_schema(sqlite ? loosely_written(b_target, case_.seed) : b_target));
        write_file(a_target, core::save_schema(sqlite ? loosely_written(to_core(case_.a, false, false), case_.seed + 1)
                                                      : to_core(case_.a, false, false)));

        // No false positives: a model compared with itself, through JSON, and with its own hints, is no change.
        stage_ = Stage::diff_self;
        const auto caps = diff::capabilities_for(dialect_);
        const std::vector<std::pair<std::string, std::pair<core::Schema, core::Schema>>> pairs = {
            {"diff(A, A)", {a_model, a_model}},
            {"diff(load(save(A)), A)", {core::load_schema(a_canonical), a_model}},
            {"diff(B, B)", {b_model, b_model}},
            {"diff(B, B with its rename hints)", {b_model, b_target}},
            {"diff(B, B written loosely)", {b_model, core::load_schema(read_file(b_json))}},
            {"diff(A, A written loosely)", {a_model, core::load_schema(read_file(a_target))}},
        };
        for (const auto& [what, models] : pairs) {
            const auto plan = diff::make_plan(models.first, models.second, caps);
            if (!plan.empty()) return fail(Stage::diff_self, what + " is not empty:\n" + describe_plan(plan));
        }
        lap("models + diff_self");

        // B is created and checked beside A and beside A's round trip, which needs B only for its dump; A's
        // fidelity is checked beside A's rows and revision, which only read its schema. Each is a chain of round
        // trips to the server that leaves a core idle. Failures are reported in the order the stages had when the
        // run was sequential (B, then A's fidelity, then A's round trip), so a seed fails at the same stage every
        // time.
        std::shared_future<std::pair<Created, Checked>> creating_b = std::async(std::launch::async, [&] {
            std::pair<Created, Checked> b{create("b", b_model_json, Stage::create_b), {}};
            if (b.first.failed == Stage::none)
                b.second = check_fidelity("b", b.first.url, b_model_json, b_canonical, Stage::fidelity_b);
            return b;
        }).share();
        const Created a = create("a", a_json, Stage::create_a);
        lap("create A");
        std::shared_future<Checked> checking_a;
        if (a.failed != Stage::none) {
            fail(a.failed, a.message);
        } else {
            // Not on SQLite: a reader beside the row inserts makes them fail with "database is locked".
            const bool sqlite = dialect_ == core::Dialect::sqlite;
            checking_a = std::async(sqlite ? std::launch::deferred : std::launch::async, [&] {
                return check_fidelity("a", a.url, a_json, a_canonical, Stage::fidelity_a);
            }).share();
            if (sqlite) checking_a.wait();
            guarded([&] { return round_trip(a, checking_a, creating_b, retry); });
        }
        const auto& [b, b_checked] = creating_b.get();
        const Checked unchecked;
        const Checked& a_checked = checking_a.valid() ? checking_a.get() : unchecked;
        const std::vector<std::pair<Stage, const std::string*>> earlier = {
            {b.failed, &b.message}, {b_checked.failed, &b_checked.message}, {a_checked.failed, &a_checked.message}};
        for (const auto& [stage, message] : earlier) {
            if (stage == Stage::none) continue;
            retry = false;
            out_ = Outcome{};
            return fail(stage, *message);
        }
        return out_;
    }

    // A's round trip: rows, revision, upgrade, check against B, dumps, rows, downgrade, check against A, dumps, rows.
    Outcome round_trip(const Created& a, const std::shared_future<Checked>& checking_a,
                       const std::shared_future<std::pair<Created, Checked>>& creating_b, bool& retry) {
        const std::string& url_a = a.url;
        const fs::path b_json = file("b.json"), a_target = file("a.target.json");
        stage_ = Stage::insert_rows;
        const auto rows = generate_rows(case_.a, with_rows_ ? case_.rows : 0, case_.seed);
        const std::string inserts = insert_statements(case_.a, rows);
        write_file(file("rows.sql"), inserts);
        if (!inserts.empty()) {
            const Result r = backend_->load(url_a, inserts);
            if (r.exit_code != 0) return fail(Stage::insert_rows, r.err + "\n" + inserts);
        }
        const auto kept = kept_tables(case_.a, b_);
        const std::string rows_before = rows_text(url_a, kept, false);
        lap("rows");
        stage_ = Stage::revision;
        // The runner's own plan (for the hazards of a step that fails, and to confirm an empty revision): from A as
        // introspected above (rows change no schema) and the target canonicalized in A's database. Where a section
        // that fails leaves the database as it was (transactional DDL), it is computed only when needed, in
        // whatever state A is then: a target's canonical form does not depend on it (`check` against B relies on
        // the same), except where the target renames an enum (below). MariaDB's DDL is not transactional: there
        // it is computed beside the revision process.
        std::shared_future<diff::Plan> planning =
            std::async(is_mysql_family(dialect_) ? std::launch::async : std::launch::deferred,
                       [&] { return plan_for(checking_a.get().introspected, url_a, b_json); }).share();
        const fs::path versions = file("versions");
        fs::remove_all(versions);
        Result r = autogen("revision --db " + quote(url_a) + " --target " + quote(b_json.string()) +
                           " -m 'property test' --rev-id 0123456789ab --versions " + quote(versions.string()));
        if (checking_a.get().failed != Stage::none) return out_;  // steps() reports it; the upgrade waits for it
        lap("revision + plan");
        const std::string dump_a = a.finish_dump();
        lap("dump of A");
        if (r.exit_code != 0) return fail(Stage::revision, r.err);
        fs::path revision;
        if (fs::exists(versions))
            for (const auto& entry : fs::directory_iterator(versions)) revision = entry.path();
        if (revision.empty()) {
            // Nothing written means no changes: the database must already be B.
            stage_ = Stage::check_b;
            const diff::Plan& plan = planning.get();
            if (!plan.empty()) return fail(Stage::revision, "no revision written, but the plan has steps:\n" + describe_plan(plan));
            r = autogen("check --db " + quote(url_a) + " --target " + quote(b_json.string()));
            if (r.exit_code != 0) return fail(Stage::check_b, "no revision, yet check finds drift:\n" + r.out + r.err);
            return out_;
        }
        out_.revision = read_file(revision);
        // The sections as `autogen show FILE --up|--down` prints them (the same function, without a process).
        const fs::path up = file("up.sql"), down = file("down.sql");
        write_file(up, emit::show_file(revision.string(), emit::Section::up));
        write_file(down, emit::show_file(revision.string(), emit::Section::down));

        // An upgrade in several committed blocks (an enum's new values) leaves the blocks before a failing one, which
        // a plan made after it would read: it is made first (soak seed 3190, an enum renamed by such a block). So is
        // the plan of a target that renames an enum: its texts are canonicalized under the enum's old name, which a
        // database left in B by a failed downgrade no longer has (soak seed 5699: a default then differed, the plan
        // had a step the revision had not, and the downgrade's failure on the rows was not matched to its hazard).
        const bool renames_enum =
            std::any_of(b_.enums.begin(), b_.enums.end(), [](const Enum& e) { return e.renamed_from.has_value(); });
        if (!inserts.empty() && !is_mysql_family(dialect_) && (renames_enum || in_several_blocks(read_file(up))))
            planning.get();
        stage_ = Stage::upgrade;
        r = backend_->apply(url_a, up);
        lap("psql up");
        if (r.exit_code != 0) {
            std::string why;
            if (!inserts.empty() && failed_on_hazard(*backend_, r, read_file(up), planning.get().upgrade, why)) {
                // MariaDB DDL is not transactional (the revision says so): a failed upgrade leaves what ran. Nor is
                // a PostgreSQL revision in several committed blocks as a whole (an enum's new values are committed
                // before statements that may use them; its header says "Transactional: N blocks"): the blocks
                // before the failing one stay (soak seed 2049).
                if (is_mysql_family(dialect_) || in_several_blocks(read_file(up))) {
                    retry = true;
                    return out_;
                }
                stage_ = Stage::atomicity;
                const Result check = autogen("check --db " + quote(url_a) + " --target " + quote(a_target.string()));
                if (check.exit_code != 0)
                    return fail(Stage::atomicity, "the upgrade failed on the rows (" + why +
                                                      ") and left the database changed:\n" + check.out + check.err);
                if (rows_text(url_a, kept, false) != rows_before)
                    return fail(Stage::atomicity, "the upgrade failed on the rows (" + why + ") and changed them");
                retry = true;
                return out_;
            }
            return fail(Stage::upgrade, r.err + "(" + why + ")\n\n" + out_.revision);
        }
        auto finish_dump_up = backend_->start_dump(url_a);  // beside check, which only reads
        stage_ = Stage::check_b;
        r = autogen("check --db " + quote(url_a) + " --target " + quote(b_json.string()));
        if (r.exit_code != 0) return fail(Stage::check_b, r.out + r.err + "\n" + out_.revision);
        lap("check B");
        stage_ = Stage::dump_b;
        const std::string dump_up = finish_dump_up();
        const auto& [b, b_checked] = creating_b.get();
        if (b.failed != Stage::none || b_checked.failed != Stage::none) return out_;  // steps() reports it
        const std::string dump_b = b.finish_dump();
        lap("dump up, B created");
        if (dump_up != dump_b)
            return fail(Stage::dump_b, "the upgraded database differs from B created fresh:\n" +
                                           unified_diff(dir_, "dump_b", dump_b, dump_up) + "\n" + out_.revision);
        if (auto f = integrity(url_a, b_, "upgrade")) return *f;
        stage_ = Stage::rows_up;
        const std::string rows_up = rows_text(url_a, kept, true);
        if (rows_up != rows_before)
            return fail(Stage::rows_up, unified_diff(dir_, "rows_up", rows_before, rows_up) + "\n" + out_.revision);
        lap("integrity + rows");

        stage_ = Stage::downgrade;
        r = backend_->apply(url_a, down);
        lap("psql down");
        if (r.exit_code != 0) {
            std::string why;
            if (!inserts.empty() && failed_on_hazard(*backend_, r, read_file(down), planning.get().downgrade, why)) {
                // As for the upgrade: MariaDB DDL is not transactional, nor a section in several blocks.
                if (is_mysql_family(dialect_) || in_several_blocks(read_file(down))) {
                    retry = true;
                    return out_;
                }
                stage_ = Stage::atomicity;
                const Result check = autogen("check --db " + quote(url_a) + " --target " + quote(b_json.string()));
                if (check.exit_code != 0)
                    return fail(Stage::atomicity, "the downgrade failed on the rows (" + why +
                                                      ") and left the database changed:\n" + check.out + check.err);
                retry = true;
                return out_;
            }
            return fail(Stage::downgrade, r.err + "(" + why + ")\n\n" + out_.revision);
        }
        auto finish_dump_down = backend_->start_dump(url_a);
        stage_ = Stage::check_a;
        r = autogen("check --db " + quote(url_a) + " --target " + quote(a_target.string()));
        if (r.exit_code != 0) return fail(Stage::check_a, r.out + r.err + "\n" + out_.revision);
        lap("check A");
        stage_ = Stage::dump_a;
        const std::string dump_down = finish_dump_down();
        lap("dump down");
        if (dump_down != dump_a)
            return fail(Stage::dump_a, "the downgraded database differs from A created fresh:\n" +
                                           unified_diff(dir_, "dump_a", dump_a, dump_down) + "\n" + out_.revision);
        if (auto f = integrity(url_a, case_.a, "downgrade")) return *f;
        stage_ = Stage::rows_down;
        const std::string rows_down = rows_text(url_a, kept, false);
        if (rows_down != rows_before)
            return fail(Stage::rows_down, unified_diff(dir_, "rows_down", rows_before, rows_down) + "\n" + out_.revision);
        lap("integrity + rows");
        return out_;
    }
};

// Delta debugging (Zeller's ddmin) over the mutation's steps: the smallest subset that still fails at `stage`.
// A candidate past `deadline` does not count as failing: the search ends with the smallest case found so far.
std::vector<std::size_t> shrink(const Case& c, std::vector<std::size_t> steps, Stage stage, const Options& options,
                                std::chrono::steady_clock::time_point deadline) {
    auto fails = [&](const std::vector<std::size_t>& subset) {
        return std::chrono::steady_clock::now() < deadline && run_case(c, subset, options).stage == stage;
    };
    if (steps.empty()) return steps;
    if (fails({})) return {};
    std::size_t n = 2;
    while (steps.size() >= 2) {
        const std::size_t chunk = (steps.size() + n - 1) / n;
        std::vector<std::vector<std::size_t>> parts;
        for (std::size_t i = 0; i < steps.size(); i += chunk)
            parts.emplace_back(steps.begin() + static_cast<long>(i),
                               steps.begin() + static_cast<long>(std::min(steps.size(), i + chunk)));
        bool reduced = false;
        for (const auto& part : parts)
            if (fails(part)) {
                steps = part;
                n = 2;
                reduced = true;
                break;
            }
        if (!reduced && parts.size() > 2)
            for (std::size_t p = 0; p < parts.size() && !reduced; ++p) {
                std::vector<std::size_t> complement;
                for (std::size_t q = 0; q < parts.size(); ++q)
                    if (q != p) complement.insert(complement.end(), parts[q].begin(), parts[q].end());
                if (fails(complement)) {
                    steps = complement;
                    n = std::max<std::size_t>(n - 1, 2);
                    reduced = true;
                }
            }
        if (!reduced) {
            if (n >= steps.size()) break;
            n = std::min(steps.size(), n * 2);
        }
    }
    return steps;
}

// Then the schema: drops views, triggers and tables of A (and so of B) one at a time while the case still fails at
// `stage`, so that the saved case holds little more than the objects the failure needs.
Case shrink_schema(Case c, const std::vector<std::size_t>& steps, Stage stage, const Options& options,
                   std::chrono::steady_clock::time_point deadline) {
    auto still_fails = [&](Case& candidate) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        repair(candidate.a);
        return run_case(candidate, steps, options).stage == stage;
    };
    for (std::size_t i = c.a.views.size(); i-- > 0;) {
        Case candidate = c;
        candidate.a.views.erase(candidate.a.views.begin() + static_cast<long>(i));
        if (still_fails(candidate)) c = std::move(candidate);
    }
    for (std::size_t i = c.a.triggers.size(); i-- > 0;) {
        Case candidate = c;
        candidate.a.triggers.erase(candidate.a.triggers.begin() + static_cast<long>(i));
        if (still_fails(candidate)) c = std::move(candidate);
    }
    for (std::size_t i = c.a.tables.size(); i-- > 0;) {
        if (c.a.tables.size() == 1) break;
        Case candidate = c;
        candidate.a.tables.erase(candidate.a.tables.begin() + static_cast<long>(i));
        if (still_fails(candidate)) c = std::move(candidate);
    }
    return c;
}

// The queries a fixture pair's check.sql runs before and after: columns kept under the same names in A and B.
std::string check_sql(const Schema& a, const Schema& b) {
    std::string out;
    const bool sqlite = a.dialect == core::Dialect::sqlite;
    auto qi = [&](const std::string& name) { return quote_identifier(name, a.dialect); };
    for (const auto& k : kept_tables(a, b)) {
        if (lower_ascii(k.a_name) != lower_ascii(k.b_name)) continue;
        std::vector<std::string> columns;
        for (std::size_t i = 0; i < k.a_columns.size(); ++i)
            if (lower_ascii(k.a_columns[i]) == lower_ascii(k.b_columns[i])) columns.push_back(k.a_columns[i]);
        if (columns.empty()) continue;
        std::string select = "SELECT ";
        for (std::size_t i = 0; i < columns.size(); ++i)
            select += (i ? ", " : "") + (sqlite ? "quote(" + qi(columns[i]) + ")" : qi(columns[i]));
        out += select + " FROM " + qi(k.a_name) + " ORDER BY 1;\n";
    }
    return out.empty() ? "SELECT 1;\n" : out;
}

}  // namespace

std::string to_string(Stage stage) {
    switch (stage) {
        case Stage::none: return "none";
        case Stage::generate: return "generate";
        case Stage::create_a: return "create_a";
        case Stage::fidelity_a: return "fidelity_a";
        case Stage::create_b: return "create_b";
        case Stage::fidelity_b: return "fidelity_b";
        case Stage::diff_self: return "diff_self";
        case Stage::insert_rows: return "insert_rows";
        case Stage::revision: return "revision";
        case Stage::upgrade: return "upgrade";
        case Stage::check_b: return "check_b";
        case Stage::integrity: return "integrity";
        case Stage::dump_b: return "dump_b";
        case Stage::rows_up: return "rows_up";
        case Stage::downgrade: return "downgrade";
        case Stage::check_a: return "check_a";
        case Stage::dump_a: return "dump_a";
        case Stage::rows_down: return "rows_down";
        case Stage::atomicity: return "atomicity";
    }
    return "unknown";
}

std::unique_ptr<Backend> make_backend(core::Dialect dialect, const fs::path& work_dir) {
    switch (dialect) {
        case core::Dialect::sqlite: return std::make_unique<SqliteBackend>(work_dir);
        case core::Dialect::postgresql: {
#ifndef AUTOGEN_GEN_WITH_LIBPQ
            throw std::runtime_error("the property runner's PostgreSQL backend is not built (AUTOGEN_WITH_POSTGRES=OFF)");
#else
            const char* url = std::getenv("AUTOGEN_TEST_POSTGRES_URL");
            if (!url || !*url) throw std::runtime_error("no PostgreSQL server: set AUTOGEN_TEST_POSTGRES_URL (scripts/pg-server.sh)");
            return std::make_unique<PostgresBackend>(url, work_dir);
#endif
        }
        case core::Dialect::mysql:
        case core::Dialect::mariadb: {
            const char* url = std::getenv("AUTOGEN_TEST_MYSQL_URL");
            if (!url || !*url) throw std::runtime_error("no MariaDB server: set AUTOGEN_TEST_MYSQL_URL (scripts/mariadb-server.sh)");
#ifdef AUTOGEN_HAVE_MYSQL
            return std::make_unique<MysqlBackend>(url, work_dir);
#else
            throw std::runtime_error("proptest was built without the MariaDB backend (AUTOGEN_WITH_MYSQL=OFF)");
#endif
        }
        case core::Dialect::portable: break;
    }
    throw std::runtime_error("no property backend for " + core::to_string(dialect));
}

Outcome run_case(const Case& c, const std::vector<std::size_t>& steps, const Options& options, const fs::path& work_dir) {
    std::optional<TempDir> temp;
    fs::path dir = work_dir;
    if (dir.empty()) {
        temp.emplace();
        dir = temp->path();
    }
    Schema b;
    try {
        b = apply_steps(c.a, c.steps, steps);
    } catch (const std::exception& e) {
        Outcome out;
        out.stage = Stage::generate;
        out.message = std::string("applying the mutation: ") + e.what();
        return out;
    }
    bool retry = false;
    Outcome out = CaseRun(c, b, options, dir / "rows", c.rows > 0).run(retry);
    if (!retry) return out;
    bool again = false;
    out = CaseRun(c, b, options, dir / "no-rows", false).run(again);
    out.rows_dropped = true;
    return out;
}

SeedReport run_seed(core::Dialect dialect, std::uint64_t seed, const Options& options) {
    SeedReport report;
    report.seed = seed;
    report.replay = options.replay_program + " --dialect " + core::to_string(dialect) + " --seed " + std::to_string(seed);
    Case c;
    try {
        c = generate_case(dialect, seed);
    } catch (const std::exception& e) {
        report.outcome.stage = Stage::generate;
        report.outcome.message = e.what();
        return report;
    }
    for (std::size_t i = 0; i < c.steps.size(); ++i) report.steps.push_back(i);
    report.outcome = run_case(c, report.steps, options);
    if (report.ok()) return report;
    if (options.shrink) {
        const auto deadline = options.shrink_budget.count() > 0 ? std::chrono::steady_clock::now() + options.shrink_budget
                                                                : std::chrono::steady_clock::time_point::max();
        report.steps = shrink(c, report.steps, report.outcome.stage, options, deadline);
        c = shrink_schema(std::move(c), report.steps, report.outcome.stage, options, deadline);
    }
    for (std::size_t i : report.steps) report.step_descriptions.push_back(c.steps[i].description);
    if (options.failures.empty()) {
        report.outcome = run_case(c, report.steps, options);
        return report;
    }
    report.saved = options.failures / (core::to_string(dialect) + "-" + std::to_string(seed));
    fs::remove_all(report.saved);
    fs::create_directories(report.saved);
    report.outcome = run_case(c, report.steps, options, report.saved / "work");
    // A fixture pair (fixtures/sqlite/pairs/<name>/): a.sql, b.json, check.sql; the rest says what happened.
    const fs::path work = report.outcome.work;
    const Schema b = apply_steps(c.a, c.steps, report.steps);
    auto copy = [&](const std::string& from, const std::string& to) {
        if (fs::exists(work / from)) fs::copy_file(work / from, report.saved / to, fs::copy_options::overwrite_existing);
    };
    copy("a.json", "a.json");
    copy("b.json", "b.json");
    write_file(report.saved / "a.sql", (fs::exists(work / "a.create.sql") ? read_file(work / "a.create.sql") : "") +
                                           (fs::exists(work / "rows.sql") ? read_file(work / "rows.sql") : ""));
    write_file(report.saved / "check.sql", check_sql(c.a, b));
    if (!report.outcome.revision.empty()) write_file(report.saved / "revision.sql", report.outcome.revision);
    write_file(report.saved / "error.txt", describe(report, dialect) + "\n" + report.outcome.message + "\n");
    return report;
}

std::string describe(const SeedReport& report, core::Dialect dialect) {
    std::string out = core::to_string(dialect) + " seed " + std::to_string(report.seed) + ": ";
    if (report.ok()) return out + "ok" + (report.outcome.rows_dropped ? " (without rows)" : "");
    out += "FAILED at " + to_string(report.outcome.stage) + (report.outcome.rows_dropped ? " (without rows)" : "") + "\n";
    out += "  replay: " + report.replay + "\n";
    if (!report.saved.empty()) out += "  saved:  " + report.saved.string() + "\n";
    out += "  steps (" + std::to_string(report.steps.size()) + "):\n";
    for (const auto& d : report.step_descriptions) out += "    - " + d + "\n";
    return out;
}

}  // namespace autogen::testing::gen
