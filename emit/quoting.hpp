// Quoting shared by the SQL renderers.
#pragma once

#include <string>
#include <string_view>

namespace autogen::emit {

/// `text` between `quote` characters, each `quote` inside doubled: "a""b", `a``b`, 'it''s'.
std::string enclose(std::string_view text, char quote);

}  // namespace autogen::emit
