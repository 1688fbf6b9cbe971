// SQLite declared-type spelling used in the model.
#pragma once

#include <string>
#include <string_view>

namespace autogen::introspect::sqlite {

/// The canonical spelling of a declared type: upper-cased, white space runs as one space, no space around
/// parentheses or after commas (`varchar (10)` -> `VARCHAR(10)`); an empty declared type stays empty.
std::string canonical_type(std::string_view declared);

}  // namespace autogen::introspect::sqlite
