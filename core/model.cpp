#include "core/model.hpp"

namespace autogen::core {

std::string to_string(Dialect dialect) {
    switch (dialect) {
        case Dialect::portable: return "portable";
        case Dialect::postgresql: return "postgresql";
        case Dialect::mysql: return "mysql";
        case Dialect::mariadb: return "mariadb";
        case Dialect::sqlite: return "sqlite";
    }
    return "portable";
}

std::optional<Dialect> dialect_from_string(const std::string& text) {
    if (text == "postgresql") return Dialect::postgresql;
    if (text == "mysql") return Dialect::mysql;
    if (text == "mariadb") return Dialect::mariadb;
    if (text == "sqlite") return Dialect::sqlite;
    if (text == "portable") return Dialect::portable;
    return std::nullopt;
}

std::string display_name(Dialect dialect) {
    switch (dialect) {
        case Dialect::portable: return "a portable model";
        case Dialect::postgresql: return "PostgreSQL";
        case Dialect::mysql: return "MySQL";
        case Dialect::mariadb: return "MariaDB";
        case Dialect::sqlite: return "SQLite";
    }
    return "a portable model";
}

bool is_mysql_family(Dialect dialect) { return dialect == Dialect::mysql || dialect == Dialect::mariadb; }

}  // namespace autogen::core
