#include "emit/report.hpp"

#include <map>
#include <type_traits>

#include "diff/hazards.hpp"

namespace autogen::emit {
namespace {

using Json = nlohmann::ordered_json;

template <class T>
Json optional_json(const std::optional<T>& value) {
    return value ? Json(*value) : Json(nullptr);
}

Json placement_json(const diff::Placement& placement) {
    return Json{{"first", placement.first}, {"after", optional_json(placement.after)}};
}

Json identity_json(const std::optional<core::Identity>& identity) {
    if (!identity) return nullptr;
    return Json{{"always", identity->always},       {"start", optional_json(identity->start)},
                {"increment", optional_json(identity->increment)}, {"min", optional_json(identity->min)},
                {"max", optional_json(identity->max)}, {"cache", optional_json(identity->cache)},
                {"cycle", identity->cycle}};
}

Json checks_json(const std::vector<core::CheckConstraint>& checks) {
    Json out = Json::array();
    for (const auto& c : checks) out.push_back(Json{{"name", optional_json(c.name)}, {"expression", c.expression}});
    return out;
}

// The value of one changed field of an object; a bit the kind has no field for yields nothing.
std::optional<Json> field_value(const core::Column& c, diff::Change bit, const diff::Placement& placement) {
    switch (bit) {
        case diff::change_type: return Json(c.type);
        case diff::change_nullable: return Json(c.nullable);
        case diff::change_default: return optional_json(c.default_value);
        case diff::change_identity: return identity_json(c.identity);
        case diff::change_autoincrement: return Json(c.autoincrement);
        case diff::change_generated:
            return c.generated ? Json{{"expression", c.generated->expression}, {"stored", c.generated->stored}}
                               : Json(nullptr);
        case diff::change_collation: return optional_json(c.collation);
        case diff::change_charset: return optional_json(c.charset);
        case diff::change_on_update: return optional_json(c.on_update);
        case diff::change_comment: return optional_json(c.comment);
        case diff::change_position: return placement_json(placement);
        case diff::change_hidden: return Json(c.hidden);
        default: return std::nullopt;
    }
}

std::optional<Json> field_value(const core::Table& t, diff::Change bit, const diff::Placement&) {
    switch (bit) {
        case diff::change_comment: return optional_json(t.comment);
        case diff::change_options:
            return Json{{"mysql",
                         {{"engine", optional_json(t.options.mysql.engine)},
                          {"charset", optional_json(t.options.mysql.charset)},
                          {"collation", optional_json(t.options.mysql.collation)},
                          {"row_format", optional_json(t.options.mysql.row_format)}}},
                        {"sqlite",
                         {{"without_rowid", t.options.sqlite.without_rowid}, {"strict", t.options.sqlite.strict}}},
                        {"postgresql", {{"unlogged", t.options.postgresql.unlogged}}}};
        case diff::change_partition:
            return Json{{"partition_by", optional_json(t.partition_by)},
                        {"partition_of", optional_json(t.partition_of)},
                        {"bound", optional_json(t.bound)}};
        default: return std::nullopt;
    }
}

std::optional<Json> field_value(const core::View& v, diff::Change bit, const diff::Placement&) {
    if (bit == diff::change_definition) return Json(v.definition);
    if (bit == diff::change_comment) return optional_json(v.comment);
    return std::nullopt;
}

std::optional<Json> field_value(const core::Enum& e, diff::Change bit, const diff::Placement&) {
    if (bit == diff::change_values) return Json(e.values);
    return std::nullopt;
}

std::optional<Json> field_value(const core::Sequence& s, diff::Change bit, const diff::Placement&) {
    if (bit == diff::change_type) return optional_json(s.type);
    if (bit == diff::change_sequence)
        return Json{{"type", optional_json(s.type)}, {"start", optional_json(s.start)},
                    {"increment", optional_json(s.increment)}, {"min", optional_json(s.min)},
                    {"max", optional_json(s.max)}, {"cache", optional_json(s.cache)},
                    {"cycle", s.cycle}, {"owned_by", optional_json(s.owned_by)}};
    return std::nullopt;
}

std::optional<Json> field_value(const core::Extension& e, diff::Change bit, const diff::Placement&) {
    if (bit == diff::change_version) return optional_json(e.version);
    return std::nullopt;
}

std::optional<Json> field_value(const core::Domain& d, diff::Change bit, const diff::Placement&) {
    switch (bit) {
        case diff::change_type: return Json(d.type);
        case diff::change_nullable: return Json(d.nullable);
        case diff::change_default: return optional_json(d.default_value);
        case diff::change_collation: return optional_json(d.collation);
        case diff::change_checks: return checks_json(d.checks);
        default: return std::nullopt;
    }
}

std::optional<Json> field_value(const core::Routine& r, diff::Change bit, const diff::Placement&) {
    if (bit == diff::change_definition) return Json(r.definition);
    return std::nullopt;
}

std::optional<Json> field_value(const core::Trigger& t, diff::Change bit, const diff::Placement&) {
    if (bit == diff::change_definition) return Json(t.definition);
    return std::nullopt;
}

template <class T>
Json changed_fields(const T& object, diff::Changes changed, const diff::Placement& placement) {
    Json out = Json::object();
    for (std::uint32_t bit = 1; bit != 0; bit <<= 1) {
        if (!(changed & bit)) continue;
        const auto name = diff::change_names(bit);
        if (name.empty()) continue;
        if (auto value = field_value(object, static_cast<diff::Change>(bit), placement)) out[name[0]] = *value;
    }
    return out;
}

// The identifying fields of an object: its name, and what identifies an unnamed constraint.
template <class T>
Json identity_of(const T& object) {
    Json out = Json::object();
    if constexpr (std::is_same_v<decltype(object.name), std::string>) {
        out["name"] = object.name;
    } else {
        out["name"] = optional_json(object.name);
    }
    if constexpr (requires { object.columns; } && !std::is_same_v<T, core::Table>) out["columns"] = object.columns;
    if constexpr (requires { object.expression; }) out["expression"] = object.expression;
    if constexpr (std::is_same_v<T, core::ForeignKey>)
        out["references"] = Json{{"schema", object.references.schema},
                                 {"table", object.references.table},
                                 {"columns", object.references.columns}};
    return out;
}

template <class T>
Json identity_of_named(const T& object) {
    if constexpr (requires { object.name; }) return identity_of(object);
    else return Json{{"name", nullptr}};
}

Json table_shape(const core::Table& table) {
    Json columns = Json::array();
    for (const auto& c : table.columns)
        columns.push_back(Json{{"name", c.name}, {"type", c.type}, {"nullable", c.nullable}});
    return Json{{"name", table.name}, {"columns", columns}};
}

struct BeforeVisitor {
    template <class T> Json operator()(const diff::Create<T>&) const { return nullptr; }
    template <class T> Json operator()(const diff::Drop<T>& op) const { return identity_of_named(op.object); }
    template <class T> Json operator()(const diff::Alter<T>& op) const {
        return changed_fields(op.from, op.changed, op.from_placement);
    }
    template <class T> Json operator()(const diff::Rename<T>& op) const { return identity_of_named(op.from); }
    Json operator()(const diff::RebuildTable& op) const { return table_shape(op.from); }
};

struct AfterVisitor {
    template <class T> Json operator()(const diff::Create<T>& op) const { return identity_of_named(op.object); }
    template <class T> Json operator()(const diff::Drop<T>&) const { return nullptr; }
    template <class T> Json operator()(const diff::Alter<T>& op) const {
        return changed_fields(op.to, op.changed, op.placement);
    }
    template <class T> Json operator()(const diff::Rename<T>& op) const { return identity_of_named(op.to); }
    Json operator()(const diff::RebuildTable& op) const { return table_shape(op.to); }
};

struct ChangedVisitor {
    template <class T> diff::Changes operator()(const diff::Alter<T>& op) const { return op.changed; }
    diff::Changes operator()(const diff::RebuildTable& op) const { return op.changed; }
    template <class Other> diff::Changes operator()(const Other&) const { return 0; }
};

// ---- the human forms -----------------------------------------------------------------------------------------

struct Group {
    std::string title;  // "table users", "view active_users"
    std::vector<const diff::Step*> steps;
};

std::string display_name(const std::string& schema, const std::string& name) {
    return schema.empty() ? name : schema + "." + name;
}

// Changes are grouped by the table they touch (a trigger by its table); other objects stand alone.
std::vector<Group> group_steps(const std::vector<diff::Step>& steps) {
    std::vector<Group> groups;
    std::map<std::string, std::size_t> index;
    for (const auto& step : steps) {
        const auto id = diff::object_id(step.op);
        std::string title;
        if (id.size() >= 3 && (id[0] == "table" || id[0] == "trigger")) title = "table " + display_name(id[1], id[2]);
        else if (id.size() >= 3) title = id[0] + " " + display_name(id[1], id[2]);
        else title = diff::describe(step.op);
        auto [it, inserted] = index.emplace(title, groups.size());
        if (inserted) groups.push_back({title, {}});
        groups[it->second].steps.push_back(&step);
    }
    return groups;
}

std::string hazard_words(diff::Hazards hazards) {
    std::string out;
    for (auto name : diff::hazard_names(hazards)) {
        for (auto& c : name)
            if (c == '_') c = ' ';
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

// The hazard reason when it says more than the hazard names do ("may fail on existing rows" would only repeat them).
std::string extra_reason(const diff::Step& step) {
    const std::string reason = diff::hazard_reason(step.op, step.hazards);
    const std::string words = hazard_words(step.hazards);
    if (reason == "destructive" || (!reason.empty() && words.find(reason) != std::string::npos)) return "";
    return reason;
}

std::string summary(const diff::Plan& plan) {
    const auto total = plan.upgrade.size();
    std::size_t destructive = 0;
    for (const auto& step : plan.upgrade) destructive += is_destructive(step) ? 1 : 0;
    if (total == 0) return "No changes.";
    return std::to_string(total) + (total == 1 ? " change" : " changes") + ", " + std::to_string(destructive) +
           " destructive.";
}

std::string id_text(const std::vector<std::string>& id) {
    std::string out;
    for (const auto& part : id) {
        if (part.empty()) continue;
        out += (out.empty() ? "" : ".") + part;
    }
    return out;
}

std::string text_report(const diff::Plan& plan) {
    std::string out = summary(plan) + "\n";
    for (const auto& group : group_steps(plan.upgrade)) {
        out += "\n" + group.title + "\n";
        for (const auto* step : group.steps) {
            out += std::string("  ") + (is_destructive(*step) ? "destructive  " : "safe         ") +
                   diff::describe(step->op) + "\n";
            const std::string hazards = hazard_words(step->hazards);
            if (!hazards.empty()) out += "               hazards: " + hazards + "\n";
            const std::string reason = extra_reason(*step);
            if (!reason.empty()) out += "               " + reason + "\n";
        }
    }
    if (!plan.not_compared.empty()) {
        out += "\nNot compared (autogen does not model these; check them by hand):\n";
        for (const auto& nc : plan.not_compared)
            out += "  " + nc.kind + (nc.schema.empty() ? "" : " in " + nc.schema) + ": " + std::to_string(nc.count) +
                   "\n";
    }
    if (!plan.suggestions.empty()) {
        out += "\nSuggestions (not applied):\n";
        for (const auto& s : plan.suggestions)
            out += "  " + s.kind + " " + id_text(s.from) + " -> " + id_text(s.to) +
                   (s.why.empty() ? "" : " (" + s.why + ")") + "\n";
    }
    return out;
}

// Markdown text that renders as written: every character with a meaning in CommonMark or a table is escaped.
std::string md(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            out += ' ';
            continue;
        }
        if (std::string_view("\\`*_{}[]()<>#+-.!|~").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string markdown_report(const diff::Plan& plan, const ReportOptions& options) {
    std::string out = "# " + md(options.title) + "\n\n" + md(summary(plan)) + "\n";
    for (const auto& group : group_steps(plan.upgrade)) {
        out += "\n## " + md(group.title) + "\n\n| status | change | hazards |\n|---|---|---|\n";
        for (const auto* step : group.steps) {
            std::string hazards = md(hazard_words(step->hazards));
            const std::string reason = extra_reason(*step);
            if (!reason.empty()) hazards += (hazards.empty() ? "" : "; ") + md(reason);
            out += std::string("| ") + (is_destructive(*step) ? "**destructive**" : "safe") + " | " +
                   md(diff::describe(step->op)) + " | " + hazards + " |\n";
        }
    }
    if (!plan.not_compared.empty()) {
        out += "\n## Not compared\n\n| kind | schema | count |\n|---|---|---|\n";
        for (const auto& nc : plan.not_compared)
            out += "| " + md(nc.kind) + " | " + md(nc.schema) + " | " + std::to_string(nc.count) + " |\n";
    }
    if (!plan.suggestions.empty()) {
        out += "\n## Suggestions\n\n";
        for (const auto& s : plan.suggestions)
            out += "- " + md(s.kind) + ": " + md(id_text(s.from)) + " → " + md(id_text(s.to)) +
                   (s.why.empty() ? "" : " (" + md(s.why) + ")") + "\n";
    }
    return out;
}

std::string html(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string html_report(const diff::Plan& plan, const ReportOptions& options) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html(options.title) +
        "</title>\n<style>\n"
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n"
        "table{border-collapse:collapse;margin-bottom:1.5em}\n"
        "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\n"
        ".destructive{color:#b00020;font-weight:bold}.safe{color:#1b5e20}\n"
        "</style>\n</head>\n<body>\n<h1>" +
        html(options.title) + "</h1>\n<p>" + html(summary(plan)) + "</p>\n";
    for (const auto& group : group_steps(plan.upgrade)) {
        out += "<h2>" + html(group.title) + "</h2>\n<table>\n<tr><th>status</th><th>change</th><th>hazards</th></tr>\n";
        for (const auto* step : group.steps) {
            const bool destructive = is_destructive(*step);
            std::string hazards = html(hazard_words(step->hazards));
            const std::string reason = extra_reason(*step);
            if (!reason.empty()) hazards += (hazards.empty() ? "" : "<br>") + html(reason);
            out += std::string("<tr><td class=\"") + (destructive ? "destructive\">destructive" : "safe\">safe") +
                   "</td><td>" + html(diff::describe(step->op)) + "</td><td>" + hazards + "</td></tr>\n";
        }
        out += "</table>\n";
    }
    if (!plan.not_compared.empty()) {
        out += "<h2>Not compared</h2>\n<table>\n<tr><th>kind</th><th>schema</th><th>count</th></tr>\n";
        for (const auto& nc : plan.not_compared)
            out += "<tr><td>" + html(nc.kind) + "</td><td>" + html(nc.schema) + "</td><td>" +
                   std::to_string(nc.count) + "</td></tr>\n";
        out += "</table>\n";
    }
    if (!plan.suggestions.empty()) {
        out += "<h2>Suggestions</h2>\n<ul>\n";
        for (const auto& s : plan.suggestions)
            out += "<li>" + html(s.kind) + ": " + html(id_text(s.from)) + " &rarr; " + html(id_text(s.to)) +
                   (s.why.empty() ? "" : " (" + html(s.why) + ")") + "</li>\n";
        out += "</ul>\n";
    }
    return out + "</body>\n</html>\n";
}

}  // namespace

std::optional<ReportFormat> report_format_from_string(const std::string& name) {
    if (name == "text") return ReportFormat::text;
    if (name == "json") return ReportFormat::json;
    if (name == "markdown") return ReportFormat::markdown;
    if (name == "html") return ReportFormat::html;
    return std::nullopt;
}

bool is_destructive(const diff::Step& step) { return (step.hazards & diff::hazard_data_loss) != 0; }

nlohmann::ordered_json change_before(const diff::Op& op) { return std::visit(BeforeVisitor{}, op); }
nlohmann::ordered_json change_after(const diff::Op& op) { return std::visit(AfterVisitor{}, op); }

nlohmann::ordered_json report_json(const diff::Plan& plan) {
    Json changes = Json::array();
    for (const auto& step : plan.upgrade) {
        changes.push_back(Json{{"id", diff::object_id(step.op)},
                               {"op", diff::op_name(step.op)},
                               {"changed", diff::change_names(std::visit(ChangedVisitor{}, step.op))},
                               {"before", change_before(step.op)},
                               {"after", change_after(step.op)},
                               {"hazards", diff::hazard_names(step.hazards)}});
    }
    Json not_compared = Json::array();
    for (const auto& nc : plan.not_compared)
        not_compared.push_back(Json{{"kind", nc.kind}, {"schema", nc.schema}, {"count", nc.count}});
    Json suggestions = Json::array();
    for (const auto& s : plan.suggestions)
        suggestions.push_back(Json{{"kind", s.kind}, {"from", s.from}, {"to", s.to}, {"why", s.why}});
    return Json{{"format", "autogen-report/1"},
                {"changes", changes},
                {"not_compared", not_compared},
                {"suggestions", suggestions}};
}

std::string render_report(const diff::Plan& plan, ReportFormat format, const ReportOptions& options) {
    switch (format) {
        case ReportFormat::json: return report_json(plan).dump(2) + "\n";
        case ReportFormat::markdown: return markdown_report(plan, options);
        case ReportFormat::html: return html_report(plan, options);
        case ReportFormat::text: break;
    }
    return text_report(plan);
}

}  // namespace autogen::emit
