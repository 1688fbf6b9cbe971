// autogen_bench: generates N-table schemas, loads them into real databases and measures autogen against the
// floor (the database's own client running the same catalog queries) and against Alembic's compare_metadata.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <sys/utsname.h>
#include <unistd.h>

#include <fmt/format.h>

#include "bench/backend.hpp"
#include "bench/generator.hpp"
#include "bench/perturb.hpp"
#include "bench/process.hpp"
#include "cli/memory.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/resolve.hpp"
#include "core/url.hpp"
#include "diff/capabilities.hpp"
#include "diff/plan.hpp"
#include "emit/renderer.hpp"
#include "emit/report.hpp"
#include "introspect/inspector.hpp"

namespace autogen::bench {
namespace {

using Json = nlohmann::ordered_json;

struct Options {
    std::vector<std::string> backends{"sqlite"};
    std::vector<std::size_t> sizes{100, 1000, 10000};
    int repeat = 5;
    int alembic_repeat = 3;
    double alembic_timeout_s = 1800;
    bool alembic = true;
    std::string work_dir = "bench-work";
    std::string results_dir = AUTOGEN_BENCH_SOURCE_DIR "/results";
    std::string autogen = AUTOGEN_BINARY;
    std::string alembic_script = AUTOGEN_BENCH_SOURCE_DIR "/alembic_compare.py";
    std::string python = "/usr/bin/python3";
    std::string postgres_url;
    std::string mariadb_url;
    std::uint64_t seed = 20240607;
    bool fresh = false;
};

double now_cpu() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Repeated samples of one measurement; the median is what the tables and targets use (the machine is shared).
struct Samples {
    std::vector<double> values;
    void add(double v) { values.push_back(v); }
    double median() const {
        if (values.empty()) return 0;
        std::vector<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        const std::size_t n = sorted.size();
        return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
    Json json() const { return Json{{"median", median()}, {"runs", values}}; }
};

// A timed span of in-process work: wall and CPU seconds.
struct Span {
    Samples wall, cpu;
    Json json() const { return Json{{"wall_s", wall.json()}, {"cpu_s", cpu.json()}}; }
};

template <class F>
auto timed(Span& span, F&& work) {
    const auto wall0 = std::chrono::steady_clock::now();
    const double cpu0 = now_cpu();
    auto result = work();
    span.cpu.add(now_cpu() - cpu0);
    span.wall.add(std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count());
    return result;
}

// A measured child process, repeated.
struct ProcessSamples {
    Samples wall, cpu, rss_mb;
    void add(const ProcessResult& r) {
        wall.add(r.wall_s);
        cpu.add(r.cpu_s);
        rss_mb.add(static_cast<double>(r.max_rss_kb) / 1024.0);
    }
    Json json() const { return Json{{"wall_s", wall.json()}, {"cpu_s", cpu.json()}, {"peak_rss_mb", rss_mb.json()}}; }
};

struct SizeResult {
    std::size_t tables = 0;
    Json shape;
    double load_s = 0;
    std::size_t target_bytes = 0;
    PerturbationCounts perturbation;
    std::size_t upgrade_steps = 0, downgrade_steps = 0;
    int queries = 0;          // in process
    int check_queries = -1;   // reported by the autogen check process (-v)
    Span introspect, json_load, resolve, compare, lower, order, render;
    ProcessSamples floor, parse, check;
    // Alembic
    bool alembic_run = false;
    bool alembic_timed_out = false;
    std::string alembic_error;
    Samples alembic_compare_s, alembic_process_s, alembic_rss_mb;
    int alembic_diffs = -1;
    int alembic_queries = -1;
};

std::string fixed(double v, int digits = 3) { return fmt::format("{:.{}f}", v, digits); }

// The figures of autogen -v that the benchmark reads: "... in N catalog queries".
int queries_from_verbose(const std::string& err) {
    const auto at = err.find(" catalog queries");
    if (at == std::string::npos) return -1;
    auto start = err.rfind(' ', at - 1);
    return std::stoi(err.substr(start + 1, at - start - 1));
}

Json shape_of(const SchemaSpec& spec) {
    std::size_t columns = 0, fks = 0, composite_keys = 0, cycles = 0, uniques = 0, checks = 0, indexes = 0, partial = 0,
                expression = 0, multi = 0, defaults = 0;
    for (const auto& t : spec.tables) {
        columns += t.columns.size();
        fks += t.foreign_keys.size();
        composite_keys += t.primary_key.size() > 1;
        for (const auto& fk : t.foreign_keys) cycles += fk.after_tables;
        uniques += t.unique.size();
        checks += t.checks.size();
        indexes += t.indexes.size();
        for (const auto& i : t.indexes) {
            partial += !i.where.empty();
            expression += !i.expression.empty();
            multi += i.keys.size() > 1;
        }
        for (const auto& c : t.columns) defaults += !c.default_value.empty();
    }
    return Json{{"tables", spec.tables.size()},      {"columns", columns},          {"composite_primary_keys", composite_keys},
                {"foreign_keys", fks},               {"foreign_key_cycles", cycles}, {"unique_constraints", uniques},
                {"checks", checks},                  {"indexes", indexes},           {"composite_indexes", multi},
                {"partial_indexes", partial},        {"expression_indexes", expression}, {"defaults", defaults},
                {"views", spec.views.size()}};
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

SizeResult run_size(Backend& backend, std::size_t n, const Options& options) {
    SizeResult result;
    result.tables = n;
    GeneratorOptions generator{n, options.seed, backend.dialect() != core::Dialect::mariadb,
                               backend.dialect() != core::Dialect::mariadb};
    const SchemaSpec spec = generate_schema(generator);
    result.shape = shape_of(spec);
    const std::vector<std::string> ddl = ddl_statements(spec, backend.dialect());
    std::string all_ddl;
    for (const auto& statement : ddl) all_ddl += statement + "\n";
    const std::string fingerprint = fmt::format("{:016x}\n", std::hash<std::string>{}(all_ddl));
    if (!options.fresh && backend.open_database(n, fingerprint)) {
        std::cerr << fmt::format("[{} N={}] reusing the database loaded by an earlier run\n", backend.name(), n);
        result.load_s = -1;
    } else {
        if (options.fresh) backend.open_database(n, "");
        std::cerr << fmt::format("[{} N={}] loading {} tables ... ", backend.name(), n, n) << std::flush;
        const auto load_start = std::chrono::steady_clock::now();
        backend.load(ddl);
        result.load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
        backend.mark_loaded(fingerprint);
        std::cerr << fixed(result.load_s, 1) << " s\n";
    }

    // The target: the database as introspected, then perturbed, saved as a user would keep it.
    const core::DatabaseUrl url = core::parse_url(backend.url());
    core::Schema target_model = introspect::open_inspector(url)->inspect({});
    result.perturbation = perturb(target_model, spec);
    const std::string target_path =
        std::filesystem::absolute(fmt::format("{}/target-{}-{}.json", options.work_dir, backend.name(), n)).string();
    const std::string target_text = core::save_schema(target_model);
    write_file(target_path, target_text);
    result.target_bytes = target_text.size();

    const auto caps = diff::capabilities_for(backend.dialect());
    const auto renderer = emit::renderer_for(backend.dialect());
    std::string first_output;
    for (int r = 0; r < options.repeat; ++r) {
        std::cerr << fmt::format("[{} N={}] run {}/{}\r", backend.name(), n, r + 1, options.repeat) << std::flush;
        // The floor and the plain parse, then the whole autogen check process, interleaved so drift hits all alike.
        result.floor.add(backend.floor());
        result.parse.add(run_checked({std::filesystem::read_symlink("/proc/self/exe").string(), "--parse-json", target_path}));
        const ProcessResult check = run_process({options.autogen, "-v", "check", "--db", backend.url(), "--target",
                                                 target_path});
        if (check.exit_code != 1)
            throw std::runtime_error(fmt::format("autogen check exited {} (expected 1, drift): {}", check.exit_code, check.err));
        result.check.add(check);
        result.check_queries = queries_from_verbose(check.err);

        // The stages, in process, as compare_database runs them.
        core::Schema current = timed(result.introspect, [&] {
            auto inspector = introspect::open_inspector(url);
            core::Schema schema = inspector->inspect({});
            result.queries = inspector->query_count();
            return schema;
        });
        core::Schema target = timed(result.json_load, [&] { return core::load_schema_file(target_path); });
        target = timed(result.resolve, [&] { return core::resolve(std::move(target), backend.dialect()); });
        diff::PlanTimings timings;
        const diff::Plan plan = diff::make_plan(std::move(current), std::move(target), caps, &timings);
        result.resolve.wall.values.back() += timings.resolve_s;
        result.compare.wall.add(timings.compare_s);
        result.lower.wall.add(timings.lower_s);
        result.order.wall.add(timings.order_s);
        const std::string rendered = timed(result.render, [&] {
            return renderer->render_all(plan.upgrade).text() + renderer->render_all(plan.downgrade).text() +
                   emit::render_report(plan, emit::ReportFormat::text);
        });
        result.upgrade_steps = plan.upgrade.size();
        result.downgrade_steps = plan.downgrade.size();
        // Equal inputs must give byte-identical output, run after run.
        if (r == 0) first_output = rendered;
        else if (rendered != first_output) throw std::runtime_error("the rendered plan differs between runs");
    }
    write_file(fmt::format("{}/plan-{}-{}.sql", options.work_dir, backend.name(), n), first_output);
    std::cerr << "\n";

    if (options.alembic) {
        const int runs = n >= 10000 ? 1 : options.alembic_repeat;
        for (int r = 0; r < runs && !result.alembic_timed_out && result.alembic_error.empty(); ++r) {
            std::cerr << fmt::format("[{} N={}] alembic run {}/{} ...", backend.name(), n, r + 1, runs) << std::flush;
            ProcessOptions popts;
            popts.capture_stdout = true;
            popts.timeout_s = options.alembic_timeout_s;
            const ProcessResult alembic = run_process(
                {options.python, options.alembic_script, "--url", backend.sqlalchemy_url(), "--model", target_path}, popts);
            result.alembic_run = true;
            if (alembic.timed_out) {
                result.alembic_timed_out = true;
                std::cerr << " timed out\n";
                break;
            }
            if (alembic.exit_code != 0) {
                result.alembic_error = alembic.err.substr(alembic.err.size() > 2000 ? alembic.err.size() - 2000 : 0);
                std::cerr << " failed\n" << result.alembic_error << "\n";
                break;
            }
            const Json out = Json::parse(alembic.out);
            result.alembic_compare_s.add(out.at("compare_metadata_s").get<double>());
            result.alembic_process_s.add(alembic.wall_s);
            result.alembic_rss_mb.add(static_cast<double>(alembic.max_rss_kb) / 1024.0);
            result.alembic_diffs = out.at("diffs").get<int>();
            result.alembic_queries = out.value("queries", -1);
            std::cerr << " " << fixed(out.at("compare_metadata_s").get<double>(), 2) << " s\n";
        }
    }
    return result;
}

struct Ratios {
    double introspect_vs_floor = 0;
    double check_vs_floor_parse = 0;
    double alembic_vs_check = 0;
};

Ratios ratios_of(const SizeResult& r) {
    Ratios out;
    out.introspect_vs_floor = r.introspect.wall.median() / r.floor.wall.median();
    out.check_vs_floor_parse = r.check.wall.median() / (r.floor.wall.median() + r.parse.wall.median());
    if (r.alembic_compare_s.values.size() > 0) out.alembic_vs_check = r.alembic_compare_s.median() / r.check.wall.median();
    return out;
}

Json size_json(const SizeResult& r) {
    const Ratios ratios = ratios_of(r);
    Json alembic = Json::object();
    alembic["run"] = r.alembic_run;
    if (r.alembic_timed_out) alembic["timed_out"] = true;
    if (!r.alembic_error.empty()) alembic["error"] = r.alembic_error;
    if (!r.alembic_compare_s.values.empty()) {
        alembic["compare_metadata_s"] = r.alembic_compare_s.json();
        alembic["process_wall_s"] = r.alembic_process_s.json();
        alembic["peak_rss_mb"] = r.alembic_rss_mb.json();
        alembic["diffs"] = r.alembic_diffs;
        alembic["queries"] = r.alembic_queries;
    }
    Json stages = Json{{"introspect", r.introspect.json()}, {"json_load", r.json_load.json()},
                       {"resolve", r.resolve.json()},       {"compare", Json{{"wall_s", r.compare.wall.json()}}},
                       {"lower", Json{{"wall_s", r.lower.wall.json()}}}, {"order", Json{{"wall_s", r.order.wall.json()}}},
                       {"render", r.render.json()}};
    return Json{{"tables", r.tables},
                {"shape", r.shape},
                {"load_s", r.load_s < 0 ? Json(nullptr) : Json(r.load_s)},
                {"target_json_bytes", r.target_bytes},
                {"perturbation", r.perturbation},
                {"plan", Json{{"upgrade_steps", r.upgrade_steps}, {"downgrade_steps", r.downgrade_steps}}},
                {"catalog_queries", Json{{"inspector", r.queries}, {"check_process", r.check_queries}}},
                {"stages", stages},
                {"check_process", r.check.json()},
                {"floor_process", r.floor.json()},
                {"plain_parse_process", r.parse.json()},
                {"alembic", alembic},
                {"ratios", Json{{"introspect_vs_floor", ratios.introspect_vs_floor},
                                {"check_vs_floor_plus_parse", ratios.check_vs_floor_parse},
                                {"alembic_compare_vs_check", ratios.alembic_vs_check}}}};
}

void print_table(const std::string& backend, const std::string& version, const std::vector<SizeResult>& results,
                 int repeat) {
    std::cout << fmt::format("\n{} ({}); medians of {} runs; seconds unless marked\n", backend, version, repeat);
    std::cout << fmt::format("{:>7} | {:>9} {:>9} {:>6} | {:>9} {:>8} {:>8} {:>8} {:>8} {:>8}\n", "tables",
                             "introspect", "floor", "ratio", "json load", "resolve", "compare", "lower", "order", "render");
    for (const auto& r : results)
        std::cout << fmt::format("{:>7} | {:>9} {:>9} {:>6} | {:>9} {:>8} {:>8} {:>8} {:>8} {:>8}\n", r.tables,
                                 fixed(r.introspect.wall.median()), fixed(r.floor.wall.median()),
                                 fixed(ratios_of(r).introspect_vs_floor, 2), fixed(r.json_load.wall.median()),
                                 fixed(r.resolve.wall.median()), fixed(r.compare.wall.median()),
                                 fixed(r.lower.wall.median()), fixed(r.order.wall.median()), fixed(r.render.wall.median()));
    std::cout << fmt::format("{:>7} | {:>9} {:>7} {:>8} {:>7} | {:>11} {:>6} | {:>11} {:>8} {:>8}\n", "tables",
                             "check wall", "cpu", "peak MB", "queries", "floor+parse", "ratio", "alembic cmp", "x check",
                             "steps");
    for (const auto& r : results) {
        const Ratios ratios = ratios_of(r);
        std::string alembic = r.alembic_timed_out ? "timeout" : !r.alembic_error.empty() ? "error" : "-";
        std::string speedup = "-";
        if (!r.alembic_compare_s.values.empty()) {
            alembic = fixed(r.alembic_compare_s.median(), 2);
            speedup = fixed(ratios.alembic_vs_check, 0) + "x";
        }
        std::cout << fmt::format("{:>7} | {:>9} {:>7} {:>8} {:>7} | {:>11} {:>6} | {:>11} {:>8} {:>8}\n", r.tables,
                                 fixed(r.check.wall.median()), fixed(r.check.cpu.median()),
                                 fixed(r.check.rss_mb.median(), 1), r.check_queries,
                                 fixed(r.floor.wall.median() + r.parse.wall.median()),
                                 fixed(ratios.check_vs_floor_parse, 2), alembic, speedup, r.upgrade_steps);
    }
}

// The targets of issue 7, judged on this run's own ratios.
Json judge(const std::vector<SizeResult>& results) {
    Json out = Json::array();
    auto add = [&](const std::string& what, std::size_t n, double value, double limit, bool pass) {
        out.push_back(Json{{"target", what}, {"tables", n}, {"value", value}, {"limit", limit}, {"pass", pass}});
    };
    std::set<int> queries;
    for (const auto& r : results) {
        queries.insert(r.queries);
        queries.insert(r.check_queries);
        const Ratios ratios = ratios_of(r);
        if (r.tables >= 1000) {
            add("introspection / floor", r.tables, ratios.introspect_vs_floor, 1.5, ratios.introspect_vs_floor <= 1.5);
            add("check process / (floor + plain parse)", r.tables, ratios.check_vs_floor_parse, 1.5,
                ratios.check_vs_floor_parse <= 1.5);
        }
        if (r.tables >= 1000 && !r.alembic_compare_s.values.empty())
            add("alembic compare_metadata / check process", r.tables, ratios.alembic_vs_check, 50,
                ratios.alembic_vs_check >= 50);
        if (r.tables >= 10000)
            add("check peak memory (MB)", r.tables, r.check.rss_mb.median(), 300, r.check.rss_mb.median() < 300);
    }
    add("distinct catalog query counts over sizes", 0, static_cast<double>(queries.size()), 1, queries.size() == 1);
    return out;
}

std::string machine_line() {
    std::string cpu;
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);)
        if (line.starts_with("model name")) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    return fmt::format("{}, {} cores online", cpu, sysconf(_SC_NPROCESSORS_ONLN));
}

Json machine_json() {
    utsname u{};
    uname(&u);
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    return Json{{"cpu", machine_line()},
                {"memory_gb", static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e9},
                {"kernel", std::string(u.sysname) + " " + u.release},
                {"load_average_at_start", std::vector<double>(load, load + 3)},
                {"compiler", __VERSION__}};
}

std::string timestamp() {
    const std::time_t t = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", std::gmtime(&t));
    return buffer;
}

int parse_json_only(const std::string& path) {
    // The "plain parse" of the floor: read the target and build nlohmann's DOM of it, nothing else.
    const std::string text = read_text(path);
    const auto document = nlohmann::json::parse(text);
    return document.is_object() ? 0 : 1;
}

// Times one stage in this process, repeatedly, for profiling and quick before/after comparisons.
int time_stage(const std::string& stage, const std::string& argument, int repeat) {
    Span span;
    for (int r = 0; r < repeat; ++r) {
        if (stage == "load") {
            timed(span, [&] { return core::load_schema_file(argument).tables->size(); });
        } else if (stage == "introspect") {
            timed(span, [&] { return introspect::open_inspector(core::parse_url(argument))->inspect({}).tables->size(); });
        } else if (stage == "save") {
            const core::Schema schema = core::load_schema_file(argument);
            timed(span, [&] { return core::save_schema(schema).size(); });
        } else {
            throw std::runtime_error("unknown stage \"" + stage + "\" (load FILE, introspect URL, save FILE)");
        }
    }
    std::cout << fmt::format("{} {}: wall median {} s, cpu median {} s (runs: {})\n", stage, argument,
                             fixed(span.wall.median()), fixed(span.cpu.median()), repeat);
    return 0;
}

int run(int argc, char** argv) {
    Options options;
    std::string parse_json;
    std::string sizes_text;
    CLI::App app{"autogen_bench: autogen against the database's own client and Alembic on N-table schemas"};
    app.add_option("--backend", options.backends, "sqlite | postgresql | mariadb (repeatable; default sqlite)");
    app.add_option("--sizes", sizes_text, "Comma-separated table counts (default 100,1000,10000)");
    app.add_option("--repeat", options.repeat, "Runs per measurement; medians are reported (default 5)");
    app.add_option("--alembic-repeat", options.alembic_repeat, "Alembic runs per size below 10,000 tables (default 3)");
    app.add_option("--alembic-timeout", options.alembic_timeout_s, "Seconds before an Alembic run is abandoned");
    app.add_flag("!--no-alembic", options.alembic, "Skip Alembic");
    app.add_option("--work", options.work_dir, "Directory for databases and scratch files (default bench-work)");
    app.add_option("--results", options.results_dir, "Directory for the JSON results (default bench/results)");
    app.add_option("--autogen", options.autogen, "The autogen binary");
    app.add_option("--python", options.python, "Python with Debian's python3-alembic (default /usr/bin/python3)");
    app.add_option("--postgres-url", options.postgres_url, "PostgreSQL server URL (default: AUTOGEN_TEST_POSTGRES_URL)");
    app.add_option("--mariadb-url", options.mariadb_url, "MariaDB server URL (default: AUTOGEN_TEST_MYSQL_URL)");
    app.add_option("--seed", options.seed, "Generator seed");
    app.add_flag("--fresh", options.fresh, "Load every database anew (by default one loaded earlier with the same DDL is reused)");
    app.add_option("--parse-json", parse_json, "Internal: parse one JSON file and exit (the plain-parse floor)");
    std::vector<std::string> stage;
    app.add_option("--time-stage", stage, "Time one stage in process: load FILE | introspect URL | save FILE")
        ->expected(2);
    CLI11_PARSE(app, argc, argv);
    // The servers the integration tests use, unless told otherwise.
    if (const char* env = std::getenv("AUTOGEN_TEST_POSTGRES_URL"); env && options.postgres_url.empty()) options.postgres_url = env;
    if (const char* env = std::getenv("AUTOGEN_TEST_MYSQL_URL"); env && options.mariadb_url.empty()) options.mariadb_url = env;
    if (!parse_json.empty()) return parse_json_only(parse_json);
    if (!stage.empty()) return time_stage(stage[0], stage[1], options.repeat);
    if (!sizes_text.empty()) {
        options.sizes.clear();
        std::stringstream in(sizes_text);
        for (std::string item; std::getline(in, item, ',');) options.sizes.push_back(std::stoul(item));
    }
    std::filesystem::create_directories(options.work_dir);
    std::filesystem::create_directories(options.results_dir);

    Json document{{"format", "autogen-bench/1"}, {"started", timestamp()}, {"machine", machine_json()},
                  {"repeat", options.repeat}, {"seed", options.seed}, {"backends", Json::array()}};
    int failures = 0;
    for (const std::string& name : options.backends) {
        const std::string url = name == "postgresql" ? options.postgres_url : name == "mariadb" ? options.mariadb_url : "";
        auto backend = make_backend(name, options.work_dir, url);
        const std::string version = backend->version();
        std::vector<SizeResult> results;
        for (std::size_t n : options.sizes) results.push_back(run_size(*backend, n, options));
        backend->cleanup();
        print_table(name, version, results, options.repeat);
        Json sizes = Json::array();
        for (const auto& r : results) sizes.push_back(size_json(r));
        const Json targets = judge(results);
        for (const auto& t : targets) {
            std::cout << fmt::format("  {:<44} {:>6} {:>9} (limit {}) {}\n", t["target"].get<std::string>(),
                                     t["tables"].get<std::size_t>() ? std::to_string(t["tables"].get<std::size_t>()) : "",
                                     fixed(t["value"].get<double>(), 2), t["limit"].get<double>(),
                                     t["pass"].get<bool>() ? "ok" : "MISSED");
            failures += !t["pass"].get<bool>();
        }
        document["backends"].push_back(Json{{"backend", name}, {"version", version}, {"sizes", sizes}, {"targets", targets}});
    }
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    document["machine"]["load_average_at_end"] = std::vector<double>(load, load + 3);
    std::string label;
    for (const auto& b : options.backends) label += (label.empty() ? "" : "+") + b;
    const std::string path = fmt::format("{}/{}-{}.json", options.results_dir, label, timestamp());
    write_file(path, document.dump(2) + "\n");
    std::cout << "\nmachine: " << machine_line() << "\nresults: " << path << "\n";
    return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace autogen::bench

int main(int argc, char** argv) {
    // The stages timed in this process get the heap the autogen process has.
    autogen::cli::use_huge_pages_for_heap();
    try {
        return autogen::bench::run(argc, argv);
    } catch (const autogen::Error& e) {
        std::cerr << "autogen_bench: " << e.describe(true) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "autogen_bench: " << e.what() << "\n";
    }
    return 2;
}
