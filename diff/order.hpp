// Ordering: a dependency graph of ops, sorted deterministically, with FK cycles detached.
#pragma once

#include <vector>

#include "diff/capabilities.hpp"
#include "diff/plan.hpp"

namespace autogen::diff {

/// Sorts ops so that each runs after what it needs; equal inputs give byte-identical orders.
std::vector<Step> order(const std::vector<Op>& ops, const Capabilities& caps);

}  // namespace autogen::diff
