#include "introspect/sqlite/create_table_parser.hpp"

#include <utility>

#include "core/error.hpp"
#include "core/sql_lexer.hpp"

namespace autogen::introspect::sqlite {
namespace {

using core::Token;
using core::TokenKind;

// The value of a name token: SQLite accepts a bare word, a quoted identifier ("", ``, []) or a string literal.
std::optional<std::string> name_value(const Token& t) {
    if (t.kind == TokenKind::word || t.kind == TokenKind::quoted_identifier) return core::identifier_value(t);
    if (t.kind != TokenKind::string || t.text.size() < 2 || t.text.front() != '\'') return std::nullopt;
    std::string value;
    for (std::size_t i = 1; i + 1 < t.text.size(); ++i) {
        value += t.text[i];
        if (t.text[i] == '\'') ++i;
    }
    return value;
}

// A cursor over the tokens of one statement. Expression texts are sliced from the original SQL by token
// offsets, so they keep their spelling, inner spacing and inner comments exactly as SQLite stored them.
class Cursor {
public:
    Cursor(std::string_view sql, std::string_view what)
        : sql_(sql), tokens_(core::tokenize(sql, core::Dialect::sqlite)), what_(what) {}

    bool done() const { return pos_ >= tokens_.size(); }
    std::size_t pos() const { return pos_; }
    std::size_t size() const { return tokens_.size(); }
    const Token& token(std::size_t index) const { return tokens_[index]; }

    bool at_keyword(std::string_view keyword, std::size_t ahead = 0) const {
        return pos_ + ahead < tokens_.size() && core::is_keyword(tokens_[pos_ + ahead], keyword);
    }
    bool at_punct(char c, std::size_t ahead = 0) const {
        if (pos_ + ahead >= tokens_.size()) return false;
        const Token& t = tokens_[pos_ + ahead];
        return (t.kind == TokenKind::punct || t.kind == TokenKind::op) && t.text.size() == 1 && t.text[0] == c;
    }
    bool accept_keyword(std::string_view keyword) {
        if (!at_keyword(keyword)) return false;
        ++pos_;
        return true;
    }
    bool accept_punct(char c) {
        if (!at_punct(c)) return false;
        ++pos_;
        return true;
    }
    void expect_keyword(std::string_view keyword) {
        if (!accept_keyword(keyword)) fail(keyword);
    }
    void expect_punct(char c) {
        if (!accept_punct(c)) fail(std::string("'") + c + "'");
    }
    void advance() {
        if (done()) fail("more text");
        ++pos_;
    }

    std::string name() {
        std::optional<std::string> value = done() ? std::nullopt : name_value(tokens_[pos_]);
        if (!value) fail("a name");
        ++pos_;
        return std::move(*value);
    }

    // Moves past the parenthesized group that starts at the current '(' and returns the index of its ')'.
    std::size_t skip_group() {
        if (!at_punct('(')) fail("'('");
        int depth = 0;
        for (std::size_t i = pos_; i < tokens_.size(); ++i) {
            const Token& t = tokens_[i];
            if (t.kind != TokenKind::punct) continue;
            if (t.text == "(") ++depth;
            if (t.text == ")" && --depth == 0) {
                pos_ = i + 1;
                return i;
            }
        }
        fail("a closing ')'");
    }

    // The text inside the group at the cursor, without its parentheses and surrounding white space.
    std::string group_text() {
        const std::size_t open = pos_;
        const std::size_t close = skip_group();
        return slice(open + 1, close);
    }

    // The source text of tokens [first, end), as written.
    std::string slice(std::size_t first, std::size_t end) const {
        if (first >= end) return {};
        const std::size_t start = tokens_[first].offset;
        const std::size_t stop = tokens_[end - 1].offset + tokens_[end - 1].text.size();
        return std::string(sql_.substr(start, stop - start));
    }

    // The end of the statement, not counting trailing ';' tokens.
    std::size_t statement_end() const {
        std::size_t end = tokens_.size();
        while (end > pos_ && tokens_[end - 1].kind == TokenKind::punct && tokens_[end - 1].text == ";") --end;
        return end;
    }

    [[noreturn]] void fail(std::string_view expected) const {
        std::string message = "cannot parse " + std::string(what_) + ": expected " + std::string(expected);
        if (done()) {
            message += " at the end of the text";
        } else {
            message += " at offset " + std::to_string(tokens_[pos_].offset) + " near '" + tokens_[pos_].text + "'";
        }
        throw Error(message, ErrorKind::internal).with_backend("sqlite").at("create_table_parser").with_detail(
            std::string(sql_));
    }

private:
    std::string_view sql_;
    std::vector<Token> tokens_;
    std::string_view what_;
    std::size_t pos_ = 0;
};

void skip_if_not_exists(Cursor& c) {
    if (!c.accept_keyword("IF")) return;
    c.expect_keyword("NOT");
    c.expect_keyword("EXISTS");
}

// "[schema .] name": the schema part is dropped because sqlite_schema belongs to one schema anyway.
std::string qualified_name(Cursor& c) {
    std::string name = c.name();
    if (c.accept_punct('.')) name = c.name();
    return name;
}

// ON CONFLICT <algorithm> carries nothing the model holds.
void skip_conflict_clause(Cursor& c) {
    if (c.at_keyword("ON") && c.at_keyword("CONFLICT", 1)) {
        c.advance();
        c.advance();
        c.advance();
    }
}

// A PRIMARY KEY / UNIQUE column list: names with optional COLLATE, ASC/DESC and AUTOINCREMENT.
std::vector<std::string> key_columns(Cursor& c, bool& autoincrement) {
    std::vector<std::string> columns;
    c.expect_punct('(');
    for (;;) {
        columns.push_back(c.name());
        for (;;) {
            if (c.accept_keyword("COLLATE")) {
                c.name();
            } else if (c.accept_keyword("ASC") || c.accept_keyword("DESC")) {
            } else if (c.accept_keyword("AUTOINCREMENT")) {
                autoincrement = true;
            } else {
                break;
            }
        }
        if (c.accept_punct(',')) continue;
        c.expect_punct(')');
        return columns;
    }
}

std::vector<std::string> name_list(Cursor& c) {
    std::vector<std::string> names;
    c.expect_punct('(');
    for (;;) {
        names.push_back(c.name());
        if (c.accept_punct(',')) continue;
        c.expect_punct(')');
        return names;
    }
}

std::string referential_action(Cursor& c) {
    if (c.accept_keyword("SET")) {
        if (c.accept_keyword("NULL")) return "set null";
        c.expect_keyword("DEFAULT");
        return "set default";
    }
    if (c.accept_keyword("CASCADE")) return "cascade";
    if (c.accept_keyword("RESTRICT")) return "restrict";
    c.expect_keyword("NO");
    c.expect_keyword("ACTION");
    return "no action";
}

bool at_defer_clause(const Cursor& c) {
    return c.at_keyword("DEFERRABLE") || (c.at_keyword("NOT") && c.at_keyword("DEFERRABLE", 1));
}

// [NOT] DEFERRABLE [INITIALLY DEFERRED | INITIALLY IMMEDIATE]; only DEFERRABLE INITIALLY DEFERRED defers.
void defer_clause(Cursor& c, ParsedForeignKey& fk) {
    const bool negated = c.accept_keyword("NOT");
    c.expect_keyword("DEFERRABLE");
    bool deferred = false;
    if (c.accept_keyword("INITIALLY")) {
        deferred = c.accept_keyword("DEFERRED");
        if (!deferred) c.expect_keyword("IMMEDIATE");
    }
    fk.deferrable = !negated;
    fk.initially_deferred = !negated && deferred;
}

// REFERENCES table [(columns)] {ON DELETE|UPDATE action | MATCH name} [[NOT] DEFERRABLE [INITIALLY ...]].
ParsedForeignKey foreign_key_clause(Cursor& c) {
    ParsedForeignKey fk;
    c.expect_keyword("REFERENCES");
    fk.table = c.name();
    if (c.at_punct('(')) fk.ref_columns = name_list(c);
    for (;;) {
        if (c.at_keyword("ON") && (c.at_keyword("DELETE", 1) || c.at_keyword("UPDATE", 1) || c.at_keyword("INSERT", 1))) {
            c.advance();
            if (c.accept_keyword("DELETE")) {
                fk.on_delete = referential_action(c);
            } else if (c.accept_keyword("UPDATE")) {
                fk.on_update = referential_action(c);
            } else {
                c.advance();
                referential_action(c);  // ON INSERT is in SQLite's grammar and has no effect
            }
        } else if (c.accept_keyword("MATCH")) {
            c.name();  // SQLite parses MATCH and ignores it
        } else if (at_defer_clause(c)) {
            defer_clause(c, fk);
        } else {
            return fk;
        }
    }
}

// DEFAULT takes a parenthesized expression, a signed number, or one literal / identifier token.
std::string default_text(Cursor& c) {
    const std::size_t start = c.pos();
    if (c.at_punct('(')) {
        c.skip_group();
    } else {
        if (c.at_punct('+') || c.at_punct('-')) c.advance();
        c.advance();
    }
    return c.slice(start, c.pos());
}

bool at_column_constraint(const Cursor& c) {
    static constexpr std::string_view starts[] = {"CONSTRAINT", "PRIMARY",    "NOT",     "NULL",      "UNIQUE", "CHECK",
                                                  "DEFAULT",    "REFERENCES", "COLLATE", "GENERATED", "AS",     "DEFERRABLE"};
    for (auto keyword : starts)
        if (c.at_keyword(keyword)) return true;
    return false;
}

// Table constraints are recognized by their keyword and the token after it, so that a (quoted or fallback)
// column name that happens to read like a keyword is still a column.
bool at_table_constraint(const Cursor& c) {
    if (c.at_keyword("CONSTRAINT")) return true;
    if (c.at_keyword("PRIMARY") || c.at_keyword("FOREIGN")) return c.at_keyword("KEY", 1);
    if (c.at_keyword("UNIQUE") || c.at_keyword("CHECK")) return c.at_punct('(', 1);
    return false;
}

void parse_column(Cursor& c, ParsedTable& table) {
    ParsedColumn column;
    column.name = c.name();
    // The type is a run of names, optionally followed by one parenthesized group, up to the first constraint.
    // SQLite dequotes the type; it does so on the whole text at once, which garbles `[my type](3)` in pragma
    // table_xinfo, so the names are unquoted one by one here.
    while (!c.done() && !c.at_punct(',') && !c.at_punct(')') && !at_column_constraint(c)) {
        if (c.at_punct('(')) {
            const std::size_t open = c.pos();
            column.declared_type += c.slice(open, c.skip_group() + 1);
            break;
        }
        const std::size_t at = c.pos();
        if (c.token(at).kind != TokenKind::word && c.token(at).kind != TokenKind::quoted_identifier &&
            c.token(at).kind != TokenKind::string) {
            c.fail("a type name");
        }
        if (!column.declared_type.empty()) column.declared_type += ' ';
        column.declared_type += c.name();
    }

    std::optional<std::string> pending_name;
    while (!c.done() && !c.at_punct(',') && !c.at_punct(')')) {
        if (c.accept_keyword("CONSTRAINT")) {
            pending_name = c.name();
            continue;
        }
        std::optional<std::string> name = std::exchange(pending_name, std::nullopt);
        if (c.accept_keyword("PRIMARY")) {
            c.expect_keyword("KEY");
            if (!c.accept_keyword("ASC")) c.accept_keyword("DESC");
            skip_conflict_clause(c);
            ParsedKey key{std::move(name), {column.name}, false};
            key.autoincrement = c.accept_keyword("AUTOINCREMENT");
            table.primary_key = std::move(key);
        } else if (at_defer_clause(c)) {
            // A column-level defer clause may stand apart from its REFERENCES; SQLite applies it to the table's
            // most recent foreign key, whichever column that came from.
            ParsedForeignKey ignored;
            defer_clause(c, table.foreign_keys.empty() ? ignored : table.foreign_keys.back());
        } else if (c.accept_keyword("NOT")) {
            c.expect_keyword("NULL");
            skip_conflict_clause(c);
            column.not_null = true;
        } else if (c.accept_keyword("NULL")) {
            skip_conflict_clause(c);
        } else if (c.accept_keyword("UNIQUE")) {
            skip_conflict_clause(c);
            table.unique.push_back(ParsedKey{std::move(name), {column.name}, false});
        } else if (c.accept_keyword("CHECK")) {
            table.checks.push_back(ParsedCheck{std::move(name), c.group_text()});
        } else if (c.accept_keyword("DEFAULT")) {
            column.default_value = default_text(c);
        } else if (c.accept_keyword("COLLATE")) {
            column.collation = c.name();
        } else if (c.at_keyword("REFERENCES")) {
            ParsedForeignKey fk = foreign_key_clause(c);
            fk.name = std::move(name);
            fk.columns = {column.name};
            table.foreign_keys.push_back(std::move(fk));
        } else if (c.accept_keyword("GENERATED") || c.at_keyword("AS")) {
            if (c.at_keyword("ALWAYS")) c.advance();
            c.expect_keyword("AS");
            column.generated_expression = c.group_text();
            column.generated_stored = c.accept_keyword("STORED");
            if (!column.generated_stored) c.accept_keyword("VIRTUAL");
        } else {
            c.fail("a column constraint");
        }
    }
    table.columns.push_back(std::move(column));
}

// `CONSTRAINT name` is a table constraint of its own in SQLite's grammar: the name waits in `pending` for the
// next constraint, and a comma drops it.
void parse_table_constraint(Cursor& c, ParsedTable& table, std::optional<std::string>& pending) {
    if (c.accept_keyword("CONSTRAINT")) {
        pending = c.name();
        return;
    }
    std::optional<std::string> name = std::exchange(pending, std::nullopt);
    if (c.accept_keyword("PRIMARY")) {
        c.expect_keyword("KEY");
        ParsedKey key{std::move(name), {}, false};
        key.columns = key_columns(c, key.autoincrement);
        skip_conflict_clause(c);
        table.primary_key = std::move(key);
    } else if (c.accept_keyword("UNIQUE")) {
        ParsedKey key{std::move(name), {}, false};
        key.columns = key_columns(c, key.autoincrement);
        skip_conflict_clause(c);
        table.unique.push_back(std::move(key));
    } else if (c.accept_keyword("CHECK")) {
        table.checks.push_back(ParsedCheck{std::move(name), c.group_text()});
        skip_conflict_clause(c);
    } else if (c.accept_keyword("FOREIGN")) {
        c.expect_keyword("KEY");
        std::vector<std::string> columns = name_list(c);
        ParsedForeignKey fk = foreign_key_clause(c);
        fk.name = std::move(name);
        fk.columns = std::move(columns);
        table.foreign_keys.push_back(std::move(fk));
    } else {
        c.fail("PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY");
    }
}

}  // namespace

ParsedTable parse_create_table(std::string_view sql) {
    Cursor c(sql, "CREATE TABLE");
    ParsedTable table;
    c.expect_keyword("CREATE");
    if (!c.accept_keyword("TEMP")) c.accept_keyword("TEMPORARY");
    c.expect_keyword("TABLE");
    skip_if_not_exists(c);
    table.name = qualified_name(c);
    c.expect_punct('(');
    bool in_constraints = false;
    std::optional<std::string> pending_name;
    for (;;) {
        if (!in_constraints && !at_table_constraint(c)) {
            parse_column(c, table);
        } else {
            in_constraints = true;
            parse_table_constraint(c, table, pending_name);
        }
        if (c.accept_punct(',')) {
            pending_name.reset();
            continue;
        }
        if (c.at_punct(')')) break;
        // SQLite's grammar lets table constraints follow each other without a comma.
        if (in_constraints && at_table_constraint(c)) continue;
        c.fail("',' or ')'");
    }
    c.expect_punct(')');
    while (!c.done() && !c.at_punct(';')) {
        if (c.accept_keyword("WITHOUT")) {
            c.expect_keyword("ROWID");
            table.without_rowid = true;
        } else if (c.accept_keyword("STRICT")) {
            table.strict = true;
        } else {
            c.fail("WITHOUT ROWID or STRICT");
        }
        c.accept_punct(',');
    }
    return table;
}

ParsedIndex parse_create_index(std::string_view sql) {
    Cursor c(sql, "CREATE INDEX");
    ParsedIndex index;
    c.expect_keyword("CREATE");
    index.unique = c.accept_keyword("UNIQUE");
    c.expect_keyword("INDEX");
    skip_if_not_exists(c);
    index.name = qualified_name(c);
    c.expect_keyword("ON");
    index.table = c.name();
    const std::size_t open = c.pos();
    const std::size_t close = c.skip_group();
    // Split the key list at top-level commas; each key may end in COLLATE name and then ASC/DESC.
    std::size_t start = open + 1;
    int depth = 0;
    for (std::size_t i = open + 1; i <= close; ++i) {
        const Token& t = c.token(i);
        if (t.kind == TokenKind::punct && t.text == "(") ++depth;
        if (t.kind == TokenKind::punct && t.text == ")" && i != close) --depth;
        if (!(i == close || (depth == 0 && t.kind == TokenKind::punct && t.text == ","))) continue;
        std::size_t end = i;
        ParsedIndexKey key;
        if (end > start && (core::is_keyword(c.token(end - 1), "ASC") || core::is_keyword(c.token(end - 1), "DESC"))) {
            key.desc = core::is_keyword(c.token(end - 1), "DESC");
            --end;
        }
        if (end >= start + 2 && core::is_keyword(c.token(end - 2), "COLLATE")) {
            key.collation = name_value(c.token(end - 1));
            if (!key.collation) c.fail("a collation name");
            end -= 2;
        }
        key.text = c.slice(start, end);
        if (key.text.empty()) c.fail("an index key");
        index.keys.push_back(std::move(key));
        start = i + 1;
    }
    if (c.accept_keyword("WHERE")) {
        index.where = c.slice(c.pos(), c.statement_end());
        if (index.where->empty()) c.fail("an expression after WHERE");
    } else if (c.statement_end() != c.pos()) {
        c.fail("WHERE or the end of the statement");
    }
    return index;
}

std::string parse_view_definition(std::string_view sql) {
    Cursor c(sql, "CREATE VIEW");
    c.expect_keyword("CREATE");
    if (!c.accept_keyword("TEMP")) c.accept_keyword("TEMPORARY");
    c.expect_keyword("VIEW");
    skip_if_not_exists(c);
    qualified_name(c);
    if (c.at_punct('(')) c.skip_group();
    c.expect_keyword("AS");
    const std::string definition = c.slice(c.pos(), c.statement_end());
    if (definition.empty()) c.fail("a SELECT after AS");
    return definition;
}

}  // namespace autogen::introspect::sqlite
