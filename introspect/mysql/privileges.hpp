// Which privileges introspection needs, so that information_schema hides nothing it would report as dropped.
#pragma once

#include <string>
#include <vector>

namespace autogen::introspect::mysql {

/// One privilege of the current user or role as information_schema lists it.
struct Grant {
    std::string level;      // "global", "schema" or "table"
    std::string privilege;  // "SELECT", "SHOW VIEW", ...
    std::string schema;     // schema level: a LIKE pattern (`app\_%`); table level: the table's schema
    std::string table;      // table level only
};

/// The privileges `grants` lack for reading every object of each database in `schemas`, one entry per missing
/// privilege and database ("SHOW VIEW on `app`"); empty when information_schema can show everything.
/// information_schema silently leaves out tables without any privilege (SELECT), view definitions without SHOW VIEW,
/// triggers without TRIGGER, events without EVENT, and routines without EXECUTE, ALTER ROUTINE or CREATE ROUTINE.
std::vector<std::string> missing_privileges(const std::vector<Grant>& grants, const std::vector<std::string>& schemas);

/// True when `name` matches a MySQL grant pattern (`%` any run, `_` one character, `\` escapes).
bool grant_pattern_match(const std::string& pattern, const std::string& name);

}  // namespace autogen::introspect::mysql
