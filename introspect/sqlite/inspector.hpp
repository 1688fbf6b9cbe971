// The SQLite backend of introspect::Inspector.
#pragma once

#include <string>

#include "introspect/inspector.hpp"

struct sqlite3;

namespace autogen::introspect::sqlite {

/// Reads the main schema of one SQLite database file, opened read-only, in a fixed number of catalog queries.
class SqliteInspector final : public Inspector {
public:
    /// Opens `path` read-only (":memory:" and file: URIs allowed); throws autogen::Error naming the file on failure.
    explicit SqliteInspector(std::string path);
    ~SqliteInspector() override;
    SqliteInspector(const SqliteInspector&) = delete;
    SqliteInspector& operator=(const SqliteInspector&) = delete;

    /// Always Dialect::sqlite.
    core::Dialect dialect() const override { return core::Dialect::sqlite; }
    /// Reads tables, views and triggers of the main schema; virtual tables are only counted in not_compared.
    core::Schema inspect(const Filter& filter) override;
    /// How many catalog queries the last inspect() ran: always 4, whatever the number of tables.
    int query_count() const override { return query_count_; }

private:
    std::string path_;
    sqlite3* db_ = nullptr;
    int query_count_ = 0;
};

}  // namespace autogen::introspect::sqlite
