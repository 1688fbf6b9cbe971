#include "introspect/postgres/inspector.hpp"

#include <algorithm>
#include <future>
#include <optional>

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

const Statement begin_read_only{"begin", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"};

// pg_get_* functions read the live catalog, not the transaction's snapshot: an object dropped by concurrent DDL
// after the snapshot was taken makes them fail this way (XX000), and a new snapshot does not see the object.
bool is_cache_lookup_failure(const Error& error) {
    return error.kind == ErrorKind::database && std::string(error.what()).find("cache lookup failed") != std::string::npos;
}

// The snapshot of the session's open transaction, for a helper session to read the same state; std::nullopt
// where the server cannot export one (a pooler in transaction mode, a server that refuses).
std::optional<std::string> exported_snapshot(Session& session) {
    try {
        const Rows rows = session.execute(Statement{"export_snapshot", "SELECT pg_catalog.pg_export_snapshot()"});
        if (!rows.empty() && !rows[0].empty() && rows[0][0]) return *rows[0][0];
    } catch (const Error& error) {
        if (error.kind != ErrorKind::database) throw;
    }
    return std::nullopt;
}

// From this many user tables on, a second session reads half the catalog (measured: below it, one session that
// already has its catalog caches warm answers everything sooner than two).
constexpr long helper_session_min_tables = 100;

// The capped count of user tables that `setup` returned.
long user_tables(const Rows& settings) {
    if (settings.empty() || settings[0].size() <= setup_user_tables_column || !settings[0][setup_user_tables_column])
        return 0;
    return std::stol(*settings[0][setup_user_tables_column]);
}

// A second connection for half the catalog queries; nullptr when the server refuses it (connection limit).
std::unique_ptr<Session> connect_helper(const core::DatabaseUrl& url) {
    try {
        return std::make_unique<Session>(url);
    } catch (const Error& error) {
        if (error.kind != ErrorKind::database) throw;
    }
    return nullptr;
}

// Puts the helper in a transaction on `snapshot` with the same settings; false when the server refuses (a pooler
// that hands the statements to another server process cannot share a snapshot).
bool join_snapshot(Session& helper, const std::string& snapshot, const std::vector<std::string>& params) {
    try {
        helper.execute(begin_read_only);
        helper.execute(Statement{"import_snapshot", "SET TRANSACTION SNAPSHOT " + quote_literal(snapshot)});
        helper.execute(Statement{setup.name, setup.sql}, params);
        return true;
    } catch (const Error& error) {
        helper.rollback_quietly();
        if (error.kind != ErrorKind::database) throw;
    }
    return false;
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
    const std::vector<std::string> params = {text_array_literal(schemas), text_array_literal(patterns), "off"};
    session_->execute(begin_read_only);
    try {
        const Rows settings = session_->execute(statement(setup), params);
        ++query_count_;
        // Two sessions on one exported snapshot, each with half the catalog work: the server answers the halves on
        // both cores at once. The split balances the heavy queries (columns, constraints, indexes, not_compared).
        // A small database is read by the one session: there a second server process, with catalog caches of its
        // own to fill, costs more than the half it would answer. When the server refuses a second session, the
        // one session runs both halves too.
        const std::vector<Statement> first = {statement(columns),    statement(indexes),     statement(postgres::schemas),
                                              statement(tables),     statement(sequences),   statement(enums),
                                              statement(domains)};
        const std::vector<Statement> second = {statement(constraints), statement(not_compared), statement(extensions),
                                               statement(views),       statement(routines),     statement(triggers),
                                               statement(dependencies)};
        report("catalog queries", 0, first.size() + second.size());
        const auto snapshot =
            user_tables(settings) >= helper_session_min_tables ? exported_snapshot(*session_) : std::nullopt;
        std::unique_ptr<Session> helper;
        std::future<std::optional<std::vector<Rows>>> other;
        if (snapshot)
            other = std::async(std::launch::async, [&]() -> std::optional<std::vector<Rows>> {
                helper = connect_helper(url_);
                if (!helper || !join_snapshot(*helper, *snapshot, params)) return std::nullopt;
                auto rows = helper->batch(second);
                helper->rollback_quietly();
                return rows;
            });
        auto results = session_->batch(first);
        std::optional<std::vector<Rows>> helped = other.valid() ? other.get() : std::nullopt;
        auto rest = helped ? std::move(*helped) : session_->batch(second);
        query_count_ += static_cast<int>(first.size() + second.size());
        report("tables", 0, results[3].size());
        session_->rollback_quietly();

        CatalogRows rows;
        rows.columns = std::move(results[0]);
        rows.indexes = std::move(results[1]);
        rows.schemas = std::move(results[2]);
        rows.tables = std::move(results[3]);
        rows.sequences = std::move(results[4]);
        rows.enums = std::move(results[5]);
        rows.domains = std::move(results[6]);
        rows.constraints = std::move(rest[0]);
        rows.not_compared = std::move(rest[1]);
        rows.extensions = std::move(rest[2]);
        rows.views = std::move(rest[3]);
        rows.routines = std::move(rest[4]);
        rows.triggers = std::move(rest[5]);
        rows.dependencies = std::move(rest[6]);
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
