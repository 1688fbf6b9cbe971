#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "tests/introspect/sqlite_test_support.hpp"

using namespace autogen;

namespace {

// What the generator wrote for one table, to hold the introspected model against.
struct Expected {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::optional<std::string>> defaults;
    std::vector<std::optional<std::string>> collations;
    std::vector<std::string> checks;  // expressions, in definition order
    std::size_t named_checks = 0;
    std::size_t foreign_keys = 0;
};

class Generator {
public:
    explicit Generator(unsigned seed) : random_(seed) {}

    std::string table(int index, Expected& expected) {
        expected.name = "T " + std::to_string(index);
        std::string sql = "CREATE TABLE " + quote(expected.name) + gap() + "(";
        const int columns = pick(1, 6);
        for (int i = 0; i < columns; ++i) {
            if (i > 0) sql += "," + gap();
            const std::string name = column_name(i);
            expected.columns.push_back(name);
            sql += quote_any(name) + gap() + pick_of(types_);
            std::optional<std::string> default_value, collation;
            // Column constraints in a random order, each at most once.
            std::vector<int> kinds = {0, 1, 2, 3, 4};
            std::shuffle(kinds.begin(), kinds.end(), random_);
            for (int kind : kinds) {
                if (pick(0, 2) == 0) continue;
                sql += gap();
                switch (kind) {
                    case 0:
                        sql += pick(0, 1) ? "NOT NULL" : "NULL";
                        break;
                    case 1:
                        default_value = pick_of(defaults_);
                        sql += "DEFAULT " + *default_value;
                        break;
                    case 2:
                        collation = pick_of(collations_);
                        sql += "COLLATE " + *collation;
                        break;
                    case 3: {
                        const std::string expression = check_expression(name);
                        if (pick(0, 1)) {
                            sql += "CONSTRAINT " + quote("ck " + std::to_string(names_used_++)) + " ";
                            ++expected.named_checks;
                        }
                        sql += "CHECK (" + expression + ")";
                        expected.checks.push_back(expression);
                        break;
                    }
                    case 4:
                        sql += "REFERENCES parent (id) ON DELETE " + pick_of(actions_);
                        ++expected.foreign_keys;
                        break;
                }
            }
            expected.defaults.push_back(default_value);
            // The model omits BINARY (the default) and spells the built-in collations upper-case.
            if (collation == "BINARY") collation.reset();
            if (collation == "\"nocase\"") collation = "NOCASE";
            expected.collations.push_back(collation);
        }
        if (pick(0, 1)) {
            const std::string expression = check_expression(expected.columns[0]);
            sql += "," + gap() + "CHECK (" + expression + ")";
            expected.checks.push_back(expression);
        }
        if (pick(0, 1)) {
            sql += "," + gap() + "FOREIGN KEY (" + quote_any(expected.columns[0]) + ") REFERENCES parent";
            ++expected.foreign_keys;
        }
        return sql + gap() + ")";
    }

private:
    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
    const std::string& pick_of(const std::vector<std::string>& items) {
        return items[static_cast<std::size_t>(pick(0, static_cast<int>(items.size()) - 1))];
    }
    static std::string quote(const std::string& name) { return "\"" + name + "\""; }
    std::string quote_any(const std::string& name) {
        switch (pick(0, 2)) {
            case 0: return "\"" + name + "\"";
            case 1: return "[" + name + "]";
            default: return "`" + name + "`";
        }
    }
    // White space, sometimes with a comment that holds the characters a naive parser trips on.
    std::string gap() {
        switch (pick(0, 5)) {
            case 0: return " /* ( , ) ' \" */ ";
            case 1: return " -- ) , (\n";
            case 2: return "\n\t";
            default: return " ";
        }
    }
    std::string column_name(int i) { return pick_of(names_) + std::to_string(i); }
    std::string check_expression(const std::string& column) {
        const std::string c = "\"" + column + "\"";
        switch (pick(0, 3)) {
            case 0: return c + " > (0 - (1 + 2))";
            case 1: return "length(" + c + ") < 10 OR " + c + " IS NULL";
            case 2: return c + " <> ')'";
            default: return "CASE WHEN " + c + " IN (1, (2), 3) THEN 1 ELSE (" + c + " IS NOT NULL) END";
        }
    }

    std::mt19937 random_;
    int names_used_ = 0;
    const std::vector<std::string> names_ = {"col", "Mixed Case ", "select", "größe", "key", "a,b", "x)y", "ключ"};
    const std::vector<std::string> types_ = {"", "INT", "varchar (10)", "numeric(10, 2)", "double  precision",
                                             "TEXT", "BLOB", "'quoted type'"};
    const std::vector<std::string> defaults_ = {"0",     "-1.5", "'it''s'", "(datetime('now'))", "CURRENT_TIMESTAMP",
                                                "NULL",  "TRUE", "x'00ff'", "((1 + (2)) * 3)",   "'a)b'"};
    const std::vector<std::string> collations_ = {"NOCASE", "RTRIM", "BINARY", "\"nocase\""};
    const std::vector<std::string> actions_ = {"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"};
};

}  // namespace

TEST_CASE("introspect::sqlite generated tables: the parser agrees with the pragmas and the text") {
    Generator generator(20240601);
    std::vector<Expected> expected(150);
    std::string sql = "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n";
    for (std::size_t i = 0; i < expected.size(); ++i) sql += generator.table(static_cast<int>(i), expected[i]) + ";\n";

    test::TempDir dir;
    const auto schema = test::introspect_file(test::make_database(dir, "generated.db", sql));
    REQUIRE(schema.tables->size() == expected.size() + 1);
    for (const auto& want : expected) {
        CAPTURE(want.name);
        const auto& table = test::find_table(schema, want.name);
        REQUIRE(table.columns.size() == want.columns.size());
        for (std::size_t i = 0; i < want.columns.size(); ++i) {
            CHECK(table.columns[i].name == want.columns[i]);
            CHECK(table.columns[i].default_value == want.defaults[i]);
            CHECK(table.columns[i].collation == want.collations[i]);
        }
        REQUIRE(table.checks.size() == want.checks.size());
        std::size_t named = 0;
        for (const auto& check : table.checks) {
            if (check.name) ++named;
            CHECK(std::find(want.checks.begin(), want.checks.end(), check.expression) != want.checks.end());
        }
        CHECK(named == want.named_checks);
        CHECK(table.foreign_keys.size() == want.foreign_keys);
        for (const auto& fk : table.foreign_keys) {
            CHECK(fk.references.table == "parent");
            CHECK(fk.references.columns == std::vector<std::string>{"id"});
        }
    }
}
