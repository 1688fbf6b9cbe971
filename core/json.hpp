// Loading and saving the JSON form of the model (autogen-schema/1), with path-precise errors.
#pragma once

#include <string>

#include "core/model.hpp"

namespace autogen::core {

/// Parses a model from JSON text and brings it to canonical form in its dialect (canonicalize in resolve.hpp);
/// throws autogen::Error on bad input. Syntax errors have location "origin:line:column"; every other error
/// has the JSON path of the offending node as location ($.tables[3].columns[1].type) and `origin` as backend,
/// so describe() reads "origin: $.tables[3].columns[1].type: unknown type \"varchr(10)\"".
/// Absent top-level lists stay std::nullopt (kind not managed); "schemas" sets Schema::schemas_managed.
Schema load_schema(const std::string& json_text, const std::string& origin = "<input>");

/// Reads and parses a model file; a missing or unreadable file is an Error (ErrorKind::io) naming it.
Schema load_schema_file(const std::string& path);

/// Writes the canonical JSON form, so that save(load(x)) is idempotent: 2-space indentation and a final
/// newline; keys in MODEL.md's order (document: format, dialect, schemas, extensions, domains, enums,
/// sequences, tables, views, routines, triggers, not_compared; objects: schema, name, then their fields);
/// fields equal to their defaults omitted (nullable true, order "asc", on_delete "no action", ...), as are
/// empty lists inside objects and an empty `schema`; every present top-level list written, even empty;
/// types in their canonical spelling; lists whose order means nothing sorted by (schema, name) and
/// constraints and indexes by name, so the text (and any hash of it) does not depend on catalog order.
/// Columns, index keys and enum values keep their order.
std::string save_schema(const Schema& schema);

}  // namespace autogen::core
