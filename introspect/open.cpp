#include <memory>

#include "core/error.hpp"
#include "introspect/inspector.hpp"
#include "introspect/sqlite/inspector.hpp"

namespace autogen::introspect {

#ifdef AUTOGEN_HAVE_POSTGRES
// Defined by the PostgreSQL backend (introspect/postgres/), which the build adds when it is enabled.
std::unique_ptr<Inspector> open_postgres_inspector(const core::DatabaseUrl& url);
#endif
#ifdef AUTOGEN_HAVE_MYSQL
// Defined by the MySQL/MariaDB backend (introspect/mysql/), which the build adds when it is enabled.
std::unique_ptr<Inspector> open_mysql_inspector(const core::DatabaseUrl& url);
#endif

std::unique_ptr<Inspector> open_inspector(const core::DatabaseUrl& url) {
    switch (url.dialect) {
        case core::Dialect::sqlite:
            return std::make_unique<sqlite::SqliteInspector>(url.database);
        case core::Dialect::postgresql:
#ifdef AUTOGEN_HAVE_POSTGRES
            return open_postgres_inspector(url);
#else
            throw Error("the postgresql backend is not built (configure with -DAUTOGEN_WITH_POSTGRES=ON and libpqxx)",
                        ErrorKind::unsupported);
#endif
        case core::Dialect::mysql:
        case core::Dialect::mariadb:
#ifdef AUTOGEN_HAVE_MYSQL
            return open_mysql_inspector(url);
#else
            throw Error("the mysql backend is not built (configure with -DAUTOGEN_WITH_MYSQL=ON and mysql-connector-c++)",
                        ErrorKind::unsupported);
#endif
        case core::Dialect::portable:
            break;
    }
    throw Error("a database URL names no dialect", ErrorKind::input);
}

}  // namespace autogen::introspect
