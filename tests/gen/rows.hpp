// Rows for a generated schema that satisfy every constraint of it, as INSERT statements.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/gen/model.hpp"

namespace autogen::testing::gen {

/// The rows of one table: for each row, an SQL literal per listed column (generated columns are never listed).
struct TableRows {
    int table = -1;
    std::vector<int> columns;
    std::vector<std::vector<std::string>> values;
};

/// `count` rows per table, in insertion order (parents before children). Every column's values differ from row
/// to row (so unique keys and injective index expressions hold), numbers are >= 0 and texts short (so the
/// generated checks hold), foreign key columns copy their parent row's key, and a foreign key to a table of
/// equal or higher rank (the ones that close cycles) is left NULL.
std::vector<TableRows> generate_rows(const Schema& schema, int count, std::uint64_t seed);

/// The INSERT statements of the rows, one per table, in order.
std::string insert_statements(const Schema& schema, const std::vector<TableRows>& rows);

}  // namespace autogen::testing::gen
