#include "diff/plan.hpp"

#include "core/resolve.hpp"
#include "diff/compare.hpp"
#include "diff/lower.hpp"
#include "diff/order.hpp"

namespace autogen::diff {

Plan make_plan(const core::Schema& current, const core::Schema& target, const Capabilities& caps) {
    const core::Schema from = core::resolve(current, caps.dialect);
    const core::Schema to = core::resolve(target, caps.dialect);
    Comparison comparison = compare(from, to, caps.dialect);
    Plan plan;
    plan.upgrade = order(lower(comparison.ops, from, to, caps), caps);
    // The downgrade is derived from the same ops, never diffed again: reverse each, then lower and order them.
    plan.downgrade = order(lower(reverse_all(comparison.ops), to, from, caps), caps);
    plan.suggestions = std::move(comparison.suggestions);
    plan.not_compared = std::move(comparison.not_compared);
    return plan;
}

}  // namespace autogen::diff
