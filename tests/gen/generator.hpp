// Seeded generation of random valid schemas and of random mutations of them, per dialect.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "tests/gen/model.hpp"

namespace autogen::testing::gen {

/// One change of a mutation. Applied to any schema it changes only what still exists, so that any subset of a
/// mutation's steps (delta debugging) still yields a valid schema once repair() has run.
struct Step {
    std::string description;
    std::function<void(Schema&)> apply;
};

/// A generated case: schema A, the steps that turn it into B, and how many rows each table of A gets.
struct Case {
    std::uint64_t seed = 0;
    Schema a;
    std::vector<Step> steps;
    int rows = 0;
};

/// Generates the case of a seed: the same seed always gives the same case.
Case generate_case(core::Dialect dialect, std::uint64_t seed);

/// Applies the steps whose indexes are listed (in order) to a copy of `a`, then repairs it.
Schema apply_steps(const Schema& a, const std::vector<Step>& steps, const std::vector<std::size_t>& which);

/// Applies every step.
Schema apply_all(const Schema& a, const std::vector<Step>& steps);

/// Removes what a change left dangling (keys on dropped columns, views over dropped tables, ...) and restores the
/// dialect's rules (a WITHOUT ROWID table has a primary key, STRICT types, ...), so the schema is valid.
void repair(Schema& schema);

/// The SQLite type affinity of a declared type in a table (STRICT tables: ANY keeps values as given).
enum class Affinity { integer, real, numeric, text, blob, any };
Affinity affinity_of(const std::string& type, bool strict);

/// The kind of values a column holds, which decides its rows, defaults and expressions: the SQLite affinity
/// there, the type's family on PostgreSQL and MariaDB (an enum column: any, which no expression reads there).
Affinity value_class(core::Dialect dialect, const Table& table, const Column& column);

}  // namespace autogen::testing::gen
