#include "core/url.hpp"

#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include "core/error.hpp"

namespace autogen::core {
namespace {

constexpr std::string_view mask = "***";

bool is_scheme_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// The length of the scheme ending just before `text[end]` == ':' of "://", or 0 when none.
std::size_t scheme_length_before(std::string_view text, std::size_t end) {
    std::size_t start = end;
    while (start > 0 && is_scheme_char(text[start - 1])) --start;
    while (start < end && !std::isalpha(static_cast<unsigned char>(text[start]))) ++start;  // a scheme starts with a letter
    return end - start;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Where the authority's user information ends (the '@'), or npos. A password with '@' in it is
// accepted unencoded by taking the last '@' before the path; a '/' in a password must be encoded.
std::size_t userinfo_end(std::string_view rest) {
    std::size_t end = rest.find('/');
    if (end == std::string_view::npos) end = rest.find('?');
    if (end == std::string_view::npos) end = rest.size();
    const std::size_t at = rest.substr(0, end).rfind('@');
    return at;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
                !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
                return std::nullopt;
            }
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

// Masks the values of password=... parameters (URL queries, libpq key/value strings).
std::string mask_password_parameters(const std::string& text) {
    std::string out;
    std::size_t i = 0;
    static constexpr std::string_view key = "password=";
    while (i < text.size()) {
        const std::size_t found = ascii_lower(text.substr(i)).find(key);
        if (found == std::string::npos) break;
        const std::size_t start = i + found;
        const bool at_boundary = start == 0 || text[start - 1] == '?' || text[start - 1] == '&' ||
                                 std::isspace(static_cast<unsigned char>(text[start - 1]));
        std::size_t value = start + key.size();
        out += text.substr(i, value - i);
        if (!at_boundary) {
            i = value;
            continue;
        }
        std::size_t end = value;
        if (end < text.size() && text[end] == '\'') {  // libpq quotes values with spaces
            end = text.find('\'', end + 1);
            end = end == std::string::npos ? text.size() : end + 1;
        } else {
            while (end < text.size() && text[end] != '&' && text[end] != '#' &&
                   !std::isspace(static_cast<unsigned char>(text[end]))) {
                ++end;
            }
        }
        if (end > value) out += mask;
        i = end;
    }
    out += text.substr(i);
    return out;
}

}  // namespace

bool is_database_url(const std::string& source) {
    const std::size_t separator = source.find("://");
    if (separator == std::string::npos || separator == 0) return false;
    return scheme_length_before(source, separator) == separator;
}

std::string mask_passwords(const std::string& text) {
    std::string out;
    std::size_t i = 0;
    for (;;) {
        const std::size_t separator = text.find("://", i);
        if (separator == std::string::npos) break;
        const std::size_t rest_start = separator + 3;
        std::size_t token_end = rest_start;
        while (token_end < text.size() && !std::isspace(static_cast<unsigned char>(text[token_end])) &&
               text[token_end] != '"' && text[token_end] != '\'') {
            ++token_end;
        }
        const std::string_view rest = std::string_view(text).substr(rest_start, token_end - rest_start);
        out += text.substr(i, rest_start - i);
        const std::size_t at = scheme_length_before(text, separator) > 0 ? userinfo_end(rest) : std::string_view::npos;
        const std::size_t colon = at == std::string_view::npos ? at : rest.substr(0, at).find(':');
        if (colon != std::string_view::npos) {
            out += rest.substr(0, colon + 1);
            out += mask;
            out += rest.substr(at);
        } else {
            out += rest;
        }
        i = token_end;
    }
    out += text.substr(i);
    return mask_password_parameters(out);
}

std::string DatabaseUrl::masked() const {
    if (!original.empty()) return mask_passwords(original);
    std::string out = scheme + "://";
    if (dialect == Dialect::sqlite) return out + "/" + database;
    if (!user.empty() || password) out += user + (password ? ":" + std::string(mask) : "") + "@";
    out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port) out += ":" + std::to_string(*port);
    out += "/" + database;
    char separator = '?';
    for (const auto& [key, value] : query) {
        out += separator + key + "=" + (ascii_lower(key) == "password" ? std::string(mask) : value);
        separator = '&';
    }
    return out;
}

DatabaseUrl parse_url(const std::string& url) {
    // Errors show the URL only masked: they end up in logs and CI output.
    auto fail = [&](const std::string& why) -> DatabaseUrl {
        throw Error(fmt::format("{} in database URL \"{}\"", why, mask_passwords(url)));
    };
    if (!is_database_url(url)) fail("no scheme://");
    const std::size_t separator = url.find("://");
    const std::string full_scheme = ascii_lower(url.substr(0, separator));
    // SQLAlchemy names a driver after '+' (postgresql+psycopg2): it does not matter to us.
    const std::string scheme = full_scheme.substr(0, full_scheme.find('+'));

    DatabaseUrl out;
    out.original = url;
    out.scheme = scheme;
    if (scheme == "sqlite") {
        out.dialect = Dialect::sqlite;
    } else if (scheme == "postgresql" || scheme == "postgres") {
        out.dialect = Dialect::postgresql;
    } else if (scheme == "mysql" || scheme == "mariadb") {
        out.dialect = Dialect::mysql;  // the server tells which it is once connected
    } else {
        fail(fmt::format("unknown scheme \"{}\" (expected sqlite, postgresql, mysql or mariadb)", scheme));
    }

    std::string_view rest = std::string_view(url).substr(separator + 3);
    auto read_query = [&](std::string_view query) {
        std::size_t start = 0;
        while (start <= query.size()) {
            std::size_t end = query.find('&', start);
            if (end == std::string_view::npos) end = query.size();
            const std::string_view pair = query.substr(start, end - start);
            if (!pair.empty()) {
                const std::size_t equals = pair.find('=');
                const auto key = percent_decode(pair.substr(0, equals), true);
                const auto value = equals == std::string_view::npos ? std::optional<std::string>("")
                                                                    : percent_decode(pair.substr(equals + 1), true);
                if (!key || !value || key->empty()) fail("malformed query parameter");
                out.query[*key] = *value;
            }
            start = end + 1;
        }
    };

    if (out.dialect == Dialect::sqlite) {
        // sqlite:///relative.db, sqlite:////absolute.db, sqlite://:memory: (and sqlite:// for memory, as SQLAlchemy).
        const std::size_t question = rest.find('?');
        std::string_view path = rest.substr(0, question);
        if (question != std::string_view::npos) read_query(rest.substr(question + 1));
        if (path.empty() || path == ":memory:" || path == "/:memory:") {
            out.database = ":memory:";
        } else if (path.front() == '/') {
            out.database = std::string(path.substr(1));
            if (out.database.empty()) fail("missing database file");
        } else {
            fail("a sqlite URL has no host: write sqlite:///relative.db or sqlite:////absolute/path.db");
        }
        return out;
    }

    if (const std::size_t at = userinfo_end(rest); at != std::string_view::npos) {
        const std::string_view userinfo = rest.substr(0, at);
        const std::size_t colon = userinfo.find(':');
        const auto user = percent_decode(userinfo.substr(0, colon), false);
        if (!user) fail("malformed user name");
        out.user = *user;
        if (colon != std::string_view::npos) {
            const auto password = percent_decode(userinfo.substr(colon + 1), false);
            if (!password) fail("malformed password");
            out.password = *password;
        }
        rest.remove_prefix(at + 1);
    }

    std::size_t host_end = rest.find_first_of("/?");
    if (host_end == std::string_view::npos) host_end = rest.size();
    std::string_view hostport = rest.substr(0, host_end);
    rest.remove_prefix(host_end);
    std::string_view port;
    if (!hostport.empty() && hostport.front() == '[') {
        const std::size_t close = hostport.find(']');
        if (close == std::string_view::npos) fail("unterminated IPv6 address");
        const auto host = percent_decode(hostport.substr(1, close - 1), false);  // a zone id is written %25eth0
        if (!host) fail("malformed host");
        out.host = *host;
        const std::string_view after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') fail("unexpected text after the IPv6 address");
            port = after.substr(1);
        }
    } else {
        const std::size_t colon = hostport.find(':');
        const auto host = percent_decode(hostport.substr(0, colon), false);  // %2F: a socket directory
        if (!host) fail("malformed host");
        out.host = *host;
        if (colon != std::string_view::npos) port = hostport.substr(colon + 1);
    }
    if (!port.empty()) {
        int value = 0;
        for (char c : port) {
            if (!std::isdigit(static_cast<unsigned char>(c)) || value > 65535) fail(fmt::format("invalid port \"{}\"", port));
            value = value * 10 + (c - '0');
        }
        if (value < 1 || value > 65535) fail(fmt::format("invalid port \"{}\"", port));
        out.port = value;
    }

    const std::size_t question = rest.find('?');
    std::string_view path = rest.substr(0, question);
    if (question != std::string_view::npos) read_query(rest.substr(question + 1));
    if (!path.empty()) path.remove_prefix(1);  // the '/' before the database name
    const auto database = percent_decode(path, false);
    if (!database) fail("malformed database name");
    out.database = *database;
    return out;
}

}  // namespace autogen::core
