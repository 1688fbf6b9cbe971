#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "emit/report.hpp"
#include "sqlite_support.hpp"

using namespace autogen;
using namespace autogen::test;
using namespace autogen::emit;
using Json = nlohmann::ordered_json;

namespace {

Json load_schema_doc() {
    std::ifstream in(std::string(AUTOGEN_SOURCE_DIR) + "/docs/report.schema.json");
    REQUIRE(in);
    return Json::parse(in);
}

// The subset of JSON Schema that docs/report.schema.json uses; returns the first violation, or "" when valid.
std::string validate(const Json& value, const Json& schema, const Json& root, const std::string& path) {
    if (schema.contains("$ref")) {
        const std::string ref = schema["$ref"];
        REQUIRE(ref.rfind("#/$defs/", 0) == 0);
        return validate(value, root["$defs"][ref.substr(8)], root, path);
    }
    if (schema.contains("type")) {
        std::vector<std::string> types;
        if (schema["type"].is_array()) for (const auto& t : schema["type"]) types.push_back(t);
        else types.push_back(schema["type"]);
        bool ok = false;
        for (const auto& t : types)
            ok = ok || (t == "object" && value.is_object()) || (t == "array" && value.is_array()) ||
                 (t == "string" && value.is_string()) || (t == "integer" && value.is_number_integer()) ||
                 (t == "null" && value.is_null()) || (t == "boolean" && value.is_boolean());
        if (!ok) return path + ": wrong type";
    }
    if (schema.contains("const") && value != schema["const"]) return path + ": not the constant";
    if (schema.contains("enum")) {
        bool found = false;
        for (const auto& e : schema["enum"]) found = found || e == value;
        if (!found) return path + ": " + value.dump() + " not in enum";
    }
    if (schema.contains("minimum") && value.is_number() && value.get<double>() < schema["minimum"].get<double>())
        return path + ": below minimum";
    if (value.is_array()) {
        if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>())
            return path + ": too few items";
        if (schema.contains("items"))
            for (std::size_t i = 0; i < value.size(); ++i)
                if (auto e = validate(value[i], schema["items"], root, path + "[" + std::to_string(i) + "]");
                    !e.empty())
                    return e;
    }
    if (value.is_object()) {
        if (schema.contains("required"))
            for (const auto& key : schema["required"])
                if (!value.contains(key.get<std::string>())) return path + ": missing " + key.get<std::string>();
        for (const auto& [key, item] : value.items()) {
            if (schema.contains("properties") && schema["properties"].contains(key)) {
                if (auto e = validate(item, schema["properties"][key], root, path + "." + key); !e.empty()) return e;
            } else if (schema.contains("additionalProperties") && schema["additionalProperties"] == false) {
                return path + ": unexpected key " + key;
            }
        }
    }
    return "";
}

template <std::size_t... I>
std::vector<std::string> all_op_names(std::index_sequence<I...>) {
    return {diff::op_name(diff::Op{std::in_place_index<I>})...};
}

diff::Plan sample_plan() {
    diff::Plan plan;
    auto email_from = col("email", "TEXT", false);
    auto email_to = col("email", "VARCHAR(255)", true);
    plan.upgrade.push_back(step(diff::AlterColumn{{"", "users"}, email_from, email_to,
                                                  diff::change_type | diff::change_nullable, {}, {}},
                                diff::hazard_table_rewrite | diff::hazard_may_fail_on_existing_rows));
    plan.upgrade.push_back(step(diff::AddColumn{{"", "users"}, col("verified_at", "TIMESTAMP"), {}}));
    plan.upgrade.push_back(step(diff::DropColumn{{"", "users"}, col("legacy", "TEXT"), {}},
                                diff::hazard_data_loss | diff::hazard_table_rewrite));
    auto orgs = table("orgs", {col("id", "INTEGER", false)});
    plan.upgrade.push_back(step(diff::CreateTable{orgs.qualified(), orgs, {}}));
    core::ForeignKey fk;
    fk.columns = {"org_id"};
    fk.references = {"", "orgs", {"id"}};
    plan.upgrade.push_back(step(diff::AddForeignKey{{"", "users"}, fk, {}}, diff::hazard_may_fail_on_existing_rows));
    plan.upgrade.push_back(step(diff::RenameColumn{{"", "users"}, col("nick", "TEXT"), col("nickname", "TEXT")}));
    core::View view{"", "<active> & \"users\"", false, "SELECT 1", {}, {}, {}, {}};
    auto view2 = view;
    view2.definition = "SELECT 2";
    plan.upgrade.push_back(step(diff::AlterView{{"", view.name}, view, view2, diff::change_definition, {}, {}}));
    plan.upgrade.push_back(step(diff::RebuildTable{orgs, table("orgs", {col("id", "BIGINT", false)}), {"id"},
                                                   diff::change_type, 0},
                                diff::hazard_table_rewrite));
    plan.not_compared.push_back({"policy", "public", 3});
    plan.suggestions.push_back({"rename", {"table", "", "users", "column", "nick"},
                                {"table", "", "users", "column", "nickname"}, "same type, nullability, position"});
    return plan;
}

}  // namespace

TEST_CASE("emit::report JSON has the shape of CLI.md") {
    const Json report = report_json(sample_plan());
    CHECK(report["format"] == "autogen-report/1");
    REQUIRE(report["changes"].size() == 8);
    CHECK(report["changes"][0].dump() ==
          R"j({"id":["table","","users","column","email"],"op":"alter_column","changed":["type","nullable"],)j"
          R"j("before":{"type":"TEXT","nullable":false},"after":{"type":"VARCHAR(255)","nullable":true},)j"
          R"j("hazards":["table_rewrite","may_fail_on_existing_rows"]})j");
    CHECK(report["changes"][1].dump() ==
          R"j({"id":["table","","users","column","verified_at"],"op":"add_column","changed":[],"before":null,)j"
          R"j("after":{"name":"verified_at"},"hazards":[]})j");
    CHECK(report["changes"][2]["before"].dump() == R"j({"name":"legacy"})j");
    CHECK(report["changes"][2]["after"].is_null());
    CHECK(report["changes"][2]["hazards"].dump() == R"j(["data_loss","table_rewrite"])j");
    CHECK(report["changes"][4]["after"].dump() ==
          R"j({"name":null,"columns":["org_id"],"references":{"schema":"","table":"orgs","columns":["id"]}})j");
    CHECK(report["changes"][5]["before"].dump() == R"j({"name":"nick"})j");
    CHECK(report["changes"][5]["after"].dump() == R"j({"name":"nickname"})j");
    CHECK(report["changes"][6]["after"].dump() == R"j({"definition":"SELECT 2"})j");
    CHECK(report["changes"][7]["changed"].dump() == R"j(["type"])j");
    CHECK(report["changes"][7]["after"].dump() ==
          R"j({"name":"orgs","columns":[{"name":"id","type":"BIGINT","nullable":false}]})j");
    CHECK(report["not_compared"].dump() == R"j([{"kind":"policy","schema":"public","count":3}])j");
    CHECK(report["suggestions"][0]["from"].dump() == R"j(["table","","users","column","nick"])j");
    CHECK(render_report(sample_plan(), ReportFormat::json) == report.dump(2) + "\n");
    CHECK(report_json(diff::Plan{}).dump() ==
          R"j({"format":"autogen-report/1","changes":[],"not_compared":[],"suggestions":[]})j");
}

TEST_CASE("emit::report JSON validates against docs/report.schema.json") {
    const Json schema = load_schema_doc();
    CHECK(validate(report_json(sample_plan()), schema, schema, "$") == "");
    CHECK(validate(report_json(diff::Plan{}), schema, schema, "$") == "");
    // The validator does reject what the schema forbids.
    Json bad = report_json(sample_plan());
    bad["changes"][0]["extra"] = 1;
    CHECK(validate(bad, schema, schema, "$") != "");
    bad = report_json(sample_plan());
    bad["changes"][0]["id"] = "table.users";
    CHECK(validate(bad, schema, schema, "$") != "");

    // Every op, change and hazard name the engine can produce is in the schema's enums.
    const auto ops = all_op_names(std::make_index_sequence<std::variant_size_v<diff::Op>>{});
    for (const auto& name : ops) CHECK_MESSAGE(validate(Json(name), schema["$defs"]["op"], schema, name) == "", name);
    CHECK(schema["$defs"]["op"]["enum"].size() == ops.size());
    const auto changes = diff::change_names(0xffffffffu);
    for (const auto& name : changes) CHECK(validate(Json(name), schema["$defs"]["change_name"], schema, name) == "");
    CHECK(schema["$defs"]["change_name"]["enum"].size() == changes.size());
    const auto hazards = diff::hazard_names(0xffffffffu);
    CHECK(schema["$defs"]["hazard"]["enum"] == Json(hazards));
}

TEST_CASE("emit::report every alter kind reports its changed fields") {
    core::Column a = col("c", "INTEGER"), b = col("c", "INTEGER");
    b.default_value = "0";
    b.generated = core::Generated{"x + 1", true};
    b.identity = core::Identity{};
    diff::AlterColumn alter{{"", "t"}, a, b, diff::change_default | diff::change_generated | diff::change_identity |
                                                 diff::change_position, {}, {}};
    alter.placement.after = "id";
    CHECK(change_before(alter).dump() ==
          R"j({"default":null,"identity":null,"generated":null,"position":{"first":false,"after":null}})j");
    CHECK(change_after(alter).dump() ==
          R"j({"default":"0","identity":{"always":false,"start":null,"increment":null,"min":null,"max":null,)j"
          R"j("cache":null,"cycle":false},"generated":{"expression":"x + 1","stored":true},)j"
          R"j("position":{"first":false,"after":"id"}})j");
    core::Enum e1{"", "mood", {"sad"}, {}}, e2{"", "mood", {"sad", "happy"}, {}};
    CHECK(change_after(diff::AlterEnum{{"", "mood"}, e1, e2, diff::change_values, {}, {}}).dump() ==
          R"j({"values":["sad","happy"]})j");
    core::Table t1 = table("t", {}), t2 = table("t", {});
    t2.options.sqlite.strict = true;
    CHECK(change_after(diff::AlterTable{{"", "t"}, t1, t2, diff::change_options, {}, {}})["options"]["sqlite"].dump() ==
          R"j({"without_rowid":false,"strict":true})j");
    core::Domain d1{"", "year", "integer", true, {}, {}, {}}, d2 = d1;
    d2.checks.push_back(check("year_check", "VALUE > 0"));
    CHECK(change_after(diff::AlterDomain{{"", "year"}, d1, d2, diff::change_checks, {}, {}}).dump() ==
          R"j({"checks":[{"name":"year_check","expression":"VALUE > 0"}]})j");
}

TEST_CASE("emit::report text groups by table and marks destructive changes") {
    CHECK(render_report(sample_plan(), ReportFormat::text) ==
          "8 changes, 1 destructive.\n"
          "\n"
          "table users\n"
          "  safe         alter column users.email (type, nullable)\n"
          "               hazards: table rewrite, may fail on existing rows\n"
          "  safe         add column users.verified_at\n"
          "  destructive  drop column users.legacy\n"
          "               hazards: data loss, table rewrite\n"
          "               destructive: data in this column is lost\n"
          "  safe         add foreign key (org_id) on users\n"
          "               hazards: may fail on existing rows\n"
          "  safe         rename column users.nick to nickname\n"
          "\n"
          "table orgs\n"
          "  safe         create table orgs\n"
          "  safe         rebuild table orgs\n"
          "               hazards: table rewrite\n"
          "               table rebuilt: rows copied to a new table\n"
          "\n"
          "view <active> & \"users\"\n"
          "  safe         alter view <active> & \"users\" (definition)\n"
          "\n"
          "Not compared (autogen does not model these; check them by hand):\n"
          "  policy in public: 3\n"
          "\n"
          "Suggestions (not applied):\n"
          "  rename table.users.column.nick -> table.users.column.nickname (same type, nullability, position)\n");
    CHECK(render_report(diff::Plan{}, ReportFormat::text) == "No changes.\n");
}

TEST_CASE("emit::report markdown and html escape names") {
    const std::string markdown = render_report(sample_plan(), ReportFormat::markdown, {"Drift of app_prod"});
    CHECK(markdown.rfind("# Drift of app\\_prod\n\n8 changes, 1 destructive\\.\n", 0) == 0);
    CHECK(markdown.find("| **destructive** | drop column users\\.legacy | data loss, table rewrite; destructive: "
                        "data in this column is lost |\n") != std::string::npos);
    CHECK(markdown.find("## view \\<active\\> & \"users\"\n") != std::string::npos);
    CHECK(markdown.find("| policy | public | 3 |") != std::string::npos);

    const std::string page = render_report(sample_plan(), ReportFormat::html, {"Drift <prod>"});
    CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(page.find("<title>Drift &lt;prod&gt;</title>") != std::string::npos);
    CHECK(page.find("<h2>view &lt;active&gt; &amp; &quot;users&quot;</h2>") != std::string::npos);
    CHECK(page.find("<td class=\"destructive\">destructive</td><td>drop column users.legacy</td>") !=
          std::string::npos);
    CHECK(page.find("<active>") == std::string::npos);
    CHECK(page.find("http") == std::string::npos);  // self-contained: nothing is loaded from elsewhere
    CHECK(page.substr(page.size() - 8) == "</html>\n");

    CHECK(report_format_from_string("markdown") == ReportFormat::markdown);
    CHECK_FALSE(report_format_from_string("yaml").has_value());
}
