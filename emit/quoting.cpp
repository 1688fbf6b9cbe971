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

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += separator;
        out += parts[i];
    }
    return out;
}

std::string quoted_list(const std::vector<std::string>& names, std::string (*quote)(std::string_view)) {
    std::vector<std::string> quoted;
    quoted.reserve(names.size());
    for (const auto& name : names) quoted.push_back(quote(name));
    return join(quoted);
}

}  // namespace autogen::emit
