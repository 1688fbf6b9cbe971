// SQL types: parsed into a structured form and spelled canonically per dialect.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace autogen::core {

/// A parsed type: base name, parameters, array dimensions and modifiers.
struct Type {
    std::string base;                 // lower-case, words joined by one space: "character varying", "int"
    std::vector<std::string> params;  // "10", "2", or quoted enum/set values "'a'"
    int array_dims = 0;
    bool is_unsigned = false;
    bool zerofill = false;
    std::string suffix;               // anything kept verbatim after the type (e.g. "with time zone" folded into base)
    bool operator==(const Type&) const = default;
};

/// Parses type text written in `dialect` (portable: the "written" column of MODEL.md).
/// Throws autogen::Error("unknown type ...") for names the dialect does not know;
/// `user_types` are enum/domain names that are valid too.
Type parse_type(const std::string& text, Dialect dialect, const std::vector<std::string>& user_types = {});

/// The canonical spelling of a type in `dialect`; a portable type is translated (MODEL.md table).
/// Throws autogen::Error when the dialect has no such type.
std::string canonical_type(const Type& type, Dialect dialect);

/// Parses then spells canonically: the form stored in a model of `dialect`.
std::string canonical_type(const std::string& text, Dialect dialect, const std::vector<std::string>& user_types = {});

}  // namespace autogen::core
