// Applies rendered SQLite scripts to real databases with the sqlite3 client and checks what they did.
#include <doctest/doctest.h>

#include "diff/plan.hpp"
#include "emit/sqlite/renderer.hpp"
#include "sqlite_support.hpp"

using namespace autogen;
using namespace autogen::test;
using autogen::emit::sqlite::SqliteRenderer;

namespace {

// The models below describe exactly this database.
const char* const seed_sql = R"(
PRAGMA foreign_keys=ON;
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    email TEXT NOT NULL,
    age TEXT,
    legacy TEXT
);
CREATE INDEX ix_users_email ON users (email);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    author_id INTEGER,
    body TEXT
);
CREATE TABLE notes (body TEXT NOT NULL);
INSERT INTO users (email, age, legacy) VALUES ('a@x', '30', 'l1'), ('b@x', '41', 'l2'), ('c@x', '7', 'l3'),
    ('d@x', '19', 'l4');
DELETE FROM users WHERE id = 4;
INSERT INTO posts (id, user_id, author_id, body) VALUES (10, 1, 1, 'p1'), (11, 1, 2, 'p2'), (12, 3, 99, 'p3');
INSERT INTO notes (body) VALUES ('n1'), ('n2'), ('n3'), ('n4'), ('n5');
DELETE FROM notes WHERE body IN ('n2', 'n4');
)";

core::Table users_before() {
    auto t = table("users", {col("id", "INTEGER", false), col("email", "TEXT", false), col("age", "TEXT"),
                             col("legacy", "TEXT")});
    t.columns[0].autoincrement = true;
    t.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    core::Index ix;
    ix.name = "ix_users_email";
    core::IndexKey key;
    key.column = "email";
    ix.keys.push_back(key);
    t.indexes.push_back(ix);
    return t;
}

core::ForeignKey fk(std::vector<std::string> columns, std::string table, std::string on_delete = "no action") {
    core::ForeignKey f;
    f.columns = std::move(columns);
    f.references = {"", std::move(table), {"id"}};
    f.on_delete = std::move(on_delete);
    return f;
}

core::Table posts_before() {
    auto t = table("posts", {col("id", "INTEGER"), col("user_id", "INTEGER", false), col("author_id", "INTEGER"),
                             col("body", "TEXT")});
    t.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    t.foreign_keys.push_back(fk({"user_id"}, "users", "cascade"));
    return t;
}

// users with age turned INTEGER, a CHECK added, `legacy` dropped and a NOT NULL `score` added.
diff::RebuildTable users_rebuild() {
    auto to = users_before();
    to.columns[2].type = "INTEGER";
    to.columns.erase(to.columns.begin() + 3);
    to.columns.push_back(col("score", "REAL", false));
    to.checks.push_back(check("users_age_check", "age >= 0"));
    return {users_before(), to, {"id", "email", "age", std::nullopt}, diff::change_type, diff::hazard_data_loss};
}

struct Database {
    TempDir dir;
    std::string path = dir.file("app.db");
    Database() {
        const auto seeded = apply_sql(path, seed_sql, dir.file("seed.sql"));
        REQUIRE_MESSAGE(seeded.status == 0, seeded.output);
    }
    RunResult apply(const std::vector<diff::Step>& steps) const {
        const std::string sql = SqliteRenderer{}.render_all(steps).text();
        return apply_sql(path, sql, dir.file("up.sql"));
    }
    std::string q(const std::string& sql) const { return query(path, sql); }
};

}  // namespace

TEST_CASE("emit::sqlite apply: rebuild changes a type, adds a CHECK, drops a column and keeps every row") {
    Database db;
    const std::string users_rows = db.q("SELECT id, email, age FROM users ORDER BY id");
    const std::string posts_rows = db.q("SELECT * FROM posts ORDER BY id");
    const std::string notes_rows = db.q("SELECT rowid, body FROM notes ORDER BY rowid");
    CHECK(db.q("SELECT seq FROM sqlite_sequence WHERE name = 'users'") == "4\n");

    auto notes_to = table("notes", {col("body", "TEXT", false), col("tag", "TEXT")});
    const diff::RebuildTable notes{table("notes", {col("body", "TEXT", false)}), notes_to, {"body", std::nullopt}, 0,
                                   0};
    const auto result = db.apply({step(users_rebuild(), diff::hazard_data_loss | diff::hazard_table_rewrite),
                                  step(notes, diff::hazard_table_rewrite)});
    REQUIRE_MESSAGE(result.status == 0, result.output);

    CHECK(db.q("SELECT id, email, age FROM users ORDER BY id") == users_rows);
    CHECK(db.q("SELECT typeof(age), score FROM users WHERE id = 1") == "integer|0.0\n");
    CHECK(db.q("SELECT name FROM pragma_table_info('users') ORDER BY cid") == "id\nemail\nage\nscore\n");
    // The children of the ON DELETE CASCADE foreign key survived the drop of the old table.
    CHECK(db.q("SELECT * FROM posts ORDER BY id") == posts_rows);
    // Implicit rowids are kept, gaps included.
    CHECK(db.q("SELECT rowid, body FROM notes ORDER BY rowid") == notes_rows);
    CHECK(db.q("SELECT group_concat(rowid) FROM notes") == "1,3,5\n");
    // sqlite_sequence keeps the old counter, which is above max(id) since row 4 was deleted.
    CHECK(db.q("SELECT seq FROM sqlite_sequence WHERE name = 'users'") == "4\n");
    CHECK(db.q("SELECT count(*) FROM sqlite_sequence") == "1\n");
    CHECK(db.q("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'users'") == "ix_users_email\n");
    CHECK(db.q("SELECT count(*) FROM sqlite_schema WHERE name LIKE '_autogen%'") == "0\n");
    CHECK(db.q("PRAGMA integrity_check") == "ok\n");
    CHECK(db.q("PRAGMA foreign_key_check") == "");
    // The new table has the CHECK, the next id continues the sequence, and the FK still cascades.
    CHECK(apply_sql(db.path, "INSERT INTO users (email, age, score) VALUES ('e@x', -1, 0);", db.dir.file("x.sql"))
              .status != 0);
    CHECK(apply_sql(db.path, "INSERT INTO users (email, age, score) VALUES ('e@x', 5, 0);", db.dir.file("x.sql"))
              .status == 0);
    CHECK(db.q("SELECT max(id) FROM users") == "5\n");
    CHECK(apply_sql(db.path, "DELETE FROM users WHERE id = 1;", db.dir.file("x.sql")).status == 0);
    CHECK(db.q("SELECT count(*) FROM posts") == "1\n");
}

TEST_CASE("emit::sqlite apply: a rebuild that leaves a dangling foreign key changes nothing") {
    Database db;
    const std::string schema = db.q("SELECT type, name, sql FROM sqlite_schema ORDER BY name");
    const std::string rows = db.q("SELECT * FROM posts ORDER BY id");

    // posts.author_id gets a foreign key to users, but post 12 names author 99, who does not exist.
    auto to = posts_before();
    to.foreign_keys.push_back(fk({"author_id"}, "users"));
    const diff::RebuildTable rebuild{posts_before(), to, {"id", "user_id", "author_id", "body"}, 0, 0};
    auto extra = table("audit", {col("at", "TEXT")});
    const std::vector<diff::Step> steps = {step(diff::CreateTable{extra.qualified(), extra, {}}),
                                           step(rebuild, diff::hazard_may_fail_on_existing_rows)};

    const auto result = db.apply(steps);
    CHECK(result.status != 0);
    CHECK(result.output.find("foreign keys violated") != std::string::npos);
    CHECK(db.q("SELECT type, name, sql FROM sqlite_schema ORDER BY name") == schema);
    CHECK(db.q("SELECT * FROM posts ORDER BY id") == rows);

    // A client that does not stop at errors still changes nothing: RAISE(ROLLBACK) ended the transaction.
    write_file(db.dir.file("nobail.sql"), SqliteRenderer{}.render_all(steps).text());
    run("sqlite3 " + shell_quote(db.path) + " < " + shell_quote(db.dir.file("nobail.sql")));
    CHECK(db.q("SELECT type, name, sql FROM sqlite_schema ORDER BY name") == schema);
    CHECK(db.q("SELECT * FROM posts ORDER BY id") == rows);

    // Once the orphan is gone the same script applies.
    CHECK(db.q("UPDATE posts SET author_id = NULL WHERE id = 12; SELECT changes();") == "1\n");
    const auto again = db.apply(steps);
    CHECK_MESSAGE(again.status == 0, again.output);
    CHECK(db.q("SELECT count(*) FROM pragma_foreign_key_list('posts')") == "2\n");
}

TEST_CASE("emit::sqlite apply: a rebuild that renames the table carries the children's foreign keys") {
    Database db;
    auto rebuild = users_rebuild();
    rebuild.to.name = "people";
    rebuild.to.indexes[0].name = "ix_people_email";
    const auto result = db.apply({step(rebuild)});
    REQUIRE_MESSAGE(result.status == 0, result.output);
    CHECK(db.q("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name") ==
          "notes\npeople\nposts\nsqlite_sequence\n");
    CHECK(db.q("SELECT \"table\" FROM pragma_foreign_key_list('posts')") == "people\n");
    CHECK(db.q("SELECT count(*) FROM people") == "3\n");
    CHECK(db.q("SELECT name, seq FROM sqlite_sequence") == "people|4\n");
    CHECK(db.q("SELECT name FROM sqlite_schema WHERE type = 'index'") == "ix_people_email\n");
    CHECK(db.q("PRAGMA foreign_key_check") == "");
    CHECK(apply_sql(db.path, "DELETE FROM people WHERE id = 1;", db.dir.file("x.sql")).status == 0);
    CHECK(db.q("SELECT count(*) FROM posts") == "1\n");
}

TEST_CASE("emit::sqlite apply: in-place ops run as rendered") {
    Database db;
    auto tags = table("tags", {col("id", "INTEGER", false), col("name", "TEXT", false), col("order", "INTEGER")});
    tags.primary_key = core::PrimaryKey{"tags_pkey", {"id"}};
    tags.unique.push_back(unique("tags_name_key", {"name"}));
    tags.checks.push_back(check("tags_order_check", "\"order\" >= 0"));
    tags.foreign_keys.push_back(fk({"order"}, "tags", "set null"));
    core::Index ix;
    ix.name = "ix_tags_lower";
    ix.unique = true;
    core::IndexKey key;
    key.expression = "lower(name)";
    key.order = "desc";
    ix.keys.push_back(key);
    ix.where = "\"order\" IS NOT NULL";
    tags.indexes.push_back(ix);
    auto renamed_column = col("e_mail", "TEXT", false);
    core::View view{"", "adults", false, "SELECT id, e_mail FROM users WHERE CAST(age AS INTEGER) >= 18", {}, {}, {}, {}};
    core::Trigger trigger{"", "users", "users_lower",
                          "CREATE TRIGGER users_lower AFTER INSERT ON users BEGIN UPDATE users SET e_mail = "
                          "lower(e_mail) WHERE id = NEW.id; END",
                          {}};
    auto users = users_before();
    auto renamed_table = tags;
    renamed_table.name = "labels";

    const std::vector<diff::Step> steps = {
        step(diff::CreateTable{tags.qualified(), tags, {}}),
        step(diff::RenameColumn{users.qualified(), users.columns[1], renamed_column}),
        step(diff::DropColumn{users.qualified(), users.columns[3], {}}, diff::hazard_data_loss),
        step(diff::AddColumn{users.qualified(), col("nickname", "TEXT"), {}}),
        step(diff::CreateView{{"", "adults"}, view, {}}),
        step(diff::CreateTrigger{{"", "users"}, trigger, {}}),
        step(diff::RenameTable{tags.qualified(), tags, renamed_table}),
        step(diff::DropIndex{users.qualified(), users.indexes[0], {}}),
    };
    const auto result = db.apply(steps);
    REQUIRE_MESSAGE(result.status == 0, result.output);
    CHECK(db.q("SELECT name FROM pragma_table_info('users') ORDER BY cid") == "id\ne_mail\nage\nnickname\n");
    CHECK(db.q("SELECT id FROM adults ORDER BY id") == "1\n2\n");
    CHECK(apply_sql(db.path, "INSERT INTO users (e_mail) VALUES ('UP@X');", db.dir.file("x.sql")).status == 0);
    CHECK(db.q("SELECT e_mail FROM users WHERE id = 5") == "up@x\n");
    CHECK(db.q("SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name") ==
          "ix_tags_lower\nsqlite_autoindex_labels_1\n");
    CHECK(apply_sql(db.path, "INSERT INTO labels (id, name, \"order\") VALUES (1, 'a', -1);", db.dir.file("x.sql"))
              .status != 0);

    // Changing the view and the trigger is a drop and a create.
    auto view2 = view;
    view2.definition = "SELECT id FROM users";
    auto trigger2 = trigger;
    trigger2.definition = "CREATE TRIGGER users_lower BEFORE DELETE ON users BEGIN SELECT 1; END;";
    const auto changed = db.apply({step(diff::AlterView{{"", "adults"}, view, view2, diff::change_definition, {}, {}}),
                                   step(diff::AlterTrigger{{"", "users"}, trigger, trigger2, diff::change_definition,
                                                           {}, {}}),
                                   step(diff::DropTable{renamed_table.qualified(), renamed_table, {}})});
    REQUIRE_MESSAGE(changed.status == 0, changed.output);
    CHECK(db.q("SELECT count(*) FROM adults") == "4\n");
    CHECK(db.q("SELECT sql LIKE '%BEFORE DELETE%' FROM sqlite_schema WHERE name = 'users_lower'") == "1\n");
    CHECK(db.q("SELECT count(*) FROM sqlite_schema WHERE name = 'labels'") == "0\n");
}

TEST_CASE("emit::sqlite apply: views and triggers elsewhere that read the rebuilt table do not stop it") {
    Database db;
    const auto seeded = apply_sql(db.path,
                                  "CREATE VIEW user_emails AS SELECT email FROM users;\n"
                                  "CREATE TRIGGER posts_touch AFTER INSERT ON posts BEGIN "
                                  "UPDATE users SET email = email WHERE id = NEW.user_id; END;",
                                  db.dir.file("x.sql"));
    REQUIRE_MESSAGE(seeded.status == 0, seeded.output);
    const auto result = db.apply({step(users_rebuild())});
    REQUIRE_MESSAGE(result.status == 0, result.output);
    CHECK(db.q("SELECT count(*) FROM user_emails") == "3\n");
    CHECK(apply_sql(db.path, "INSERT INTO posts (user_id) VALUES (2);", db.dir.file("x.sql")).status == 0);
}

TEST_CASE("emit::sqlite apply: a rebuild that adds AUTOINCREMENT starts the sequence at the copied maximum") {
    TempDir dir;
    const std::string db = dir.file("c.db");
    REQUIRE(apply_sql(db, "CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER); "
                          "INSERT INTO counters VALUES (3, 1), (8, 2);", dir.file("seed.sql"))
                .status == 0);
    auto from = table("counters", {col("id", "INTEGER"), col("n", "INTEGER")});
    from.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    auto to = from;
    to.columns[0].autoincrement = true;
    to.columns[0].nullable = false;
    const auto result =
        apply_sql(db, SqliteRenderer{}.render_all({step(diff::RebuildTable{from, to, {"id", "n"}, 0, 0})}).text(),
                  dir.file("up.sql"));
    REQUIRE_MESSAGE(result.status == 0, result.output);
    CHECK(query(db, "SELECT name, seq FROM sqlite_sequence") == "counters|8\n");
    CHECK(query(db, "SELECT id, n FROM counters ORDER BY id") == "3|1\n8|2\n");
}

TEST_CASE("emit::sqlite apply: rebuilds in an attached schema are checked there too") {
    TempDir dir;
    const std::string main_db = dir.file("main.db");
    const std::string aux_db = dir.file("aux.db");
    REQUIRE(apply_sql(aux_db, "CREATE TABLE parents (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT); "
                              "CREATE TABLE kids (parent_id INTEGER, v TEXT); "
                              "INSERT INTO parents (v) VALUES ('a'), ('b'); INSERT INTO kids VALUES (1, 'k'), (7, 'orphan');",
                      dir.file("seed.sql"))
                .status == 0);
    auto kids = table("kids", {col("parent_id", "INTEGER"), col("v", "TEXT")});
    kids.schema = "aux";
    auto kids_fk = kids;
    kids_fk.foreign_keys.push_back(fk({"parent_id"}, "parents"));
    auto parents = table("parents", {col("id", "INTEGER", false), col("v", "TEXT")});
    parents.schema = "aux";
    parents.columns[0].autoincrement = true;
    parents.primary_key = core::PrimaryKey{std::nullopt, {"id"}};
    auto parents_to = parents;
    parents_to.columns[1].nullable = false;
    const std::vector<diff::Step> steps = {step(diff::RebuildTable{parents, parents_to, {"id", "v"}, 0, 0}),
                                           step(diff::RebuildTable{kids, kids_fk, {"parent_id", "v"}, 0, 0})};
    const std::string sql = SqliteRenderer{}.render_all(steps).text();
    write_file(dir.file("up.sql"), sql);
    const std::string apply = "sqlite3 -bail -cmd 'PRAGMA foreign_keys=ON' -cmd " +
                              shell_quote("ATTACH '" + aux_db + "' AS aux") + " " + shell_quote(main_db) + " < " +
                              shell_quote(dir.file("up.sql"));
    const std::string schema = query(aux_db, "SELECT sql FROM sqlite_schema ORDER BY name");
    auto result = run(apply);
    CHECK(result.status != 0);
    CHECK(query(aux_db, "SELECT sql FROM sqlite_schema ORDER BY name") == schema);

    CHECK(query(aux_db, "DELETE FROM kids WHERE parent_id = 7; SELECT changes();") == "1\n");
    result = run(apply);
    REQUIRE_MESSAGE(result.status == 0, result.output);
    CHECK(query(aux_db, "SELECT \"table\" FROM pragma_foreign_key_list('kids')") == "parents\n");
    CHECK(query(aux_db, "SELECT rowid, parent_id, v FROM kids") == "1|1|k\n");
    CHECK(query(aux_db, "SELECT name, seq FROM sqlite_sequence") == "parents|2\n");
    CHECK(query(aux_db, "PRAGMA integrity_check") == "ok\n");
}

TEST_CASE("emit::sqlite apply: a plain table rename beside a rebuild still carries the children's foreign keys") {
    Database db;
    auto renamed = users_before();
    renamed.name = "members";
    auto notes_to = table("notes", {col("body", "TEXT")});
    const auto result = db.apply(
        {step(diff::RebuildTable{table("notes", {col("body", "TEXT", false)}), notes_to, {"body"}, 0, 0}),
         step(diff::RenameTable{users_before().qualified(), users_before(), renamed})});
    REQUIRE_MESSAGE(result.status == 0, result.output);
    CHECK(db.q("SELECT \"table\" FROM pragma_foreign_key_list('posts')") == "members\n");
    CHECK(db.q("PRAGMA foreign_key_check") == "");
}

TEST_CASE("emit::sqlite apply: a NOT NULL column whose default is NULL is added by a rebuild that fills the rows") {
    // ALTER TABLE ADD COLUMN refuses "NOT NULL DEFAULT NULL" even on an empty table (property seed 16); the rows
    // take the type's zero value like any NOT NULL column without a default.
    Database db;
    core::Schema before;
    before.dialect = core::Dialect::sqlite;
    before.tables = std::vector<core::Table>{table("notes", {col("body", "TEXT", false)})};
    auto after = before;
    auto flag = col("flag", "INTEGER", false);
    flag.default_value = "(NULL)";
    (*after.tables)[0].columns.push_back(flag);
    const auto plan = diff::make_plan(before, after, diff::capabilities_for(core::Dialect::sqlite));
    REQUIRE(plan.upgrade.size() == 1);
    CHECK(std::holds_alternative<diff::RebuildTable>(plan.upgrade[0].op));
    CHECK(plan.downgrade.size() == 1);
    const auto result = db.apply(plan.upgrade);
    REQUIRE_MESSAGE(result.status == 0, result.output);
    CHECK(db.q("SELECT body, flag FROM notes ORDER BY body") == "n1|0\nn3|0\nn5|0\n");
    CHECK(db.q("SELECT dflt_value, \"notnull\" FROM pragma_table_info('notes') WHERE name = 'flag'") == "NULL|1\n");
}

TEST_CASE("emit::sqlite apply: a rebuild refuses to turn NULLs of a column becoming the INTEGER PRIMARY KEY into rowids") {
    // SQLite gives a NULL inserted into an INTEGER PRIMARY KEY a new rowid, NOT NULL or not, so copying rows into
    // the rebuilt table silently invented key values (property soak seed 1787). The rebuild now stops instead,
    // as the step's may_fail_on_existing_rows hazard says it may.
    Database db;
    core::Schema before;
    before.dialect = core::Dialect::sqlite;
    auto posts = posts_before();
    posts.primary_key.reset();
    posts.foreign_keys.clear();
    before.tables = std::vector<core::Table>{posts};
    auto after = before;
    (*after.tables)[0].primary_key = core::PrimaryKey{std::nullopt, {"author_id"}};
    const auto plan = diff::make_plan(before, after, diff::capabilities_for(core::Dialect::sqlite));
    REQUIRE(plan.upgrade.size() == 1);
    CHECK((plan.upgrade[0].hazards & diff::hazard_may_fail_on_existing_rows) != 0);
    REQUIRE(apply_sql(db.path, "INSERT INTO posts (id, user_id, author_id, body) VALUES (13, 1, NULL, 'p4');",
                      db.dir.file("x.sql")).status == 0);
    const auto refused = db.apply(plan.upgrade);
    CHECK(refused.status != 0);
    CHECK(refused.output.find("holds NULL") != std::string::npos);
    CHECK(db.q("SELECT id, author_id FROM posts ORDER BY id") == "10|1\n11|2\n12|99\n13|\n");
    REQUIRE(apply_sql(db.path, "DELETE FROM posts WHERE id = 13;", db.dir.file("x.sql")).status == 0);
    const auto applied = db.apply(plan.upgrade);
    REQUIRE_MESSAGE(applied.status == 0, applied.output);
    CHECK(db.q("SELECT author_id, body FROM posts ORDER BY author_id") == "1|p1\n2|p2\n99|p3\n");
}
