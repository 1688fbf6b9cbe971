#include "core/names.hpp"

#include "core/sql_lexer.hpp"

namespace autogen::core {

std::string name_key(const std::string& name, Dialect dialect, NameKind kind) {
    switch (dialect) {
        case Dialect::sqlite: return ascii_lower(name);
        case Dialect::mysql:
        case Dialect::mariadb:
            // Table names follow lower_case_table_names (0 on Linux): exact; columns and indexes ignore case.
            return kind == NameKind::table || kind == NameKind::other ? name : ascii_lower(name);
        case Dialect::postgresql:
        case Dialect::portable: return name;
    }
    return name;
}

bool same_name(const std::string& a, const std::string& b, Dialect dialect, NameKind kind) {
    return name_key(a, dialect, kind) == name_key(b, dialect, kind);
}

std::string default_schema(Dialect dialect) {
    switch (dialect) {
        case Dialect::postgresql: return "public";
        case Dialect::sqlite: return "main";
        default: return "";
    }
}

}  // namespace autogen::core
