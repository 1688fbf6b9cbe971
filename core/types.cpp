#include "core/types.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/names.hpp"

namespace autogen::core {
namespace {

// ---------------------------------------------------------------------------------------------
// Text helpers

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return "";
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += separator;
        out += parts[i];
    }
    return out;
}

std::string param_list(const std::vector<std::string>& params) {
    return params.empty() ? std::string() : "(" + join(params, ",") + ")";
}

std::string array_suffix(int dims) {
    std::string out;
    for (int i = 0; i < dims; ++i) out += "[]";
    return out;
}

[[noreturn]] void unknown_type(const std::string& text, std::string_view hint = {}) {
    if (hint.empty()) throw Error(fmt::format("unknown type \"{}\"", text));
    throw Error(fmt::format("unknown type \"{}\" ({})", text, hint));
}

[[noreturn]] void invalid_type(const std::string& text, std::string_view why) {
    throw Error(fmt::format("invalid type \"{}\": {}", text, why));
}

// ---------------------------------------------------------------------------------------------
// Tokens and the shape every dialect's type text shares:
//   name-words [ ( params ) ] [ modifier-words ] [ [] ... | ARRAY [n] ]
// or a qualified name  part.part [ ( params ) ] [ [] ... ].

enum class TokenKind { word, quoted, number, string, symbol };

struct Token {
    TokenKind kind;
    std::string text;  // word as written; quoted identifier / string without quotes; number as written
};

bool is_word_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool is_word_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

std::vector<Token> tokenize(const std::string& text, Dialect dialect) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto malformed = [&](std::string_view why) { invalid_type(text, why); };
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (std::isspace(c)) {
            ++i;
        } else if (is_word_start(c)) {
            std::size_t j = i;
            while (j < n && is_word_char(static_cast<unsigned char>(text[j]))) ++j;
            tokens.push_back({TokenKind::word, text.substr(i, j - i)});
            i = j;
        } else if (std::isdigit(c) ||
                   ((c == '+' || c == '-') && i + 1 < n && std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
            std::size_t j = i + 1;
            while (j < n && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.')) ++j;
            tokens.push_back({TokenKind::number, text.substr(i, j - i)});
            i = j;
        } else if (c == '"' || c == '`') {
            // Doubled quote characters escape themselves in both PostgreSQL and MySQL identifiers.
            const char quote = static_cast<char>(c);
            std::string content;
            std::size_t j = i + 1;
            for (;;) {
                if (j >= n) malformed("unterminated quoted identifier");
                if (text[j] == quote) {
                    if (j + 1 < n && text[j + 1] == quote) {
                        content += quote;
                        j += 2;
                        continue;
                    }
                    break;
                }
                content += text[j++];
            }
            if (content.empty()) malformed("empty quoted identifier");
            tokens.push_back({TokenKind::quoted, content});
            i = j + 1;
        } else if (c == '\'') {
            std::string content;
            std::size_t j = i + 1;
            for (;;) {
                if (j >= n) malformed("unterminated string");
                if (text[j] == '\'') {
                    if (j + 1 < n && text[j + 1] == '\'') {
                        content += '\'';
                        j += 2;
                        continue;
                    }
                    break;
                }
                // MySQL strings honour backslash escapes (unless NO_BACKSLASH_ESCAPES), so enum('a\'b') is a'b.
                if (text[j] == '\\' && is_mysql_family(dialect) && j + 1 < n) {
                    content += text[j + 1];
                    j += 2;
                    continue;
                }
                content += text[j++];
            }
            tokens.push_back({TokenKind::string, content});
            i = j + 1;
        } else if (c == '(' || c == ')' || c == ',' || c == '[' || c == ']' || c == '.') {
            tokens.push_back({TokenKind::symbol, std::string(1, static_cast<char>(c))});
            ++i;
        } else {
            malformed(fmt::format("unexpected character '{}'", static_cast<char>(c)));
        }
    }
    return tokens;
}

struct Shape {
    std::vector<Token> name;                // words (unqualified) or parts (qualified)
    bool qualified = false;
    bool has_params = false;
    std::vector<std::vector<Token>> params;
    std::vector<std::string> after;         // lower-cased words after the params
    int array_dims = 0;

    bool name_is_plain() const {
        return std::all_of(name.begin(), name.end(), [](const Token& t) { return t.kind == TokenKind::word; });
    }
    std::vector<std::string> lower_words() const {
        std::vector<std::string> out;
        for (const auto& token : name) out.push_back(ascii_lower(token.text));
        return out;
    }
};

bool is_symbol(const Token& token, char c) { return token.kind == TokenKind::symbol && token.text[0] == c; }
bool is_array_word(const Token& token) { return token.kind == TokenKind::word && ascii_lower(token.text) == "array"; }

Shape parse_shape(const std::string& text, const std::vector<Token>& tokens) {
    Shape shape;
    std::size_t i = 0;
    const std::size_t n = tokens.size();
    auto malformed = [&]() { invalid_type(text, "not a type name"); };
    auto is_name = [&]() { return i < n && (tokens[i].kind == TokenKind::word || tokens[i].kind == TokenKind::quoted); };
    auto peek = [&](char c) { return i < n && is_symbol(tokens[i], c); };

    if (!is_name()) malformed();
    shape.name.push_back(tokens[i++]);
    if (peek('.')) {
        shape.qualified = true;
        while (peek('.')) {
            ++i;
            if (!is_name()) malformed();
            shape.name.push_back(tokens[i++]);
        }
    } else {
        while (is_name() && !is_array_word(tokens[i])) shape.name.push_back(tokens[i++]);
    }
    if (peek('(')) {
        shape.has_params = true;
        ++i;
        std::vector<Token> current;
        for (;;) {
            if (i >= n) malformed();
            if (is_symbol(tokens[i], ')') || is_symbol(tokens[i], ',')) {
                if (current.empty()) malformed();
                shape.params.push_back(std::move(current));
                current.clear();
                if (is_symbol(tokens[i++], ')')) break;
                continue;
            }
            if (tokens[i].kind == TokenKind::symbol) malformed();
            current.push_back(tokens[i++]);
        }
        while (i < n && tokens[i].kind == TokenKind::word && !is_array_word(tokens[i])) {
            shape.after.push_back(ascii_lower(tokens[i++].text));
        }
    }
    auto bracket = [&]() {
        ++i;  // '['; PostgreSQL ignores declared array sizes, so only the dimension counts
        if (i < n && tokens[i].kind == TokenKind::number) ++i;
        if (!peek(']')) malformed();
        ++i;
    };
    if (i < n && is_array_word(tokens[i])) {
        ++i;
        shape.array_dims = 1;
        if (peek('[')) bracket();
    } else {
        while (peek('[')) {
            bracket();
            ++shape.array_dims;
        }
    }
    if (i != n) malformed();
    return shape;
}

// The longest known type name at the start of `words`; returns its canonical base and length.
std::pair<std::string, std::size_t> longest_prefix(const std::map<std::string, std::string>& names,
                                                    const std::vector<std::string>& words) {
    std::string phrase;
    std::pair<std::string, std::size_t> best{"", 0};
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) phrase += ' ';
        phrase += words[i];
        if (const auto it = names.find(phrase); it != names.end()) best = {it->second, i + 1};
    }
    return best;
}

// The words that modify a recognized base: those between the name and the params (only when there
// are no params: "timestamp with time zone") or after the params ("timestamp(3) with time zone").
struct Recognized {
    std::string base;
    std::vector<std::string> modifiers;
    std::size_t before_params = 0;  // how many of the modifiers precede the params
};

std::optional<Recognized> recognize(const std::map<std::string, std::string>& names, const Shape& shape,
                                    const std::string& text, bool modifiers_before_params = false) {
    if (shape.qualified || !shape.name_is_plain()) return std::nullopt;
    const auto words = shape.lower_words();
    const auto [base, length] = longest_prefix(names, words);
    if (length == 0) return std::nullopt;
    Recognized out{base, {words.begin() + static_cast<std::ptrdiff_t>(length), words.end()}, 0};
    out.before_params = shape.has_params ? out.modifiers.size() : 0;
    if (shape.has_params && !out.modifiers.empty() && !modifiers_before_params) invalid_type(text, "not a type name");
    out.modifiers.insert(out.modifiers.end(), shape.after.begin(), shape.after.end());
    return out;
}

long long integer_param(const std::vector<Token>& param, const std::string& text) {
    if (param.size() != 1 || param[0].kind != TokenKind::number) invalid_type(text, "parameters must be integers");
    std::string_view digits = param[0].text;
    if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
    long long value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) invalid_type(text, "parameters must be integers");
    return value;
}

std::vector<long long> integer_params(const Shape& shape, const std::string& text, std::size_t max_count,
                                      std::size_t min_count = 0) {
    if (shape.params.size() > max_count || shape.params.size() < min_count) {
        if (max_count == 0) invalid_type(text, "this type takes no parameters");
        if (min_count == max_count) invalid_type(text, fmt::format("expected {} parameter(s)", min_count));
        invalid_type(text, fmt::format("expected at most {} parameter(s)", max_count));
    }
    std::vector<long long> out;
    for (const auto& param : shape.params) out.push_back(integer_param(param, text));
    return out;
}

void require_range(long long value, long long low, long long high, const std::string& text, std::string_view what) {
    if (value < low || value > high) invalid_type(text, fmt::format("{} must be between {} and {}", what, low, high));
}

std::vector<std::string> to_strings(const std::vector<long long>& values) {
    std::vector<std::string> out;
    for (long long v : values) out.push_back(std::to_string(v));
    return out;
}

void no_modifiers(const Recognized& r, const std::string& text) {
    if (!r.modifiers.empty()) invalid_type(text, fmt::format("unexpected \"{}\"", join(r.modifiers, " ")));
}

void no_arrays(const Shape& shape, const std::string& text, Dialect dialect) {
    if (shape.array_dims > 0) invalid_type(text, fmt::format("{} has no array types", display_name(dialect)));
}

// ---------------------------------------------------------------------------------------------
// Identifiers in type names (user and extension types)

// PostgreSQL's quote_ident rule, which format_type follows: bare only when it is [a-z_][a-z0-9_]* and not a
// keyword that needs quoting; anything else (upper case, $, non-ASCII letters) is quoted.
bool is_plain_identifier(std::string_view name) {
    if (name.empty()) return false;
    const auto first = static_cast<unsigned char>(name[0]);
    if (!((first >= 'a' && first <= 'z') || first == '_')) return false;
    const bool simple = std::all_of(name.begin(), name.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    return simple && !is_postgres_quoted_keyword(name);
}

std::string identifier_of(const Token& token) {
    // Unquoted identifiers fold to lower case; quoted ones are exact.
    return canonical_identifier(token.kind == TokenKind::quoted ? token.text : ascii_lower(token.text));
}

std::string param_text(const std::vector<Token>& param) {
    std::vector<std::string> parts;
    for (const auto& token : param) {
        switch (token.kind) {
            case TokenKind::quoted: parts.push_back(canonical_identifier(token.text)); break;
            case TokenKind::string: {
                std::string quoted = "'";
                for (char c : token.text) quoted += (c == '\'') ? std::string("''") : std::string(1, c);
                parts.push_back(quoted + "'");
                break;
            }
            default: parts.push_back(token.text);
        }
    }
    return join(parts, " ");
}

// A user or extension type (PostgreSQL and portable): canonical qualified name, params as written.
std::optional<Type> user_type(const Shape& shape, Dialect dialect,
                              const std::vector<std::string>& user_types, bool allow_any_identifier) {
    if (!shape.qualified && shape.name.size() != 1) return std::nullopt;
    if (!shape.after.empty()) return std::nullopt;
    std::vector<std::string> parts;
    for (const auto& token : shape.name) parts.push_back(identifier_of(token));
    // The default schema is never written (MODEL.md), in type references either.
    if (dialect == Dialect::postgresql && parts.size() == 2 && parts[0] == "public") parts.erase(parts.begin());
    if (!shape.qualified && !allow_any_identifier &&
        std::find(user_types.begin(), user_types.end(), parts[0]) == user_types.end()) {
        return std::nullopt;
    }
    Type type;
    type.dialect = dialect;
    type.base = join(parts, ".");
    for (const auto& param : shape.params) type.params.push_back(param_text(param));
    type.array_dims = shape.array_dims;
    return type;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const std::map<std::string, std::string>& postgres_names() {
    static const std::map<std::string, std::string> names = [] {
        std::map<std::string, std::string> m{
            {"smallint", "smallint"}, {"int2", "smallint"},
            {"integer", "integer"}, {"int", "integer"}, {"int4", "integer"},
            {"bigint", "bigint"}, {"int8", "bigint"},
            {"real", "real"}, {"float4", "real"},
            {"double precision", "double precision"}, {"float8", "double precision"},
            {"float", "float"},
            {"numeric", "numeric"}, {"decimal", "numeric"},
            {"character", "character"}, {"char", "character"}, {"nchar", "character"},
            {"national character", "character"}, {"national char", "character"}, {"bpchar", "bpchar"},
            {"character varying", "character varying"}, {"varchar", "character varying"},
            {"char varying", "character varying"}, {"nchar varying", "character varying"},
            {"national character varying", "character varying"}, {"national char varying", "character varying"},
            {"timestamp", "timestamp"}, {"timestamptz", "timestamptz"},
            {"time", "time"}, {"timetz", "timetz"},
            {"interval", "interval"},
            {"boolean", "boolean"}, {"bool", "boolean"},
            {"bit", "bit"}, {"bit varying", "bit varying"}, {"varbit", "bit varying"},
            {"serial", "serial"}, {"serial4", "serial"}, {"bigserial", "bigserial"}, {"serial8", "bigserial"},
            {"smallserial", "smallserial"}, {"serial2", "smallserial"},
        };
        for (const char* plain :
             {"money", "text", "bytea", "date", "uuid", "json", "jsonb", "jsonpath", "xml", "inet", "cidr", "macaddr",
              "macaddr8", "tsvector", "tsquery", "point", "line", "lseg", "box", "path", "polygon", "circle",
              "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "int4multirange",
              "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange", "oid",
              "regclass", "regproc", "regprocedure", "regoper", "regoperator", "regtype", "regconfig",
              "regdictionary", "regnamespace", "regrole", "regcollation", "name", "pg_lsn", "txid_snapshot",
              "pg_snapshot", "xid", "xid8", "cid", "tid", "aclitem", "int2vector", "oidvector", "refcursor"}) {
            m.emplace(plain, plain);
        }
        return m;
    }();
    return names;
}

// Bases parse_postgres produces for built-ins (after float, bpchar(n) and time zones are resolved).
const std::set<std::string>& postgres_builtin_bases() {
    static const std::set<std::string> bases = [] {
        std::set<std::string> s{"double precision", "character", "character varying", "bit varying",
                                "timestamp without time zone", "timestamp with time zone",
                                "time without time zone", "time with time zone", "\"char\""};
        for (const auto& [written, base] : postgres_names()) {
            if (written == base && base != "float" && base != "timestamp" && base != "timestamptz" && base != "time" &&
                base != "timetz") {
                s.insert(base);
            }
        }
        return s;
    }();
    return bases;
}

const std::set<std::string>& interval_fields() {
    static const std::set<std::string> fields{
        "year", "month", "day", "hour", "minute", "second", "year to month", "day to hour", "day to minute",
        "day to second", "hour to minute", "hour to second", "minute to second"};
    return fields;
}

std::string postgres_hint(const std::string& first_word) {
    static const std::map<std::string, std::string> hints{
        {"double", "did you mean \"double precision\"?"}, {"datetime", "did you mean \"timestamp\"?"},
        {"tinyint", "did you mean \"smallint\"?"},         {"longtext", "did you mean \"text\"?"},
        {"blob", "did you mean \"bytea\"?"},               {"mediumint", "did you mean \"integer\"?"},
        {"unsigned", "PostgreSQL has no unsigned types"},
    };
    const auto it = hints.find(first_word);
    return it == hints.end() ? std::string() : it->second;
}

Type parse_postgres(const std::string& text, const Shape& shape, const std::vector<std::string>& user_types,
                    bool allow_any_identifier) {
    Type type;
    type.dialect = Dialect::postgresql;
    type.array_dims = shape.array_dims;

    // "char" (quoted) is the one-byte internal type, unrelated to char(n).
    if (!shape.qualified && shape.name.size() == 1 && shape.name[0].kind == TokenKind::quoted &&
        shape.name[0].text == "char" && !shape.has_params && shape.after.empty()) {
        type.base = "\"char\"";
        return type;
    }
    const auto recognized = recognize(postgres_names(), shape, text, /*modifiers_before_params=*/true);
    if (!recognized) {
        if (auto user = user_type(shape, Dialect::postgresql, user_types, allow_any_identifier)) return *user;
        unknown_type(text, shape.name_is_plain() ? postgres_hint(ascii_lower(shape.name[0].text)) : "");
    }
    const auto& r = *recognized;
    const std::string& base = r.base;
    // Only interval takes words before its precision ("interval day to second(3)").
    if (base != "interval" && r.before_params > 0) invalid_type(text, "not a type name");

    if (base == "float") {
        no_modifiers(r, text);
        const auto p = integer_params(shape, text, 1);
        if (p.empty()) {
            type.base = "double precision";
        } else {
            require_range(p[0], 1, 53, text, "float precision");
            type.base = p[0] <= 24 ? "real" : "double precision";
        }
    } else if (base == "numeric") {
        no_modifiers(r, text);
        const auto p = integer_params(shape, text, 2);
        if (!p.empty()) require_range(p[0], 1, 1000, text, "numeric precision");
        if (p.size() == 2) require_range(p[1], -1000, 1000, text, "numeric scale");
        type.base = "numeric";
        type.params = to_strings(p);
        if (p.size() == 1) type.params.push_back("0");  // numeric(p) is numeric(p,0), as format_type prints it
    } else if (base == "character" || base == "bpchar" || base == "character varying" || base == "bit" ||
               base == "bit varying") {
        no_modifiers(r, text);
        const auto p = integer_params(shape, text, 1);
        if (!p.empty()) require_range(p[0], 1, 10485760, text, "length");
        type.base = base == "bpchar" && !p.empty() ? "character" : base;
        type.params = to_strings(p);
        // char and bit without a length mean length 1; bpchar and the varying types mean unlimited.
        if (p.empty() && (base == "character" || base == "bit")) type.params = {"1"};
    } else if (base == "timestamp" || base == "time" || base == "timestamptz" || base == "timetz") {
        const auto p = integer_params(shape, text, 1);
        if (!p.empty()) require_range(p[0], 0, 6, text, "precision");
        const bool short_form = base == "timestamptz" || base == "timetz";
        const std::string stem = (base == "timestamp" || base == "timestamptz") ? "timestamp" : "time";
        const std::string zone = join(r.modifiers, " ");
        bool with_zone = short_form;
        if (!short_form && zone == "with time zone") {
            with_zone = true;
        } else if (!(zone.empty() || (!short_form && zone == "without time zone"))) {
            invalid_type(text, fmt::format("unexpected \"{}\"", zone));
        }
        type.base = stem + (with_zone ? " with time zone" : " without time zone");
        type.params = to_strings(p);
    } else if (base == "interval") {
        if (!shape.after.empty()) invalid_type(text, fmt::format("unexpected \"{}\"", join(shape.after, " ")));
        const auto p = integer_params(shape, text, 1);
        if (!p.empty()) require_range(p[0], 0, 6, text, "precision");
        const std::string fields = join(r.modifiers, " ");
        if (!fields.empty() && !interval_fields().contains(fields)) {
            invalid_type(text, fmt::format("unknown interval fields \"{}\"", fields));
        }
        type.base = "interval";
        type.suffix = fields;
        type.params = to_strings(p);
    } else {
        no_modifiers(r, text);
        integer_params(shape, text, 0);
        type.base = base;
        if ((base == "serial" || base == "bigserial" || base == "smallserial") && shape.array_dims > 0) {
            invalid_type(text, "serial types cannot be arrays");
        }
    }
    return type;
}

std::string render_postgres(const Type& type) {
    std::string out;
    if (type.base.starts_with("timestamp ") || type.base.starts_with("time ")) {
        const auto space = type.base.find(' ');
        out = type.base.substr(0, space) + param_list(type.params) + type.base.substr(space);
    } else if (type.base == "interval") {
        out = "interval" + (type.suffix.empty() ? "" : " " + type.suffix) + param_list(type.params);
    } else if (type.base.starts_with("public.")) {
        out = type.base.substr(7) + param_list(type.params);  // a portable reference to a public type
    } else {
        out = type.base + param_list(type.params);
    }
    return out + array_suffix(type.array_dims);
}

// ---------------------------------------------------------------------------------------------
// MySQL and MariaDB

const std::map<std::string, std::string>& mysql_names() {
    static const std::map<std::string, std::string> names = [] {
        std::map<std::string, std::string> m{
            {"tinyint", "tinyint"}, {"int1", "tinyint"},
            {"smallint", "smallint"}, {"int2", "smallint"},
            {"mediumint", "mediumint"}, {"int3", "mediumint"}, {"middleint", "mediumint"},
            {"int", "int"}, {"integer", "int"}, {"int4", "int"},
            {"bigint", "bigint"}, {"int8", "bigint"},
            {"bool", "bool"}, {"boolean", "bool"},
            {"decimal", "decimal"}, {"dec", "decimal"}, {"numeric", "decimal"}, {"fixed", "decimal"},
            {"float", "float"}, {"float4", "float"},
            {"double", "double"}, {"double precision", "double"}, {"real", "double"}, {"float8", "double"},
            {"char", "char"}, {"character", "char"}, {"nchar", "char"}, {"national char", "char"},
            {"national character", "char"},
            {"varchar", "varchar"}, {"character varying", "varchar"}, {"char varying", "varchar"},
            {"nvarchar", "varchar"}, {"national varchar", "varchar"}, {"national character varying", "varchar"},
            {"national char varying", "varchar"}, {"nchar varying", "varchar"}, {"nchar varchar", "varchar"},
            {"long", "mediumtext"}, {"long varchar", "mediumtext"}, {"long varbinary", "mediumblob"},
            {"geomcollection", "geometrycollection"},
        };
        for (const char* plain :
             {"bit", "binary", "varbinary", "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob",
              "mediumblob", "longblob", "enum", "set", "date", "time", "datetime", "timestamp", "year", "json",
              "uuid", "inet4", "inet6", "geometry", "point", "linestring", "polygon", "multipoint",
              "multilinestring", "multipolygon", "geometrycollection"}) {
            m.emplace(plain, plain);
        }
        return m;
    }();
    return names;
}

bool is_mysql_integer(const std::string& base) {
    return base == "tinyint" || base == "smallint" || base == "mediumint" || base == "int" || base == "bigint";
}

// The display width MySQL shows for an unsigned ZEROFILL column declared without one.
long long zerofill_width(const std::string& base) {
    if (base == "tinyint") return 3;
    if (base == "smallint") return 5;
    if (base == "mediumint") return 8;
    if (base == "int") return 10;
    return 20;
}

std::string quote_mysql_string(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'') out += "''";
        else if (c == '\\') out += "\\\\";
        else out += c;
    }
    return out + "'";
}

Type parse_mysql(const std::string& text, const Shape& shape, Dialect dialect) {
    Type type;
    type.dialect = dialect;
    const auto recognized = recognize(mysql_names(), shape, text);
    if (!recognized) {
        const std::string first = shape.name_is_plain() ? ascii_lower(shape.name[0].text) : "";
        unknown_type(text, first == "timestamptz" ? "MySQL's timestamp is stored in UTC; write timestamp"
                           : first == "bytea"     ? "did you mean \"longblob\"?"
                           : first == "serial"    ? "write bigint unsigned with autoincrement: true"
                                                  : "");
    }
    no_arrays(shape, text, dialect);
    const auto& r = *recognized;
    const std::string& base = r.base;

    const bool numeric = is_mysql_integer(base) || base == "decimal" || base == "float" || base == "double";
    bool saw_signed = false;
    for (const auto& word : r.modifiers) {
        const bool repeated = (word == "unsigned" && type.is_unsigned) || (word == "zerofill" && type.zerofill) ||
                              (word == "signed" && saw_signed);
        if (!numeric || repeated || (word != "unsigned" && word != "signed" && word != "zerofill")) {
            invalid_type(text, fmt::format("unexpected \"{}\"", word));
        }
        if (word == "unsigned") type.is_unsigned = true;
        if (word == "signed") saw_signed = true;
        if (word == "zerofill") type.zerofill = true;
    }
    if (saw_signed && type.is_unsigned) invalid_type(text, "both signed and unsigned");
    if (type.zerofill) type.is_unsigned = true;  // ZEROFILL implies UNSIGNED

    if (base == "bool") {
        integer_params(shape, text, 0);
        type.base = "tinyint";
        type.params = {"1"};
    } else if (is_mysql_integer(base)) {
        const auto p = integer_params(shape, text, 1);
        if (!p.empty()) require_range(p[0], 1, 255, text, "display width");
        type.base = base;
        // Display widths mean nothing (MySQL 8 no longer shows them) except with ZEROFILL and
        // for tinyint(1), the conventional boolean that connectors and people rely on.
        if (type.zerofill) {
            type.params = {std::to_string(p.empty() ? zerofill_width(base) : p[0])};
        } else if (base == "tinyint" && !p.empty() && p[0] == 1) {
            type.params = {"1"};
        }
    } else if (base == "decimal") {
        const auto p = integer_params(shape, text, 2);
        if (!p.empty()) require_range(p[0], 1, 65, text, "decimal precision");
        if (p.size() == 2) {
            require_range(p[1], 0, 30, text, "decimal scale");
            if (p[1] > p[0]) invalid_type(text, "scale must not exceed precision");
        }
        type.base = "decimal";
        type.params = {std::to_string(p.empty() ? 10 : p[0]), std::to_string(p.size() == 2 ? p[1] : 0)};
    } else if (base == "float" || base == "double") {
        const auto p = integer_params(shape, text, 2);
        type.base = base;
        if (p.size() == 1) {
            if (base == "double") invalid_type(text, "double takes (M,D) or nothing");
            require_range(p[0], 0, 53, text, "float precision");
            type.base = p[0] <= 24 ? "float" : "double";
        } else if (p.size() == 2) {
            require_range(p[0], 1, 255, text, "precision");
            require_range(p[1], 0, 30, text, "scale");
            type.params = to_strings(p);
        }
    } else if (base == "bit" || base == "char" || base == "binary" || base == "varchar" || base == "varbinary") {
        const bool varying = base == "varchar" || base == "varbinary";
        const auto p = integer_params(shape, text, 1, varying ? 1 : 0);
        const long long limit = base == "bit" ? 64 : varying ? 65535 : 255;
        if (!p.empty()) require_range(p[0], base == "bit" ? 1 : 0, limit, text, "length");
        type.base = base;
        type.params = {std::to_string(p.empty() ? 1 : p[0])};
    } else if (base == "enum" || base == "set") {
        if (shape.params.empty()) invalid_type(text, fmt::format("{} needs at least one value", base));
        type.base = base;
        for (const auto& param : shape.params) {
            if (param.size() != 1 || param[0].kind != TokenKind::string) {
                invalid_type(text, fmt::format("{} values must be quoted strings", base));
            }
            type.params.push_back(quote_mysql_string(param[0].text));
        }
    } else if (base == "time" || base == "datetime" || base == "timestamp") {
        const auto p = integer_params(shape, text, 1);
        if (!p.empty()) require_range(p[0], 0, 6, text, "fractional seconds precision");
        type.base = base;
        if (!p.empty() && p[0] > 0) type.params = {std::to_string(p[0])};  // (0) is the default
    } else if (base == "year") {
        const auto p = integer_params(shape, text, 1);
        if (!p.empty() && p[0] != 4) invalid_type(text, "only year(4) exists");
        type.base = "year";
    } else {
        integer_params(shape, text, 0);  // text(n)/blob(n) pick a size class by charset; write the class instead
        if (dialect == Dialect::mysql && (base == "uuid" || base == "inet4" || base == "inet6")) {
            unknown_type(text, base == "uuid" ? "MySQL has no uuid type; MariaDB has; use char(36) on MySQL"
                                              : "MySQL has no inet types; MariaDB has");
        }
        type.base = base;
    }
    return type;
}

std::string render_mysql(const Type& type, Dialect dialect) {
    std::string base = type.base;
    if (dialect == Dialect::mysql && (base == "uuid" || base == "inet4" || base == "inet6")) {
        throw Error(fmt::format("MySQL has no type \"{}\" (MariaDB has)", base));
    }
    if (dialect == Dialect::mariadb && base == "json") base = "longtext";  // MariaDB's json is an alias
    // MySQL 8 reports geomcollection, MariaDB only knows geometrycollection.
    if (base == "geometrycollection" && dialect == Dialect::mysql) base = "geomcollection";
    std::string out = base + param_list(type.params);
    if (type.is_unsigned) out += " unsigned";
    if (type.zerofill) out += " zerofill";
    return out;
}

// ---------------------------------------------------------------------------------------------
// SQLite: any name made of identifiers, with (n) or (n,m); canonical is the text upper-cased.

Type parse_sqlite(const std::string& text, const Shape& shape) {
    if (shape.qualified || !shape.after.empty() || shape.array_dims > 0 || shape.params.size() > 2) {
        invalid_type(text, "SQLite types are names with at most two numeric parameters");
    }
    Type type;
    type.dialect = Dialect::sqlite;
    std::vector<std::string> words;
    for (const auto& token : shape.name) {
        words.push_back(token.kind == TokenKind::quoted ? "\"" + token.text + "\"" : ascii_lower(token.text));
    }
    type.base = join(words, " ");
    for (const auto& param : shape.params) {
        if (param.size() != 1 || param[0].kind != TokenKind::number) {
            invalid_type(text, "SQLite type parameters must be numbers");
        }
        type.params.push_back(param[0].text);
    }
    return type;
}

std::string render_sqlite(const Type& type) { return ascii_upper(type.base + param_list(type.params)); }

// ---------------------------------------------------------------------------------------------
// Portable models: MODEL.md's "written" vocabulary.

const std::map<std::string, std::string>& portable_names() {
    static const std::map<std::string, std::string> names{
        {"smallint", "smallint"}, {"int2", "smallint"},
        {"integer", "integer"}, {"int", "integer"}, {"int4", "integer"},
        {"bigint", "bigint"}, {"int8", "bigint"},
        {"boolean", "boolean"}, {"bool", "boolean"},
        {"varchar", "varchar"}, {"character varying", "varchar"},
        {"char", "char"}, {"character", "char"},
        {"text", "text"},
        {"numeric", "numeric"}, {"decimal", "numeric"},
        {"real", "real"}, {"float4", "real"},
        {"double", "double"}, {"double precision", "double"}, {"float8", "double"},
        {"float", "float"},
        {"date", "date"}, {"time", "time"}, {"timestamp", "timestamp"}, {"timestamptz", "timestamptz"},
        {"json", "json"}, {"jsonb", "jsonb"}, {"uuid", "uuid"},
        {"blob", "blob"}, {"bytea", "blob"},
        {"serial", "serial"}, {"serial4", "serial"}, {"bigserial", "bigserial"}, {"serial8", "bigserial"},
        {"smallserial", "smallserial"}, {"serial2", "smallserial"},
    };
    return names;
}

const std::set<std::string>& portable_builtin_bases() {
    static const std::set<std::string> bases = [] {
        std::set<std::string> s;
        for (const auto& [written, base] : portable_names()) s.insert(base);
        s.erase("float");
        return s;
    }();
    return bases;
}

Type parse_portable(const std::string& text, const Shape& shape, const std::vector<std::string>& user_types,
                    bool allow_any_identifier) {
    Type type;
    type.dialect = Dialect::portable;
    type.array_dims = shape.array_dims;
    const auto recognized = recognize(portable_names(), shape, text);
    if (!recognized) {
        if (auto user = user_type(shape, Dialect::portable, user_types, allow_any_identifier)) return *user;
        const std::string first = shape.name_is_plain() ? ascii_lower(shape.name[0].text) : "";
        unknown_type(text, first == "datetime" ? "did you mean \"timestamp\"?"
                           : first == "tinyint" ? "did you mean \"smallint\" or \"boolean\"?"
                           : first == "longtext" ? "did you mean \"text\"?"
                                                 : "");
    }
    const auto& r = *recognized;
    const std::string& base = r.base;
    if (base == "float") {
        throw Error(fmt::format("type \"{}\": a portable float is an error: 4 bytes on MySQL, 8 on PostgreSQL; "
                                "write real or double",
                                text));
    }
    type.base = base;
    if (base == "time" || base == "timestamp" || base == "timestamptz") {
        const auto p = integer_params(shape, text, 1);
        if (!p.empty()) require_range(p[0], 0, 6, text, "precision");
        type.params = to_strings(p);
        const std::string zone = join(r.modifiers, " ");
        if (zone == "with time zone" && base == "timestamp") {
            type.base = "timestamptz";
        } else if (!(zone.empty() || (zone == "without time zone" && base != "timestamptz"))) {
            invalid_type(text, fmt::format("unexpected \"{}\" in a portable type", zone));
        }
        return type;
    }
    no_modifiers(r, text);
    if (base == "varchar" || base == "char") {
        const auto p = integer_params(shape, text, 1);
        if (!p.empty()) require_range(p[0], 1, 10485760, text, "length");
        type.params = to_strings(p);
        if (p.empty() && base == "char") type.params = {"1"};
    } else if (base == "numeric") {
        const auto p = integer_params(shape, text, 2);
        if (!p.empty()) require_range(p[0], 1, 1000, text, "numeric precision");
        if (p.size() == 2) require_range(p[1], 0, p[0], text, "numeric scale");
        type.params = to_strings(p);
        if (p.size() == 1) type.params.push_back("0");
    } else {
        integer_params(shape, text, 0);
        if ((base == "serial" || base == "bigserial" || base == "smallserial") && shape.array_dims > 0) {
            invalid_type(text, "serial types cannot be arrays");
        }
    }
    return type;
}

std::string render_portable(const Type& type) {
    std::string out = type.base + param_list(type.params);
    return out + array_suffix(type.array_dims);
}

// Portable -> a dialect's own Type (MODEL.md's table).
Type translate_portable(const Type& from, Dialect to) {
    const std::string spelled = render_portable(from);
    auto lacks = [&](std::string_view why = {}) -> Type {
        if (why.empty()) throw Error(fmt::format("{} has no type \"{}\"", display_name(to), spelled));
        throw Error(fmt::format("{} has no type \"{}\" ({})", display_name(to), spelled, why));
    };
    if (from.base == "serial" || from.base == "bigserial" || from.base == "smallserial") {
        lacks("serial is not a type: use its integer type with autoincrement: true");
    }
    Type out;
    out.dialect = to;
    out.array_dims = from.array_dims;
    const std::string& b = from.base;
    const bool builtin = portable_builtin_bases().contains(b);

    if (to == Dialect::postgresql) {
        if (!builtin) {
            out.base = b;
            out.params = from.params;
            return out;
        }
        static const std::map<std::string, std::string> names{
            {"varchar", "character varying"}, {"char", "character"}, {"double", "double precision"},
            {"time", "time without time zone"}, {"timestamp", "timestamp without time zone"},
            {"timestamptz", "timestamp with time zone"}, {"blob", "bytea"}};
        const auto it = names.find(b);
        out.base = it == names.end() ? b : it->second;
        out.params = from.params;
        return out;
    }
    if (!builtin) lacks("a user type exists only on PostgreSQL");
    if (from.array_dims > 0) lacks("arrays exist only on PostgreSQL");

    if (to == Dialect::sqlite) {
        static const std::map<std::string, std::string> names{
            {"timestamptz", "timestamp"}, {"json", "text"}, {"jsonb", "text"}, {"uuid", "text"}};
        const auto it = names.find(b);
        out.base = it == names.end() ? b : it->second;
        // Only lengths and numeric precision say anything in a SQLite declared type.
        if (b == "varchar" || b == "char" || b == "numeric") out.params = from.params;
        return out;
    }

    // mysql / mariadb
    out.params = from.params;
    if (b == "integer") {
        out.base = "int";
    } else if (b == "boolean") {
        out.base = "tinyint";
        out.params = {"1"};
    } else if (b == "varchar") {
        if (from.params.empty()) lacks("MySQL needs a length: varchar(n)");
        out.base = "varchar";
    } else if (b == "numeric") {
        out.base = "decimal";
        if (out.params.empty()) out.params = {"10", "0"};
    } else if (b == "real") {
        out.base = "float";
    } else if (b == "time" || b == "timestamp" || b == "timestamptz") {
        out.base = b == "time" ? "time" : b == "timestamp" ? "datetime" : "timestamp";
        if (!out.params.empty() && out.params[0] == "0") out.params.clear();
    } else if (b == "jsonb") {
        out.base = "json";
    } else if (b == "uuid") {
        if (to == Dialect::mysql) {
            out.base = "char";
            out.params = {"36"};
        } else {
            out.base = "uuid";
        }
    } else if (b == "blob") {
        out.base = "longblob";
    } else {
        out.base = b;  // smallint, bigint, char, text, double, date, json
    }
    return out;
}

}  // namespace

std::string canonical_identifier(const std::string& name) {
    if (is_plain_identifier(name)) return name;
    std::string out = "\"";
    for (char c : name) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string type_reference(const std::string& schema, const std::string& name) {
    const std::string bare = canonical_identifier(name);
    return schema.empty() ? bare : canonical_identifier(schema) + "." + bare;
}

std::optional<std::string> retyped(const std::string& type, const std::string& from, const std::string& to) {
    if (type == from) return to;
    if (type.size() > from.size() && type.compare(0, from.size(), from) == 0 && type[from.size()] == '[')
        return to + type.substr(from.size());
    return std::nullopt;
}

Type parse_type(const std::string& text_in, Dialect dialect, const std::vector<std::string>& user_types,
                bool allow_any_identifier) {
    const std::string text = trim(text_in);
    if (text.empty()) {
        if (dialect == Dialect::sqlite) {
            Type untyped;  // a SQLite column may have no declared type at all
            untyped.dialect = Dialect::sqlite;
            return untyped;
        }
        throw Error("empty type");
    }
    const auto tokens = tokenize(text, dialect);
    const Shape shape = parse_shape(text, tokens);
    switch (dialect) {
        case Dialect::postgresql: return parse_postgres(text, shape, user_types, allow_any_identifier);
        case Dialect::mysql:
        case Dialect::mariadb: return parse_mysql(text, shape, dialect);
        case Dialect::sqlite: return parse_sqlite(text, shape);
        case Dialect::portable: return parse_portable(text, shape, user_types, allow_any_identifier);
    }
    unknown_type(text);
}

std::string canonical_type(const Type& type, Dialect dialect) {
    if (type.dialect == Dialect::portable && dialect != Dialect::portable) {
        return canonical_type(translate_portable(type, dialect), dialect);
    }
    const bool same_family = type.dialect == dialect || (is_mysql_family(type.dialect) && is_mysql_family(dialect));
    if (!same_family) {
        throw Error(fmt::format("a {} type cannot be read as {}", to_string(type.dialect), to_string(dialect)));
    }
    if (auto integer = serial_integer_type(type)) {
        throw Error(fmt::format("\"{}\" is not a type: a column of it holds {} with autoincrement: true", type.base,
                                integer->base));
    }
    switch (dialect) {
        case Dialect::postgresql: return render_postgres(type);
        case Dialect::mysql:
        case Dialect::mariadb: return render_mysql(type, dialect);
        case Dialect::sqlite: return render_sqlite(type);
        case Dialect::portable: return render_portable(type);
    }
    return render_portable(type);
}

std::string canonical_type(const std::string& text, Dialect dialect, const std::vector<std::string>& user_types,
                           bool allow_any_identifier) {
    return canonical_type(parse_type(text, dialect, user_types, allow_any_identifier), dialect);
}

std::optional<Type> serial_integer_type(const Type& type) {
    if (type.dialect != Dialect::postgresql && type.dialect != Dialect::portable) return std::nullopt;
    static const std::map<std::string, std::string> integers{
        {"serial", "integer"}, {"bigserial", "bigint"}, {"smallserial", "smallint"}};
    const auto it = integers.find(type.base);
    if (it == integers.end()) return std::nullopt;
    Type integer;
    integer.dialect = type.dialect;
    integer.base = it->second;
    return integer;
}

bool is_builtin_type(const Type& type) {
    switch (type.dialect) {
        case Dialect::postgresql: return postgres_builtin_bases().contains(type.base);
        case Dialect::portable: return portable_builtin_bases().contains(type.base);
        case Dialect::mysql:
        case Dialect::mariadb:
        case Dialect::sqlite: return true;
    }
    return true;
}

std::optional<std::string> postgres_zero_value(std::string_view type_text) {
    Type type;
    try {
        type = parse_type(std::string(type_text), Dialect::postgresql, {}, true);
    } catch (const Error&) {
        return std::nullopt;
    }
    if (type.array_dims > 0) return "'{}'";
    const std::string& b = type.base;
    if (b == "smallint" || b == "integer" || b == "bigint" || b == "numeric" || b == "real" || b == "double precision" ||
        b == "money" || b == "oid")
        return "0";
    if (b == "text" || b == "character varying" || b == "character" || b == "bpchar" || b == "name" || b == "citext") return "''";
    if (b == "boolean") return "false";
    if (b == "bytea") return "'\\x'";
    if (b == "date") return "'1970-01-01'";
    if (b.starts_with("timestamp")) return "'epoch'";
    if (b.starts_with("time")) return "'00:00'";
    if (b == "interval") return "'0'";
    if (b == "uuid") return "'00000000-0000-0000-0000-000000000000'";
    if (b == "json" || b == "jsonb") return "'{}'";
    if (b == "inet" || b == "cidr") return "'0.0.0.0'";
    if (b == "bit" || b == "bit varying") return "B'" + std::string(type.params.empty() || b == "bit varying" ? 1 : std::stoul(type.params[0]), '0') + "'";
    return std::nullopt;
}

}  // namespace autogen::core
