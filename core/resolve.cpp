#include "core/resolve.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/names.hpp"
#include "core/sql_lexer.hpp"
#include "core/types.hpp"
#include "core/validate.hpp"

namespace autogen::core {
namespace {

std::string ascii_upper(std::string text) {
    for (char& c : text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return text;
}

std::string column_path(std::size_t table, std::size_t column) {
    return fmt::format("{}.columns[{}]", list_path("tables", table), column);
}

// Runs `step`, giving an Error without a location the path and name of the node it concerns.
// (The object is named only when reading a model in another dialect: on load the path says it all.)
// Path and object are functions: they are spelled only for an error, not for each of 100,000 columns.
template <class Path, class Object, class Step>
void at_path(const Path& path, const Object& object, Step step) {
    try {
        step();
    } catch (Error& e) {
        if (e.location.empty()) e.at(path());
        if (e.object.empty()) e.on(object());
        throw;
    }
}

std::string qualified(const std::string& schema, const std::string& name) {
    return schema.empty() ? name : schema + "." + name;
}

template <class T>
void clear_schema(T& item, Dialect dialect) {
    if (is_default_schema(item.schema, dialect)) item.schema.clear();
}

template <class T>
void clear_schemas(std::optional<std::vector<T>>& items, Dialect dialect) {
    if (!items) return;
    for (T& item : *items) clear_schema(item, dialect);
}

void clear_dependency_schemas(std::optional<std::vector<Dependency>>& dependencies, Dialect dialect) {
    if (!dependencies) return;
    for (Dependency& dependency : *dependencies) clear_schema(dependency, dialect);
}

// Introspection never writes the default schema, so a target that names it must not differ.
void clear_default_schemas(Schema& schema, Dialect dialect) {
    if (default_schema(dialect).empty()) return;
    std::erase_if(schema.schemas, [&](const std::string& name) { return is_default_schema(name, dialect); });
    clear_schemas(schema.extensions, dialect);
    clear_schemas(schema.domains, dialect);
    clear_schemas(schema.enums, dialect);
    clear_schemas(schema.sequences, dialect);
    clear_schemas(schema.tables, dialect);
    if (schema.tables) {
        for (Table& table : *schema.tables) {
            for (ForeignKey& key : table.foreign_keys) {
                if (is_default_schema(key.references.schema, dialect)) key.references.schema.clear();
            }
        }
    }
    clear_schemas(schema.views, dialect);
    if (schema.views) {
        for (View& view : *schema.views) clear_dependency_schemas(view.depends_on, dialect);
    }
    clear_schemas(schema.routines, dialect);
    if (schema.routines) {
        for (Routine& routine : *schema.routines) clear_dependency_schemas(routine.depends_on, dialect);
    }
    clear_schemas(schema.triggers, dialect);
    if (schema.triggers) {
        for (Trigger& trigger : *schema.triggers) clear_dependency_schemas(trigger.depends_on, dialect);
    }
    for (NotCompared& item : schema.not_compared) clear_schema(item, dialect);
}

// Reads the model's type texts (written in `from`) and spells them in `to`, inlining portable enums and
// domains where `to` has no such objects.
class TypeReader {
public:
    TypeReader(const Schema& schema, Dialect from, Dialect to, bool check_type_names)
        : schema_(schema), from_(from), to_(to) {
        auto add = [&](const auto& items) {
            if (!items) return;
            for (const auto& item : *items) user_types_.push_back(canonical_identifier(item.name));
        };
        add(schema.enums);
        add(schema.domains);
        // A model that lists extensions may use their types (geometry, citext, vector, ...) under any name.
        any_identifier_ = schema.extensions.has_value() || !check_type_names;
    }

    Type parse(const std::string& text) const { return parse_type(text, from_, user_types_, any_identifier_); }

    std::string spell(const Type& type, int depth = 0) const {
        const bool inline_user_types = from_ == Dialect::portable && to_ != Dialect::portable && to_ != Dialect::postgresql;
        if (!inline_user_types || is_builtin_type(type)) return canonical_type(type, to_);
        if (depth > 8) throw Error(fmt::format("domain \"{}\" is defined in terms of itself", type.base));
        if (const Enum* item = find(schema_.enums, type.base)) {
            if (type.array_dims > 0) throw Error(fmt::format("{} has no arrays of enum \"{}\"", display_name(to_), item->name));
            if (to_ == Dialect::sqlite) return "TEXT";
            std::vector<std::string> quoted;
            for (const std::string& value : item->values) {
                std::string escaped;
                for (char c : value) escaped += c == '\'' ? std::string("''") : c == '\\' ? std::string("\\\\") : std::string(1, c);
                quoted.push_back("'" + escaped + "'");
            }
            if (quoted.empty()) throw Error(fmt::format("enum \"{}\" has no values, which {} cannot hold", item->name, display_name(to_)));
            return canonical_type(fmt::format("enum({})", fmt::join(quoted, ",")), to_);
        }
        if (const Domain* domain = find(schema_.domains, type.base)) {
            if (type.array_dims > 0) throw Error(fmt::format("{} has no arrays of domain \"{}\"", display_name(to_), domain->name));
            return spell(parse(domain->type), depth + 1);
        }
        return canonical_type(type, to_);
    }

private:
    template <class T>
    static const T* find(const std::optional<std::vector<T>>& items, const std::string& base) {
        if (!items) return nullptr;
        for (const T& item : *items) {
            const std::string name = canonical_identifier(item.name);
            if (base == name || base == canonical_identifier(item.schema) + "." + name) return &item;
        }
        return nullptr;
    }

    const Schema& schema_;
    Dialect from_;
    Dialect to_;
    std::vector<std::string> user_types_;
    bool any_identifier_ = false;
};

// MariaDB implements json as longtext with CHECK (json_valid(col)) named after the column; introspection
// sees that check, so the model carries it too.
void add_json_check(Table& table, const Column& column) {
    const std::string expression = fmt::format("json_valid(`{}`)", column.name);
    const bool present = std::any_of(table.checks.begin(), table.checks.end(), [&](const CheckConstraint& check) {
        return check.expression == expression || (check.name && same_name(*check.name, column.name, Dialect::mariadb, NameKind::constraint));
    });
    if (!present) table.checks.push_back(CheckConstraint{column.name, expression, true, std::nullopt});
}

// The NULLS position a dialect uses when none is given; stating it changes nothing.
std::optional<std::string> default_nulls(Dialect dialect, const std::string& order) {
    if (dialect == Dialect::postgresql) return order == "asc" ? "last" : "first";  // NULLs sort as largest
    if (dialect == Dialect::sqlite) return order == "asc" ? "first" : "last";      // NULLs sort as smallest
    return std::nullopt;
}

// Also drops the default method, so that a target that does not name it equals a database that reports it:
// "btree" on PostgreSQL and InnoDB, "hash" on a MySQL MEMORY table (where a BTREE index must say so).
void drop_index_defaults(std::vector<Index>& indexes, Dialect dialect, bool hash_default = false) {
    for (Index& index : indexes) {
        const char* default_method = hash_default ? "hash" : "btree";
        if (index.method && ascii_lower(*index.method) == default_method && (dialect == Dialect::postgresql || is_mysql_family(dialect)))
            index.method.reset();
        for (IndexKey& key : index.keys) {
            if (key.nulls && key.nulls == default_nulls(dialect, key.order)) key.nulls.reset();
        }
    }
}

bool is_portable_keyword(const std::string& upper) {
    return upper == "TRUE" || upper == "FALSE" || upper == "NULL" || upper == "CURRENT_TIMESTAMP" ||
           upper == "CURRENT_DATE" || upper == "CURRENT_TIME";
}

// Portable defaults are literals and a few keywords; the keywords are spelled in upper case, then each
// dialect's own way (booleans are 1/0 where they are tinyint or have no type of their own).
std::optional<std::string> portable_default(const std::optional<std::string>& value, Dialect to) {
    if (!value) return value;
    const std::string upper = ascii_upper(*value);
    if (!is_portable_keyword(upper)) return value;
    if (upper == "TRUE" || upper == "FALSE") {
        if (to == Dialect::postgresql) return upper == "TRUE" ? "true" : "false";
        if (to == Dialect::portable) return upper;
        return upper == "TRUE" ? "1" : "0";
    }
    return upper;
}

// The range of PostgreSQL's integer types, which bounds a sequence of that type; std::nullopt for others.
std::optional<std::pair<std::int64_t, std::int64_t>> integer_range(const std::string& type) {
    if (type == "smallint") return std::pair<std::int64_t, std::int64_t>{-32768, 32767};
    if (type == "integer") return std::pair<std::int64_t, std::int64_t>{-2147483648LL, 2147483647};
    if (type == "bigint") return std::pair<std::int64_t, std::int64_t>{INT64_MIN, INT64_MAX};
    return std::nullopt;
}

// Sequence options equal to what PostgreSQL assumes when they are not given (CREATE SEQUENCE: increment 1,
// MINVALUE 1 / type minimum, MAXVALUE type maximum / -1, START at MINVALUE / MAXVALUE by direction, CACHE 1)
// are dropped, so that a target stating them and one leaving them out read the same, as introspection omits
// them. Options are compared as a whole otherwise, so the omitted set must be the same on both sides.
template <class Options>
void drop_sequence_defaults(Options& options, const std::string& type) {
    if (options.increment == 1) options.increment.reset();
    if (options.cache == 1) options.cache.reset();
    const auto range = integer_range(type);
    if (!range) return;
    const bool ascending = options.increment.value_or(1) > 0;
    const std::int64_t min_default = ascending ? 1 : range->first;
    const std::int64_t max_default = ascending ? range->second : -1;
    const std::int64_t min = options.min.value_or(min_default);
    const std::int64_t max = options.max.value_or(max_default);
    if (options.start == (ascending ? min : max)) options.start.reset();
    if (options.min == min_default) options.min.reset();
    if (options.max == max_default) options.max.reset();
}

void drop_postgres_sequence_defaults(Schema& schema) {
    if (schema.sequences) {
        for (Sequence& sequence : *schema.sequences) {
            if (sequence.type == "bigint") sequence.type.reset();
            drop_sequence_defaults(sequence, sequence.type.value_or("bigint"));
        }
    }
    if (schema.tables) {
        for (Table& table : *schema.tables)
            for (Column& column : table.columns)
                if (column.identity) drop_sequence_defaults(*column.identity, column.type);
    }
}

// Reads every type of `schema` (written in `from`) in `to`; also the part of canonicalize that
// resolve shares.
void convert_types(Schema& schema, const Schema& source, Dialect from, Dialect to, bool check_type_names) {
    const TypeReader reader(source, from, to, check_type_names);
    const bool name_objects = from != to;
    auto object = [&](const std::string& text) { return name_objects ? text : std::string(); };
    if (schema.tables) {
        for (std::size_t t = 0; t < schema.tables->size(); ++t) {
            Table& table = (*schema.tables)[t];
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                Column& column = table.columns[c];
                at_path([&] { return column_path(t, c) + ".type"; },
                        [&] { return object("column " + qualified(table.schema, table.name) + "." + column.name); }, [&] {
                    Type type = reader.parse(column.type);
                    if (auto integer = serial_integer_type(type)) {
                        type = *integer;  // serial is integer + a sequence it owns: MODEL.md's autoincrement
                        column.autoincrement = true;
                    }
                    column.type = reader.spell(type);
                    const bool json = type.base == "json" || (type.dialect == Dialect::portable && type.base == "jsonb");
                    if (to == Dialect::mariadb && json && is_builtin_type(type)) add_json_check(table, column);
                    // SQLite autoincrements only an INTEGER PRIMARY KEY (the 64-bit rowid), whatever the
                    // portable integer type says.
                    if (from == Dialect::portable && to == Dialect::sqlite && column.autoincrement &&
                        (type.base == "smallint" || type.base == "integer" || type.base == "bigint")) {
                        column.type = "INTEGER";
                    }
                });
                if (from == Dialect::portable) column.default_value = portable_default(column.default_value, to);
            }
            drop_index_defaults(table.indexes, to, is_mysql_family(to) && has_hash_default(table));
        }
    }
    if (schema.views) {
        for (View& view : *schema.views) drop_index_defaults(view.indexes, to);
    }
    if (schema.domains) {
        for (std::size_t d = 0; d < schema.domains->size(); ++d) {
            Domain& domain = (*schema.domains)[d];
            at_path([&] { return list_path("domains", d) + ".type"; },
                    [&] { return object("domain " + qualified(domain.schema, domain.name)); }, [&] {
                const Type type = reader.parse(domain.type);
                if (serial_integer_type(type)) throw Error("serial is not a type: a domain cannot be serial");
                domain.type = reader.spell(type);
            });
            if (from == Dialect::portable) domain.default_value = portable_default(domain.default_value, to);
        }
    }
    if (schema.sequences) {
        for (std::size_t s = 0; s < schema.sequences->size(); ++s) {
            Sequence& sequence = (*schema.sequences)[s];
            if (!sequence.type) continue;
            at_path([&] { return list_path("sequences", s) + ".type"; },
                    [&] { return object("sequence " + qualified(sequence.schema, sequence.name)); }, [&] {
                const Type type = reader.parse(*sequence.type);
                sequence.type = reader.spell(type);
            });
        }
    }
    if (to == Dialect::postgresql) drop_postgres_sequence_defaults(schema);
}

[[noreturn]] void not_in(Dialect dialect, const std::string& what, const std::string& path) {
    throw Error(fmt::format("{} has no {}", display_name(dialect), what)).at(path);
}

// Object kinds a dialect does not have: an empty list becomes "not managed", a non-empty one is an error.
template <class T>
void drop_kind(std::optional<std::vector<T>>& items, Dialect dialect, const std::string& list, const std::string& what) {
    if (!items) return;
    if (!items->empty()) not_in(dialect, what, list_path(list, 0));
    items.reset();
}

// What TypeReader reads of a model: its type names (enums, domains) and whether it lists extensions. Converting
// a model in place needs these as they were, and a copy of the whole model (tables above all) costs more than
// every other step of a large check.
Schema type_source(const Schema& schema) {
    Schema source;
    source.dialect = schema.dialect;
    source.extensions = schema.extensions;
    source.enums = schema.enums;
    source.domains = schema.domains;
    return source;
}

bool has_four_byte_character(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xF0; });
}

// MariaDB 10.11 stores table, column and index comments in utf8mb3, turning each 4-byte character (emoji, rare
// CJK) into '?', and reports ENUM and SET values through information_schema and SHOW CREATE TABLE the same way
// (the values themselves are kept): such a target could never be read back as written, so it is refused.
void refuse_four_byte_metadata(const Schema& schema, Dialect dialect) {
    if (!schema.tables) return;
    auto refuse = [&](const std::string& what, const std::string& path) {
        throw Error(fmt::format("{} holds a 4-byte UTF-8 character (such as an emoji), which {} stores or reports as '?' "
                                "in its catalog: it could never compare equal; use characters of the Basic Multilingual Plane",
                                what, display_name(dialect)),
                    ErrorKind::unsupported)
            .at(path);
    };
    for (std::size_t t = 0; t < schema.tables->size(); ++t) {
        const Table& table = (*schema.tables)[t];
        const std::string name = qualified(table.schema, table.name);
        if (table.comment && has_four_byte_character(*table.comment)) refuse("the comment of table " + name, list_path("tables", t) + ".comment");
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const Column& column = table.columns[c];
            if (column.comment && has_four_byte_character(*column.comment))
                refuse("the comment of column " + name + "." + column.name, column_path(t, c) + ".comment");
            if (has_four_byte_character(column.type))
                refuse("an ENUM or SET value of column " + name + "." + column.name, column_path(t, c) + ".type");
        }
        for (std::size_t i = 0; i < table.indexes.size(); ++i)
            if (table.indexes[i].comment && has_four_byte_character(*table.indexes[i].comment))
                refuse("the comment of index " + table.indexes[i].name.value_or("") + " on " + name,
                       fmt::format("{}.indexes[{}].comment", list_path("tables", t), i));
    }
}

}  // namespace

void canonicalize(Schema& schema, bool check_type_names) {
    clear_default_schemas(schema, schema.dialect);
    const Schema source = type_source(schema);
    convert_types(schema, source, schema.dialect, schema.dialect, check_type_names);
}

Schema resolve(const Schema& schema, Dialect dialect) { return resolve(Schema(schema), dialect); }

Schema resolve(Schema&& schema, Dialect dialect) {
    const Dialect from = schema.dialect;
    const bool compatible = from == dialect || from == Dialect::portable || (from == Dialect::mysql && dialect == Dialect::mariadb);
    if (!compatible) {
        throw Error(fmt::format("a {} model cannot be read as {}", to_string(from), to_string(dialect)));
    }
    const Schema source = type_source(schema);
    Schema out = std::move(schema);
    out.dialect = dialect;
    clear_default_schemas(out, from);
    clear_default_schemas(out, dialect);
    convert_types(out, source, from, dialect, /*check_type_names=*/false);

    if (from == Dialect::portable && dialect != Dialect::portable && dialect != Dialect::postgresql) {
        // The enums and domains were inlined into the columns that use them; the dialect has no such objects.
        out.enums.reset();
        out.domains.reset();
        drop_kind(out.extensions, dialect, "extensions", "extensions");
        if (dialect != Dialect::mariadb) drop_kind(out.sequences, dialect, "sequences", "sequences");
        if (out.tables) {
            for (std::size_t t = 0; t < out.tables->size(); ++t) {
                const Table& table = (*out.tables)[t];
                for (std::size_t c = 0; c < table.columns.size(); ++c) {
                    if (table.columns[c].identity) {
                        throw Error("identity is PostgreSQL-only; write autoincrement: true")
                            .at(column_path(t, c) + ".identity")
                            .on("column " + qualified(table.schema, table.name) + "." + table.columns[c].name);
                    }
                }
            }
        }
    }
    if (is_mysql_family(dialect)) refuse_four_byte_metadata(out, dialect);
    try {
        validate(out);
    } catch (Error& e) {
        e.detail = fmt::format("while reading the model as {}", to_string(dialect));
        throw;
    }
    return out;
}

}  // namespace autogen::core
