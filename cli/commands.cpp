#include "cli/commands.hpp"

#include "cli/progress.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <future>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <optional>
#include <unistd.h>

#include "cli/output.hpp"
#include "cli/settings.hpp"
#include "cli/sources.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/resolve.hpp"
#include "core/sql_lexer.hpp"
#include "core/url.hpp"
#include "diff/plan.hpp"
#include "emit/renderer.hpp"

namespace autogen::cli {
namespace {

constexpr int exit_ok = 0;
constexpr int exit_changes = 1;
constexpr int exit_error = 2;

introspect::Filter filter_of(const Settings& s) { return introspect::Filter{s.schemas, s.exclude_tables}; }

// The dialect a diff is planned in: --dialect, else the database's, else the JSON models' own.
core::Dialect plan_dialect(const Settings& s, core::Dialect from, core::Dialect to) {
    if (!s.dialect.empty()) {
        auto d = core::dialect_from_string(s.dialect);
        if (!d || *d == core::Dialect::portable)
            throw Error("unknown dialect \"" + s.dialect + "\" (expected postgresql, mysql, mariadb or sqlite)");
        return *d;
    }
    if (from != core::Dialect::portable && to != core::Dialect::portable && from != to &&
        !(core::is_mysql_family(from) && core::is_mysql_family(to)))
        throw Error("the two sides are in different dialects (" + core::to_string(from) + " and " + core::to_string(to) +
                    "): pass --dialect");
    if (from != core::Dialect::portable) return from;
    if (to != core::Dialect::portable) return to;
    throw Error("both models are portable: pass --dialect to say which SQL to write");
}

void warn_not_compared(const diff::Plan& plan, const Settings& s) {
    if (plan.not_compared.empty()) return;
    if (s.raiseerr) {
        std::string kinds;
        for (const auto& n : plan.not_compared) kinds += (kinds.empty() ? "" : ", ") + n.kind;
        throw Error("objects were not compared (" + kinds + ") and --raiseerr is set");
    }
    if (s.quiet) return;
    for (const auto& n : plan.not_compared)
        std::cerr << "autogen: warning: " << n.count << " " << n.kind << (n.schema.empty() ? "" : " in " + n.schema)
                  << " not compared\n";
}

struct Compared {
    diff::Plan plan;
    core::Dialect dialect;
    core::Schema current;  // both models, when compare_database was asked to keep them
    core::Schema target;
    bool textual = true;  // no server canonicalized the target's texts
    std::string definition_notes;  // notes on stderr about definitions compared as written
};

// MariaDB prints a view, trigger or routine in its own form, and has no way to bring a target's text to that form
// without creating the object (its DDL commits, there are no temporary views): such a text compares as written,
// so a definition that means the same but is written differently shows as changed, never as equal. The notes say
// so next to each definition that differs, so that a user knows to copy the server's form from `autogen
// introspect`; they are made before the plan consumes the models.
std::string uncanonical_definition_notes(const core::Schema& current, const core::Schema& target, core::Dialect dialect,
                                         const Settings& s) {
    std::string out;
    if (s.quiet || !core::is_mysql_family(dialect)) return out;
    auto same = [&](const std::string& a, const std::string& b) {
        return core::normalize_expression(a, dialect) == core::normalize_expression(b, dialect);
    };
    auto note = [&](const auto& current, const auto& target, const std::string& kind) {
        if (!current || !target) return;
        for (const auto& t : *target)
            for (const auto& c : *current)
                if (c.schema == t.schema && core::ascii_lower(c.name) == core::ascii_lower(t.name) && !same(c.definition, t.definition))
                    out += "autogen: note: the definition of " + kind + " " + t.name + " differs from the server's; " +
                           core::display_name(dialect) +
                           " cannot canonicalize a target's definition without creating it, so it is compared as "
                           "written: if it means the same, copy the server's form from `autogen introspect`\n";
    };
    note(current.views, target.views, "view");
    note(current.triggers, target.triggers, "trigger");
    note(current.routines, target.routines, "routine");
    return out;
}

// Seconds since the last call (or construction), for --verbose.
class Lap {
public:
    double next() {
        const auto now = std::chrono::steady_clock::now();
        const double seconds = std::chrono::duration<double>(now - last_).count();
        last_ = now;
        return seconds;
    }

private:
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// Introspects a database source with a progress line on a terminal (--quiet or a redirected stderr: none).
LoadedSource load_with_progress(const std::string& source, const Settings& s) {
    const auto progress = progress_for(s);
    LoadedSource loaded = load_source(source, filter_of(s), progress ? progress->callback() : introspect::ProgressCallback());
    if (progress) progress->finish();
    return loaded;
}

std::size_t table_count(const core::Schema& schema) { return schema.tables ? schema.tables->size() : 0; }

// Reads the database and the target, lets the server canonicalize the target's texts, and plans. Unless
// `keep_models`, the models are consumed by the plan: a check of a large schema then holds one copy of each.
Compared compare_database(const Settings& s, bool keep_models = false) {
    if (s.db.empty()) throw Error("no database: pass --db URL or set DATABASE_URL");
    if (s.target.empty()) throw Error("no target: pass --target FILE");
    Lap lap;
    // The target is parsed on a second thread while the database answers the catalog queries: the two are
    // independent until resolve, and on two cores the parse then costs no wall time. Where the URL alone names
    // the dialect (a mysql:// server may turn out to be MariaDB), the target is resolved there too. A bad target
    // still wins: its error is the one reported, whatever the database said.
    struct LoadedTarget {
        core::Schema schema;
        double seconds = 0;
        bool resolved = false;
    };
    auto loading_target = std::async(std::launch::async, [&s] {
        Lap target_lap;
        LoadedTarget out{core::load_schema_file(s.target)};
        apply_filter(out.schema, filter_of(s));
        if (core::is_database_url(s.db)) {
            std::optional<core::Dialect> dialect;
            try {
                dialect = core::parse_url(s.db).dialect;
            } catch (const Error&) {
                // A malformed URL is the introspection's error to report.
            }
            if (dialect == core::Dialect::sqlite || dialect == core::Dialect::postgresql) {
                out.schema = core::resolve(std::move(out.schema), *dialect);
                out.resolved = true;
            }
        }
        out.seconds = target_lap.next();
        return out;
    });
    LoadedSource db;
    try {
        db = load_with_progress(s.db, s);
    } catch (...) {
        loading_target.get();
        throw;
    }
    const double introspection_s = lap.next();
    LoadedTarget target = loading_target.get();
    if (s.verbose) {
        std::cerr << fmt::format("autogen: target: {} tables read{} in {:.3f} s (beside the introspection)\n",
                                 table_count(target.schema), target.resolved ? " and resolved" : "", target.seconds);
        std::cerr << fmt::format("autogen: introspection: {} tables in {} catalog queries, {:.3f} s\n",
                                 table_count(db.schema), db.inspector->query_count(), introspection_s);
    }
    lap.next();
    if (!target.resolved || target.schema.dialect != db.dialect)
        target.schema = core::resolve(std::move(target.schema), db.dialect);
    Compared out{{}, db.dialect, std::move(db.schema), std::move(target.schema), true};
    db.inspector->canonicalize(out.target, out.current);
    out.textual = false;
    out.definition_notes = uncanonical_definition_notes(out.current, out.target, out.dialect, s);
    diff::PlanTimings timings;
    const auto caps = diff::capabilities_for(out.dialect);
    out.plan = keep_models ? diff::make_plan(out.current, out.target, caps, &timings)
                           : diff::make_plan(std::move(out.current), std::move(out.target), caps, &timings);
    if (s.verbose)
        std::cerr << fmt::format("autogen: plan: {} steps in {:.3f} s (resolve {:.3f}, compare {:.3f}, lower {:.3f}, "
                                 "order {:.3f})\n",
                                 out.plan.upgrade.size(), lap.next(), timings.resolve_s, timings.compare_s,
                                 timings.lower_s, timings.order_s);
    return out;
}

int cmd_introspect(const Settings& s) {
    if (s.db.empty()) throw Error("no database: pass --db URL or set DATABASE_URL");
    LoadedSource db = load_with_progress(s.db, s);
    const std::string json = core::save_schema(db.schema);
    if (s.output.empty() || s.output == "-") std::cout << json;
    else write_new_file(s.output, json);
    warn_not_compared(diff::Plan{{}, {}, {}, db.schema.not_compared}, Settings{.quiet = s.quiet});
    return exit_ok;
}

int cmd_diff(const Settings& s) {
    LoadedSource from = load_with_progress(s.from, s);
    LoadedSource to = load_with_progress(s.to, s);
    const core::Dialect dialect = plan_dialect(s, from.dialect, to.dialect);
    // A database target's model stays for its own canonicalize(target, current).
    core::Schema target = core::resolve(to.inspector ? core::Schema(to.schema) : std::move(to.schema), dialect);
    const bool textual = !from.inspector && !to.inspector;
    if (from.inspector && from.inspector->dialect() == dialect) from.inspector->canonicalize(target, from.schema);
    else if (to.inspector && to.inspector->dialect() == dialect) to.inspector->canonicalize(target, to.schema);
    const auto plan = diff::make_plan(std::move(from.schema), std::move(target), diff::capabilities_for(dialect));
    const std::string format = s.format.empty() ? "sql" : s.format;
    if (format == "sql") {
        if (!plan.empty()) std::cout << emit::renderer_for(dialect)->render_all(plan.upgrade).text();
        if (!s.quiet) std::cerr << "autogen: " << plan.upgrade.size() << " change(s)" << (textual ? ", compared textually" : "") << "\n";
    } else {
        std::cout << render_report(plan, format, ReportContext{dialect, textual, false});
    }
    warn_not_compared(plan, s);
    return plan.empty() ? exit_ok : exit_changes;
}

int cmd_check(const Settings& s) {
    const auto compared = compare_database(s);
    if (!s.quiet) std::cout << render_report(compared.plan, "text", ReportContext{compared.dialect, compared.textual, true});
    warn_not_compared(compared.plan, s);
    std::cerr << compared.definition_notes;
    return compared.plan.empty() ? exit_ok : exit_changes;
}

int cmd_drift(const Settings& s) {
    const auto compared = compare_database(s);
    const std::string format = s.format.empty() ? "text" : s.format;
    const std::string report = render_report(compared.plan, format, ReportContext{compared.dialect, compared.textual, false});
    if (s.output.empty() || s.output == "-") std::cout << report;
    else write_new_file(s.output, report);
    warn_not_compared(compared.plan, s);
    std::cerr << compared.definition_notes;
    return compared.plan.empty() ? exit_ok : exit_changes;
}

int cmd_revision(const Settings& s) {
    if (s.message.empty()) throw Error("no message: pass -m MSG");
    if (!s.format.empty() && s.format != "sql") throw Error("revision format \"" + s.format + "\" is not supported yet", ErrorKind::unsupported);
    const auto compared = compare_database(s, /*keep_models=*/true);
    warn_not_compared(compared.plan, s);
    std::cerr << compared.definition_notes;
    const auto path = write_revision_for(compared.plan, compared.current, compared.target, compared.dialect, s);
    if (!path) {
        if (!s.quiet) std::cerr << "autogen: no changes: the database already matches the target; nothing written\n";
        return exit_ok;
    }
    std::cout << *path << "\n";
    return exit_ok;
}

int cmd_show(const Settings& s) {
    if (s.up == s.down) throw Error("say which section to show: --up or --down");
    std::cout << show_section(s.file, s.up);
    return exit_ok;
}

// Adds the options every command that reads a database shares.
void add_filters(CLI::App* cmd, Settings& s) {
    cmd->add_option("--schema", s.schemas, "Compare only this schema (repeatable)");
    cmd->add_option("--exclude-table", s.exclude_tables, "Leave out tables matching GLOB (schema.name or name; repeatable)");
}

}  // namespace

int run(int argc, char** argv) {
    Settings s;
    CLI::App app{"autogen: schema-diff autogenerate engine for PostgreSQL, MySQL/MariaDB and SQLite.\n"
                 "Exit codes: 0 ok / no changes, 1 changes or drift, 2 error."};
    app.set_version_flag("--version", std::string("autogen ") + AUTOGEN_VERSION);
    app.require_subcommand(1);
    app.fallthrough();
    app.add_flag("--raiseerr", s.raiseerr, "Turn every warning into an error and show full error detail");
    app.add_flag("-q,--quiet", s.quiet, "Print only what the command produces");
    app.add_flag("-v,--verbose", s.verbose, "Print more detail");
    app.add_flag("--no-color", s.no_color, "No colors (also NO_COLOR)");
    app.add_option("--config", s.config, "Project file (default: autogen.toml in the working directory)");

    auto* introspect = app.add_subcommand("introspect", "Write the database's schema as a JSON model");
    introspect->add_option("--db", s.db, "Database URL (default: $DATABASE_URL)");
    introspect->add_option("-o,--output", s.output, "Write to FILE instead of stdout (never overwrites)");
    add_filters(introspect, s);

    auto* diff = app.add_subcommand("diff", "Print the operations that turn FROM into TO (upgrade SQL by default)");
    diff->add_option("--from", s.from, "Source: database URL or JSON model file");
    diff->add_option("--to", s.to, "Source: database URL or JSON model file");
    diff->add_option("--dialect", s.dialect, "postgresql | mysql | mariadb | sqlite (needed when both are portable)");
    diff->add_option("--format", s.format, "sql (default) | json | text | markdown | html");
    add_filters(diff, s);

    auto* check = app.add_subcommand("check", "CI gate: is the database exactly the target? (0 same, 1 drift, 2 error)");
    check->add_option("--db", s.db, "Database URL (default: $DATABASE_URL)");
    check->add_option("--target", s.target, "Target JSON model file");
    add_filters(check, s);

    auto* drift = app.add_subcommand("drift", "Full drift report, grouped by table, each change safe or destructive");
    drift->add_option("--db", s.db, "Database URL (default: $DATABASE_URL)");
    drift->add_option("--target", s.target, "Target JSON model file");
    drift->add_option("--format", s.format, "text (default) | json | markdown | html");
    drift->add_option("-o,--output", s.output, "Write to FILE instead of stdout (never overwrites)");
    add_filters(drift, s);

    auto* revision = app.add_subcommand("revision", "Write a revision file with upgrade and downgrade SQL");
    revision->add_option("--db", s.db, "Database URL (default: $DATABASE_URL)");
    revision->add_option("--target", s.target, "Target JSON model file");
    revision->add_option("-m,--message", s.message, "What the revision does");
    revision->add_option("--versions", s.versions, "Versions directory (default: versions)");
    revision->add_option("--format", s.format, "sql (the only format so far)");
    revision->add_option("--rev-id", s.rev_id, "Revision id (12 lowercase hex), for reproducible files");
    add_filters(revision, s);

    auto* show = app.add_subcommand("show", "Print one section of a revision file, ready for the database's client");
    show->add_option("file", s.file, "Revision file")->required();
    show->add_flag("--up", s.up, "The upgrade section");
    show->add_flag("--down", s.down, "The downgrade section");

    try {
        try {
            app.parse(argc, argv);
        } catch (const CLI::Success& e) {
            return app.exit(e);
        } catch (const CLI::ParseError& e) {
            app.exit(e);
            return exit_error;
        }
        s.command = app.get_subcommands().front()->get_name();
        // Which keys the command line set, so the environment and autogen.toml only fill the rest.
        std::vector<std::string> keys;
        for (const auto* cmd : {&app, app.get_subcommands().front()})
            for (const auto* opt : cmd->get_options())
                if (opt->count() > 0)
                    for (const auto& name : opt->get_lnames()) keys.push_back(name);
        std::vector<std::pair<std::string, std::vector<std::string>>> entries;
        const std::string config_path = s.config.empty() ? "autogen.toml" : s.config;
        std::ifstream config(config_path);
        if (!config && !s.config.empty()) throw Error("cannot read config file " + s.config);
        if (config) {
            try {
                for (const auto& item : CLI::ConfigTOML().from_config(config))
                    if (!item.name.empty() && item.name != "++" && item.name != "--")
                        entries.emplace_back(item.name, item.inputs);
            } catch (const CLI::Error& e) {
                throw Error(std::string("cannot parse ") + config_path + ": " + e.what());
            }
        }
        apply_fallbacks(s, entries, keys);

        if (s.command == "introspect") return cmd_introspect(s);
        if (s.command == "diff") return cmd_diff(s);
        if (s.command == "check") return cmd_check(s);
        if (s.command == "drift") return cmd_drift(s);
        if (s.command == "revision") return cmd_revision(s);
        if (s.command == "show") return cmd_show(s);
        throw Error("unknown command " + s.command);
    } catch (const Error& e) {
        std::cerr << "autogen: error: " << core::mask_passwords(e.describe(s.verbose || s.raiseerr)) << "\n";
        return exit_error;
    } catch (const std::exception& e) {
        std::cerr << "autogen: internal error: " << core::mask_passwords(e.what()) << "\n";
        return exit_error;
    }
}

}  // namespace autogen::cli
