// Names autogen gives to the constraints and indexes it creates, so that every downgrade can drop them.
#pragma once

#include <set>
#include <string>

#include "core/model.hpp"

namespace autogen::diff {

/// True when the dialect drops constraints by name, so that unnamed target constraints get a generated name.
bool names_constraints(core::Dialect dialect);

/// `<table>_pkey`, cut to the dialect's identifier limit.
std::string primary_key_name(const core::Table& table, core::Dialect dialect);
/// `<table>_<cols>_fkey`.
std::string foreign_key_name(const core::Table& table, const core::ForeignKey& fk, core::Dialect dialect);
/// `<table>_<cols>_key`.
std::string unique_name(const core::Table& table, const core::UniqueConstraint& unique, core::Dialect dialect);
/// `<table>_<cols found in the expression>_check`.
std::string check_name(const core::Table& table, const core::CheckConstraint& check, core::Dialect dialect);
/// `<table>_<cols or expr>_idx` (`_key` suffix is PostgreSQL's for unique constraints, not indexes).
std::string index_name(const core::Table& table, const core::Index& index, core::Dialect dialect);

/// `wanted`, or `wanted` with the first number that makes it free, as PostgreSQL numbers a taken name; `taken`
/// holds name keys (core::name_key, constraint kind) and gets the chosen one; names in `also_taken` (when given)
/// are not free either.
std::string take_free_name(const std::string& wanted, std::set<std::string>& taken, core::Dialect dialect,
                           const std::set<std::string>* also_taken = nullptr);

/// Whether the dialect's index names (those of primary keys and unique constraints too) are shared by the whole
/// schema rather than kept per table: PostgreSQL's and SQLite's are.
bool index_names_schema_wide(core::Dialect dialect);

/// Names every unnamed index (and, where the dialect names constraints, every unnamed constraint) of a table the way
/// autogen creates them; a name another object of the table already has, or one in `also_taken` (name keys of
/// other tables' objects), gets a number, as PostgreSQL does.
void name_unnamed(core::Table& table, core::Dialect dialect, const std::set<std::string>* also_taken = nullptr);

}  // namespace autogen::diff
