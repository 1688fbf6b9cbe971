#include "introspect/mysql/privileges.hpp"

#include <algorithm>
#include <array>

#include "core/sql_lexer.hpp"

namespace autogen::introspect::mysql {

bool grant_pattern_match(const std::string& pattern, const std::string& name) {
    // Iterative matching with backtracking to the last '%', as in introspect::glob_match.
    std::size_t p = 0, n = 0, star = std::string::npos, mark = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '\\' && p + 1 < pattern.size() && pattern[p + 1] == name[n]) {
            p += 2;
            ++n;
        } else if (p < pattern.size() && pattern[p] != '\\' && (pattern[p] == '_' || pattern[p] == name[n]) &&
                   pattern[p] != '%') {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '%') {
            star = p++;
            mark = n;
        } else if (star != std::string::npos) {
            p = star + 1;
            n = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '%') ++p;
    return p == pattern.size();
}

std::vector<std::string> missing_privileges(const std::vector<Grant>& grants, const std::vector<std::string>& schemas) {
    auto has = [&](const std::string& privilege, const std::string& schema) {
        return std::any_of(grants.begin(), grants.end(), [&](const Grant& g) {
            if (core::ascii_upper(g.privilege) != privilege) return false;
            if (g.level == "global") return true;
            return g.level == "schema" && grant_pattern_match(g.schema, schema);
        });
    };
    static const std::array<const char*, 4> required = {"SELECT", "SHOW VIEW", "TRIGGER", "EVENT"};
    std::vector<std::string> missing;
    for (const auto& schema : schemas) {
        for (const char* privilege : required)
            if (!has(privilege, schema)) missing.push_back(std::string(privilege) + " on `" + schema + "`");
        if (!has("EXECUTE", schema) && !has("ALTER ROUTINE", schema) && !has("CREATE ROUTINE", schema))
            missing.push_back("EXECUTE on `" + schema + "`");
    }
    return missing;
}

}  // namespace autogen::introspect::mysql
