// One database server (or file) under benchmark: how to create a database, load DDL, and fetch the floor.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bench/process.hpp"
#include "core/model.hpp"

namespace autogen::bench {

/// A backend of the benchmark; each size gets its own fresh database.
class Backend {
public:
    virtual ~Backend() = default;
    /// "sqlite", "postgresql", "mariadb".
    virtual std::string name() const = 0;
    virtual core::Dialect dialect() const = 0;
    /// Makes the database for a schema of `tables` tables current. Returns true when one already holds the DDL of
    /// that `fingerprint` (loaded by an earlier run) and may be reused; otherwise creates it empty, to be loaded.
    virtual bool open_database(std::size_t tables, const std::string& fingerprint) = 0;
    /// Records that the current database now holds the DDL of `fingerprint`.
    virtual void mark_loaded(const std::string& fingerprint) = 0;
    /// Runs DDL statements on the database with the database's own client.
    virtual void load(const std::vector<std::string>& statements) = 0;
    /// The database URL as autogen reads it.
    virtual std::string url() const = 0;
    /// The same database as a SQLAlchemy URL.
    virtual std::string sqlalchemy_url() const = 0;
    /// The floor: the database's own client fetching the catalog information the inspector reads, with the
    /// inspector's catalog queries; returns the measured client process.
    virtual ProcessResult floor() = 0;
    /// How many catalog queries the floor runs.
    virtual int floor_queries() const = 0;
    /// Server and client versions, for the record.
    virtual std::string version() = 0;
    /// Drops the databases this backend created.
    virtual void cleanup() {}
};

/// The backends this build can benchmark, by name; throws std::runtime_error for an unknown or unavailable one.
/// `work_dir` holds database files and scratch files; `url` (may be empty) is a server URL for the server backends.
std::unique_ptr<Backend> make_backend(const std::string& name, const std::string& work_dir, const std::string& url);

}  // namespace autogen::bench
