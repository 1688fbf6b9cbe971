#include "introspect/inspector.hpp"

#include <array>

namespace autogen::introspect {

bool glob_match(const std::string& glob, const std::string& text) {
    // Iterative wildcard match with backtracking to the last '*': linear in practice, no recursion.
    std::size_t g = 0, t = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (g < glob.size() && (glob[g] == '?' || glob[g] == text[t])) {
            ++g;
            ++t;
        } else if (g < glob.size() && glob[g] == '*') {
            star = g++;
            mark = t;
        } else if (star != std::string::npos) {
            g = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (g < glob.size() && glob[g] == '*') ++g;
    return g == glob.size();
}

bool table_included(const Filter& filter, const std::string& schema, const std::string& name) {
    static const std::array<const char*, 4> bookkeeping = {"autogen_version", "alembic_version", "schema_migrations",
                                                           "sqlite_*"};
    for (const char* glob : bookkeeping)
        if (glob_match(glob, name)) return false;
    const std::string qualified = schema.empty() ? name : schema + "." + name;
    for (const auto& glob : filter.exclude_tables)
        if (glob_match(glob, name) || glob_match(glob, qualified)) return false;
    return true;
}

}  // namespace autogen::introspect
