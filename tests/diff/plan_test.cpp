#include <doctest/doctest.h>

#include "core/json.hpp"
#include "diff/hazards.hpp"
#include "diff/plan.hpp"

using namespace autogen;

namespace {

core::Schema one_table(bool nullable_key, bool strict, bool without_rowid) {
    core::Table t;
    t.name = "t";
    core::Column a;
    a.name = "a";
    a.type = "TEXT";
    a.nullable = nullable_key;
    core::Column b;
    b.name = "b";
    b.type = "INT";
    t.columns = {a, b};
    t.primary_key = core::PrimaryKey{std::nullopt, {"a"}};
    t.options.sqlite.strict = strict;
    t.options.sqlite.without_rowid = without_rowid;
    core::Schema s;
    s.dialect = core::Dialect::sqlite;
    s.tables = std::vector<core::Table>{t};
    return s;
}

}  // namespace

TEST_CASE("diff::make_plan: SQLite key columns are NOT NULL where SQLite enforces it, whatever the model says") {
    const auto caps = diff::capabilities_for(core::Dialect::sqlite);
    // STRICT and WITHOUT ROWID tables enforce NOT NULL on their key (pragma table_info says notnull = 1), so a
    // target that leaves it nullable is the same table (property seed 1 found the STRICT case drifting forever).
    CHECK(diff::make_plan(one_table(false, true, false), one_table(true, true, false), caps).empty());
    CHECK(diff::make_plan(one_table(true, true, false), one_table(false, true, false), caps).empty());
    CHECK(diff::make_plan(one_table(false, false, true), one_table(true, false, true), caps).empty());
    // A plain rowid table lets NULL into a TEXT key: there the difference is real.
    CHECK_FALSE(diff::make_plan(one_table(false, false, false), one_table(true, false, false), caps).empty());
}

TEST_CASE("diff::make_plan: an SQLite column key without COLLATE uses the column's collation") {
    const auto caps = diff::capabilities_for(core::Dialect::sqlite);
    auto with_key = [](std::optional<std::string> key_collation) {
        auto s = one_table(false, false, false);
        auto& t = (*s.tables)[0];
        t.columns[0].collation = "NOCASE";
        core::Index index;
        index.name = "t_a_idx";
        core::IndexKey key;
        key.column = "a";
        key.collation = std::move(key_collation);
        index.keys.push_back(key);
        t.indexes.push_back(index);
        return s;
    };
    // A target that states the inherited collation (or not) is the same index: no drop and create forever.
    CHECK(diff::make_plan(with_key(std::nullopt), with_key("NOCASE"), caps).empty());
    CHECK(diff::make_plan(with_key("nocase"), with_key(std::nullopt), caps).empty());
    // BINARY on a NOCASE column is another index.
    CHECK_FALSE(diff::make_plan(with_key(std::nullopt), with_key("BINARY"), caps).empty());
}

TEST_CASE("diff::make_plan: a MEMORY table's index without a method is the HASH index the server made") {
    const auto caps = diff::capabilities_for(core::Dialect::mariadb);
    auto memory_table = [](std::optional<std::string> engine, std::optional<std::string> method) {
        core::Table t;
        t.name = "sessions";
        core::Column id;
        id.name = "id";
        id.type = "int";
        t.columns = {id};
        t.options.mysql.engine = std::move(engine);
        core::Index index;
        index.name = "sessions_id";
        index.keys.push_back(core::IndexKey{"id"});
        index.method = std::move(method);
        t.indexes = {index};
        core::Schema s;
        s.dialect = core::Dialect::mariadb;
        s.tables = std::vector<core::Table>{t};
        return s;
    };
    // Introspection writes the method on MEMORY tables; a target that leaves it out means the engine's default.
    CHECK(diff::make_plan(memory_table("MEMORY", "hash"), memory_table("MEMORY", std::nullopt), caps).empty());
    CHECK(diff::make_plan(memory_table("MEMORY", std::nullopt), memory_table("MEMORY", "hash"), caps).empty());
    // A BTREE index on a MEMORY table is not the default, and on InnoDB HASH is not BTREE.
    CHECK_FALSE(diff::make_plan(memory_table("MEMORY", "btree"), memory_table("MEMORY", std::nullopt), caps).empty());
    CHECK_FALSE(diff::make_plan(memory_table("InnoDB", "hash"), memory_table("InnoDB", std::nullopt), caps).empty());
}

TEST_CASE("diff::make_plan: a PostgreSQL generated column dropped and added again takes its indexes and constraints along") {
    const auto caps = diff::capabilities_for(core::Dialect::postgresql);
    auto model = [](const std::string& expression, bool name_parts) {
        core::Table t;
        t.name = "g";
        core::Column a;
        a.name = "a";
        a.type = "integer";
        core::Column total;
        total.name = "total";
        total.type = "integer";
        total.generated = core::Generated{expression, true};
        t.columns = {a, total};
        core::Index index;
        if (name_parts) index.name = "g_total";
        index.keys.push_back(core::IndexKey{"total"});
        core::Index other;
        other.name = "g_a";
        other.keys.push_back(core::IndexKey{"a"});
        t.indexes = {index, other};
        core::CheckConstraint check;
        if (name_parts) check.name = "g_total_check";
        check.expression = "total >= 0";
        t.checks = {check};
        core::Schema s;
        s.dialect = core::Dialect::postgresql;
        s.tables = std::vector<core::Table>{t};
        return s;
    };
    auto names = [](const std::vector<diff::Step>& steps) {
        std::vector<std::string> out;
        for (const auto& step : steps) out.push_back(diff::describe(step.op));
        return out;
    };
    // The database names everything; the target leaves the index and the check unnamed.
    const auto plan = diff::make_plan(model("a * 2", true), model("a * 3", false), caps);
    const auto up = names(plan.upgrade);
    const auto down = names(plan.downgrade);
    CAPTURE(up);
    CAPTURE(down);
    for (const auto& steps : {up, down}) {
        REQUIRE(steps.size() == 5);
        CHECK(steps[0].find("drop") == 0);
        CHECK(steps[1].find("drop") == 0);
        CHECK(steps[2].find("alter column g.total") == 0);
        const std::string rest = steps[3] + " " + steps[4];
        CHECK(rest.find("g_total_check") != std::string::npos);
        CHECK(rest.find("index g_total ") != std::string::npos);
        // The index on another column stays where it is.
        for (const auto& s : steps) CHECK(s.find("g_a") == std::string::npos);
    }
}

TEST_CASE("diff::make_plan: a table renamed away and a new one under its name: the downgrade drops the new one first") {
    // Property seed 28 (MariaDB): "rename t to u, create t" reversed renamed u back to t before dropping the new t.
    auto table = [](const std::string& name, const std::string& column) {
        core::Table t;
        t.name = name;
        core::Column c;
        c.name = column;
        c.type = "int";
        t.columns = {c};
        return t;
    };
    for (const auto dialect : {core::Dialect::mariadb, core::Dialect::postgresql, core::Dialect::sqlite}) {
        CAPTURE(core::to_string(dialect));
        core::Schema a;
        a.dialect = dialect;
        a.tables = std::vector<core::Table>{table("t", "x")};
        core::Schema b = a;
        core::Table moved = table("u", "x");
        moved.renamed_from = "t";
        b.tables = std::vector<core::Table>{moved, table("t", "y")};
        const auto plan = diff::make_plan(a, b, diff::capabilities_for(dialect));
        auto position = [](const std::vector<diff::Step>& steps, auto is) {
            for (std::size_t i = 0; i < steps.size(); ++i)
                if (std::visit(is, steps[i].op)) return static_cast<int>(i);
            return -1;
        };
        auto rename = [](const auto& op) { return std::is_same_v<std::decay_t<decltype(op)>, diff::RenameTable>; };
        auto create = [](const auto& op) { return std::is_same_v<std::decay_t<decltype(op)>, diff::CreateTable>; };
        auto drop = [](const auto& op) { return std::is_same_v<std::decay_t<decltype(op)>, diff::DropTable>; };
        REQUIRE(position(plan.upgrade, rename) >= 0);
        CHECK(position(plan.upgrade, rename) < position(plan.upgrade, create));
        REQUIRE(position(plan.downgrade, drop) >= 0);
        CHECK(position(plan.downgrade, drop) < position(plan.downgrade, rename));
    }
}

TEST_CASE("diff::make_plan: renames in a chain all apply and each waits for the one that frees its name; a swap is no rename") {
    // Property seed 4179 (SQLite): `note` -> `数据` while `select` -> `NOTE` dropped `select`'s hint, as `NOTE` is
    // `note`'s name to SQLite, and the rebuild filled NOTE with its default.
    auto table = [](const std::string& name, const std::vector<std::string>& columns) {
        core::Table t;
        t.name = name;
        for (const auto& column : columns) {
            core::Column c;
            c.name = column;
            c.type = "int";
            t.columns.push_back(c);
        }
        return t;
    };
    auto hinted = [](core::Table t, const std::string& from) {
        t.renamed_from = from;
        return t;
    };
    auto describe_all = [](const std::vector<diff::Step>& steps) {
        std::vector<std::string> out;
        for (const auto& s : steps) out.push_back(diff::describe(s.op));
        return out;
    };
    auto index_of = [](const std::vector<std::string>& steps, const std::string& text) {
        for (std::size_t i = 0; i < steps.size(); ++i)
            if (steps[i] == text) return static_cast<int>(i);
        return -1;
    };
    for (const auto dialect : {core::Dialect::mariadb, core::Dialect::postgresql, core::Dialect::sqlite}) {
        CAPTURE(core::to_string(dialect));
        core::Schema a;
        a.dialect = dialect;
        a.tables = std::vector<core::Table>{table("t1", {"id"}), table("t2", {"id"}), table("notes", {"a", "b", "select", "note"})};
        core::Schema b = a;
        core::Table notes = table("notes", {"b", "c", "NOTE", "数据"});
        notes.columns[0].renamed_from = "a";
        notes.columns[1].renamed_from = "b";
        notes.columns[2].renamed_from = "select";
        notes.columns[3].renamed_from = "note";
        b.tables = std::vector<core::Table>{hinted(table("t2", {"id"}), "t1"), hinted(table("t3", {"id"}), "t2"), notes};
        const auto plan = diff::make_plan(a, b, diff::capabilities_for(dialect));
        if (dialect == core::Dialect::sqlite) {
            // One rebuild or RENAME COLUMN statements: either way no column is dropped or added.
            for (const auto& s : describe_all(plan.upgrade)) {
                CHECK(s.find("drop column") == std::string::npos);
                CHECK(s.find("add column") == std::string::npos);
            }
        }
        const auto up = describe_all(plan.upgrade);
        CAPTURE(up);
        for (const auto& s : up) {
            CHECK(s.find("drop table") == std::string::npos);
            CHECK(s.find("create table") == std::string::npos);
        }
        CHECK(index_of(up, "rename table t2 to t3") >= 0);
        CHECK(index_of(up, "rename table t2 to t3") < index_of(up, "rename table t1 to t2"));
        if (dialect != core::Dialect::sqlite) {
            CHECK(index_of(up, "rename column notes.b to c") >= 0);
            CHECK(index_of(up, "rename column notes.b to c") < index_of(up, "rename column notes.a to b"));
            CHECK(index_of(up, "rename column notes.select to NOTE") >= 0);
            if (dialect == core::Dialect::mariadb)
                CHECK(index_of(up, "rename column notes.note to 数据") < index_of(up, "rename column notes.select to NOTE"));
        }
        const auto down = describe_all(plan.downgrade);
        CAPTURE(down);
        CHECK(index_of(down, "rename table t2 to t1") >= 0);
        CHECK(index_of(down, "rename table t2 to t1") < index_of(down, "rename table t3 to t2"));
    }
    // A swap frees neither name: the hints do not apply, and the columns are compared by name.
    core::Schema a;
    a.dialect = core::Dialect::postgresql;
    a.tables = std::vector<core::Table>{table("t", {"x", "y"})};
    core::Schema b = a;
    (*b.tables)[0].columns[0].renamed_from = "y";
    (*b.tables)[0].columns[1].renamed_from = "x";
    CHECK(diff::make_plan(a, b, diff::capabilities_for(core::Dialect::postgresql)).upgrade.empty());
}

TEST_CASE("diff::make_plan: a column renamed and changed: the downgrade changes it back before renaming it back") {
    // Property seeds 105, 155 (PostgreSQL): the reversed change named the column by its new name after the rename
    // back had taken that name away.
    auto model = [](const std::string& name, bool nullable, std::optional<std::string> default_value, bool hint) {
        core::Table t;
        t.name = "t";
        core::Column c;
        c.name = name;
        c.type = "text";
        c.nullable = nullable;
        c.default_value = std::move(default_value);
        if (hint) c.renamed_from = "a";
        t.columns = {c};
        core::Schema s;
        s.dialect = core::Dialect::postgresql;
        s.tables = std::vector<core::Table>{t};
        return s;
    };
    const auto plan = diff::make_plan(model("a", true, std::nullopt, false), model("b", false, "'x'", true),
                                      diff::capabilities_for(core::Dialect::postgresql));
    auto position = [](const std::vector<diff::Step>& steps, auto is) {
        for (std::size_t i = 0; i < steps.size(); ++i)
            if (std::visit(is, steps[i].op)) return static_cast<int>(i);
        return -1;
    };
    auto rename = [](const auto& op) { return std::is_same_v<std::decay_t<decltype(op)>, diff::RenameColumn>; };
    auto alter = [](const auto& op) { return std::is_same_v<std::decay_t<decltype(op)>, diff::AlterColumn>; };
    REQUIRE(plan.upgrade.size() == 2);
    REQUIRE(plan.downgrade.size() == 2);
    CHECK(position(plan.upgrade, rename) < position(plan.upgrade, alter));
    CHECK(position(plan.downgrade, alter) < position(plan.downgrade, rename));
    CHECK(std::get<diff::AlterColumn>(plan.downgrade[static_cast<std::size_t>(position(plan.downgrade, alter))].op).to.name == "b");
}

TEST_CASE("diff::make_plan: a NOT NULL PostgreSQL column without a default and without a zero value may fail on rows") {
    // Property seed 157: an enum column added NOT NULL has no value to fill existing rows with.
    auto model = [](std::optional<std::string> type, std::optional<std::string> default_value) {
        core::Table t;
        t.name = "t";
        core::Column id;
        id.name = "id";
        id.type = "integer";
        t.columns = {id};
        if (type) {
            core::Column c;
            c.name = "c";
            c.type = *type;
            c.nullable = false;
            c.default_value = std::move(default_value);
            t.columns.push_back(c);
        }
        core::Schema s;
        s.dialect = core::Dialect::postgresql;
        core::Enum mood;
        mood.name = "mood";
        mood.values = {"sad", "ok"};
        s.enums = std::vector<core::Enum>{mood};
        s.tables = std::vector<core::Table>{t};
        return s;
    };
    const auto caps = diff::capabilities_for(core::Dialect::postgresql);
    auto added = [&](std::optional<std::string> type, std::optional<std::string> default_value) {
        const auto plan = diff::make_plan(model(std::nullopt, std::nullopt), model(type, default_value), caps);
        REQUIRE(plan.upgrade.size() == 1);
        REQUIRE(std::holds_alternative<diff::AddColumn>(plan.upgrade[0].op));
        return plan.upgrade[0];
    };
    auto add_hazards = [&](std::optional<std::string> type, std::optional<std::string> default_value) {
        return added(std::move(type), std::move(default_value)).hazards;
    };
    CHECK((add_hazards("mood", std::nullopt) & diff::hazard_may_fail_on_existing_rows) != 0);
    const auto step = added("mood", std::nullopt);
    CHECK(diff::hazard_reason(step.op, step.hazards).find("no zero value") != std::string::npos);
    // A type with a zero fills the rows; a default fills them too.
    CHECK((add_hazards("integer", std::nullopt) & diff::hazard_may_fail_on_existing_rows) == 0);
    CHECK((add_hazards("mood", "'ok'") & diff::hazard_may_fail_on_existing_rows) == 0);

    // A NOT NULL generated column fails on a row its expression gives NULL for (soak seed 5105), on every dialect.
    for (const auto dialect : {core::Dialect::postgresql, core::Dialect::mariadb, core::Dialect::sqlite}) {
        CAPTURE(core::to_string(dialect));
        core::Column generated;
        generated.name = "size";
        generated.type = "real";
        generated.nullable = false;
        generated.generated = core::Generated{"abs(x)", true};
        const diff::Op op = diff::AddColumn{core::QualifiedName{"", "t"}, generated, {}};
        const auto hazards = diff::hazards_of(op, diff::capabilities_for(dialect));
        CHECK((hazards & diff::hazard_may_fail_on_existing_rows) != 0);
        CHECK(diff::hazard_reason(op, hazards).find("expression gives NULL") != std::string::npos);
        generated.nullable = true;
        CHECK((diff::hazards_of(diff::AddColumn{core::QualifiedName{"", "t"}, generated, {}}, diff::capabilities_for(dialect)) &
               diff::hazard_may_fail_on_existing_rows) == 0);
    }
}

TEST_CASE("diff::make_plan: a renamed PostgreSQL enum is renamed alone; what names it waits for the rename") {
    // PostgreSQL keeps types by OID: after ALTER TYPE ... RENAME, the columns, defaults and checks read the new name.
    const core::Schema a = core::load_schema(R"json({"format": "autogen-schema/1", "dialect": "postgresql",
      "enums": [{"name": "mood", "values": ["a", "b"]}],
      "tables": [{"name": "t", "columns": [{"name": "m", "type": "mood", "default": "'a'::mood"},
                                           {"name": "ms", "type": "mood[]"}, {"name": "k", "type": "mood"}],
                  "checks": [{"name": "t_m_check", "expression": "(m <> 'b'::mood)"}]}]})json");
    const core::Schema b = core::load_schema(R"json({"format": "autogen-schema/1", "dialect": "postgresql",
      "enums": [{"name": "feeling", "renamed_from": "mood", "values": ["a", "b"]}],
      "tables": [{"name": "t", "columns": [{"name": "m", "type": "feeling", "default": "'a'::feeling"},
                                           {"name": "ms", "type": "feeling[]"}, {"name": "k", "type": "text"}],
                  "checks": [{"name": "t_m_check", "expression": "m <> 'b'::feeling"}]}]})json");
    const auto plan = diff::make_plan(a, b, diff::capabilities_for(core::Dialect::postgresql));
    std::vector<std::string> up, down;
    for (const auto& step : plan.upgrade) up.push_back(diff::describe(step.op));
    for (const auto& step : plan.downgrade) down.push_back(diff::describe(step.op));
    CHECK(up == std::vector<std::string>{"rename enum mood to feeling", "alter column t.k (type)"});
    // Back: k becomes an enum again, under the name the enum has until it is renamed back.
    CHECK(down == std::vector<std::string>{"alter column t.k (type)", "rename enum feeling to mood"});
    REQUIRE(plan.downgrade.size() == 2);
    CHECK(std::get<diff::AlterColumn>(plan.downgrade[0].op).to.type == "feeling");
}
