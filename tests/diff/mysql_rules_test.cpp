// The MySQL/MariaDB hooks of the comparer and the lowerer: FK-backing indexes, column placement, column-level checks.
#include <doctest/doctest.h>

#include <algorithm>

#include "diff/compare.hpp"
#include "diff/lower.hpp"
#include "diff/plan.hpp"

using namespace autogen;
using namespace autogen::diff;
using core::Dialect;

namespace {

core::Column col(std::string name, std::string type, bool nullable = true) {
    core::Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

core::ForeignKey fk(std::string name, std::vector<std::string> columns, std::string parent) {
    core::ForeignKey f;
    f.name = std::move(name);
    f.columns = std::move(columns);
    f.references = core::Reference{"", std::move(parent), {"id"}};
    return f;
}

core::Index index_on(std::string name, std::vector<std::string> columns) {
    core::Index index;
    index.name = std::move(name);
    for (auto& c : columns) index.keys.push_back(core::IndexKey{std::move(c)});
    return index;
}

core::Schema with(std::vector<core::Table> tables) {
    core::Schema s;
    s.tables = std::move(tables);
    return s;
}

core::Table child() {
    core::Table t;
    t.name = "child";
    t.columns = {col("id", "int", false), col("parent_id", "int"), col("note", "varchar(10)")};
    t.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    return t;
}

template <class T>
std::vector<T> all(const std::vector<Op>& ops) {
    std::vector<T> out;
    for (const auto& op : ops)
        if (const auto* o = std::get_if<T>(&op)) out.push_back(*o);
    return out;
}

}  // namespace

TEST_CASE("diff::compare leaves the index MySQL keeps for a foreign key while the key stays") {
    auto current = child();
    current.foreign_keys = {fk("child_parent_fk", {"parent_id"}, "parent")};
    current.indexes = {index_on("child_parent_fk", {"parent_id"}), index_on("note_idx", {"note"})};
    auto target = child();
    target.foreign_keys = current.foreign_keys;  // the key stays, the target names no index for it
    for (auto dialect : {Dialect::mysql, Dialect::mariadb}) {
        const auto ops = compare(with({current}), with({target}), dialect).ops;
        const auto drops = all<DropIndex>(ops);
        REQUIRE(drops.size() == 1);
        CHECK(drops[0].object.name == "note_idx");
    }
    // PostgreSQL makes no such index: there it is the target's choice.
    CHECK(all<DropIndex>(compare(with({current}), with({target}), Dialect::postgresql).ops).size() == 2);
    // When the key goes, so does its index.
    target.foreign_keys.clear();
    const auto ops = compare(with({current}), with({target}), Dialect::mariadb).ops;
    CHECK(all<DropForeignKey>(ops).size() == 1);
    CHECK(all<DropIndex>(ops).size() == 2);
}

TEST_CASE("diff::compare tells MySQL where an altered column stands") {
    auto current = child();
    auto target = child();
    target.columns[2].type = "varchar(20)";
    const auto alters = all<AlterColumn>(compare(with({current}), with({target}), Dialect::mariadb).ops);
    REQUIRE(alters.size() == 1);
    CHECK(alters[0].changed == change_type);
    CHECK(alters[0].placement.after == "parent_id");
    CHECK(alters[0].from_placement.after == "parent_id");
    // And reversing keeps both placements.
    const auto back = std::get<AlterColumn>(reverse(Op{alters[0]}));
    CHECK(back.placement == alters[0].from_placement);
    CHECK(all<AlterColumn>(compare(with({current}), with({target}), Dialect::postgresql).ops)[0].placement == Placement{});
}

TEST_CASE("diff::lower drops on MariaDB the index InnoDB made for a foreign key it drops") {
    auto b = child();
    b.foreign_keys = {fk("child_parent_fk", {"parent_id"}, "parent")};
    const auto a = child();
    // Downgrade of an added key: the model has no index for it, the server made one named after the key.
    const std::vector<Op> ops{DropForeignKey{b.qualified(), b.foreign_keys[0], {}}};
    const auto lowered = lower(ops, with({b}), with({a}), capabilities_for(Dialect::mariadb));
    const auto drops = all<DropIndex>(lowered);
    REQUIRE(drops.size() == 1);
    CHECK(drops[0].object.name == "child_parent_fk");
    // A covering index (or key) means the server made none.
    auto covered = b;
    covered.indexes = {index_on("by_parent", {"parent_id", "note"})};
    CHECK(all<DropIndex>(lower(ops, with({covered}), with({a}), capabilities_for(Dialect::mariadb))).empty());
    // MySQL has no DROP INDEX IF EXISTS: nothing is guessed there.
    CHECK(all<DropIndex>(lower(ops, with({b}), with({a}), capabilities_for(Dialect::mysql))).empty());
}

TEST_CASE("diff::lower keeps MariaDB's column-level checks across MODIFY and drops them by rewriting the column") {
    auto a = child();
    a.checks = {core::CheckConstraint{"note", "note <> ''"}};
    auto b = a;
    b.columns[2].type = "varchar(20)";
    const auto maria = capabilities_for(Dialect::mariadb);
    // MODIFY note would drop its column-level check: it is dropped if still there and added back as a table check.
    const auto ops = compare(with({a}), with({b}), Dialect::mariadb).ops;
    auto lowered = lower(ops, with({a}), with({b}), maria);
    REQUIRE(all<DropCheck>(lowered).size() == 1);
    REQUIRE(all<AddCheck>(lowered).size() == 1);
    CHECK(all<AddCheck>(lowered)[0].object == b.checks[0]);
    CHECK(all<AddCheck>(lower(ops, with({a}), with({b}), capabilities_for(Dialect::mysql))).empty());

    // A check named after its column cannot be dropped by name: the column is rewritten (MODIFY) as well.
    auto c = a;
    c.checks.clear();
    const auto drop_ops = compare(with({a}), with({c}), Dialect::mariadb).ops;
    lowered = lower(drop_ops, with({a}), with({c}), maria);
    const auto alters = all<AlterColumn>(lowered);
    REQUIRE(alters.size() == 1);
    CHECK(alters[0].changed == change_checks);
    CHECK(alters[0].from == a.columns[2]);
    CHECK(alters[0].to == a.columns[2]);
}

TEST_CASE("diff::lower recreates MySQL views over a table whose columns change") {
    auto a = child();
    core::View view;
    view.name = "notes";
    view.definition = "select `child`.`note` AS `note` from `child`";
    auto with_view = [&](core::Table t) {
        auto s = with({std::move(t)});
        s.views = std::vector<core::View>{view};
        return s;
    };
    auto b = a;
    b.columns[2].type = "varchar(20)";
    const auto caps = capabilities_for(Dialect::mariadb);
    auto lowered = lower(compare(with_view(a), with_view(b), Dialect::mariadb).ops, with_view(a), with_view(b), caps);
    CHECK(all<DropView>(lowered).size() == 1);
    REQUIRE(all<CreateView>(lowered).size() == 1);
    CHECK(all<CreateView>(lowered)[0].object == view);
    // A comment changes nothing a view reads.
    auto c = a;
    c.columns[2].comment = "why";
    lowered = lower(compare(with_view(a), with_view(c), Dialect::mariadb).ops, with_view(a), with_view(c), caps);
    CHECK(all<DropView>(lowered).empty());
}

TEST_CASE("diff::lower drops and adds again the foreign keys of a column whose type changes, on MySQL") {
    core::Table parent;
    parent.name = "parent";
    parent.columns = {col("id", "int", false)};
    parent.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    auto a_child = child();
    a_child.foreign_keys = {fk("child_parent_fk", {"parent_id"}, "parent")};
    auto b_parent = parent;
    b_parent.columns[0].type = "bigint";
    const auto a = with({parent, a_child});
    const auto b = with({b_parent, a_child});
    for (auto dialect : {Dialect::mysql, Dialect::mariadb}) {
        const auto lowered = lower(compare(a, b, dialect).ops, a, b, capabilities_for(dialect));
        REQUIRE(all<DropForeignKey>(lowered).size() == 1);
        REQUIRE(all<AddForeignKey>(lowered).size() == 1);
        CHECK(all<AddForeignKey>(lowered)[0].owner.name == "child");
    }
    // A change that keeps the type leaves the key alone.
    auto c_parent = parent;
    c_parent.columns[0].comment = "key";
    const auto c = with({c_parent, a_child});
    CHECK(all<DropForeignKey>(lower(compare(a, c, Dialect::mariadb).ops, a, c, capabilities_for(Dialect::mariadb))).empty());
}

TEST_CASE("diff: an index on more columns than a foreign key is not InnoDB's: a target without it drops it, and the key gets its own") {
    // MariaDB soak seed 1144: left alone, a dropped column of it would leave it behind, shrunk to the key's columns.
    auto current = child();
    current.foreign_keys = {fk("child_parent_fk", {"parent_id"}, "parent")};
    current.indexes = {index_on("by_parent", {"parent_id", "note"})};
    auto target = child();
    target.foreign_keys = current.foreign_keys;
    const auto maria = capabilities_for(Dialect::mariadb);
    const auto ops = compare(with({current}), with({target}), Dialect::mariadb).ops;
    const auto drops = all<DropIndex>(ops);
    REQUIRE(drops.size() == 1);
    CHECK(drops[0].object.name == "by_parent");
    // InnoDB refuses to drop the key's last index: the one it would have made comes in the same plan.
    const auto creates = all<CreateIndex>(lower(ops, with({current}), with({target}), maria));
    REQUIRE(creates.size() == 1);
    CHECK(creates[0].object.name == "child_parent_fk");
    CHECK(creates[0].object.keys.size() == 1);
    // A key that another index still covers needs none.
    auto covered = current;
    covered.indexes.push_back(index_on("child_parent_fk", {"parent_id"}));
    CHECK(all<CreateIndex>(lower(compare(with({covered}), with({target}), Dialect::mariadb).ops, with({covered}),
                                 with({target}), maria)).empty());
}

TEST_CASE("diff: on MariaDB an index of exactly a foreign key's columns beside another that covers the key is not InnoDB's") {
    // Soak seeds 1458, 1549: InnoDB drops the index it made for a key when another comes to cover the key, so such a
    // pair is one somebody made, and a table created from the target would not have it.
    auto current = child();
    current.foreign_keys = {fk("child_parent_fk", {"parent_id"}, "parent")};
    current.indexes = {index_on("child_parent_fk", {"parent_id"}), index_on("by_parent", {"parent_id", "note"})};
    auto target = child();
    target.foreign_keys = current.foreign_keys;
    target.indexes = {index_on("by_parent", {"parent_id", "note"})};
    const auto drops = all<DropIndex>(compare(with({current}), with({target}), Dialect::mariadb).ops);
    REQUIRE(drops.size() == 1);
    CHECK(drops[0].object.name == "child_parent_fk");
    // Without the cover, it is the index InnoDB keeps for the key.
    target.indexes.clear();
    current.indexes.pop_back();
    CHECK(all<DropIndex>(compare(with({current}), with({target}), Dialect::mariadb).ops).empty());
}

TEST_CASE("diff::make_plan on MariaDB drops the index of a foreign key that a new index covers, after creating that one") {
    // A downgrade's current model is the upgrade's target, which does not list the index InnoDB (or the upgrade, in
    // its place) made for the key: the plan drops it, if it is there, once the covering index exists.
    auto current = child();
    current.foreign_keys = {fk("child_parent_fk", {"parent_id"}, "parent")};
    auto target = current;
    target.indexes = {index_on("by_parent", {"parent_id", "note"})};
    const auto plan = make_plan(with({current}), with({target}), capabilities_for(Dialect::mariadb));
    std::optional<std::size_t> create, drop;
    for (std::size_t i = 0; i < plan.upgrade.size(); ++i) {
        if (const auto* c = std::get_if<CreateIndex>(&plan.upgrade[i].op); c && c->object.name == "by_parent") create = i;
        if (const auto* d = std::get_if<DropIndex>(&plan.upgrade[i].op); d && d->object.name == "child_parent_fk") drop = i;
    }
    REQUIRE(create);
    REQUIRE(drop);
    CHECK(*create < *drop);
    // Where a listed index already covers the key, InnoDB made none: nothing to drop.
    auto covered = current;
    covered.indexes = {index_on("by_parent_only", {"parent_id"})};
    auto covered_target = covered;
    covered_target.indexes.push_back(index_on("by_parent", {"parent_id", "note"}));
    const auto quiet = make_plan(with({covered}), with({covered_target}), capabilities_for(Dialect::mariadb));
    for (const auto& step : quiet.upgrade) CHECK_FALSE(std::holds_alternative<DropIndex>(step.op));
}

TEST_CASE("diff::make_plan on MySQL takes AUTO_INCREMENT off a column before the primary key it leads is dropped") {
    // Soak seed 1297: MariaDB refuses a table whose AUTO_INCREMENT column leads no key (error 1075). The column is
    // dropped as well, but foreign key changes can put its drop in a later statement than the key's.
    core::Table orders;
    orders.name = "orders";
    orders.columns = {col("id", "int", false), col("code", "varchar(20)", false)};
    orders.columns[0].autoincrement = true;
    orders.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    core::Table without = orders;
    without.columns.erase(without.columns.begin());
    without.primary_key.reset();
    const auto plan = make_plan(with({orders}), with({without}), capabilities_for(Dialect::mariadb));
    std::optional<std::size_t> alter, drop;
    for (std::size_t i = 0; i < plan.upgrade.size(); ++i) {
        if (const auto* a = std::get_if<AlterColumn>(&plan.upgrade[i].op)) {
            CHECK(a->from.autoincrement);
            CHECK_FALSE(a->to.autoincrement);
            CHECK(a->changed == change_autoincrement);
            alter = i;
        }
        if (std::holds_alternative<DropPrimaryKey>(plan.upgrade[i].op)) drop = i;
    }
    REQUIRE(alter);
    REQUIRE(drop);
    CHECK(*alter < *drop);
    // A column that stays (and loses AUTO_INCREMENT in the target) has its own change, ordered the same way.
    core::Table kept = orders;
    kept.columns[0].autoincrement = false;
    kept.primary_key = core::PrimaryKey{std::nullopt, {"code"}};
    const auto replaced = make_plan(with({orders}), with({kept}), capabilities_for(Dialect::mariadb));
    alter.reset();
    drop.reset();
    for (std::size_t i = 0; i < replaced.upgrade.size(); ++i) {
        if (std::holds_alternative<AlterColumn>(replaced.upgrade[i].op)) alter = i;
        if (std::holds_alternative<DropPrimaryKey>(replaced.upgrade[i].op)) drop = i;
    }
    REQUIRE(alter);
    REQUIRE(drop);
    CHECK(*alter < *drop);
}
