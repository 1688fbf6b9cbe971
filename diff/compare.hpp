// The generic comparer: turns two models of one dialect into unordered ops.
#pragma once

#include <vector>

#include "core/model.hpp"
#include "diff/op.hpp"
#include "diff/plan.hpp"

namespace autogen::diff {

/// The result of comparing two models before lowering and ordering.
struct Comparison {
    std::vector<Op> ops;
    std::vector<Suggestion> suggestions;
    std::vector<core::NotCompared> not_compared;
};

/// Compares `current` with `target` (both resolved to `dialect`) and lists the ops that turn one into the other.
Comparison compare(const core::Schema& current, const core::Schema& target, core::Dialect dialect);

/// The op that undoes `op`.
Op reverse(const Op& op);

/// Every op undone, in reverse order.
std::vector<Op> reverse_all(const std::vector<Op>& ops);

}  // namespace autogen::diff
