// Loading and saving the JSON form of the model (autogen-schema/1), with path-precise errors.
#pragma once

#include <string>

#include "core/model.hpp"

namespace autogen::core {

/// Parses a model from JSON text; throws autogen::Error with the JSON path ($.tables[3].columns[1].type) on bad input.
/// `origin` names the source (a file path) in error messages.
Schema load_schema(const std::string& json_text, const std::string& origin = "<input>");

/// Reads and parses a model file; a missing or unreadable file is an Error naming it.
Schema load_schema_file(const std::string& path);

/// Writes the canonical JSON form: keys in a fixed order, defaults omitted, so save(load(x)) is idempotent.
std::string save_schema(const Schema& schema);

}  // namespace autogen::core
