// Schema sources: a database URL or a JSON model file, read into a model.
#pragma once

#include <memory>
#include <string>

#include "core/model.hpp"
#include "introspect/inspector.hpp"

namespace autogen::cli {

/// A model read from a source, with the inspector that read it when the source is a database.
struct LoadedSource {
    core::Schema schema;
    core::Dialect dialect = core::Dialect::portable;  // the database's dialect, or the JSON model's
    std::unique_ptr<introspect::Inspector> inspector;  // null for JSON files
    std::string display;                                // the masked URL or the file path
};

/// Reads a source: introspects a database URL (read-only), telling `progress` (when set) how it goes, or loads a
/// JSON model file.
LoadedSource load_source(const std::string& source, const introspect::Filter& filter,
                         const introspect::ProgressCallback& progress = {});

/// Keeps only the tables (and their triggers) the filter includes, on a model loaded from JSON.
void apply_filter(core::Schema& schema, const introspect::Filter& filter);

}  // namespace autogen::cli
