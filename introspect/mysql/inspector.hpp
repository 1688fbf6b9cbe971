// The MySQL/MariaDB backend of introspect::Inspector.
#pragma once

#include <memory>
#include <string>

#include "core/url.hpp"
#include "introspect/inspector.hpp"
#include "introspect/mysql/types.hpp"

namespace autogen::introspect::mysql {

/// Reads one MySQL or MariaDB database (and the others a filter names) from information_schema, in a fixed number
/// of queries whatever the number of tables, over a utf8mb4 connection in a read-only transaction.
class MysqlInspector final : public Inspector {
public:
    /// Connects (password from the URL, else MYSQL_PWD; `socket=` for a unix socket); throws autogen::Error naming
    /// the masked URL when the server refuses, the database is unknown or the URL names none.
    explicit MysqlInspector(const core::DatabaseUrl& url);
    ~MysqlInspector() override;
    MysqlInspector(const MysqlInspector&) = delete;
    MysqlInspector& operator=(const MysqlInspector&) = delete;

    /// Dialect::mariadb when the server is MariaDB, else Dialect::mysql.
    core::Dialect dialect() const override;
    /// Reads tables, views, triggers and routines; throws autogen::Error naming any privilege the account lacks
    /// for seeing every object. Sequences, events, partitioning and other table options are counted as not compared.
    core::Schema inspect(const Filter& filter) override;
    /// How many catalog queries the last inspect() ran (a constant, whatever the number of tables).
    int query_count() const override;
    /// Brings the target to introspection's form on this server (inherited values omitted, defaults canonical, and
    /// check, generated and default expressions the database does not have as written spelled by the server
    /// through a temporary table, which writes nothing to the database).
    void canonicalize(core::Schema& target) override;
    /// The same against `current`, the model the last inspect() returned.
    void canonicalize(core::Schema& target, const core::Schema& current) override;

    /// The connection and what was learnt about the server (defined in inspector.cpp, where the driver is).
    struct Session;

private:
    std::unique_ptr<Session> session_;
};

}  // namespace autogen::introspect::mysql
