// Rendering ops as SQL for one dialect, grouped into transaction blocks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "diff/plan.hpp"

namespace autogen::emit {

/// One op rendered: its comment line and its SQL statements (each without a trailing newline, ending in ';').
struct RenderedStep {
    std::string comment;  // "add column users.verified_at  [destructive: ...]"
    std::vector<std::string> statements;
};

/// A run of steps that share a transaction (or none).
struct Block {
    bool transactional = true;
    std::vector<std::string> before;  // statements outside the transaction, before it (SQLite: PRAGMA foreign_keys=OFF;)
    std::vector<std::string> opening;  // statements right after BEGIN (SQLite: PRAGMA legacy_alter_table=ON;)
    std::vector<RenderedStep> steps;
    std::vector<std::string> closing;  // statements right before COMMIT (SQLite: the foreign key check)
    std::vector<std::string> after;   // statements after COMMIT (SQLite: PRAGMA foreign_keys=ON;)
};

/// A whole section (upgrade or downgrade) as blocks.
struct Script {
    std::vector<Block> blocks;
    /// The SQL text, runnable as it stands with the dialect's client.
    std::string text() const;
};

/// Renders steps for a dialect.
class Renderer {
public:
    virtual ~Renderer() = default;
    /// Renders one step (which already knows its hazards) into statements.
    virtual RenderedStep render(const diff::Step& step) const = 0;
    /// Renders a section, grouping the steps into transaction blocks the way the dialect needs.
    virtual Script render_all(const std::vector<diff::Step>& steps) const = 0;
};

/// The comment line of a step: what it does, then its hazard and any note in brackets.
std::string step_comment(const diff::Step& step);

/// The renderer for a dialect; throws autogen::Error(unsupported) when none is built for it.
std::unique_ptr<Renderer> renderer_for(core::Dialect dialect);

}  // namespace autogen::emit
