// A connection to a PostgreSQL server that runs named statements, alone or batched in one round trip.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/url.hpp"
#include "introspect/postgres/catalog.hpp"

namespace autogen::introspect::postgres {

/// One statement of a batch: its name (the error location) and its SQL text.
struct Statement {
    std::string name;
    std::string sql;
};

/// One connection; driver errors become autogen::Error(database) with backend "postgres", the statement's name
/// as location, the sqlstate, and the URL with its password masked.
class Session {
public:
    /// Connects with the URL's parts as a libpq connection string (libpq's environment fills the rest).
    explicit Session(const core::DatabaseUrl& url);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// Runs one statement with text parameters ($1, $2, ...) and returns its rows.
    Rows execute(const Statement& statement, const std::vector<std::string>& params = {});

    /// Sends the statements together in one round trip and returns each one's rows, in order.
    std::vector<Rows> batch(const std::vector<Statement>& statements);

    /// Ends any open transaction with ROLLBACK, ignoring a lost connection.
    void rollback_quietly() noexcept;

    /// The URL as shown to users (password masked).
    const std::string& display() const { return display_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string display_;
};

}  // namespace autogen::introspect::postgres
