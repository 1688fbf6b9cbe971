#include "diff/plan.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>

#include "core/names.hpp"
#include "core/resolve.hpp"
#include "core/sql_lexer.hpp"
#include "diff/compare.hpp"
#include "diff/lower.hpp"
#include "diff/order.hpp"

namespace autogen::diff {
namespace {

bool is_rowid_alias(const core::Table& table, const core::Column& column) {
    return !table.options.sqlite.without_rowid && table.primary_key && table.primary_key->columns.size() == 1 &&
           table.primary_key->columns[0] == column.name && core::ascii_lower(column.type) == "integer";
}

// Facts the database states implicitly, made explicit on both sides so they never show as differences:
// key and identity columns are NOT NULL (SQLite: only rowid aliases and the keys of WITHOUT ROWID and STRICT
// tables; a plain rowid table lets NULL into its other key columns).
core::Schema normalized(core::Schema schema, core::Dialect dialect) {
    if (!schema.tables) return schema;
    for (auto& table : *schema.tables) {
        // An SQLite column key without COLLATE uses the column's collation: stating that one changes nothing.
        if (dialect == core::Dialect::sqlite)
            for (auto& index : table.indexes)
                for (auto& key : index.keys) {
                    if (!key.column || !key.collation) continue;
                    for (const auto& column : table.columns)
                        if (core::ascii_lower(column.name) == core::ascii_lower(*key.column) &&
                            core::ascii_lower(*key.collation) == core::ascii_lower(column.collation.value_or("BINARY")))
                            key.collation.reset();
                }
        for (auto& column : table.columns) {
            if (column.identity || (column.autoincrement && dialect != core::Dialect::sqlite)) column.nullable = false;
            const bool in_key = table.primary_key && std::find(table.primary_key->columns.begin(),
                                                               table.primary_key->columns.end(),
                                                               column.name) != table.primary_key->columns.end();
            if (!in_key) continue;
            if (dialect != core::Dialect::sqlite || table.options.sqlite.without_rowid || table.options.sqlite.strict ||
                is_rowid_alias(table, column))
                column.nullable = false;
        }
    }
    return schema;
}

// A downgrade restores structure, not data: say so on each step that brings back what the upgrade dropped.
std::string loss_note(const Op& op) {
    if (std::holds_alternative<CreateTable>(op)) return "data lost: the table comes back empty";
    if (const auto* add = std::get_if<AddColumn>(&op)) {
        const auto& c = add->object;
        const bool no_default = !c.default_value || core::is_null_literal(*c.default_value, core::Dialect::portable);
        if (!c.nullable && no_default && !c.generated && !c.identity && !c.autoincrement)
            return "data lost: filled with the type's zero value";
        return c.generated ? "" : "data lost: the column comes back empty";
    }
    if (const auto* rebuild = std::get_if<RebuildTable>(&op)) {
        std::string empty;
        for (std::size_t i = 0; i < rebuild->to.columns.size(); ++i)
            if (!rebuild->sources[i] && !rebuild->to.columns[i].generated)
                empty += (empty.empty() ? "" : ", ") + rebuild->to.columns[i].name;
        if (!empty.empty()) return "data lost: " + empty + " come(s) back empty";
    }
    if (std::holds_alternative<CreateSequence>(op)) return "the sequence restarts at its start value";
    return "";
}

// `target` with the names compare gave its unnamed constraints and indexes where it created them. The downgrade
// starts from the upgrade's result: an unnamed foreign key added as `t_x_fkey1` (its plain name still held by
// the key it replaces) is dropped under that name, not under the one a fresh name would guess (soak seed 1916).
core::Schema named_as_created(const core::Schema& target, const std::vector<Op>& ops, core::Dialect dialect) {
    if (!target.tables) return target;
    auto key = [dialect](const core::QualifiedName& name) {
        return name.schema + '\x1f' + core::name_key(name.name, dialect, core::NameKind::table);
    };
    std::map<std::string, std::vector<const Op*>> created;  // by owner
    for (const auto& op : ops) {
        if (const auto* t = std::get_if<CreateTable>(&op)) created[key(t->object.qualified())].push_back(&op);
        if (const auto* f = std::get_if<AddForeignKey>(&op)) created[key(f->owner)].push_back(&op);
        if (const auto* u = std::get_if<AddUnique>(&op)) created[key(u->owner)].push_back(&op);
        if (const auto* c = std::get_if<AddCheck>(&op)) created[key(c->owner)].push_back(&op);
        if (const auto* i = std::get_if<CreateIndex>(&op)) created[key(i->owner)].push_back(&op);
        if (const auto* p = std::get_if<AddPrimaryKey>(&op)) created[key(p->owner)].push_back(&op);
    }
    if (created.empty()) return target;
    core::Schema out = target;
    // The first unnamed item of `items` that is `made` but for its name (and rename hint) gets made's name.
    auto take_name = [](auto& items, const auto& made) {
        if (!made.name) return;
        for (auto& item : items) {
            if (item.name) continue;
            auto plain = item;
            plain.renamed_from.reset();
            auto unnamed = made;
            unnamed.name.reset();
            unnamed.renamed_from.reset();
            if (plain == unnamed) {
                item.name = made.name;
                return;
            }
        }
    };
    for (auto& table : *out.tables) {
        const auto it = created.find(key(table.qualified()));
        if (it == created.end()) continue;
        for (const Op* op : it->second) {
            if (const auto* t = std::get_if<CreateTable>(op)) {
                const core::Table& made = t->object;  // the target table named by compare, item for item
                if (table.primary_key && made.primary_key && !table.primary_key->name)
                    table.primary_key->name = made.primary_key->name;
                auto copy_names = [](auto& items, const auto& named) {
                    if (items.size() != named.size()) return;
                    for (std::size_t k = 0; k < items.size(); ++k)
                        if (!items[k].name) items[k].name = named[k].name;
                };
                copy_names(table.foreign_keys, made.foreign_keys);
                copy_names(table.unique, made.unique);
                copy_names(table.checks, made.checks);
                copy_names(table.indexes, made.indexes);
            }
            if (const auto* f = std::get_if<AddForeignKey>(op)) take_name(table.foreign_keys, f->object);
            if (const auto* u = std::get_if<AddUnique>(op)) take_name(table.unique, u->object);
            if (const auto* c = std::get_if<AddCheck>(op)) take_name(table.checks, c->object);
            if (const auto* i = std::get_if<CreateIndex>(op)) take_name(table.indexes, i->object);
            if (const auto* p = std::get_if<AddPrimaryKey>(op); p && table.primary_key && !table.primary_key->name)
                table.primary_key->name = p->object.name;
        }
    }
    return out;
}

}  // namespace

Plan make_plan(const core::Schema& current, const core::Schema& target, const Capabilities& caps,
               PlanTimings* timings) {
    return make_plan(core::Schema(current), core::Schema(target), caps, timings);
}

Plan make_plan(core::Schema&& current, core::Schema&& target, const Capabilities& caps, PlanTimings* timings) {
    PlanTimings ignored;
    PlanTimings& t = timings ? *timings : ignored;
    auto clock = std::chrono::steady_clock::now();
    auto lap = [&clock](double& seconds) {
        const auto now = std::chrono::steady_clock::now();
        seconds += std::chrono::duration<double>(now - clock).count();
        clock = now;
    };
    // The two models are resolved side by side: each is read and validated on its own, and at 10,000 tables
    // this is the largest step after the catalog queries. current's error, when both fail, is the one thrown.
    auto resolving_target = std::async(std::launch::async, [&target, &caps] {
        return normalized(core::resolve(std::move(target), caps.dialect), caps.dialect);
    });
    const core::Schema from = normalized(core::resolve(std::move(current), caps.dialect), caps.dialect);
    const core::Schema to = resolving_target.get();
    lap(t.resolve_s);
    Comparison comparison = compare(from, to, caps.dialect);
    // The downgrade is derived from the same ops, never diffed again: reverse each, then lower and order them.
    std::vector<Op> reversed = reverse_all(comparison.ops);
    lap(t.compare_s);
    std::vector<Op> up = lower(comparison.ops, from, to, caps);
    std::vector<Op> down = lower(reversed, named_as_created(to, comparison.ops, caps.dialect), from, caps);
    lap(t.lower_s);
    Plan plan;
    plan.upgrade = order(up, caps);
    plan.downgrade = order(down, caps);
    lap(t.order_s);
    for (auto& step : plan.downgrade) step.note = loss_note(step.op);
    plan.suggestions = std::move(comparison.suggestions);
    plan.not_compared = std::move(comparison.not_compared);
    return plan;
}

}  // namespace autogen::diff
