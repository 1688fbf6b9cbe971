#include "introspect/postgres/catalog.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>

#include "core/error.hpp"
#include "introspect/postgres/types.hpp"

namespace autogen::introspect::postgres {
namespace {

Error shape_error(const std::string& query, const std::string& why) {
    Error error("unexpected catalog row: " + why, ErrorKind::internal);
    error.with_backend("postgres").at(query);
    return error;
}

// Typed access to one row of a named query; a missing field is a programming error, reported as such.
class Fields {
public:
    Fields(const Row& row, const char* query) : row_(row), query_(query) {}

    bool null(std::size_t i) const { return !at(i).has_value(); }
    std::string text(std::size_t i) const { return at(i).value_or(std::string()); }
    std::optional<std::string> optional_text(std::size_t i) const { return at(i); }
    bool flag(std::size_t i) const {
        const auto& value = at(i);
        return value && (*value == "t" || *value == "true");
    }
    char code(std::size_t i) const {
        const auto& value = at(i);
        return value && !value->empty() ? (*value)[0] : '\0';
    }
    std::int64_t integer(std::size_t i) const {
        const auto& value = at(i);
        if (!value) throw shape_error(query_, "NULL where a number was expected");
        std::int64_t out = 0;
        const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
        if (ec != std::errc() || end != value->data() + value->size())
            throw shape_error(query_, "\"" + *value + "\" is not an integer");
        return out;
    }
    std::optional<std::int64_t> optional_integer(std::size_t i) const {
        if (null(i)) return std::nullopt;
        return integer(i);
    }
    std::vector<std::string> array(std::size_t i) const { return parse_text_array(text(i)); }

private:
    const std::optional<std::string>& at(std::size_t i) const {
        if (i >= row_.size()) throw shape_error(query_, "field " + std::to_string(i) + " missing");
        return row_[i];
    }
    const Row& row_;
    const char* query_;
};

std::string schema_of(const std::string& nspname) { return nspname == "public" ? std::string() : nspname; }

class Builder {
public:
    // `consumed` (the same rows, when the caller gives them up) has each kind's rows freed once read, so that the
    // rows of 10,000 tables and the model built from them are not all in memory at once.
    explicit Builder(const CatalogRows& rows, CatalogRows* consumed = nullptr) : rows_(rows), consumed_(consumed) {}

    core::Schema build() {
        schema_.dialect = core::Dialect::postgresql;
        schema_.schemas_managed = true;
        for (const auto& row : rows_.schemas) schema_.schemas.push_back(Fields(row, "schemas").text(0));
        read_tables();
        read_columns();
        release(&CatalogRows::columns);
        read_constraints();
        release(&CatalogRows::constraints);
        read_views();
        read_indexes();
        release(&CatalogRows::indexes);
        read_enums();
        read_domains();
        read_sequences();
        read_extensions();
        read_routines();
        read_triggers();
        read_dependencies();
        read_not_compared();
        auto& tables = schema_.tables.emplace();
        tables.reserve(tables_.size());
        for (auto& table : tables_) tables.push_back(std::move(table));
        auto& views = schema_.views.emplace();
        views.reserve(views_.size());
        for (auto& view : views_) views.push_back(std::move(view));
        return std::move(schema_);
    }

private:
    void release(Rows CatalogRows::*kind) {
        if (consumed_ != nullptr) Rows().swap(consumed_->*kind);
    }

    void read_tables() {
        for (const auto& row : rows_.tables) {
            const Fields f(row, "tables");
            core::Table table;
            table.schema = f.text(1);
            table.name = f.text(2);
            table.options.postgresql.unlogged = f.flag(3);
            table.comment = f.optional_text(4);
            table.partition_by = f.optional_text(5);
            if (!f.null(7)) {
                // The parent is named as a sequence's owner is: bare in the partition's own schema.
                const std::string parent_schema = f.text(6);
                table.partition_of = parent_schema == table.schema
                                         ? f.text(7)
                                         : (parent_schema.empty() ? "public" : parent_schema) + "." + f.text(7);
                table.bound = f.optional_text(8);
                partitions_.insert(f.integer(0));
            }
            table_index_.emplace(f.integer(0), tables_.size());
            tables_.push_back(std::move(table));
        }
    }

    core::Table* table(std::int64_t oid) {
        const auto it = table_index_.find(oid);
        return it == table_index_.end() ? nullptr : &tables_[it->second];
    }

    void read_columns() {
        for (const auto& row : rows_.columns) {
            const Fields f(row, "columns");
            core::Table* owner = table(f.integer(0));
            // A partition has exactly its parent's columns: they are the parent's to state.
            if (owner == nullptr || partitions_.contains(f.integer(0))) continue;
            core::Column column;
            column.name = f.text(2);
            column.type = f.text(3);
            column.nullable = !f.flag(4);
            const std::optional<std::string> expression = f.optional_text(5);
            const char identity = f.code(6);
            const char generated = f.code(7);
            column.collation = f.optional_text(8);
            column.comment = f.optional_text(9);
            if (identity == 'a' || identity == 'd') {
                column.identity = core::Identity{};
                column.identity->always = identity == 'a';
            } else if (generated == 's') {
                if (!expression) throw shape_error("columns", "generated column " + column.name + " without expression");
                column.generated = core::Generated{*expression, true};
            } else if (!f.null(10)) {
                // serial: the sequence it owns is the model's autoincrement, so the sequence is not listed.
                column.autoincrement = true;
                serial_sequences_.insert(f.integer(10));
            } else {
                column.default_value = expression;
            }
            owner->columns.push_back(std::move(column));
        }
    }

    void read_constraints() {
        for (const auto& row : rows_.constraints) {
            const Fields f(row, "constraints");
            if (f.integer(1) != 0) {
                domain_checks_[f.integer(1)].push_back(
                    core::CheckConstraint{f.text(2), f.text(14), f.flag(13), std::nullopt});
                continue;
            }
            core::Table* owner = table(f.integer(0));
            if (owner == nullptr) continue;
            // CHECKs a partition inherits from its parent are the parent's.
            if (partitions_.contains(f.integer(0)) && f.code(3) == 'c' && f.integer(17) > 0) continue;
            const std::string name = f.text(2);
            switch (f.code(3)) {
                case 'p':
                    owner->primary_key = core::PrimaryKey{name, f.array(4), std::nullopt};
                    break;
                case 'u': {
                    core::UniqueConstraint unique;
                    unique.name = name;
                    unique.columns = f.array(4);
                    unique.nulls_not_distinct = f.flag(16);
                    unique.deferrable = f.flag(11);
                    unique.initially_deferred = f.flag(12);
                    owner->unique.push_back(std::move(unique));
                    break;
                }
                case 'f': {
                    core::ForeignKey fk;
                    fk.name = name;
                    fk.columns = f.array(4);
                    fk.references.schema = schema_of(f.text(5));
                    fk.references.table = f.text(6);
                    fk.references.columns = f.array(7);
                    fk.on_update = foreign_key_action(f.code(8));
                    fk.on_delete = foreign_key_action(f.code(9));
                    fk.match = foreign_key_match(f.code(10));
                    fk.deferrable = f.flag(11);
                    fk.initially_deferred = f.flag(12);
                    fk.valid = f.flag(13);
                    owner->foreign_keys.push_back(std::move(fk));
                    break;
                }
                case 'c':
                    owner->checks.push_back(core::CheckConstraint{name, f.text(14), f.flag(13), std::nullopt});
                    break;
                case 'x':
                    owner->exclusion.push_back(core::ExclusionConstraint{name, f.text(15), std::nullopt});
                    break;
                default:
                    throw shape_error("constraints", "unknown constraint type of " + name);
            }
        }
    }

    void read_views() {
        for (const auto& row : rows_.views) {
            const Fields f(row, "views");
            core::View view;
            view.schema = f.text(1);
            view.name = f.text(2);
            view.materialized = f.flag(3);
            view.definition = f.text(4);
            view.comment = f.optional_text(5);
            view.depends_on.emplace();
            view_index_.emplace(f.integer(0), views_.size());
            views_.push_back(std::move(view));
        }
    }

    // Where the indexes of a relation go: a table's list, or a materialized view's.
    std::vector<core::Index>* index_list(std::int64_t oid) {
        if (core::Table* owner = table(oid)) return &owner->indexes;
        if (const auto it = view_index_.find(oid); it != view_index_.end()) return &views_[it->second].indexes;
        return nullptr;
    }

    void read_indexes() {
        std::vector<core::Index>* owner = nullptr;
        core::Index* index = nullptr;
        std::int64_t current_table = -1;
        std::string current_name;
        for (const auto& row : rows_.indexes) {
            const Fields f(row, "indexes");
            const std::int64_t table_oid = f.integer(0);
            const std::string name = f.text(1);
            if (table_oid != current_table || name != current_name || index == nullptr) {
                current_table = table_oid;
                current_name = name;
                owner = index_list(table_oid);
                index = nullptr;
                if (owner == nullptr) continue;
                core::Index created;
                created.name = name;
                created.unique = f.flag(2);
                const std::string method = f.text(3);
                if (method != "btree") created.method = method;
                created.where = f.optional_text(12);
                created.nulls_not_distinct = f.flag(13);
                created.comment = f.optional_text(14);
                owner->push_back(std::move(created));
                index = &owner->back();
            }
            if (owner == nullptr || index == nullptr) continue;
            const std::int64_t position = f.integer(5);
            const std::int64_t key_count = f.integer(4);
            const bool expression = f.integer(6) == 0;
            if (position > key_count) {
                // INCLUDE columns are always plain columns.
                index->include.push_back(f.text(7));
                continue;
            }
            core::IndexKey key;
            if (expression) key.expression = f.text(8);
            else key.column = f.text(7);
            const std::int64_t option = f.integer(9);
            const bool desc = (option & 1) != 0;
            const bool nulls_first = (option & 2) != 0;
            key.order = desc ? "desc" : "asc";
            // NULLs sort as larger than any value: ASC puts them last, DESC first; only the other way is stated.
            if (!desc && nulls_first) key.nulls = "first";
            if (desc && !nulls_first) key.nulls = "last";
            key.opclass = f.optional_text(10);
            key.collation = f.optional_text(11);
            index->keys.push_back(std::move(key));
        }
    }

    void read_enums() {
        auto& enums = schema_.enums.emplace();
        for (const auto& row : rows_.enums) {
            const Fields f(row, "enums");
            enums.push_back(core::Enum{f.text(0), f.text(1), f.array(2), std::nullopt});
        }
    }

    void read_domains() {
        auto& domains = schema_.domains.emplace();
        for (const auto& row : rows_.domains) {
            const Fields f(row, "domains");
            core::Domain domain;
            domain.schema = f.text(1);
            domain.name = f.text(2);
            domain.type = f.text(3);
            domain.nullable = !f.flag(4);
            domain.default_value = f.optional_text(5);
            domain.collation = f.optional_text(6);
            if (const auto it = domain_checks_.find(f.integer(0)); it != domain_checks_.end()) domain.checks = it->second;
            domains.push_back(std::move(domain));
        }
    }

    void read_sequences() {
        auto& sequences = schema_.sequences.emplace();
        for (const auto& row : rows_.sequences) {
            const Fields f(row, "sequences");
            const std::int64_t oid = f.integer(0);
            const char deptype = f.code(10);
            core::Table* owner = f.null(11) ? nullptr : table(f.integer(11));
            if (deptype == 'i') {
                // An identity column's sequence: its options are the column's.
                if (owner == nullptr) continue;
                for (auto& column : owner->columns) {
                    if (column.name != f.text(14) || !column.identity) continue;
                    column.identity->start = f.integer(4);
                    column.identity->increment = f.integer(5);
                    column.identity->min = f.integer(6);
                    column.identity->max = f.integer(7);
                    column.identity->cache = f.integer(8);
                    column.identity->cycle = f.flag(9);
                }
                continue;
            }
            if (serial_sequences_.contains(oid)) continue;
            // A sequence owned by a table that is not read (excluded, or a partition) belongs to that table.
            if (deptype == 'a' && owner == nullptr) continue;
            core::Sequence sequence;
            sequence.schema = f.text(1);
            sequence.name = f.text(2);
            sequence.type = f.text(3);
            sequence.start = f.integer(4);
            sequence.increment = f.integer(5);
            sequence.min = f.integer(6);
            sequence.max = f.integer(7);
            sequence.cache = f.integer(8);
            sequence.cycle = f.flag(9);
            if (deptype == 'a') {
                const std::string table_schema = f.text(12);
                std::string owned = f.text(13) + "." + f.text(14);
                if (table_schema != sequence.schema) owned = (table_schema.empty() ? "public" : table_schema) + "." + owned;
                sequence.owned_by = owned;
            }
            sequences.push_back(std::move(sequence));
        }
    }

    void read_extensions() {
        auto& extensions = schema_.extensions.emplace();
        for (const auto& row : rows_.extensions) {
            const Fields f(row, "extensions");
            extensions.push_back(core::Extension{f.text(0), f.text(1), f.optional_text(2)});
        }
    }

    void read_routines() {
        auto& routines = schema_.routines.emplace();
        for (const auto& row : rows_.routines) {
            const Fields f(row, "routines");
            core::Routine routine;
            routine.schema = f.text(1);
            routine.name = f.text(2);
            routine.kind = f.text(3);
            routine.signature = f.text(4);
            routine.definition = f.text(5);
            routine.depends_on.emplace();
            routine_index_.emplace(f.integer(0), routines.size());
            routines.push_back(std::move(routine));
        }
    }

    void read_triggers() {
        auto& triggers = schema_.triggers.emplace();
        for (const auto& row : rows_.triggers) {
            const Fields f(row, "triggers");
            core::Trigger trigger;
            trigger.schema = f.text(1);
            trigger.table = f.text(2);
            trigger.name = f.text(3);
            trigger.definition = f.text(4);
            trigger.depends_on.emplace();
            trigger_index_.emplace(f.integer(0), triggers.size());
            triggers.push_back(std::move(trigger));
        }
    }

    void read_dependencies() {
        for (const auto& row : rows_.dependencies) {
            const Fields f(row, "dependencies");
            const std::string kind = f.text(0);
            const std::int64_t oid = f.integer(1);
            core::Dependency dependency{f.text(2), f.text(3), f.text(4)};
            std::optional<std::vector<core::Dependency>>* list = nullptr;
            if (kind == "view") {
                if (const auto it = view_index_.find(oid); it != view_index_.end()) list = &views_[it->second].depends_on;
            } else if (kind == "trigger") {
                if (const auto it = trigger_index_.find(oid); it != trigger_index_.end())
                    list = &(*schema_.triggers)[it->second].depends_on;
            } else if (kind == "routine") {
                if (const auto it = routine_index_.find(oid); it != routine_index_.end())
                    list = &(*schema_.routines)[it->second].depends_on;
            }
            if (list == nullptr) continue;
            if (std::find((*list)->begin(), (*list)->end(), dependency) == (*list)->end()) (*list)->push_back(std::move(dependency));
        }
    }

    void read_not_compared() {
        for (const auto& row : rows_.not_compared) {
            const Fields f(row, "not_compared");
            schema_.not_compared.push_back(core::NotCompared{f.text(0), f.text(1), f.integer(2)});
        }
    }

    const CatalogRows& rows_;
    CatalogRows* consumed_;
    core::Schema schema_;
    std::vector<core::Table> tables_;
    std::unordered_map<std::int64_t, std::size_t> table_index_;
    std::set<std::int64_t> serial_sequences_;
    std::set<std::int64_t> partitions_;
    std::vector<core::View> views_;
    std::unordered_map<std::int64_t, std::size_t> view_index_;
    std::unordered_map<std::int64_t, std::size_t> routine_index_;
    std::unordered_map<std::int64_t, std::size_t> trigger_index_;
    std::map<std::int64_t, std::vector<core::CheckConstraint>> domain_checks_;
};

}  // namespace

core::Schema build_schema(const CatalogRows& rows) { return Builder(rows).build(); }

core::Schema build_schema(CatalogRows&& rows) { return Builder(rows, &rows).build(); }

}  // namespace autogen::introspect::postgres
