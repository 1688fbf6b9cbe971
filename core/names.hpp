// Identifier comparison and quoting rules per dialect.
#pragma once

#include <string>

#include "core/model.hpp"

namespace autogen::core {

/// Which kind of name is compared; MySQL compares columns and indexes case-insensitively but not tables.
enum class NameKind { table, column, index, constraint, other };

/// True when two catalog names denote the same object in `dialect`.
bool same_name(const std::string& a, const std::string& b, Dialect dialect, NameKind kind = NameKind::other);

/// The key under which a name is matched (lower-cased where the dialect ignores case).
std::string name_key(const std::string& name, Dialect dialect, NameKind kind = NameKind::other);

/// The default schema's name for a dialect ("public", "main", "" for MySQL).
std::string default_schema(Dialect dialect);

}  // namespace autogen::core
