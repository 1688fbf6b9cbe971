// Golden SQL of the MySQL/MariaDB renderer (the statements are applied to a real server by tests/integration).
#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "diff/hazards.hpp"
#include "emit/mysql/renderer.hpp"
#include "emit/renderer.hpp"

using namespace autogen;
using autogen::emit::mysql::MysqlRenderer;
using core::Dialect;

namespace {

core::Column column(std::string name, std::string type, bool nullable = true) {
    core::Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

core::Index index_on(std::string name, std::vector<std::string> columns, bool unique = false) {
    core::Index index;
    index.name = std::move(name);
    index.unique = unique;
    for (auto& c : columns) index.keys.push_back(core::IndexKey{std::move(c)});
    return index;
}

diff::Step step(diff::Op op) { return diff::Step{std::move(op), 0, ""}; }

std::string section(const std::vector<diff::Op>& ops, Dialect dialect = Dialect::mariadb) {
    std::vector<diff::Step> steps;
    for (const auto& op : ops) steps.push_back(step(op));
    return MysqlRenderer(dialect).render_all(steps).text();
}

std::vector<std::string> statements(const diff::Op& op, Dialect dialect = Dialect::mariadb) {
    return MysqlRenderer(dialect).render(step(op)).statements;
}

const core::QualifiedName users{"", "users"};

}  // namespace

TEST_CASE("emit::mysql quote_identifier quotes only where MySQL needs it") {
    using emit::mysql::quote_identifier;
    CHECK(quote_identifier("users") == "users");
    CHECK(quote_identifier("_x9$") == "_x9$");
    CHECK(quote_identifier("order") == "`order`");
    CHECK(quote_identifier("Key") == "`Key`");
    CHECK(quote_identifier("post-user") == "`post-user`");
    CHECK(quote_identifier("9lives") == "`9lives`");
    CHECK(quote_identifier("a`b") == "`a``b`");
    CHECK(quote_identifier("my col") == "`my col`");
    CHECK(quote_identifier("") == "``");
    CHECK(emit::mysql::qualified_name({"", "t"}) == "t");
    CHECK(emit::mysql::qualified_name({"other", "group"}) == "other.`group`");
    CHECK(std::is_sorted(emit::mysql::reserved_words.begin(), emit::mysql::reserved_words.end()));
    CHECK(std::adjacent_find(emit::mysql::reserved_words.begin(), emit::mysql::reserved_words.end()) ==
          emit::mysql::reserved_words.end());
    CHECK(emit::mysql::is_reserved("select"));
    CHECK(emit::mysql::is_reserved("RANK"));  // MySQL 8's, quoted for both
    CHECK_FALSE(emit::mysql::is_reserved("name"));
    CHECK(emit::mysql::quote_literal("it's a\\b") == "'it''s a\\\\b'");
}

TEST_CASE("emit::mysql column_definition writes the whole column") {
    using emit::mysql::column_definition;
    auto id = column("id", "bigint unsigned", false);
    id.autoincrement = true;
    CHECK(column_definition(id) == "id bigint unsigned NOT NULL AUTO_INCREMENT");
    auto at = column("updated_at", "timestamp");
    at.default_value = "current_timestamp()";
    at.on_update = "current_timestamp()";
    CHECK(column_definition(at) == "updated_at timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp()");
    auto name = column("name", "varchar(50)", false);
    name.charset = "latin1";
    name.collation = "latin1_bin";
    name.default_value = "'it''s'";
    name.comment = "shown";
    CHECK(column_definition(name) ==
          "name varchar(50) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL DEFAULT 'it''s' COMMENT 'shown'");
    auto total = column("total", "decimal(12,2)", false);
    total.generated = core::Generated{"price * qty", false};
    CHECK(column_definition(total) == "total decimal(12,2) GENERATED ALWAYS AS (price * qty) VIRTUAL");
    auto expr = column("code", "varchar(10)");
    expr.default_value = "concat('a','b')";
    expr.hidden = true;
    CHECK(column_definition(expr) == "code varchar(10) DEFAULT (concat('a','b')) INVISIBLE");
    auto key = column("key", "int");
    key.default_value = "-1";
    CHECK(column_definition(key) == "`key` int DEFAULT -1");
    auto identity = column("id", "int");
    identity.identity = core::Identity{};
    CHECK_THROWS_AS(column_definition(identity), Error);
}

TEST_CASE("emit::mysql create_table_statement") {
    core::Table t;
    t.name = "posts";
    t.comment = "blog posts";
    auto id = column("id", "int", false);
    id.autoincrement = true;
    t.columns = {id, column("slug", "varchar(200)", false), column("body", "longtext"), column("user_id", "int")};
    t.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    t.unique.push_back(core::UniqueConstraint{"posts_slug_key", {"slug"}});
    auto prefix = index_on("slug_prefix", {"slug"});
    prefix.keys[0].length = 50;
    prefix.keys[0].order = "desc";
    auto search = index_on("search", {"body"});
    search.method = "fulltext";
    auto hidden = index_on("by_user", {"user_id"});
    hidden.ignored = true;
    hidden.comment = "for reports";
    t.indexes = {prefix, search, hidden};
    t.checks.push_back(core::CheckConstraint{"id_positive", "id > 0"});
    core::ForeignKey fk;
    fk.name = "posts_user_fk";
    fk.columns = {"user_id"};
    fk.references = core::Reference{"", "users", {"id"}};
    fk.on_delete = "cascade";
    t.foreign_keys.push_back(fk);
    t.options.mysql.engine = "InnoDB";
    t.options.mysql.charset = "utf8mb4";
    t.options.mysql.collation = "utf8mb4_unicode_ci";
    CHECK(emit::mysql::create_table_statement(t) ==
          "CREATE TABLE posts (\n"
          "    id int NOT NULL AUTO_INCREMENT,\n"
          "    slug varchar(200) NOT NULL,\n"
          "    body longtext,\n"
          "    user_id int,\n"
          "    PRIMARY KEY (id),\n"
          "    UNIQUE KEY posts_slug_key (slug),\n"
          "    KEY slug_prefix (slug(50) DESC),\n"
          "    FULLTEXT KEY search (body),\n"
          "    KEY by_user (user_id) COMMENT 'for reports' IGNORED,\n"
          "    CONSTRAINT id_positive CHECK (id > 0),\n"
          "    CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE\n"
          ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='blog posts';");
    // MySQL 8 says INVISIBLE; on a MEMORY table no method is the engine's HASH and BTREE is stated.
    CHECK(emit::mysql::create_table_statement(t, Dialect::mysql).find("IGNORED") == std::string::npos);
    CHECK(emit::mysql::create_table_statement(t, Dialect::mysql).find("COMMENT 'for reports' INVISIBLE") != std::string::npos);
    t.options.mysql.engine = "MEMORY";
    auto by_btree = index_on("by_btree", {"id"});
    by_btree.method = "btree";
    t.indexes = {index_on("by_user", {"user_id"}), by_btree};
    const auto memory = emit::mysql::create_table_statement(t);
    CHECK(memory.find("KEY by_user (user_id),") != std::string::npos);
    CHECK(memory.find("KEY by_btree (id) USING BTREE") != std::string::npos);
    CHECK(memory.find("UNIQUE KEY posts_slug_key (slug),") != std::string::npos);
    // Unsupported index shapes are errors, never dropped silently.
    auto partial = index_on("p", {"id"});
    partial.where = "id > 0";
    t.indexes = {partial};
    CHECK_THROWS_AS(emit::mysql::create_table_statement(t), Error);
}

TEST_CASE("emit::mysql merges the changes of a table into one ALTER TABLE, placed columns in order") {
    auto email = column("email", "varchar(100)");
    auto wider = column("email", "varchar(255)", false);
    auto nick = column("nick", "varchar(20)");
    auto middle = column("middle", "varchar(20)");
    const std::string sql = section({
        diff::DropIndex{users, index_on("users_email_idx", {"email"})},
        diff::DropColumn{users, column("legacy", "int"), {}},
        diff::AlterColumn{users, email, wider, diff::change_type | diff::change_nullable},
        // Added in reverse order, as a downgrade lists them: `nick` goes after `middle`, which comes first.
        diff::AddColumn{users, nick, diff::Placement{false, "middle"}},
        diff::AddColumn{users, middle, diff::Placement{false, "email"}},
        diff::CreateIndex{users, index_on("users_email_idx", {"email"}, true)},
    });
    CHECK(sql ==
          "-- MySQL/MariaDB DDL is not transactional: every statement below commits on its own; IF [NOT] EXISTS lets "
          "a section that failed part-way run again\n"
          "-- 1/6 drop index users_email_idx on users\n"
          "-- 2/6 drop column users.legacy  [destructive: data in this column is lost]\n"
          "-- 3/6 alter column users.email (type, nullable)\n"
          "-- 4/6 add column users.nick\n"
          "-- 5/6 add column users.middle\n"
          "-- 6/6 create index users_email_idx on users\n"
          "ALTER TABLE users\n"
          "    DROP INDEX IF EXISTS users_email_idx,\n"
          "    DROP COLUMN IF EXISTS legacy,\n"
          "    MODIFY COLUMN IF EXISTS email varchar(255) NOT NULL,\n"
          "    ADD COLUMN IF NOT EXISTS middle varchar(20) AFTER email,\n"
          "    ADD COLUMN IF NOT EXISTS nick varchar(20) AFTER middle,\n"
          // IF NOT EXISTS would look at the table before the DROP of the same name, and skip the ADD.
          "    ADD UNIQUE INDEX users_email_idx (email);\n");
    CHECK(sql.find("BEGIN") == std::string::npos);
    const auto script = MysqlRenderer().render_all({step(diff::DropColumn{users, column("legacy", "int"), {}})});
    REQUIRE(script.blocks.size() == 1);
    CHECK_FALSE(script.blocks[0].transactional);
}

TEST_CASE("emit::mysql keeps foreign key changes apart from the table changes they must follow or precede") {
    core::ForeignKey fk;
    fk.name = "orders_user_fk";
    fk.columns = {"user_id"};
    fk.references = core::Reference{"", "users", {"id"}};
    const core::QualifiedName orders{"", "orders"};
    auto id = column("id", "int", false);
    auto bigger = column("id", "bigint", false);
    const std::string sql = section({
        diff::DropForeignKey{orders, fk, {}},
        diff::AlterColumn{users, id, bigger, diff::change_type},
        diff::AlterColumn{orders, column("user_id", "int"), column("user_id", "bigint"), diff::change_type},
        diff::AddForeignKey{orders, fk, {}},
    });
    CHECK(sql.find("ALTER TABLE orders\n    DROP FOREIGN KEY IF EXISTS orders_user_fk;\n") != std::string::npos);
    CHECK(sql.find("ALTER TABLE orders\n    ADD CONSTRAINT orders_user_fk FOREIGN KEY IF NOT EXISTS (user_id) "
                   "REFERENCES users (id);\n") != std::string::npos);
    // The key is dropped before, and added after, the column changes of both tables.
    const auto drop = sql.find("DROP FOREIGN KEY");
    const auto add = sql.find("ADD CONSTRAINT");
    const auto users_alter = sql.find("MODIFY COLUMN IF EXISTS id bigint");
    const auto orders_alter = sql.find("MODIFY COLUMN IF EXISTS user_id bigint");
    CHECK(drop < users_alter);
    CHECK(drop < orders_alter);
    CHECK(users_alter < add);
    CHECK(orders_alter < add);
}

TEST_CASE("emit::mysql renames: a column rename with an alter is one CHANGE, the table rename a statement after it") {
    core::Table from;
    from.name = "members";
    core::Table to = from;
    to.name = "users";
    auto nick = column("nick", "varchar(20)");
    auto renamed = nick;
    renamed.name = "nickname";
    auto wider = renamed;
    wider.type = "varchar(50)";
    // Upgrade convention: the table's parts name it by its new name and the column by its new name.
    const std::string up = section({
        diff::RenameTable{from.qualified(), from, to},
        diff::RenameColumn{users, nick, renamed},
        diff::AlterColumn{users, renamed, wider, diff::change_type},
    });
    // MariaDB 10.11 keeps the old table beside the renamed copy when one ALTER copies and renames a table whose name
    // is encoded on disk: the rename is its own statement (fixture mysql/pairs/rename_with_copy).
    CHECK(up.find("ALTER TABLE IF EXISTS members\n"
                  "    CHANGE COLUMN IF EXISTS nick nickname varchar(50);\n"
                  "ALTER TABLE IF EXISTS members\n"
                  "    RENAME TO users;\n") != std::string::npos);
    // Downgrade convention (reversed ops): parts name the table and the column as they are before the renames.
    const std::string down = section({
        diff::AlterColumn{users, wider, renamed, diff::change_type},
        diff::RenameColumn{users, renamed, nick},
        diff::RenameTable{to.qualified(), to, from},
    });
    CHECK(down.find("ALTER TABLE IF EXISTS users\n"
                    "    CHANGE COLUMN IF EXISTS nickname nick varchar(20);\n"
                    "ALTER TABLE IF EXISTS users\n"
                    "    RENAME TO members;\n") != std::string::npos);
}

TEST_CASE("emit::mysql changes a primary key and its AUTO_INCREMENT column in one statement") {
    auto id = column("id", "int", false);
    id.autoincrement = true;
    auto plain_id = id;
    plain_id.autoincrement = false;
    auto seq = column("seq", "bigint unsigned", false);
    seq.autoincrement = true;
    const std::string sql = section({
        diff::DropPrimaryKey{users, core::PrimaryKey{std::nullopt, {"id"}}, {}},
        diff::AlterColumn{users, id, plain_id, diff::change_autoincrement},
        diff::AddColumn{users, seq, diff::Placement{false, "name"}},
        diff::AddPrimaryKey{users, core::PrimaryKey{std::nullopt, {"seq"}}, {}},
    });
    CHECK(sql.find("ALTER TABLE users\n"
                   "    DROP INDEX IF EXISTS `PRIMARY`,\n"
                   "    MODIFY COLUMN IF EXISTS id int NOT NULL,\n"
                   "    ADD COLUMN IF NOT EXISTS seq bigint unsigned NOT NULL AUTO_INCREMENT AFTER name,\n"
                   "    ADD PRIMARY KEY (seq);\n") != std::string::npos);
    // Added alone, a key first drops any a failed run left, so that the statement can run again.
    CHECK(statements(diff::AddPrimaryKey{users, core::PrimaryKey{std::nullopt, {"seq"}}, {}}) ==
          std::vector<std::string>{"ALTER TABLE users\n    DROP INDEX IF EXISTS `PRIMARY`,\n    ADD PRIMARY KEY (seq);"});
    CHECK(statements(diff::DropPrimaryKey{users, core::PrimaryKey{std::nullopt, {"id"}}, {}}, Dialect::mysql) ==
          std::vector<std::string>{"ALTER TABLE users\n    DROP PRIMARY KEY;"});
}

TEST_CASE("emit::mysql drops and adds a generated column whose storage changes, where it stood") {
    auto virtual_total = column("total", "int");
    virtual_total.generated = core::Generated{"a * b", false};
    auto stored_total = virtual_total;
    stored_total.generated->stored = true;
    CHECK(statements(diff::AlterColumn{users, virtual_total, stored_total, diff::change_generated,
                                       diff::Placement{false, "b"}, diff::Placement{false, "b"}}) ==
          std::vector<std::string>{"ALTER TABLE users\n"
                                   "    DROP COLUMN IF EXISTS total,\n"
                                   "    ADD COLUMN total int GENERATED ALWAYS AS (a * b) STORED AFTER b;"});
    auto other_expression = virtual_total;
    other_expression.generated->expression = "a + b";
    CHECK(statements(diff::AlterColumn{users, virtual_total, other_expression, diff::change_generated}) ==
          std::vector<std::string>{"ALTER TABLE users\n"
                                   "    MODIFY COLUMN IF EXISTS total int GENERATED ALWAYS AS (a + b) VIRTUAL;"});
}

TEST_CASE("emit::mysql table options: a new default charset restates the character columns") {
    core::Table from;
    from.name = "notes";
    from.columns = {column("id", "int", false), column("title", "varchar(100)", false), column("body", "text")};
    from.options.mysql.charset = "latin1";
    core::Table to = from;
    to.options.mysql.charset = "utf8mb4";
    to.options.mysql.collation = "utf8mb4_unicode_ci";
    to.options.mysql.engine = "InnoDB";
    to.comment = "notes";
    auto body = column("body", "mediumtext");
    const std::string sql = section({
        diff::AlterTable{from.qualified(), from, to, diff::change_options | diff::change_comment},
        diff::AlterColumn{from.qualified(), column("body", "text"), body, diff::change_type},
    });
    CHECK(sql.find("ALTER TABLE notes\n"
                   "    ENGINE=InnoDB,\n"
                   "    DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,\n"
                   "    MODIFY COLUMN IF EXISTS title varchar(100) NOT NULL,\n"
                   "    COMMENT='notes',\n"
                   "    MODIFY COLUMN IF EXISTS body mediumtext;\n") != std::string::npos);
}

TEST_CASE("emit::mysql views, triggers and routines: replaced in place on MariaDB, with DELIMITER for bodies") {
    core::View view;
    view.name = "cheap";
    view.definition = "select `items`.`id` AS `id` from `items` where `items`.`price` < 10";
    CHECK(statements(diff::CreateView{{"", "cheap"}, view, {}}) ==
          std::vector<std::string>{"CREATE OR REPLACE VIEW cheap AS " + view.definition + ";"});
    CHECK(statements(diff::DropView{{"", "cheap"}, view, {}}) == std::vector<std::string>{"DROP VIEW IF EXISTS cheap;"});

    core::Trigger trigger;
    trigger.table = "items";
    trigger.name = "items_audit";
    trigger.definition = "CREATE TRIGGER items_audit AFTER UPDATE ON items FOR EACH ROW BEGIN\n"
                         "  INSERT INTO audit (note) VALUES ('$$');\nEND";
    CHECK(statements(diff::CreateTrigger{{"", "items"}, trigger, {}}) ==
          std::vector<std::string>{"DELIMITER //",
                                   "CREATE OR REPLACE TRIGGER items_audit AFTER UPDATE ON items FOR EACH ROW BEGIN\n"
                                   "  INSERT INTO audit (note) VALUES ('$$');\nEND//",
                                   "DELIMITER ;"});
    core::Routine routine;
    routine.name = "item_count";
    routine.definition = "CREATE FUNCTION item_count() RETURNS int RETURN (SELECT COUNT(*) FROM items);";
    CHECK(statements(diff::CreateRoutine{{"", "item_count"}, routine, {}}) ==
          std::vector<std::string>{"CREATE OR REPLACE FUNCTION item_count() RETURNS int RETURN (SELECT COUNT(*) FROM items);"});
    CHECK(statements(diff::CreateRoutine{{"", "item_count"}, routine, {}}, Dialect::mysql) ==
          std::vector<std::string>{"DROP FUNCTION IF EXISTS item_count;",
                                   "CREATE FUNCTION item_count() RETURNS int RETURN (SELECT COUNT(*) FROM items);"});
    routine.kind = "procedure";
    CHECK(statements(diff::DropRoutine{{"", "item_count"}, routine, {}}) ==
          std::vector<std::string>{"DROP PROCEDURE IF EXISTS item_count;"});
    routine.definition = "RETURN 1";
    CHECK_THROWS_AS(statements(diff::CreateRoutine{{"", "item_count"}, routine, {}}), Error);
}

TEST_CASE("emit::mysql MySQL 8 gets no MariaDB-only syntax") {
    auto check = core::CheckConstraint{"positive", "id > 0"};
    CHECK(statements(diff::DropCheck{users, check, {}}, Dialect::mysql) ==
          std::vector<std::string>{"ALTER TABLE users\n    DROP CHECK positive;"});
    CHECK(statements(diff::AddCheck{users, check, {}}, Dialect::mysql) ==
          std::vector<std::string>{"ALTER TABLE users\n    ADD CONSTRAINT positive CHECK (id > 0);"});
    CHECK(statements(diff::AddCheck{users, check, {}}) ==
          std::vector<std::string>{"ALTER TABLE users\n    ADD CONSTRAINT IF NOT EXISTS positive CHECK (id > 0);"});
    const std::string sql = section({diff::AddColumn{users, column("nick", "text"), diff::Placement{true, {}}},
                                     diff::DropIndex{users, index_on("ix", {"nick"})}},
                                    Dialect::mysql);
    CHECK(sql.find("IF NOT EXISTS") == std::string::npos);
    CHECK(sql.find("IF EXISTS") == std::string::npos);
    CHECK(sql.find("ADD COLUMN nick text FIRST") != std::string::npos);
}

TEST_CASE("emit::renderer_for gives the MySQL renderer for mysql and mariadb") {
    for (auto dialect : {Dialect::mysql, Dialect::mariadb}) {
        const auto renderer = emit::renderer_for(dialect);
        REQUIRE(renderer != nullptr);
        CHECK(dynamic_cast<const MysqlRenderer*>(renderer.get()) != nullptr);
    }
}

TEST_CASE("mysql renderer: a statement that drops a column leaves out a MODIFY of it") {
    // The server refuses the pair (unknown column); lower() takes AUTO_INCREMENT off a column whose key goes, and the
    // column may be dropped in the same statement (soak seed 1297).
    auto id = column("id", "int", false);
    id.autoincrement = true;
    auto plain = id;
    plain.autoincrement = false;
    const std::string text = section({diff::DropColumn{users, id, {}},
                                      diff::AlterColumn{users, id, plain, diff::change_autoincrement, {}, {}},
                                      diff::DropPrimaryKey{users, core::PrimaryKey{std::nullopt, {"id"}}, {}}});
    CHECK(text.find("MODIFY") == std::string::npos);
    CHECK(text.find("DROP COLUMN IF EXISTS id") != std::string::npos);
    CHECK(text.find("DROP INDEX IF EXISTS `PRIMARY`") != std::string::npos);
    // Alone, the MODIFY stays.
    CHECK(section({diff::AlterColumn{users, id, plain, diff::change_autoincrement, {}, {}}}).find("MODIFY COLUMN IF EXISTS id int NOT NULL") !=
          std::string::npos);
}

TEST_CASE("mysql renderer: a generated column renamed and regenerated in one statement is dropped and added under its new name") {
    // Soak seed 1729: CHANGE label shown beside DROP shown and ADD shown is refused (duplicate column name).
    auto label = column("label", "varchar(100)");
    label.generated = core::Generated{"ucase(`group`)", true};
    auto shown = label;
    shown.name = "shown";
    auto virtual_shown = shown;
    virtual_shown.generated = core::Generated{"lcase(`group`)", false};
    diff::RenameColumn rename{users, label, shown};
    diff::AlterColumn regenerate{users, shown, virtual_shown, diff::change_generated, {false, "group"}, {false, "group"}};
    const std::string up = section({rename, regenerate});
    CHECK(up.find("CHANGE") == std::string::npos);
    CHECK(up.find("DROP COLUMN IF EXISTS label") != std::string::npos);
    CHECK(up.find("ADD COLUMN IF NOT EXISTS shown varchar(100) GENERATED ALWAYS AS (lcase(`group`)) VIRTUAL AFTER `group`") !=
          std::string::npos);
    // The downgrade regenerates under the new name, then renames back.
    diff::AlterColumn back{users, virtual_shown, shown, diff::change_generated, {false, "group"}, {false, "group"}};
    diff::RenameColumn unrename{users, shown, label};
    const std::string down = section({back, unrename});
    CHECK(down.find("CHANGE") == std::string::npos);
    CHECK(down.find("DROP COLUMN IF EXISTS shown") != std::string::npos);
    CHECK(down.find("ADD COLUMN IF NOT EXISTS label varchar(100) GENERATED ALWAYS AS (ucase(`group`)) STORED AFTER `group`") !=
          std::string::npos);
}
