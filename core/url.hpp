// Database URLs (sqlite:///, postgresql://, mysql://) parsed, with passwords masked wherever shown.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/model.hpp"

namespace autogen::core {

/// A parsed database URL; user and password are percent-decoded.
struct DatabaseUrl {
    Dialect dialect = Dialect::portable;  // sqlite | postgresql | mysql (mariadb:// is mysql)
    std::string scheme;                   // as written, without driver suffix
    std::string user;
    std::optional<std::string> password;
    std::string host;
    std::optional<int> port;
    std::string database;  // SQLite: the file path, or ":memory:"
    std::map<std::string, std::string> query;
    std::string original;

    /// The URL with the password replaced by ***.
    std::string masked() const;
};

/// True when `source` looks like a database URL rather than a file path.
bool is_database_url(const std::string& source);

/// Parses a URL; throws autogen::Error (with the masked URL) when it is malformed or the scheme is unknown.
DatabaseUrl parse_url(const std::string& url);

/// Replaces any password inside free text holding a URL with ***.
std::string mask_passwords(const std::string& text);

}  // namespace autogen::core
