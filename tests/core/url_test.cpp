#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "core/url.hpp"

using namespace autogen::core;
using autogen::Error;

namespace {

std::string url_error(const std::string& url) {
    try {
        parse_url(url);
    } catch (const Error& e) {
        return e.what();
    }
    return "(parsed)";
}

}  // namespace

TEST_CASE("core::parse_url sqlite") {
    const DatabaseUrl relative = parse_url("sqlite:///relative.db");
    CHECK(relative.dialect == Dialect::sqlite);
    CHECK(relative.scheme == "sqlite");
    CHECK(relative.database == "relative.db");
    CHECK(parse_url("sqlite:////abs/path.db").database == "/abs/path.db");
    CHECK(parse_url("sqlite://:memory:").database == ":memory:");
    CHECK(parse_url("sqlite:///:memory:").database == ":memory:");
    CHECK(parse_url("sqlite://").database == ":memory:");
    CHECK(parse_url("sqlite+pysqlite:///data/app.db").database == "data/app.db");
    const DatabaseUrl with_query = parse_url("sqlite:///app.db?mode=ro&cache=shared");
    CHECK(with_query.database == "app.db");
    CHECK(with_query.query.at("mode") == "ro");
    CHECK(with_query.query.at("cache") == "shared");
    CHECK(url_error("sqlite://host/app.db") ==
          "a sqlite URL has no host: write sqlite:///relative.db or sqlite:////absolute/path.db in database URL "
          "\"sqlite://host/app.db\"");
}

TEST_CASE("core::parse_url postgresql") {
    const DatabaseUrl url = parse_url("postgresql://user:pass@host:5432/db");
    CHECK(url.dialect == Dialect::postgresql);
    CHECK(url.scheme == "postgresql");
    CHECK(url.user == "user");
    CHECK(url.password == "pass");
    CHECK(url.host == "host");
    CHECK(url.port == 5432);
    CHECK(url.database == "db");
    CHECK(url.masked() == "postgresql://user:***@host:5432/db");

    const DatabaseUrl alias = parse_url("postgres://localhost/app");
    CHECK(alias.dialect == Dialect::postgresql);
    CHECK(alias.scheme == "postgres");
    CHECK(alias.user.empty());
    CHECK_FALSE(alias.password.has_value());
    CHECK_FALSE(alias.port.has_value());

    const DatabaseUrl driver = parse_url("postgresql+psycopg2://u@h/d?sslmode=require&host=%2Fvar%2Frun%2Fpostgresql");
    CHECK(driver.scheme == "postgresql");
    CHECK(driver.user == "u");
    CHECK(driver.query.at("sslmode") == "require");
    CHECK(driver.query.at("host") == "/var/run/postgresql");

    const DatabaseUrl encoded = parse_url("postgresql://al%40ice:p%3Ass%2Fw%40rd@db.example.com/my%20db");
    CHECK(encoded.user == "al@ice");
    CHECK(encoded.password == "p:ss/w@rd");
    CHECK(encoded.database == "my db");
    CHECK(encoded.masked() == "postgresql://al%40ice:***@db.example.com/my%20db");

    // An unencoded '@' in a password still splits at the last '@' of the authority.
    const DatabaseUrl at_sign = parse_url("postgresql://u:p@ss@h/d");
    CHECK(at_sign.password == "p@ss");
    CHECK(at_sign.host == "h");

    const DatabaseUrl ipv6 = parse_url("postgresql://u:x@[::1]:6543/d");
    CHECK(ipv6.host == "::1");
    CHECK(ipv6.port == 6543);
    CHECK(parse_url("postgresql://[fe80::1%25eth0]/d").host == "fe80::1%eth0");
    CHECK(parse_url("postgresql://u:@h/d").password == "");
    CHECK(parse_url("postgresql:///d").host.empty());
}

TEST_CASE("core::parse_url mysql and mariadb") {
    const DatabaseUrl url = parse_url("mysql+pymysql://root:secret@127.0.0.1:3306/app?charset=utf8mb4");
    CHECK(url.dialect == Dialect::mysql);
    CHECK(url.scheme == "mysql");
    CHECK(url.port == 3306);
    CHECK(url.query.at("charset") == "utf8mb4");
    const DatabaseUrl maria = parse_url("MariaDB://u:p@h/d");
    CHECK(maria.dialect == Dialect::mysql);
    CHECK(maria.scheme == "mariadb");
    CHECK(parse_url("mysql://u@h/d?socket=/tmp/mysql.sock").query.at("socket") == "/tmp/mysql.sock");
}

TEST_CASE("core::parse_url errors show only the masked URL") {
    CHECK(url_error("oracle://scott:tiger@h/d") ==
          "unknown scheme \"oracle\" (expected sqlite, postgresql, mysql or mariadb) in database URL "
          "\"oracle://scott:***@h/d\"");
    CHECK(url_error("postgresql://u:secret@h:54x2/d") == "invalid port \"54x2\" in database URL \"postgresql://u:***@h:54x2/d\"");
    CHECK(url_error("postgresql://u:secret@h:99999/d") == "invalid port \"99999\" in database URL \"postgresql://u:***@h:99999/d\"");
    CHECK(url_error("postgresql://u:sec%zzret@h/d") == "malformed password in database URL \"postgresql://u:***@h/d\"");
    CHECK(url_error("postgresql://u:s@[::1/d") == "unterminated IPv6 address in database URL \"postgresql://u:***@[::1/d\"");
    CHECK(url_error("app.json") == "no scheme:// in database URL \"app.json\"");
    for (const char* url : {"oracle://scott:tiger@h/d", "postgresql://u:tiger@h:x/d", "postgresql://u:tiger%zz@h/d"}) {
        CHECK(url_error(url).find("tiger") == std::string::npos);
    }
}

TEST_CASE("core::is_database_url") {
    CHECK(is_database_url("sqlite:///app.db"));
    CHECK(is_database_url("postgresql+psycopg2://h/d"));
    CHECK(is_database_url("oracle://h/d"));  // a URL, if one autogen cannot read: parse_url says so
    CHECK_FALSE(is_database_url("models/target.json"));
    CHECK_FALSE(is_database_url("/abs/model.json"));
    CHECK_FALSE(is_database_url("C:\\models\\target.json"));
    CHECK_FALSE(is_database_url("://nothing"));
    CHECK_FALSE(is_database_url("dir with space/x://y"));
}

TEST_CASE("core::mask_passwords") {
    CHECK(mask_passwords("connecting to postgresql://app:s3cret@db:5432/prod failed") ==
          "connecting to postgresql://app:***@db:5432/prod failed");
    CHECK(mask_passwords("a mysql://u:p@h/d and 'mariadb://x:y@z/w'") == "a mysql://u:***@h/d and 'mariadb://x:***@z/w'");
    CHECK(mask_passwords("postgresql://u@h/d (no password)") == "postgresql://u@h/d (no password)");
    CHECK(mask_passwords("postgresql://u:p@ss@h/d") == "postgresql://u:***@h/d");
    CHECK(mask_passwords("postgresql://h/d?sslmode=require&password=hunter2") ==
          "postgresql://h/d?sslmode=require&password=***");
    CHECK(mask_passwords("host=db user=app password=hunter2 dbname=x") == "host=db user=app password=*** dbname=x");
    CHECK(mask_passwords("password='a b c' host=h") == "password=*** host=h");
    CHECK(mask_passwords("sqlite:///app.db") == "sqlite:///app.db");
    CHECK(mask_passwords("no url here: just text") == "no url here: just text");
    CHECK(mask_passwords("https://example.com/a:b@c") == "https://example.com/a:b@c");
    DatabaseUrl built;
    built.dialect = Dialect::postgresql;
    built.scheme = "postgresql";
    built.user = "u";
    built.password = "p";
    built.host = "::1";
    built.port = 5432;
    built.database = "d";
    CHECK(built.masked() == "postgresql://u:***@[::1]:5432/d");
}
