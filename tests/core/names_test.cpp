#include <doctest/doctest.h>

#include "core/names.hpp"

using namespace autogen::core;

TEST_CASE("core::same_name follows each dialect's rules") {
    CHECK(same_name("users", "users", Dialect::postgresql));
    CHECK_FALSE(same_name("Users", "users", Dialect::postgresql, NameKind::table));
    CHECK_FALSE(same_name("Email", "email", Dialect::postgresql, NameKind::column));

    CHECK(same_name("Email", "email", Dialect::mysql, NameKind::column));
    CHECK(same_name("IX_Users", "ix_users", Dialect::mariadb, NameKind::index));
    CHECK(same_name("Chk", "chk", Dialect::mariadb, NameKind::constraint));
    CHECK(same_name("MyProc", "myproc", Dialect::mysql, NameKind::routine));
    CHECK_FALSE(same_name("Users", "users", Dialect::mysql, NameKind::table));
    CHECK_FALSE(same_name("Users", "users", Dialect::mariadb, NameKind::other));

    CHECK(same_name("Users", "USERS", Dialect::sqlite, NameKind::table));
    CHECK(same_name("Ab", "aB", Dialect::sqlite, NameKind::column));
    // Only ASCII folds on SQLite.
    CHECK_FALSE(same_name("\xc3\x89", "\xc3\xa9", Dialect::sqlite));
}

TEST_CASE("core::name_key") {
    CHECK(name_key("Email", Dialect::mysql, NameKind::column) == "email");
    CHECK(name_key("Email", Dialect::mysql, NameKind::table) == "Email");
    CHECK(name_key("Email", Dialect::sqlite) == "email");
    CHECK(name_key("Email", Dialect::postgresql, NameKind::column) == "Email");
    CHECK(name_key("Email", Dialect::portable, NameKind::column) == "Email");
}

TEST_CASE("core::default_schema") {
    CHECK(default_schema(Dialect::postgresql) == "public");
    CHECK(default_schema(Dialect::sqlite) == "main");
    CHECK(default_schema(Dialect::mysql) == "");
    CHECK(default_schema(Dialect::mariadb) == "");
    CHECK(default_schema(Dialect::portable) == "");
    CHECK(is_default_schema("", Dialect::postgresql));
    CHECK(is_default_schema("public", Dialect::postgresql));
    CHECK_FALSE(is_default_schema("Public", Dialect::postgresql));
    CHECK(is_default_schema("MAIN", Dialect::sqlite));
    CHECK_FALSE(is_default_schema("public", Dialect::mysql));
}

TEST_CASE("core::max_name_length") {
    CHECK(max_name_length(Dialect::postgresql) == 63);
    CHECK(max_name_length(Dialect::mysql) == 64);
    CHECK(max_name_length(Dialect::sqlite) == 0);
    CHECK(name_length("\xc3\xa9t\xc3\xa9", Dialect::postgresql) == 5);
    CHECK(name_length("\xc3\xa9t\xc3\xa9", Dialect::mariadb) == 3);
}
