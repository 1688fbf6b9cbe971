#include <doctest/doctest.h>

#include "core/model.hpp"

using namespace autogen::core;

TEST_CASE("core::dialect_from_string") {
    CHECK(dialect_from_string("postgresql") == Dialect::postgresql);
    CHECK(dialect_from_string("mariadb") == Dialect::mariadb);
    CHECK_FALSE(dialect_from_string("oracle").has_value());
    CHECK(to_string(Dialect::sqlite) == "sqlite");
}
