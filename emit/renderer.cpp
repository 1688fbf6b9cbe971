#include "emit/renderer.hpp"

#include "core/error.hpp"
#include "diff/hazards.hpp"
#include "emit/postgres/renderer.hpp"
#include "emit/mysql/renderer.hpp"
#include "emit/sqlite/renderer.hpp"

namespace autogen::emit {

std::string step_comment(const diff::Step& step) {
    std::string out = diff::describe(step.op);
    const std::string reason = diff::hazard_reason(step.op, step.hazards);
    if (!reason.empty()) out += "  [" + reason + "]";
    if (!step.note.empty()) out += "  [" + step.note + "]";
    return out;
}

std::unique_ptr<Renderer> renderer_for(core::Dialect dialect) {
    if (dialect == core::Dialect::sqlite) return std::make_unique<sqlite::SqliteRenderer>();
    if (dialect == core::Dialect::postgresql) return std::make_unique<postgres::PostgresRenderer>();
    if (core::is_mysql_family(dialect)) return std::make_unique<mysql::MysqlRenderer>(dialect);
    throw Error("no renderer for " + core::to_string(dialect) + " yet", ErrorKind::unsupported);
}

}  // namespace autogen::emit
