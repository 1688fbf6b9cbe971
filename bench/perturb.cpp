#include "bench/perturb.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace autogen::bench {
namespace {

core::Column* find_column(core::Table& table, const std::string& name) {
    for (auto& column : table.columns)
        if (column.name == name) return &column;
    return nullptr;
}

const core::Column* find_column(const core::Table& table, const std::string& name) {
    for (const auto& column : table.columns)
        if (column.name == name) return &column;
    return nullptr;
}

bool uses(const core::Table& table, const std::string& column) {
    auto in = [&](const std::vector<std::string>& names) {
        return std::find(names.begin(), names.end(), column) != names.end();
    };
    if (table.primary_key && in(table.primary_key->columns)) return true;
    for (const auto& fk : table.foreign_keys)
        if (in(fk.columns)) return true;
    for (const auto& unique : table.unique)
        if (in(unique.columns)) return true;
    for (const auto& index : table.indexes)
        for (const auto& key : index.keys)
            if (key.column == column || (key.expression && key.expression->find(column) != std::string::npos)) return true;
    for (const auto& check : table.checks)
        if (check.expression.find(column) != std::string::npos) return true;
    return false;
}

}  // namespace

PerturbationCounts perturb(core::Schema& schema, const SchemaSpec& spec) {
    if (!schema.tables) throw std::logic_error("the model has no tables");
    auto& tables = *schema.tables;
    // Tables that other tables or views depend on are never dropped or renamed.
    std::set<std::string> depended_on;
    for (const TableSpec& table : spec.tables)
        for (const ForeignKeySpec& fk : table.foreign_keys) depended_on.insert(fk.table);
    for (const ViewSpec& view : spec.views)
        for (const TableSpec& table : spec.tables)
            if (view.query.find(table.name) != std::string::npos) depended_on.insert(table.name);
    std::map<std::string, std::vector<std::string>> free_columns;
    for (const TableSpec& table : spec.tables) free_columns[table.name] = table.free_columns;

    PerturbationCounts counts;
    const std::size_t changed = std::max<std::size_t>(10, tables.size() / 100);
    const std::size_t step = std::max<std::size_t>(1, tables.size() / changed);
    std::vector<bool> touched(tables.size(), false);
    std::vector<std::string> dropped;
    std::vector<core::Table> added;
    auto free_column = [&](const core::Table& table) -> const std::string* {
        for (const auto& c : free_columns[table.name])
            if (find_column(table, c) && !uses(table, c)) return &c;
        return nullptr;
    };
    auto keyed_by_id = [](const core::Table& table) {
        return table.primary_key && table.primary_key->columns == std::vector<std::string>{"id"};
    };
    auto plain_index = [](const core::Table& table) {
        return std::find_if(table.indexes.begin(), table.indexes.end(),
                            [](const core::Index& i) { return i.name && i.name->starts_with("ix_"); });
    };
    // Kinds in turn; each takes the first untouched table from its spot on that qualifies for it.
    for (std::size_t k = 0; k < changed; ++k) {
        const int kind = static_cast<int>(k % 10);
        auto qualifies = [&](core::Table& table) {
            const bool leaf = !depended_on.count(table.name);
            switch (kind) {
                case 1: return free_column(table) != nullptr;
                case 5: return plain_index(table) != table.indexes.end();
                case 7:
                case 8: return leaf;
                case 9: return keyed_by_id(table);
                default: return true;
            }
        };
        std::size_t at = (k * step + step / 2) % tables.size();
        std::size_t tries = 0;
        while (tries < tables.size() && (touched[at] || !qualifies(tables[at]))) {
            at = (at + 1) % tables.size();
            ++tries;
        }
        if (tries == tables.size()) continue;
        touched[at] = true;
        core::Table& table = tables[at];
        switch (kind) {
            case 0: {
                core::Column column;
                column.name = "extra_note";
                column.type = find_column(table, "code")->type;
                table.columns.push_back(column);
                ++counts["add_column"];
                break;
            }
            case 1: {
                const std::string name = *free_column(table);
                table.columns.erase(std::find_if(table.columns.begin(), table.columns.end(),
                                                 [&](const core::Column& c) { return c.name == name; }));
                ++counts["drop_column"];
                break;
            }
            case 2: {
                core::Column* column = find_column(table, "name");
                const auto pos = column->type.find("100");
                if (pos == std::string::npos) throw std::logic_error("column name is not a varchar(100): " + column->type);
                column->type.replace(pos, 3, "150");
                ++counts["alter_column_type"];
                break;
            }
            case 3:
                find_column(table, "status")->default_value = "'open'";
                ++counts["alter_column_default"];
                break;
            case 4: {
                core::Index index;
                index.name = "ix_" + table.name + "_created";
                index.keys.push_back(core::IndexKey{"created_at"});
                table.indexes.push_back(index);
                ++counts["create_index"];
                break;
            }
            case 5:
                table.indexes.erase(plain_index(table));
                ++counts["drop_index"];
                break;
            case 6:
                table.checks.push_back(core::CheckConstraint{std::nullopt, "code <> ''"});
                ++counts["add_check"];
                break;
            case 7:
                dropped.push_back(table.name);
                ++counts["drop_table"];
                break;
            case 8:
                table.renamed_from = table.name;
                table.name += "_v2";
                ++counts["rename_table"];
                break;
            case 9: {
                const core::Column* id = find_column(table, "id");
                core::Table created;
                created.schema = table.schema;
                created.name = "new_" + table.name;
                created.columns.push_back(*id);
                core::Column parent = *id;
                parent.name = "parent_id";
                parent.nullable = true;
                parent.identity.reset();
                parent.autoincrement = false;
                created.columns.push_back(parent);
                created.columns.push_back(*find_column(table, "code"));
                created.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
                core::ForeignKey fk;
                fk.columns = {"parent_id"};
                fk.references = core::Reference{table.schema, table.name, {"id"}};
                fk.on_delete = "cascade";
                created.foreign_keys.push_back(fk);
                added.push_back(created);
                ++counts["create_table"];
                break;
            }
        }
    }
    tables.erase(std::remove_if(tables.begin(), tables.end(),
                                [&](const core::Table& t) {
                                    return std::find(dropped.begin(), dropped.end(), t.name) != dropped.end();
                                }),
                 tables.end());
    tables.insert(tables.end(), added.begin(), added.end());
    return counts;
}

}  // namespace autogen::bench
