// SQL types: parsed into a structured form and spelled canonically per dialect.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace autogen::core {

/// A parsed type: base name, parameters, array dimensions and modifiers, in the vocabulary of `dialect`.
struct Type {
    std::string base;                 // lower-case, words joined by one space: "character varying", "int"
    std::vector<std::string> params;  // "10", "2", or quoted enum/set values "'a'"
    int array_dims = 0;
    bool is_unsigned = false;
    bool zerofill = false;
    std::string suffix;               // PostgreSQL interval fields ("day to second"); time zones are folded into base
    Dialect dialect = Dialect::portable;  // the vocabulary `base` belongs to (a portable `timestamp` is not MySQL's)
    bool operator==(const Type&) const = default;
};

/// Parses type text written in `dialect` (portable: the "written" column of MODEL.md) and resolves synonyms,
/// so that equal types parse to equal Types. Throws autogen::Error("unknown type ...") for names the dialect
/// does not know. On PostgreSQL and portable models an identifier names a user or extension type when it is
/// in `user_types` (enum/domain names as canonical_identifier spells them, "schema.name" outside the default
/// schema), when it is schema-qualified, or when `allow_any_identifier` (the model lists extensions).
Type parse_type(const std::string& text, Dialect dialect, const std::vector<std::string>& user_types = {},
                bool allow_any_identifier = false);

/// The canonical spelling of a type in `dialect`; a portable type is translated (MODEL.md table),
/// a mysql type is read as mariadb and back. Throws autogen::Error when the dialect has no such type.
std::string canonical_type(const Type& type, Dialect dialect);

/// Parses then spells canonically: the form stored in a model of `dialect`.
std::string canonical_type(const std::string& text, Dialect dialect, const std::vector<std::string>& user_types = {},
                           bool allow_any_identifier = false);

/// For serial, bigserial and smallserial (PostgreSQL and portable): the integer type they stand for, which a
/// column holds together with `autoincrement: true`; std::nullopt for every other type.
std::optional<Type> serial_integer_type(const Type& type);

/// True when `type` is a built-in of its dialect rather than a user (enum, domain) or extension type.
bool is_builtin_type(const Type& type);

/// The PostgreSQL literal that fills a new NOT NULL column of `type` in existing rows, or std::nullopt when the
/// type has no obvious zero (enums, domains, extension types): such a column cannot be added over rows.
std::optional<std::string> postgres_zero_value(std::string_view type);

/// How PostgreSQL prints an identifier in a type name: unquoted when it is a plain lower-case identifier,
/// else double-quoted; portable models follow the same rule.
std::string canonical_identifier(const std::string& name);

/// How PostgreSQL names a user type (enum, domain) in column types and casts: canonical identifiers, qualified
/// outside the default schema (`schema` empty).
std::string type_reference(const std::string& schema, const std::string& name);

/// A column's type text with the type `from` (a type_reference) replaced by `to`, also as an array's element
/// type; std::nullopt when the column is not of type `from`.
std::optional<std::string> retyped(const std::string& type, const std::string& from, const std::string& to);

}  // namespace autogen::core
