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

TEST_CASE("core::clip_utf8 cuts on a character boundary, as PostgreSQL's pg_mbcliplen") {
    // "ключ" is four two-byte letters.
    CHECK(clip_utf8("\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87", 8) == "\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87");
    CHECK(clip_utf8("\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87", 7) == "\xd0\xba\xd0\xbb\xd1\x8e");
    CHECK(clip_utf8("\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87", 6) == "\xd0\xba\xd0\xbb\xd1\x8e");
    CHECK(clip_utf8("\xe6\x95\xb0x", 2).empty());  // a three-byte letter does not fit in two
    CHECK(clip_utf8("abc", 2) == "ab");
}

TEST_CASE("core::postgres_object_name is PostgreSQL's makeObjectName") {
    const std::string table = "\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87 11";  // "ключ 11"
    const std::string column = "\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87";     // "ключ"
    // A short name is whole: soak seeds 1638 and 1836 lost the last byte of a final two-byte letter here.
    CHECK(postgres_object_name(table, &column, "seq") == table + "_" + column + "_seq");
    // The longer name is cut first, one byte at a time, then each cut on a character boundary: PostgreSQL 15 names
    // `CREATE TABLE "t<30 x ж>" ("<10 x ы>" serial)`'s sequence and `CREATE DOMAIN "<30 x ж>" AS int CHECK (VALUE
    // > 0) CHECK (VALUE < 10)`'s checks so.
    std::string long_table = "t", long_column, long_domain;
    for (int i = 0; i < 30; ++i) long_table += "\xd0\xb6";
    for (int i = 0; i < 10; ++i) long_column += "\xd1\x8b";
    for (int i = 0; i < 30; ++i) long_domain += "\xd0\xb6";
    // 63 - 5 = 58 bytes for both: 20 for the column, 38 for the table, cut back to 37 ("t" and 18 letters).
    CHECK(postgres_object_name(long_table, &long_column, "seq") == long_table.substr(0, 37) + "_" + long_column + "_seq");
    CHECK(postgres_object_name(long_domain, nullptr, "check") == long_domain.substr(0, 56) + "_check");
    CHECK(postgres_object_name(long_domain, nullptr, "check1") == long_domain.substr(0, 56) + "_check1");
    // Odd budgets land inside a letter and are cut back to the letter before it.
    CHECK(postgres_object_name(long_domain, nullptr, "check12") == long_domain.substr(0, 54) + "_check12");
    CHECK(postgres_object_name(std::string(70, 'a'), nullptr, "check") == std::string(57, 'a') + "_check");
}
