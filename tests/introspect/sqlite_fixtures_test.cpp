#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/introspect/sqlite_test_support.hpp"

using namespace autogen;

namespace {

// The shared fixtures live beside the repository (also in CI, where shared/ sits beside the fresh clone).
// AUTOGEN_SHARED_DIR overrides that, and a git worktree one level deeper (wt/<branch>) finds them too.
std::filesystem::path fixtures_dir() {
    std::vector<std::filesystem::path> roots;
    if (const char* env = std::getenv("AUTOGEN_SHARED_DIR")) roots.emplace_back(env);
    roots.push_back(std::filesystem::path(AUTOGEN_SOURCE_DIR) / ".." / "shared");
    roots.push_back(std::filesystem::path(AUTOGEN_SOURCE_DIR) / ".." / ".." / "shared");
    for (const auto& root : roots)
        if (std::filesystem::is_directory(root / "fixtures" / "real" / "sqlite")) return root / "fixtures" / "real" / "sqlite";
    return roots.front() / "fixtures" / "real" / "sqlite";
}

std::int64_t scalar(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    std::int64_t value = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        value = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

// What SQLite's own catalog says about a loaded fixture, counted independently of the inspector.
struct CatalogCounts {
    std::int64_t tables, views, triggers, indexes, foreign_keys, virtual_tables;
};

CatalogCounts catalog_counts(const std::string& path) {
    const std::string ordinary =
        "(SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\')";
    return {
        scalar(path, "SELECT count(*) FROM " + ordinary),
        scalar(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'view'"),
        scalar(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"),
        scalar(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN " +
                         ordinary),
        scalar(path, "SELECT count(DISTINCT t.name || '.' || f.id) FROM " + ordinary +
                         " t JOIN pragma_foreign_key_list(t.name) f"),
        scalar(path, "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual'"),
    };
}

struct ModelCounts {
    std::size_t indexes = 0, partial_indexes = 0, foreign_keys = 0, checks = 0;
};

ModelCounts model_counts(const core::Schema& schema) {
    ModelCounts counts;
    for (const auto& table : *schema.tables) {
        counts.indexes += table.indexes.size();
        counts.foreign_keys += table.foreign_keys.size();
        counts.checks += table.checks.size();
        for (const auto& index : table.indexes) counts.partial_indexes += index.where ? 1 : 0;
    }
    return counts;
}

// Structural invariants every introspected model must hold, whatever the schema.
void check_invariants(const core::Schema& schema) {
    for (const auto& table : *schema.tables) {
        CAPTURE(table.name);
        CHECK(table.name.rfind("sqlite_", 0) != 0);
        CHECK(std::is_sorted(table.indexes.begin(), table.indexes.end(),
                             [](const auto& a, const auto& b) { return a.name < b.name; }));
        for (const auto& column : table.columns) {
            CHECK_FALSE(column.name.empty());
            CHECK(!(column.generated && column.default_value));
        }
        for (const auto& fk : table.foreign_keys) {
            CHECK_FALSE(fk.columns.empty());
            CHECK(fk.references.columns.size() == fk.columns.size());
        }
        for (const auto& index : table.indexes) {
            CHECK(index.name);
            CHECK_FALSE(index.name->rfind("sqlite_autoindex_", 0) == 0);
            for (const auto& key : index.keys) CHECK(key.column.has_value() != key.expression.has_value());
        }
        for (const auto& unique : table.unique) {
            if (unique.name) CHECK_FALSE(unique.name->rfind("sqlite_autoindex_", 0) == 0);
        }
        for (const auto& check : table.checks) CHECK_FALSE(check.expression.empty());
    }
    CHECK(std::is_sorted(schema.tables->begin(), schema.tables->end(),
                         [](const auto& a, const auto& b) { return a.name < b.name; }));
    for (const auto& view : *schema.views) CHECK_FALSE(view.definition.empty());
}

}  // namespace

TEST_CASE("introspect::sqlite every real-world fixture schema introspects") {
    const auto dir = fixtures_dir();
    REQUIRE_MESSAGE(std::filesystem::is_directory(dir), dir.string());
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".sql") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 6);

    test::TempDir tmp;
    std::map<std::string, std::pair<core::Schema, CatalogCounts>> loaded;
    for (const auto& file : files) {
        const std::string name = file.stem().string();
        CAPTURE(name);
        const std::string path = tmp.file(name + ".db");
        test::exec_sql(path, test::read_text_file(file.string()));
        const CatalogCounts catalog = catalog_counts(path);
        introspect::sqlite::SqliteInspector inspector(path);
        core::Schema schema = inspector.inspect({});
        CHECK(inspector.query_count() == 4);
        check_invariants(schema);
        const ModelCounts model = model_counts(schema);
        CHECK(schema.tables->size() == static_cast<std::size_t>(catalog.tables));
        CHECK(schema.views->size() == static_cast<std::size_t>(catalog.views));
        CHECK(schema.triggers->size() == static_cast<std::size_t>(catalog.triggers));
        CHECK(model.indexes == static_cast<std::size_t>(catalog.indexes));
        CHECK(model.foreign_keys == static_cast<std::size_t>(catalog.foreign_keys));
        if (catalog.virtual_tables == 0) {
            CHECK(schema.not_compared.empty());
        } else {
            REQUIRE(schema.not_compared.size() == 1);
            CHECK(schema.not_compared[0] == core::NotCompared{"virtual_table", "", catalog.virtual_tables});
        }
        loaded.emplace(name, std::make_pair(std::move(schema), catalog));
    }

    // Counts from fixtures/real/SOURCES.md.
    REQUIRE(loaded.count("synapse") == 1);
    const auto& synapse = loaded.at("synapse").first;
    const auto synapse_counts = model_counts(synapse);
    CHECK(synapse.tables->size() == 134);
    CHECK(synapse_counts.indexes == 148);
    CHECK(synapse_counts.partial_indexes == 12);
    CHECK(synapse_counts.foreign_keys == 14);
    CHECK(synapse_counts.checks == 5);
    CHECK(synapse.triggers->size() == 1);
    CHECK(synapse.not_compared == std::vector<core::NotCompared>{{"virtual_table", "", 2}});
    for (const auto& table : *synapse.tables) {
        CHECK(table.name.rfind("event_search", 0) != 0);
        CHECK(table.name.rfind("user_directory_search", 0) != 0);
    }
    const auto& trigger = (*synapse.triggers)[0];
    CHECK(trigger.name == "partial_state_events_bad_room_id");
    CHECK(trigger.table == "partial_state_events");
    REQUIRE(trigger.depends_on);
    CHECK(*trigger.depends_on == std::vector<core::Dependency>{{"table", "", "events"}, {"table", "", "partial_state_events"}});

    REQUIRE(loaded.count("zotero") == 1);
    const auto& zotero = loaded.at("zotero").first;
    const auto zotero_counts = model_counts(zotero);
    CHECK(zotero.tables->size() == 59);
    CHECK(zotero_counts.indexes == 42);
    CHECK(zotero_counts.foreign_keys == 61);
    CHECK(zotero.triggers->size() == 12);

    REQUIRE(loaded.count("northwind") == 1);
    CHECK(loaded.at("northwind").first.views->size() == 16);
    REQUIRE(loaded.count("sakila") == 1);
    CHECK(loaded.at("sakila").first.triggers->size() == 30);
    CHECK(loaded.at("sakila").first.views->size() == 5);
}
