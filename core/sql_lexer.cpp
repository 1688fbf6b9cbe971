#include "core/sql_lexer.hpp"

#include <algorithm>
#include <cctype>

#include "core/names.hpp"
#include "core/types.hpp"

namespace autogen::core {
namespace {

// ASCII classes, as <cctype> gives them in the C locale, without a library call per character.
bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool word_start(unsigned char c) { return is_alpha(c) || c == '_' || c >= 0x80; }
bool word_char(unsigned char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '$' || c >= 0x80; }

// Reads a quoted run starting at `i` (the opening quote); doubled closing quotes are escapes.
// MySQL also treats backslash as an escape inside strings.
std::size_t read_quoted(std::string_view sql, std::size_t i, char close, bool backslash_escapes) {
    std::size_t j = i + 1;
    while (j < sql.size()) {
        if (backslash_escapes && sql[j] == '\\' && j + 1 < sql.size()) {
            j += 2;
            continue;
        }
        if (sql[j] == close) {
            if (j + 1 < sql.size() && sql[j + 1] == close && close != ']') {
                j += 2;
                continue;
            }
            return j + 1;
        }
        ++j;
    }
    return sql.size();
}

std::string unquote(std::string_view text, char close) {
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size() || (i < text.size() && text.back() != close); ++i) {
        if (i + 1 == text.size() && text[i] == close) break;
        out += text[i];
        if (text[i] == close && i + 1 < text.size() && text[i + 1] == close) ++i;
    }
    return out;
}

bool is_simple_identifier(const std::string& value, bool lower_only) {
    if (value.empty() || !word_start(static_cast<unsigned char>(value[0]))) return false;
    for (unsigned char c : value) {
        if (!word_char(c) || c == '$') return false;
        if (lower_only && std::isupper(c)) return false;
    }
    return true;
}

}  // namespace

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::vector<Token> tokenize(std::string_view sql, Dialect dialect) {
    const bool mysql = is_mysql_family(dialect);
    std::vector<Token> tokens;
    tokens.reserve(sql.size() / 4 + 1);  // about one token per four characters; introspection tokenizes every CREATE
    std::size_t i = 0;
    auto push = [&](TokenKind kind, std::size_t start, std::size_t end, std::string value) {
        tokens.push_back(Token{kind, std::string(sql.substr(start, end - start)), start, std::move(value)});
    };
    while (i < sql.size()) {
        const unsigned char c = static_cast<unsigned char>(sql[i]);
        if (is_space(c)) {
            ++i;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') ++i;
        } else if (c == '#' && mysql) {
            while (i < sql.size() && sql[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else if (c == '\'') {
            const auto end = read_quoted(sql, i, '\'', mysql);
            push(TokenKind::string, i, end, "");
            i = end;
        } else if ((c == 'x' || c == 'X') && i + 1 < sql.size() && sql[i + 1] == '\'') {
            const auto end = read_quoted(sql, i + 1, '\'', false);
            push(TokenKind::blob, i, end, "");
            i = end;
        } else if ((c == 'e' || c == 'E' || c == 'n' || c == 'N') && i + 1 < sql.size() && sql[i + 1] == '\'') {
            const auto end = read_quoted(sql, i + 1, '\'', c == 'e' || c == 'E' || mysql);
            push(TokenKind::string, i, end, "");
            i = end;
        } else if (c == '"' && !mysql) {
            const auto end = read_quoted(sql, i, '"', false);
            push(TokenKind::quoted_identifier, i, end, unquote(sql.substr(i, end - i), '"'));
            i = end;
        } else if (c == '"') {  // MySQL: a double-quoted string (ANSI_QUOTES off)
            const auto end = read_quoted(sql, i, '"', true);
            push(TokenKind::string, i, end, "");
            i = end;
        } else if (c == '`' && (mysql || dialect == Dialect::sqlite || dialect == Dialect::portable)) {
            const auto end = read_quoted(sql, i, '`', false);
            push(TokenKind::quoted_identifier, i, end, unquote(sql.substr(i, end - i), '`'));
            i = end;
        } else if (c == '[' && dialect == Dialect::sqlite) {
            const auto end = read_quoted(sql, i, ']', false);
            push(TokenKind::quoted_identifier, i, end, std::string(sql.substr(i + 1, end - i - 2)));
            i = end;
        } else if (c == '$' && !mysql && i + 1 < sql.size() &&
                   (sql[i + 1] == '$' || word_start(static_cast<unsigned char>(sql[i + 1])))) {
            // PostgreSQL dollar quoting: $tag$ ... $tag$; a lone $1 is a parameter.
            std::size_t j = i + 1;
            while (j < sql.size() && sql[j] != '$' && word_char(static_cast<unsigned char>(sql[j]))) ++j;
            if (j < sql.size() && sql[j] == '$') {
                const std::string tag(sql.substr(i, j - i + 1));
                const auto end = sql.find(tag, j + 1);
                const std::size_t stop = end == std::string_view::npos ? sql.size() : end + tag.size();
                push(TokenKind::string, i, stop, "");
                i = stop;
            } else {
                push(TokenKind::parameter, i, j, "");
                i = j;
            }
        } else if (c == '$' || c == '?' || ((c == ':' || c == '@') && i + 1 < sql.size() &&
                                               word_start(static_cast<unsigned char>(sql[i + 1])) && !mysql &&
                                               dialect == Dialect::sqlite)) {
            std::size_t j = i + 1;
            while (j < sql.size() && word_char(static_cast<unsigned char>(sql[j]))) ++j;
            push(TokenKind::parameter, i, j, "");
            i = j;
        } else if (is_digit(c) || (c == '.' && i + 1 < sql.size() && is_digit(static_cast<unsigned char>(sql[i + 1])))) {
            std::size_t j = i;
            if (c == '0' && j + 1 < sql.size() && (sql[j + 1] == 'x' || sql[j + 1] == 'X')) {
                j += 2;
                while (j < sql.size() && std::isxdigit(static_cast<unsigned char>(sql[j]))) ++j;
            } else {
                while (j < sql.size() && (is_digit(static_cast<unsigned char>(sql[j])) || sql[j] == '.')) ++j;
                if (j < sql.size() && (sql[j] == 'e' || sql[j] == 'E')) {
                    std::size_t k = j + 1;
                    if (k < sql.size() && (sql[k] == '+' || sql[k] == '-')) ++k;
                    if (k < sql.size() && is_digit(static_cast<unsigned char>(sql[k]))) {
                        j = k;
                        while (j < sql.size() && is_digit(static_cast<unsigned char>(sql[j]))) ++j;
                    }
                }
            }
            push(TokenKind::number, i, j, "");
            i = j;
        } else if (word_start(c)) {
            std::size_t j = i + 1;
            while (j < sql.size() && word_char(static_cast<unsigned char>(sql[j]))) ++j;
            push(TokenKind::word, i, j, std::string(sql.substr(i, j - i)));
            i = j;
        } else if (c == '(' || c == ')' || c == ',' || c == ';' || c == '.' || c == '[' || c == ']' || c == '{' ||
                   c == '}') {
            push(TokenKind::punct, i, i + 1, "");
            ++i;
        } else {
            // Operators: the longest run of operator characters that forms a known operator.
            static const char* const multi[] = {"->>", "#>>", "<=>", "::", "||", "<=", ">=", "<>", "!=", "==", "<<",
                                                ">>", "->", "#>", "@>", "<@", "&&", "~~", "!~", "~*", "@@", ":="};
            std::size_t len = 1;
            for (const char* m : multi) {
                const std::string_view mv(m);
                if (sql.substr(i, mv.size()) == mv) {
                    len = mv.size();
                    break;
                }
            }
            push(TokenKind::op, i, i + len, "");
            i += len;
        }
    }
    return tokens;
}

bool is_keyword(const Token& token, std::string_view keyword) {
    if (token.kind != TokenKind::word || token.text.size() != keyword.size()) return false;
    // ASCII folding in place: keywords are ASCII, and this runs for every token the parsers look at.
    for (std::size_t i = 0; i < keyword.size(); ++i) {
        char a = token.text[i], b = keyword[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

std::string identifier_value(const Token& token) {
    return token.kind == TokenKind::quoted_identifier ? token.value : token.text;
}

namespace {

bool is_open(const Token& token) { return token.kind == TokenKind::punct && token.text == "("; }
bool is_close(const Token& token) { return token.kind == TokenKind::punct && token.text == ")"; }

// The index of the parenthesis that closes the one at `open`, or tokens.size() when it is never closed.
std::size_t closing(const std::vector<Token>& tokens, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < tokens.size(); ++i) {
        if (is_open(tokens[i])) ++depth;
        if (is_close(tokens[i]) && --depth == 0) return i;
    }
    return tokens.size();
}

// The positions of the AND / OR words that join the operands of tokens[from, to) at its own level: the AND of
// a BETWEEN belongs to the BETWEEN, and what is inside parentheses belongs to a deeper level.
std::vector<std::size_t> connectives(const std::vector<Token>& tokens, std::size_t from, std::size_t to) {
    std::vector<std::size_t> out;
    bool in_between = false;
    for (std::size_t i = from; i < to; ++i) {
        if (is_open(tokens[i])) {
            i = closing(tokens, i);
            continue;
        }
        if (is_keyword(tokens[i], "between")) in_between = true;
        else if (is_keyword(tokens[i], "and") && in_between) in_between = false;
        else if (is_keyword(tokens[i], "and") || is_keyword(tokens[i], "or")) out.push_back(i);
    }
    return out;
}

// "AND" or "OR" when every connective of tokens[from, to) is that word, empty otherwise.
std::string_view sole_connective(const std::vector<Token>& tokens, const std::vector<std::size_t>& at) {
    if (at.empty()) return {};
    const std::string_view word = is_keyword(tokens[at.front()], "and") ? "and" : "or";
    for (std::size_t i : at)
        if (!is_keyword(tokens[i], word)) return {};
    return word;
}

}  // namespace

// Drops the parentheses of an operand that is itself a chain of the same connective as the chain it stands in:
// AND and OR are associative, and PostgreSQL keeps such groups apart or merges them depending on which side of
// the chain they stand (a check written with BETWEEN inside an AND prints as an AND nested in an AND; created
// from that text, the left group merges into the chain), so "(a AND b) AND c" and "a AND (b AND c)" are one
// check. Inner levels first, so that a merged group's own groups are already merged.
std::vector<Token> merge_boolean_chains(const std::vector<Token>& tokens) {
    std::vector<Token> out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!is_open(tokens[i])) {
            out.push_back(tokens[i]);
            continue;
        }
        const std::size_t close = closing(tokens, i);
        if (close == tokens.size()) {  // unbalanced: left as written
            out.insert(out.end(), tokens.begin() + static_cast<std::ptrdiff_t>(i), tokens.end());
            break;
        }
        out.push_back(tokens[i]);
        const std::vector<Token> inner(tokens.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                       tokens.begin() + static_cast<std::ptrdiff_t>(close));
        for (auto& token : merge_boolean_chains(inner)) out.push_back(std::move(token));
        out.push_back(tokens[close]);
        i = close;
    }
    const std::vector<std::size_t> joins = connectives(out, 0, out.size());
    const std::string_view chain = sole_connective(out, joins);
    if (chain.empty()) return out;
    auto joins_at = [&joins](std::size_t i) { return std::binary_search(joins.begin(), joins.end(), i); };
    std::vector<Token> merged;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const bool operand_start = i == 0 || joins_at(i - 1);
        if (!is_open(out[i]) || !operand_start) {
            merged.push_back(out[i]);
            continue;
        }
        const std::size_t close = closing(out, i);
        if (close == out.size()) {  // unbalanced: left as written
            merged.insert(merged.end(), out.begin() + static_cast<std::ptrdiff_t>(i), out.end());
            break;
        }
        const bool operand_end = close + 1 == out.size() || joins_at(close + 1);
        if (operand_end && sole_connective(out, connectives(out, i + 1, close)) == chain) {
            merged.insert(merged.end(), out.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                          out.begin() + static_cast<std::ptrdiff_t>(close));
        } else {
            merged.insert(merged.end(), out.begin() + static_cast<std::ptrdiff_t>(i),
                          out.begin() + static_cast<std::ptrdiff_t>(close) + 1);
        }
        i = close;
    }
    return merged;
}

std::string normalize_expression(std::string_view sql, Dialect dialect) {
    auto tokens = tokenize(sql, dialect);
    // Strip parentheses that wrap the whole expression: "((a > 0))" and "a > 0" are the same check.
    for (;;) {
        if (tokens.size() < 2 || tokens.front().text != "(" || tokens.back().text != ")") break;
        int depth = 0;
        bool wraps = true;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (tokens[i].kind == TokenKind::punct && tokens[i].text == "(") ++depth;
            if (tokens[i].kind == TokenKind::punct && tokens[i].text == ")") --depth;
            if (depth == 0 && i + 1 < tokens.size()) {
                wraps = false;
                break;
            }
        }
        if (!wraps) break;
        tokens.erase(tokens.begin());
        tokens.pop_back();
    }
    tokens = merge_boolean_chains(tokens);
    const bool case_insensitive = dialect != Dialect::postgresql;
    std::string out;
    for (const auto& token : tokens) {
        std::string text;
        switch (token.kind) {
            case TokenKind::word:
                text = ascii_lower(token.text);
                break;
            case TokenKind::quoted_identifier:
                // A quoted name that needs no quotes is the same name written bare.
                if (case_insensitive) {
                    text = is_simple_identifier(token.value, false) ? ascii_lower(token.value) : "\"" + token.value + "\"";
                } else {
                    text = is_simple_identifier(token.value, true) ? token.value : "\"" + token.value + "\"";
                }
                break;
            case TokenKind::blob:
                text = ascii_lower(token.text);
                break;
            default:
                text = token.text;
        }
        if (!out.empty()) out += ' ';
        out += text;
    }
    return out;
}

std::set<std::string> identifiers_in(std::string_view sql, Dialect dialect) {
    std::set<std::string> out;
    for (const auto& token : tokenize(sql, dialect))
        if (token.kind == TokenKind::word || token.kind == TokenKind::quoted_identifier)
            out.insert(ascii_lower(identifier_value(token)));
    return out;
}

bool is_null_literal(std::string_view sql, Dialect dialect) {
    if (normalize_expression(sql, dialect) == "null") return true;
    // PostgreSQL prints a column's DEFAULT NULL with a cast to the column's type, `NULL::character varying(40)`:
    // still NULL. Parentheses aside, the NULL must be followed only by casts: `::` and a type name (words, quoted
    // names, the modifiers' numbers and commas, array brackets).
    std::vector<Token> tokens;
    for (auto& t : tokenize(sql, dialect))
        if (!is_open(t) && !is_close(t)) tokens.push_back(std::move(t));
    if (tokens.empty() || !is_keyword(tokens[0], "null")) return false;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == TokenKind::op) {
            if (t.text != "::" || i + 1 == tokens.size()) return false;
        } else if (i == 1) {
            return false;  // NULL directly followed by something that is not a cast
        }
    }
    return true;
}

namespace {

// The byte ranges [begin, end) of the type names cast to `from` in `sql` (after each `::`, one identifier or a
// schema-qualified pair, read as PostgreSQL reads them: unquoted words folded to lower case).
std::vector<std::pair<std::size_t, std::size_t>> casts_of(std::string_view sql, const std::string& from) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    if (sql.find("::") == std::string_view::npos) return out;
    const auto tokens = tokenize(sql, Dialect::postgresql);
    auto is_name = [](const Token& t) { return t.kind == TokenKind::word || t.kind == TokenKind::quoted_identifier; };
    auto part = [](const Token& t) {
        return canonical_identifier(t.kind == TokenKind::word ? ascii_lower(t.text) : identifier_value(t));
    };
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i].kind != TokenKind::op || tokens[i].text != "::" || !is_name(tokens[i + 1])) continue;
        std::string reference = part(tokens[i + 1]);
        std::size_t last = i + 1;
        if (i + 3 < tokens.size() && tokens[i + 2].kind == TokenKind::punct && tokens[i + 2].text == "." &&
            is_name(tokens[i + 3])) {
            reference += "." + part(tokens[i + 3]);
            last = i + 3;
        }
        if (reference == from || reference == "public." + from)
            out.emplace_back(tokens[i + 1].offset, tokens[last].offset + tokens[last].text.size());
    }
    return out;
}

}  // namespace

std::string with_casts_renamed(std::string_view sql, const std::string& from, const std::string& to) {
    const auto ranges = casts_of(sql, from);
    if (ranges.empty()) return std::string(sql);
    std::string out;
    std::size_t at = 0;
    for (const auto& [begin, end] : ranges) {
        out.append(sql.substr(at, begin - at));
        out += to;
        at = end;
    }
    out.append(sql.substr(at));
    return out;
}

std::string with_columns_renamed(std::string_view sql, Dialect dialect, const std::map<std::string, std::string>& renamed) {
    if (renamed.empty()) return std::string(sql);
    const auto tokens = tokenize(sql, dialect);
    const char quote = is_mysql_family(dialect) ? '`' : '"';
    std::string out;
    std::size_t at = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const Token& token = tokens[k];
        if (token.kind != TokenKind::word && token.kind != TokenKind::quoted_identifier) continue;
        if (k + 1 < tokens.size() && tokens[k + 1].text == "(") continue;  // a function
        if (k > 0 && tokens[k - 1].text == "::") continue;                 // a type
        // PostgreSQL folds an unquoted name to lower case; the others compare column names without case anyway.
        std::string name = identifier_value(token);
        if (token.kind == TokenKind::word && dialect == Dialect::postgresql) name = ascii_lower(name);
        const auto it = renamed.find(name_key(name, dialect, NameKind::column));
        if (it == renamed.end()) continue;
        out.append(sql.substr(at, token.offset - at));
        out += quote;
        for (char c : it->second) {
            if (c == quote) out += quote;
            out += c;
        }
        out += quote;
        at = token.offset + token.text.size();
    }
    out.append(sql.substr(at));
    return out;
}

bool casts_to(std::string_view sql, const std::string& from) { return !casts_of(sql, from).empty(); }

}  // namespace autogen::core
