#include "introspect/sqlite/types.hpp"

namespace autogen::introspect::sqlite {

std::string canonical_type(std::string_view declared) {
    std::string out;
    out.reserve(declared.size());
    bool pending_space = false;
    for (char c : declared) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pending_space = !out.empty();
            continue;
        }
        // A space survives only between two words: never next to a parenthesis or after a comma.
        if (pending_space && c != '(' && c != ')' && c != ',' && out.back() != '(' && out.back() != ',') out += ' ';
        pending_space = false;
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}

}  // namespace autogen::introspect::sqlite
