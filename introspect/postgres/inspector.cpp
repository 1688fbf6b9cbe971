#include "introspect/postgres/inspector.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "introspect/postgres/catalog.hpp"
#include "introspect/postgres/queries.hpp"
#include "introspect/postgres/session.hpp"
#include "introspect/postgres/types.hpp"

namespace autogen::introspect {

std::unique_ptr<Inspector> open_postgres_inspector(const core::DatabaseUrl& url) {
    return std::make_unique<postgres::PostgresInspector>(url);
}

}  // namespace autogen::introspect

namespace autogen::introspect::postgres {
namespace {

Statement statement(const Query& query) { return Statement{query.name, query.sql}; }

// pg_get_* functions read the live catalog, not the transaction's snapshot: an object dropped by concurrent DDL
// after the snapshot was taken makes them fail this way (XX000), and a new snapshot does not see the object.
bool is_cache_lookup_failure(const Error& error) {
    return error.kind == ErrorKind::database && std::string(error.what()).find("cache lookup failed") != std::string::npos;
}

}  // namespace

PostgresInspector::PostgresInspector(const core::DatabaseUrl& url)
    : url_(url), session_(std::make_unique<Session>(url)) {}

PostgresInspector::~PostgresInspector() = default;

core::Schema PostgresInspector::inspect(const Filter& filter) {
    try {
        return read(filter);
    } catch (const Error& error) {
        if (!is_cache_lookup_failure(error)) throw;
    }
    return read(filter);
}

core::Schema PostgresInspector::read(const Filter& filter) {
    query_count_ = 0;
    std::vector<std::string> schemas;
    for (const auto& name : filter.schemas) schemas.push_back(name.empty() ? "public" : name);
    std::vector<std::string> patterns;
    for (const auto& glob : filter.exclude_tables) patterns.push_back(like_pattern(glob));

    // The snapshot is taken by the first query after BEGIN; every catalog query below reads that one snapshot.
    session_->execute(Statement{"begin", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"});
    try {
        session_->execute(statement(setup), {text_array_literal(schemas), text_array_literal(patterns), "off"});
        ++query_count_;
        const std::vector<Statement> catalog = {statement(postgres::schemas),   statement(tables),
                                                statement(columns),             statement(constraints),
                                                statement(indexes),             statement(sequences),
                                                statement(enums),               statement(domains),
                                                statement(extensions),          statement(views),
                                                statement(routines),            statement(triggers),
                                                statement(dependencies),        statement(not_compared)};
        report("catalog queries", 0, catalog.size());
        auto results = session_->batch(catalog);
        query_count_ += static_cast<int>(catalog.size());
        report("tables", 0, results[1].size());
        session_->rollback_quietly();

        CatalogRows rows;
        rows.schemas = std::move(results[0]);
        rows.tables = std::move(results[1]);
        rows.columns = std::move(results[2]);
        rows.constraints = std::move(results[3]);
        rows.indexes = std::move(results[4]);
        rows.sequences = std::move(results[5]);
        rows.enums = std::move(results[6]);
        rows.domains = std::move(results[7]);
        rows.extensions = std::move(results[8]);
        rows.views = std::move(results[9]);
        rows.routines = std::move(results[10]);
        rows.triggers = std::move(results[11]);
        rows.dependencies = std::move(results[12]);
        rows.not_compared = std::move(results[13]);
        core::Schema schema = build_schema(std::move(rows));
        // The server filtered already; this applies the same rule the other backends use, as a safety net.
        std::erase_if(*schema.tables,
                      [&](const core::Table& table) { return !table_included(filter, table.schema, table.name); });
        if (keep_model_) last_ = schema;
        else last_.reset();
        return schema;
    } catch (...) {
        session_->rollback_quietly();
        throw;
    }
}

}  // namespace autogen::introspect::postgres
