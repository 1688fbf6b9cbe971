// What each operation risks: data loss, rewrites, locks, failure on existing rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "diff/capabilities.hpp"
#include "diff/op.hpp"

namespace autogen::diff {

/// Hazard bits; reports and revision comments are built from these, never from SQL text.
enum Hazard : std::uint32_t {
    hazard_data_loss = 1u << 0,
    hazard_table_rewrite = 1u << 1,
    hazard_may_fail_on_existing_rows = 1u << 2,
    hazard_lock = 1u << 3,
};
using Hazards = std::uint32_t;

/// The hazards of one op in a dialect.
Hazards hazards_of(const Op& op, const Capabilities& caps);

/// Hazard names as the JSON report spells them ("data_loss", "table_rewrite", ...).
std::vector<std::string> hazard_names(Hazards hazards);

/// The reason shown beside a destructive op in revision comments, or "" when it is safe.
std::string hazard_reason(const Op& op, Hazards hazards);

}  // namespace autogen::diff
