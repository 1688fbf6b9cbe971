#include "core/names.hpp"

#include <algorithm>
#include <iterator>

#include "core/sql_lexer.hpp"

namespace autogen::core {
namespace {

std::string ascii_lower(const std::string& text) {
    std::string out = text;
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// MySQL/MariaDB: column, index, constraint and routine names never depend on case; table (and view,
// trigger) names follow lower_case_table_names, which is 0 on the Linux servers we support, so exact.
// Only ASCII is folded: the server's utf8 collations fold more, but catalog names outside ASCII that
// differ only by case are too rare to justify a Unicode table here.
bool mysql_ignores_case(NameKind kind) {
    return kind == NameKind::column || kind == NameKind::index || kind == NameKind::constraint ||
           kind == NameKind::routine;
}

}  // namespace

std::string name_key(const std::string& name, Dialect dialect, NameKind kind) {
    switch (dialect) {
        case Dialect::sqlite: return ascii_lower(name);
        case Dialect::mysql:
        case Dialect::mariadb: return mysql_ignores_case(kind) ? ascii_lower(name) : name;
        case Dialect::postgresql:
        case Dialect::portable: return name;
    }
    return name;
}

bool same_name(const std::string& a, const std::string& b, Dialect dialect, NameKind kind) {
    const bool fold = dialect == Dialect::sqlite || (is_mysql_family(dialect) && mysql_ignores_case(kind));
    return fold ? ascii_iequals(a, b) : a == b;
}

std::string default_schema(Dialect dialect) {
    switch (dialect) {
        case Dialect::postgresql: return "public";
        case Dialect::sqlite: return "main";
        case Dialect::mysql:
        case Dialect::mariadb:
        case Dialect::portable: return "";
    }
    return "";
}

bool is_default_schema(const std::string& schema, Dialect dialect) {
    if (schema.empty()) return true;
    // SQLite schema names are case-insensitive ("MAIN" is "main"); PostgreSQL's are exact.
    return schema == default_schema(dialect) || (dialect == Dialect::sqlite && ascii_lower(schema) == "main");
}

std::size_t max_name_length(Dialect dialect) {
    switch (dialect) {
        case Dialect::postgresql: return 63;  // NAMEDATALEN - 1, in bytes
        case Dialect::mysql:
        case Dialect::mariadb: return 64;  // characters
        case Dialect::sqlite:
        case Dialect::portable: return 0;
    }
    return 0;
}

std::size_t name_length(const std::string& name, Dialect dialect) {
    if (!is_mysql_family(dialect)) return name.size();
    std::size_t characters = 0;
    for (unsigned char c : name) {
        if ((c & 0xC0) != 0x80) ++characters;  // count UTF-8 lead bytes only
    }
    return characters;
}

bool is_sqlite_rowid_name(std::string_view name) {
    return std::any_of(std::begin(sqlite_rowid_names), std::end(sqlite_rowid_names),
                       [&](std::string_view candidate) { return ascii_iequals(name, candidate); });
}

bool is_postgres_quoted_keyword(std::string_view word) {
    std::string lower(word);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return std::binary_search(postgres_quoted_keywords.begin(), postgres_quoted_keywords.end(), std::string_view(lower));
}

std::string clip_utf8(const std::string& name, std::size_t bytes) {
    if (name.size() <= bytes) return name;
    std::size_t cut = bytes;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    return name.substr(0, cut);
}

std::string postgres_object_name(const std::string& name1, const std::string* name2, const std::string& label) {
    // makeObjectName (src/backend/commands/indexcmds.c): NAMEDATALEN - 1 bytes, the label and its underscores
    // kept whole, the longer name shortened one byte at a time, then each clipped by pg_mbcliplen.
    const std::size_t overhead = (name2 ? 1 : 0) + (label.empty() ? 0 : label.size() + 1);
    const std::size_t available = 63 - overhead;
    std::size_t chars1 = name1.size();
    std::size_t chars2 = name2 ? name2->size() : 0;
    while (chars1 + chars2 > available) {
        if (chars1 > chars2) --chars1;
        else --chars2;
    }
    std::string out = clip_utf8(name1, chars1);
    if (name2) out += "_" + clip_utf8(*name2, chars2);
    if (!label.empty()) out += "_" + label;
    return out;
}

}  // namespace autogen::core
