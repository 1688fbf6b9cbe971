#include "emit/renderer.hpp"

#include "core/error.hpp"
#include "emit/postgres/renderer.hpp"
#include "emit/sqlite/renderer.hpp"

namespace autogen::emit {

std::unique_ptr<Renderer> renderer_for(core::Dialect dialect) {
    if (dialect == core::Dialect::sqlite) return std::make_unique<sqlite::SqliteRenderer>();
    if (dialect == core::Dialect::postgresql) return std::make_unique<postgres::PostgresRenderer>();
    throw Error("no renderer for " + core::to_string(dialect) + " yet", ErrorKind::unsupported);
}

}  // namespace autogen::emit
