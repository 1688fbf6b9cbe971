// The pipeline from two models to ordered, lowered, hazard-tagged steps for upgrade and downgrade.
#pragma once

#include <string>
#include <vector>

#include "core/model.hpp"
#include "diff/capabilities.hpp"
#include "diff/hazards.hpp"
#include "diff/op.hpp"

namespace autogen::diff {

/// An op in its final place, with its hazards and why it stands there.
struct Step {
    Op op;
    Hazards hazards = 0;
    std::string reason;  // e.g. "after create table orgs (foreign key target)"
    std::string note;    // what a downgrade step cannot restore, e.g. "data lost: the table comes back empty"
};

/// A suggestion the engine does not act on by itself (e.g. a likely rename).
struct Suggestion {
    std::string kind;  // "rename"
    std::vector<std::string> from;
    std::vector<std::string> to;
    std::string why;
};

/// Everything a diff produces: upgrade and downgrade steps, suggestions, and kinds left uncompared.
struct Plan {
    std::vector<Step> upgrade;
    std::vector<Step> downgrade;
    std::vector<Suggestion> suggestions;
    std::vector<core::NotCompared> not_compared;
    bool empty() const { return upgrade.empty(); }
};

/// Compares, lowers and orders: the whole diff pipeline for one dialect.
Plan make_plan(const core::Schema& current, const core::Schema& target, const Capabilities& caps);

}  // namespace autogen::diff
