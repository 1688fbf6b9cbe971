// Reports of a plan for `diff`, `check` and `drift`: text, JSON (autogen-report/1), Markdown and HTML.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "diff/plan.hpp"

namespace autogen::emit {

/// The output formats of a report.
enum class ReportFormat { text, json, markdown, html };

/// Parses "text" | "json" | "markdown" | "html"; std::nullopt for anything else.
std::optional<ReportFormat> report_format_from_string(const std::string& name);

/// Options of a rendered report.
struct ReportOptions {
    std::string title = "autogen report";  // heading of the Markdown and HTML forms
};

/// True when a step loses data (its hazards include data_loss): such a change is marked destructive.
bool is_destructive(const diff::Step& step);

/// The `before` / `after` values of one change in the JSON report (see docs/report.schema.json):
/// Alter ops and rebuilds: an object of the changed fields' values; creates: before null, after {"name", ...};
/// drops: the reverse; renames: {"name": old} and {"name": new}.
nlohmann::ordered_json change_before(const diff::Op& op);
/// The `after` side of change_before().
nlohmann::ordered_json change_after(const diff::Op& op);

/// The JSON report of the plan's upgrade steps, in the shape of CLI.md and docs/report.schema.json.
nlohmann::ordered_json report_json(const diff::Plan& plan);

/// Renders the report in a format; the JSON form is report_json() indented by two spaces.
std::string render_report(const diff::Plan& plan, ReportFormat format, const ReportOptions& options = {});

}  // namespace autogen::emit
