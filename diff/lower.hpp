// Lowering: what a dialect cannot do in place becomes a rebuild plus the drop/recreate of dependents.
#pragma once

#include <vector>

#include "core/model.hpp"
#include "diff/capabilities.hpp"
#include "diff/op.hpp"

namespace autogen::diff {

/// Rewrites ops the dialect cannot run in place; `current` and `target` give the whole tables and dependents.
std::vector<Op> lower(const std::vector<Op>& ops, const core::Schema& current, const core::Schema& target,
                      const Capabilities& caps);

}  // namespace autogen::diff
