// Identifier comparison and quoting rules per dialect.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/model.hpp"

namespace autogen::core {

/// PostgreSQL 15's keywords that an identifier must be quoted to use: every category but unreserved, as
/// `SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'` lists them; lower case, sorted.
inline constexpr std::array<std::string_view, 151> postgres_quoted_keywords = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
    "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
    "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
    "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec",
    "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract",
    "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group",
    "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect",
    "interval", "into", "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit",
    "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null",
    "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
    "position", "precision", "primary", "real", "references", "returning", "right", "row", "select",
    "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample",
    "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using",
    "values", "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat",
    "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
    "xmltable",
};

/// True when `word` (compared ASCII case-insensitively) is one of postgres_quoted_keywords.
bool is_postgres_quoted_keyword(std::string_view word);

/// SQLite's names of a table's rowid, in the order a reference tries them ("rowid", "_rowid_", "oid").
inline constexpr std::string_view sqlite_rowid_names[] = {"rowid", "_rowid_", "oid"};

/// True when `name` (ASCII case-insensitive) is one of sqlite_rowid_names.
bool is_sqlite_rowid_name(std::string_view name);

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

/// The longest prefix of `name` of at most `bytes` bytes that does not split a UTF-8 character, as PostgreSQL's
/// pg_mbcliplen cuts identifiers.
std::string clip_utf8(const std::string& name, std::size_t bytes);

/// The name PostgreSQL's makeObjectName gives an object it names itself: `name1[_name2]_label` within 63 bytes,
/// the longer of the two names cut first, each cut on a character boundary (a serial column's sequence
/// `<table>_<column>_seq`, a domain's check `<domain>_check`).
std::string postgres_object_name(const std::string& name1, const std::string* name2, const std::string& label);

}  // namespace autogen::core
