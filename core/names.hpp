// Identifier comparison and quoting rules per dialect.
#pragma once

#include <string>

#include "core/model.hpp"

namespace autogen::core {

/// Which kind of name is compared; MySQL compares columns and indexes case-insensitively but not tables.
enum class NameKind { table, column, index, constraint, other, routine };

/// True when two catalog names denote the same object in `dialect`.
bool same_name(const std::string& a, const std::string& b, Dialect dialect, NameKind kind = NameKind::other);

/// The key under which a name is matched (lower-cased where the dialect ignores case).
std::string name_key(const std::string& name, Dialect dialect, NameKind kind = NameKind::other);

/// The default schema's name for a dialect ("public", "main", "" for MySQL and portable models).
std::string default_schema(Dialect dialect);

/// True when `schema` names the dialect's default schema: empty, or "public" / "main".
bool is_default_schema(const std::string& schema, Dialect dialect);

/// The longest name the dialect accepts, in bytes (PostgreSQL 63) or characters (MySQL 64); 0 when unlimited.
std::size_t max_name_length(Dialect dialect);

/// The length of `name` as the dialect counts it against max_name_length (bytes or UTF-8 characters).
std::size_t name_length(const std::string& name, Dialect dialect);

}  // namespace autogen::core
