// Turns an introspected model into a realistic target: about one table in a hundred changed in some way.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "bench/generator.hpp"
#include "core/model.hpp"

namespace autogen::bench {

/// How many changes of each kind the perturbation made ("add_column" -> 3, ...).
using PerturbationCounts = std::map<std::string, std::size_t>;

/// Changes max(10, tables / 100) tables of `schema` (the model introspected from `spec`'s DDL), cycling through
/// added, dropped and retyped columns, changed defaults, added and dropped indexes and checks, dropped, renamed
/// (renamed_from) and added tables. Only columns and tables nothing else depends on are dropped or renamed, so
/// the target stays a valid model.
PerturbationCounts perturb(core::Schema& schema, const SchemaSpec& spec);

}  // namespace autogen::bench
