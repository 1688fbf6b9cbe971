#include "introspect/postgres/types.hpp"

#include "core/error.hpp"
#include "core/sql_lexer.hpp"

namespace autogen::introspect::postgres {
namespace {

// Array elements are double-quoted with backslash escapes; quoting every element avoids NULL and separators.
std::string array_element(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// A conninfo value in single quotes, backslash escaping quotes and backslashes (libpq's rules).
std::string conninfo_value(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

}  // namespace

std::string text_array_literal(const std::vector<std::string>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ',';
        out += array_element(values[i]);
    }
    return out + "}";
}

std::vector<std::string> parse_text_array(std::string_view text) {
    std::vector<std::string> out;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') return out;
    std::size_t i = 1;
    const std::size_t end = text.size() - 1;
    while (i < end) {
        std::string value;
        if (text[i] == '"') {
            ++i;
            while (i < end && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < end) ++i;
                value += text[i++];
            }
            ++i;  // closing quote
        } else {
            while (i < end && text[i] != ',') value += text[i++];
            if (value == "NULL") value.clear();
        }
        out.push_back(std::move(value));
        if (i < end && text[i] == ',') ++i;
    }
    return out;
}

std::string like_pattern(std::string_view glob) {
    std::string out;
    for (char c : glob) {
        switch (c) {
            case '*': out += '%'; break;
            case '?': out += '_'; break;
            case '%':
            case '_':
            case '\\':
                out += '\\';
                out += c;
                break;
            default: out += c;
        }
    }
    return out;
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string quote_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string collation_sql(std::string_view name) {
    const auto dot = name.find('.');
    if (dot == std::string_view::npos) return quote_identifier(name);
    return quote_identifier(name.substr(0, dot)) + "." + quote_identifier(name.substr(dot + 1));
}

std::string foreign_key_action(char code) {
    switch (code) {
        case 'r': return "restrict";
        case 'c': return "cascade";
        case 'n': return "set null";
        case 'd': return "set default";
        default: return "no action";
    }
}

std::string foreign_key_match(char code) {
    switch (code) {
        case 'f': return "full";
        case 'p': return "partial";
        default: return "simple";
    }
}

std::string conninfo(const core::DatabaseUrl& url) {
    std::string out;
    auto add = [&](const std::string& key, const std::string& value) {
        if (!out.empty()) out += ' ';
        out += key + "=" + conninfo_value(value);
    };
    if (!url.host.empty()) add("host", url.host);
    if (url.port) add("port", std::to_string(*url.port));
    if (!url.database.empty()) add("dbname", url.database);
    if (!url.user.empty()) add("user", url.user);
    if (url.password) add("password", *url.password);
    // Query parameters are libpq's own keywords (sslmode, host=/socket/dir, connect_timeout, ...).
    for (const auto& [key, value] : url.query) add(key, value);
    if (!url.query.contains("application_name")) add("application_name", "autogen");
    if (!url.query.contains("connect_timeout")) add("connect_timeout", "10");
    return out;
}

bool is_self_contained_expression(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) return false;
    // The tokenizer skips strings and comments, so a ';' or parenthesis it reports stands in the SQL itself.
    // The server parses a whole command string before running any of it, so a text that ends inside a string or
    // comment only makes the statement fail; a separator or an unbalanced parenthesis is what could start
    // another clause or statement, and is refused.
    int depth = 0;
    for (const auto& token : core::tokenize(text, core::Dialect::postgresql)) {
        if (token.kind != core::TokenKind::punct) continue;
        if (token.text == ";") return false;
        if (token.text == "(" || token.text == "[") ++depth;
        if (token.text == ")" || token.text == "]") --depth;
        if (depth < 0) return false;
    }
    return depth == 0;
}

}  // namespace autogen::introspect::postgres
