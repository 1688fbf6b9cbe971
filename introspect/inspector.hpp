// Reading a live database's catalog into the schema model.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/url.hpp"

namespace autogen::introspect {

/// Which objects introspection reads.
struct Filter {
    std::vector<std::string> schemas;         // empty: the default schema (and, on PostgreSQL, all user schemas)
    std::vector<std::string> exclude_tables;  // globs on "schema.name" or "name"
};

/// True when `glob` (with * and ?) matches `text`.
bool glob_match(const std::string& glob, const std::string& text);

/// True when a table is kept by the filter and is not one of the engine's bookkeeping tables.
bool table_included(const Filter& filter, const std::string& schema, const std::string& name);

/// Told how an introspection is going: the phase it is in ("catalog queries", "tables", ...) and how many of the
/// phase's items are done, of `total` (0 when the total is not known yet).
using ProgressCallback = std::function<void(const std::string& phase, std::size_t done, std::size_t total)>;

/// A connection to one database that can read its schema; opened read-only.
class Inspector {
public:
    virtual ~Inspector() = default;
    /// The dialect of the connected server (mariadb when the server is MariaDB).
    virtual core::Dialect dialect() const = 0;
    /// Reads the whole schema in a fixed number of catalog queries.
    virtual core::Schema inspect(const Filter& filter) = 0;
    /// How many catalog queries the last inspect() ran.
    virtual int query_count() const = 0;
    /// Brings a target's expression texts to the server's canonical form, where the backend can (no-op by default).
    virtual void canonicalize(core::Schema& /*target*/) {}
    /// The same against `current`, the model this inspector's last inspect() returned: texts it already has are not
    /// sent again. By default as canonicalize(target).
    virtual void canonicalize(core::Schema& target, const core::Schema& /*current*/) { canonicalize(target); }
    /// Whether inspect() keeps a copy of the model it returns for canonicalize(target) (on by default); a caller
    /// that hands the model to canonicalize(target, current) turns it off and saves the copy.
    void keep_model(bool keep) { keep_model_ = keep; }
    /// Where inspect() reports its progress from now on; nowhere by default.
    void on_progress(ProgressCallback callback) { progress_ = std::move(callback); }

protected:
    bool keep_model_ = true;  // see keep_model()
    /// Reports progress to the callback, if one is set.
    void report(const std::string& phase, std::size_t done, std::size_t total = 0) const {
        if (progress_) progress_(phase, done, total);
    }

private:
    ProgressCallback progress_;
};

/// Opens an inspector for a URL; throws autogen::Error when the backend is not built or the connection fails.
std::unique_ptr<Inspector> open_inspector(const core::DatabaseUrl& url);

}  // namespace autogen::introspect
