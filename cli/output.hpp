// What commands write: reports, revision files and new files, built on emit/.
#pragma once

#include <optional>
#include <string>

#include "cli/settings.hpp"
#include "core/model.hpp"
#include "diff/plan.hpp"

namespace autogen::cli {

/// How a report was produced.
struct ReportContext {
    core::Dialect dialect = core::Dialect::portable;
    bool textual = false;      // texts compared as token streams (no server canonicalized them)
    bool short_form = false;   // `check`: a short summary
};

/// Renders a plan as a report in a format (text, json, markdown, html); an unknown format is an Error.
std::string render_report(const diff::Plan& plan, const std::string& format, const ReportContext& context);

/// Writes a file atomically that must not exist yet; an existing file is an Error and is left untouched.
void write_new_file(const std::string& path, const std::string& content);

/// Writes the revision file of a plan into the versions directory and returns its path; std::nullopt when the
/// plan is empty. Refuses while the database still matches the head's Schema-Before.
std::optional<std::string> write_revision_for(const diff::Plan& plan, const core::Schema& current,
                                              const core::Schema& target, core::Dialect dialect, const Settings& s);

/// One section of a revision file.
std::string show_section(const std::string& file, bool up);

}  // namespace autogen::cli
