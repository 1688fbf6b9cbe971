#include "cli/sources.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/url.hpp"

namespace autogen::cli {

void apply_filter(core::Schema& schema, const introspect::Filter& filter) {
    auto schema_kept = [&](const std::string& name) {
        return filter.schemas.empty() ||
               std::find(filter.schemas.begin(), filter.schemas.end(), name.empty() ? std::string("public") : name) !=
                   filter.schemas.end() ||
               (name.empty() && std::find(filter.schemas.begin(), filter.schemas.end(), "main") != filter.schemas.end());
    };
    if (schema.tables) {
        auto& tables = *schema.tables;
        tables.erase(std::remove_if(tables.begin(), tables.end(),
                                    [&](const core::Table& t) {
                                        return !introspect::table_included(filter, t.schema, t.name) ||
                                               (!filter.schemas.empty() && !schema_kept(t.schema));
                                    }),
                     tables.end());
    }
    if (schema.triggers) {
        auto& triggers = *schema.triggers;
        triggers.erase(std::remove_if(triggers.begin(), triggers.end(),
                                      [&](const core::Trigger& t) { return !introspect::table_included(filter, t.schema, t.table); }),
                       triggers.end());
    }
}

LoadedSource load_source(const std::string& source, const introspect::Filter& filter,
                         const introspect::ProgressCallback& progress) {
    LoadedSource out;
    if (source.empty()) throw Error("no source given: pass a database URL or a JSON model file");
    if (core::is_database_url(source)) {
        const auto url = core::parse_url(source);
        out.display = url.masked();
        out.inspector = introspect::open_inspector(url);
        if (progress) out.inspector->on_progress(progress);
        // The commands hand the model back to canonicalize(target, current): no copy of it is kept.
        out.inspector->keep_model(false);
        out.schema = out.inspector->inspect(filter);
        out.inspector->on_progress(nullptr);
        out.dialect = out.inspector->dialect();
        return out;
    }
    out.display = source;
    out.schema = core::load_schema_file(source);
    out.dialect = out.schema.dialect;
    apply_filter(out.schema, filter);
    return out;
}

}  // namespace autogen::cli
