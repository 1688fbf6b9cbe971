// Quoting shared by the SQL renderers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace autogen::emit {

/// `text` between `quote` characters, each `quote` inside doubled: "a""b", `a``b`, 'it''s'.
std::string enclose(std::string_view text, char quote);

/// The parts separated by `separator`: "a, b, c".
std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ");

/// The names, each quoted by the dialect's `quote`, separated by commas: "a", "b".
std::string quoted_list(const std::vector<std::string>& names, std::string (*quote)(std::string_view));

}  // namespace autogen::emit
