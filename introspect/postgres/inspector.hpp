// The PostgreSQL backend of introspect::Inspector.
#pragma once

#include <memory>
#include <optional>

#include "introspect/inspector.hpp"

namespace autogen::introspect::postgres {

class Session;

/// Reads a PostgreSQL 15 database in one read-only REPEATABLE READ transaction, with a fixed number of catalog
/// queries, and canonicalizes a target's expressions in a later transaction of the same session that always rolls
/// back.
class PostgresInspector final : public Inspector {
public:
    /// Connects; throws autogen::Error(database) naming the masked URL when the server cannot be reached.
    explicit PostgresInspector(const core::DatabaseUrl& url);
    ~PostgresInspector() override;

    /// Always Dialect::postgresql.
    core::Dialect dialect() const override { return core::Dialect::postgresql; }
    /// Reads schemas, tables and partitions, columns, constraints, indexes, sequences, enums, domains, extensions,
    /// views, routines and triggers with what they depend on; counts every other kind in not_compared. A "cache
    /// lookup failed" (concurrent DDL) is retried once.
    core::Schema inspect(const Filter& filter) override;
    /// How many queries the last inspect() ran: a constant, whatever the number of tables.
    int query_count() const override { return query_count_; }
    /// Replaces the target's defaults, generated expressions, CHECKs, index keys and predicates, exclusion
    /// definitions, view queries, routine and trigger definitions by the server's canonical text, in one batch in
    /// a transaction that is rolled back.
    void canonicalize(core::Schema& target) override;
    /// The same against `current`, the model the last inspect() returned.
    void canonicalize(core::Schema& target, const core::Schema& current) override;
    /// How many target texts the last canonicalize() sent to the server, and how many came back canonical.
    int canonicalize_sent() const { return canonicalize_sent_; }
    int canonicalize_done() const { return canonicalize_done_; }

private:
    core::Schema read(const Filter& filter);
    void canonicalize_against(core::Schema& target, const core::Schema* current);
    void canonicalize_texts(core::Schema& target, const core::Schema* current);

    core::DatabaseUrl url_;
    std::unique_ptr<Session> session_;
    std::optional<core::Schema> last_;  // the last schema read (when kept), to skip canonicalizing texts it has
    int query_count_ = 0;
    int canonicalize_sent_ = 0;
    int canonicalize_done_ = 0;
};

}  // namespace autogen::introspect::postgres
