#include "emit/quoting.hpp"

namespace autogen::emit {

std::string enclose(std::string_view text, char quote) {
    std::string out(1, quote);
    out.reserve(text.size() + 2);
    for (char c : text) {
        if (c == quote) out += quote;
        out += c;
    }
    return out + quote;
}

}  // namespace autogen::emit
