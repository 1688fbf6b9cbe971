// The texts of model objects that can name a user type, walked alike for reading and for rewriting.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/model.hpp"

namespace autogen::core {

/// Calls f(text, is_type) on each text of a column that can name a user type: its type (is_type) and its default
/// and generation expressions (which can cast to one). `Column` is core::Column, const or not.
template <class Column, class F>
void for_each_type_text_of_column(Column& column, F&& f) {
    f(column.type, true);
    if (column.default_value) f(*column.default_value, false);
    if (column.generated) f(column.generated->expression, false);
}

/// The same for an index: its expression keys and its predicate.
template <class Index, class F>
void for_each_type_text_of_index(Index& index, F&& f) {
    for (auto& key : index.keys)
        if (key.expression) f(*key.expression, false);
    if (index.where) f(*index.where, false);
}

/// The same for a table: its columns, checks, exclusion constraints and indexes.
template <class Table, class F>
void for_each_type_text_of_table(Table& table, F&& f) {
    for (auto& column : table.columns) for_each_type_text_of_column(column, f);
    for (auto& check : table.checks) f(check.expression, false);
    for (auto& exclusion : table.exclusion) f(exclusion.definition, false);
    for (auto& index : table.indexes) for_each_type_text_of_index(index, f);
}

/// The same for a view: its query and (materialized views) its indexes.
template <class View, class F>
void for_each_type_text_of_view(View& view, F&& f) {
    f(view.definition, false);
    for (auto& index : view.indexes) for_each_type_text_of_index(index, f);
}

/// The same for a domain: its base type, default and checks.
template <class Domain, class F>
void for_each_type_text_of_domain(Domain& domain, F&& f) {
    f(domain.type, true);
    if (domain.default_value) f(*domain.default_value, false);
    for (auto& check : domain.checks) f(check.expression, false);
}

/// Renames the user type `from` to `to` (core::type_reference texts) in `schema`: every column and domain of the
/// type (arrays too) and every cast to it in the texts of tables, views and domains. The enums and domains
/// themselves keep their names.
void rename_type_references(Schema& schema, const std::string& from, const std::string& to);

/// The enums `target` renames from `current` by hint, under the comparer's rule (core::apply_rename_hints), as
/// pairs of core::type_reference texts (old, new).
std::vector<std::pair<std::string, std::string>> renamed_enums(const Schema& current, const Schema& target);

}  // namespace autogen::core
