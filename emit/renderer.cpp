#include "emit/renderer.hpp"

#include "core/error.hpp"
#include "emit/mysql/renderer.hpp"
#include "emit/sqlite/renderer.hpp"

namespace autogen::emit {

std::unique_ptr<Renderer> renderer_for(core::Dialect dialect) {
    if (dialect == core::Dialect::sqlite) return std::make_unique<sqlite::SqliteRenderer>();
    if (core::is_mysql_family(dialect)) return std::make_unique<mysql::MysqlRenderer>(dialect);
    throw Error("no renderer for " + core::to_string(dialect) + " yet", ErrorKind::unsupported);
}

}  // namespace autogen::emit
