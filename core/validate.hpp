// The rules of MODEL.md that span more than one JSON node, checked on a loaded or resolved model.
#pragma once

#include <cstddef>
#include <string>

#include "core/model.hpp"

namespace autogen::core {

/// Checks a model in its own dialect: names (empty, too long, duplicate), columns named by keys and
/// indexes, exclusive column properties, features the dialect lacks. Throws autogen::Error whose location
/// is the JSON path of the offending node, as the model's lists are in document order.
void validate(const Schema& schema);

/// The JSON path of the `index`-th element of a top-level list: "$.tables[3]".
std::string list_path(const std::string& list, std::size_t index);

}  // namespace autogen::core
