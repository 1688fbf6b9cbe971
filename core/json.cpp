#include "core/json.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/resolve.hpp"
#include "core/types.hpp"
#include "core/validate.hpp"

namespace autogen::core {
namespace {

using OrderedJson = nlohmann::ordered_json;
using Keys = std::initializer_list<std::string_view>;

constexpr std::string_view format_prefix = "autogen-schema/";
constexpr std::string_view current_format = "autogen-schema/1";

// ---------------------------------------------------------------------------------------------
// Reading: a JSON value together with its path, so every error says where it is.

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string lower_words(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '_') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::string ascii_lower(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

// ---------------------------------------------------------------------------------------------
// Parsing: a compact document built from nlohmann's SAX events. nlohmann's DOM allocates a map node and a
// string per member and holds several times the size of the text, which dominated the time and memory of
// loading a large model; this holds values in flat arrays, a container's members (or elements) side by side,
// and every string in one buffer. Syntax errors come from nlohmann's parser all the same.

class Document {
public:
    enum class Kind : std::uint8_t { null, boolean, integer, unsigned_integer, floating, string, array, object };

    struct Value {
        Kind kind = Kind::null;
        std::uint32_t size = 0;  // string length, or how many members or elements
        std::uint64_t bits = 0;  // the boolean or number, a string's offset, a container's first member or element
    };

    struct Member {
        std::uint64_t key_offset = 0;
        std::uint32_t key_size = 0;
        std::uint32_t value = 0;
    };

    const Value& value(std::uint32_t index) const { return values_[index]; }
    std::string_view string(const Value& value) const { return {strings_.data() + value.bits, value.size}; }
    std::string_view key(const Member& member) const { return {strings_.data() + member.key_offset, member.key_size}; }
    const Member* members(const Value& object) const { return members_.data() + object.bits; }
    std::uint32_t element(const Value& array, std::size_t i) const { return elements_[array.bits + i]; }

    // nlohmann's names of the kinds, as errors have always spelled them.
    static const char* type_name(Kind kind) {
        switch (kind) {
            case Kind::null: return "null";
            case Kind::boolean: return "boolean";
            case Kind::integer:
            case Kind::unsigned_integer:
            case Kind::floating: return "number";
            case Kind::string: return "string";
            case Kind::array: return "array";
            case Kind::object: return "object";
        }
        return "";
    }

    static Document parse(const std::string& text);

private:
    friend class DocumentBuilder;
    std::vector<Value> values_;         // the root first, then in document order
    std::vector<Member> members_;       // objects' members, each object's side by side
    std::vector<std::uint32_t> elements_;  // arrays' elements, each array's side by side
    std::string strings_;               // keys and string values
};

// The SAX handler that fills a Document. Members and elements are collected on a stack while their container
// is open and moved into place when it closes, so every container's own stay contiguous. Duplicate keys, which
// a JSON object must not have, are errors with the path of their object.
class DocumentBuilder {
public:
    explicit DocumentBuilder(Document& document, std::size_t text_size) : doc_(document) {
        doc_.values_.reserve(text_size / 16);
        doc_.strings_.reserve(text_size / 2);
    }

    bool null() { return scalar(Document::Kind::null, 0); }
    bool boolean(bool value) { return scalar(Document::Kind::boolean, value ? 1 : 0); }
    bool number_integer(std::int64_t value) { return scalar(Document::Kind::integer, static_cast<std::uint64_t>(value)); }
    bool number_unsigned(std::uint64_t value) { return scalar(Document::Kind::unsigned_integer, value); }
    bool number_float(double value, const std::string&) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        return scalar(Document::Kind::floating, bits);
    }
    bool string(std::string& value) {
        const std::uint32_t index = add_value(Document::Kind::string, doc_.strings_.size());
        doc_.values_[index].size = static_cast<std::uint32_t>(value.size());
        doc_.strings_ += value;
        return true;
    }
    bool binary(nlohmann::json::binary_t&) { return true; }  // never produced when parsing JSON text

    bool start_object(std::size_t) { return open(Document::Kind::object); }
    bool start_array(std::size_t) { return open(Document::Kind::array); }

    bool key(std::string& key) {
        Frame& frame = frames_.back();
        for (std::size_t i = frame.first; i < members_.size(); ++i) {
            if (std::string_view(doc_.strings_.data() + members_[i].key_offset, members_[i].key_size) != key) continue;
            // The path of the object holding the key: the innermost frame adds nothing to it.
            throw Error(fmt::format("duplicate key \"{}\"", key)).at(path());
        }
        frame.key_offset = doc_.strings_.size();
        frame.key_size = static_cast<std::uint32_t>(key.size());
        doc_.strings_ += key;
        return true;
    }

    bool end_object() { return close(); }
    bool end_array() { return close(); }

    template <class Exception>
    bool parse_error(std::size_t, const std::string&, const Exception& error) {
        throw error;  // as nlohmann's own DOM parser does, so that syntax errors read the same
    }

private:
    struct Frame {
        std::uint32_t value = 0;        // the container
        bool is_object = false;
        std::size_t first = 0;          // where its members or elements start on their stack
        std::uint64_t key_offset = 0;   // an object's current key
        std::uint32_t key_size = 0;
        long index = -1;                // an array's current element
    };

    std::uint32_t add_value(Document::Kind kind, std::uint64_t bits) {
        const auto index = static_cast<std::uint32_t>(doc_.values_.size());
        doc_.values_.push_back(Document::Value{kind, 0, bits});
        if (!frames_.empty()) {
            Frame& frame = frames_.back();
            if (frame.is_object) {
                members_.push_back(Document::Member{frame.key_offset, frame.key_size, index});
            } else {
                ++frame.index;
                elements_.push_back(index);
            }
        }
        return index;
    }

    bool scalar(Document::Kind kind, std::uint64_t bits) {
        add_value(kind, bits);
        return true;
    }

    bool open(Document::Kind kind) {
        const std::uint32_t index = add_value(kind, 0);
        const bool is_object = kind == Document::Kind::object;
        frames_.push_back(Frame{index, is_object, is_object ? members_.size() : elements_.size(), 0, 0, -1});
        return true;
    }

    bool close() {
        const Frame frame = frames_.back();
        frames_.pop_back();
        Document::Value& value = doc_.values_[frame.value];
        if (frame.is_object) {
            value.bits = doc_.members_.size();
            value.size = static_cast<std::uint32_t>(members_.size() - frame.first);
            doc_.members_.insert(doc_.members_.end(), members_.begin() + static_cast<long>(frame.first), members_.end());
            members_.resize(frame.first);
        } else {
            value.bits = doc_.elements_.size();
            value.size = static_cast<std::uint32_t>(elements_.size() - frame.first);
            doc_.elements_.insert(doc_.elements_.end(), elements_.begin() + static_cast<long>(frame.first), elements_.end());
            elements_.resize(frame.first);
        }
        return true;
    }

    std::string path() const {
        std::string out = "$";
        for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
            if (frames_[i].is_object) out += "." + std::string(doc_.strings_, frames_[i].key_offset, frames_[i].key_size);
            else out += fmt::format("[{}]", frames_[i].index);
        }
        return out;
    }

    Document& doc_;
    std::vector<Frame> frames_;
    std::vector<Document::Member> members_;  // of the open objects
    std::vector<std::uint32_t> elements_;    // of the open arrays
};

// Syntax errors as file:line:column; duplicate keys (which nlohmann's DOM would silently collapse to the last
// one) as errors with their path.
Document parse_json(const std::string& text, const std::string& origin) {
    Document document;
    try {
        DocumentBuilder builder(document, text.size());
        nlohmann::json::sax_parse(text, &builder);
        return document;
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte is the 1-based index of the last byte read; report it as a line and a column.
        const std::size_t position = e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, text.size());
        std::size_t line = 1;
        std::size_t line_start = 0;
        for (std::size_t i = 0; i < position; ++i) {
            if (text[i] == '\n') {
                ++line;
                line_start = i + 1;
            }
        }
        std::string message = e.what();
        if (const auto at = message.find("parse error"); at != std::string::npos) {
            if (const auto colon = message.find(": ", at); colon != std::string::npos) message = message.substr(colon + 2);
        }
        throw Error("invalid JSON: " + message).at(fmt::format("{}:{}:{}", origin, line, position - line_start + 1));
    }
}

class Node {
public:
    Node(const Document& document, std::uint32_t value, std::string path)
        : doc_(document), value_(document.value(value)), path_(std::move(path)) {}

    const std::string& path() const { return path_; }

    [[noreturn]] void fail(const std::string& message) const { throw Error(message).at(path_); }

    // An object whose keys are all in `allowed`: typos are errors, never silently dropped intent.
    const Node& object(Keys allowed) const {
        if (value_.kind != Kind::object) fail(fmt::format("expected an object, got {}", type_name()));
        // Of several unknown keys the first in sorted order is reported, as it always was (nlohmann's DOM
        // iterates an object's keys sorted).
        std::optional<std::string_view> unknown;
        const Document::Member* members = doc_.members(value_);
        for (std::uint32_t m = 0; m < value_.size; ++m) {
            const std::string_view key = doc_.key(members[m]);
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            if (!unknown || key < *unknown) unknown = key;
        }
        if (!unknown) return *this;
        const std::string key(*unknown);
        std::string_view closest;
        std::size_t best = std::numeric_limits<std::size_t>::max();
        for (std::string_view candidate : allowed) {
            const std::size_t distance = edit_distance(key, candidate);
            if (distance < best) {
                best = distance;
                closest = candidate;
            }
        }
        const std::string child = path_ + "." + key;
        if (best <= 2 || (best <= key.size() / 3)) {
            throw Error(fmt::format("unknown key \"{}\" (did you mean \"{}\"?)", key, closest)).at(child);
        }
        std::vector<std::string> names(allowed.begin(), allowed.end());
        throw Error(fmt::format("unknown key \"{}\"; expected one of: {}", key, fmt::join(names, ", "))).at(child);
    }

    // Present and not null: null stands for absent, as MODEL.md writes "min": null.
    bool has(std::string_view key) const {
        const auto member = find(key);
        return member && doc_.value(*member).kind != Kind::null;
    }

    Node child(std::string_view key) const {
        return Node(doc_, *find(key), path_ + "." + std::string(key));
    }

    std::vector<Node> items() const {
        if (value_.kind != Kind::array) fail(fmt::format("expected an array, got {}", type_name()));
        std::vector<Node> out;
        out.reserve(value_.size);
        for (std::size_t i = 0; i < value_.size; ++i) out.emplace_back(doc_, doc_.element(value_, i), fmt::format("{}[{}]", path_, i));
        return out;
    }

    std::string as_string() const {
        if (value_.kind != Kind::string) fail(fmt::format("expected a string, got {}", type_name()));
        return std::string(doc_.string(value_));
    }

    std::string required_string(std::string_view key) const {
        if (!has(key)) fail(fmt::format("missing \"{}\"", key));
        return child(key).as_string();
    }

    std::string required_name(std::string_view key = "name") const {
        std::string name = required_string(key);
        if (name.empty()) child(key).fail("a name must not be empty");
        return name;
    }

    std::string string_or(std::string_view key, std::string fallback) const {
        return has(key) ? child(key).as_string() : std::move(fallback);
    }

    std::optional<std::string> optional_string(std::string_view key) const {
        if (!has(key)) return std::nullopt;
        return child(key).as_string();
    }

    bool flag(std::string_view key, bool fallback) const {
        if (!has(key)) return fallback;
        const Node node = child(key);
        if (node.value_.kind != Kind::boolean) node.fail(fmt::format("expected true or false, got {}", node.type_name()));
        return node.value_.bits != 0;
    }

    std::optional<std::int64_t> optional_integer(std::string_view key) const {
        if (!has(key)) return std::nullopt;
        const Node node = child(key);
        const Kind kind = node.value_.kind;
        if (kind != Kind::integer && kind != Kind::unsigned_integer)
            node.fail(fmt::format("expected an integer, got {}", node.type_name()));
        if (kind == Kind::unsigned_integer &&
            node.value_.bits > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            node.fail("integer out of range");
        }
        return static_cast<std::int64_t>(node.value_.bits);
    }

    // One of a closed set of lower-case words; "SET NULL" and "set_null" are accepted as "set null".
    std::string word(std::string_view key, std::string fallback, Keys allowed) const {
        if (!has(key)) return fallback;
        const Node node = child(key);
        std::string value = lower_words(node.as_string());
        if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
            std::vector<std::string> names(allowed.begin(), allowed.end());
            node.fail(fmt::format("unknown value \"{}\"; expected one of: {}", node.as_string(), fmt::join(names, ", ")));
        }
        return value;
    }

    std::vector<std::string> strings(std::string_view key) const {
        std::vector<std::string> out;
        if (!has(key)) return out;
        for (const Node& item : child(key).items()) out.push_back(item.as_string());
        return out;
    }

    std::vector<std::string> required_names(std::string_view key) const {
        if (!has(key)) fail(fmt::format("missing \"{}\"", key));
        std::vector<std::string> out;
        for (const Node& item : child(key).items()) {
            std::string name = item.as_string();
            if (name.empty()) item.fail("a name must not be empty");
            out.push_back(std::move(name));
        }
        if (out.empty()) child(key).fail("expected at least one column");
        return out;
    }

    template <class Parse>
    auto list(std::string_view key, Parse parse) const {
        std::vector<decltype(parse(std::declval<const Node&>()))> out;
        if (!has(key)) return out;
        const std::vector<Node> items = child(key).items();
        out.reserve(items.size());  // no spare capacity: a large model's column lists dominate its memory
        for (const Node& item : items) out.push_back(parse(item));
        return out;
    }

    template <class Parse>
    auto optional_list(std::string_view key, Parse parse) const {
        using Vector = std::vector<decltype(parse(std::declval<const Node&>()))>;
        if (!has(key)) return std::optional<Vector>();
        return std::optional<Vector>(list(key, parse));
    }

private:
    using Kind = Document::Kind;

    const char* type_name() const { return Document::type_name(value_.kind); }

    // The value of a member of this object, if it has one of that key.
    std::optional<std::uint32_t> find(std::string_view key) const {
        if (value_.kind != Kind::object) return std::nullopt;
        const Document::Member* members = doc_.members(value_);
        for (std::uint32_t m = 0; m < value_.size; ++m)
            if (doc_.key(members[m]) == key) return members[m].value;
        return std::nullopt;
    }

    const Document& doc_;
    const Document::Value& value_;
    std::string path_;
};

// ---------------------------------------------------------------------------------------------
// Reading each object of MODEL.md

Identity read_identity(const Node& node) {
    node.object({"always", "start", "increment", "min", "max", "cache", "cycle"});
    Identity identity;
    identity.always = node.flag("always", false);
    identity.start = node.optional_integer("start");
    identity.increment = node.optional_integer("increment");
    identity.min = node.optional_integer("min");
    identity.max = node.optional_integer("max");
    identity.cache = node.optional_integer("cache");
    identity.cycle = node.flag("cycle", false);
    return identity;
}

Generated read_generated(const Node& node) {
    node.object({"expression", "stored"});
    Generated generated;
    generated.expression = node.required_string("expression");
    if (generated.expression.empty()) node.child("expression").fail("an expression must not be empty");
    generated.stored = node.flag("stored", true);
    return generated;
}

Column read_column(const Node& node) {
    node.object({"name", "type", "nullable", "default", "identity", "autoincrement", "generated", "collation",
                 "charset", "on_update", "comment", "hidden", "renamed_from"});
    Column column;
    column.name = node.required_name();
    column.type = node.required_string("type");
    column.nullable = node.flag("nullable", true);
    column.default_value = node.optional_string("default");
    if (node.has("identity")) column.identity = read_identity(node.child("identity"));
    column.autoincrement = node.flag("autoincrement", false);
    if (node.has("generated")) column.generated = read_generated(node.child("generated"));
    column.collation = node.optional_string("collation");
    column.charset = node.optional_string("charset");
    column.on_update = node.optional_string("on_update");
    column.comment = node.optional_string("comment");
    column.hidden = node.flag("hidden", false);
    column.renamed_from = node.optional_string("renamed_from");
    return column;
}

PrimaryKey read_primary_key(const Node& node) {
    node.object({"name", "columns", "renamed_from"});
    PrimaryKey key;
    key.name = node.optional_string("name");
    key.columns = node.required_names("columns");
    key.renamed_from = node.optional_string("renamed_from");
    return key;
}

ForeignKey read_foreign_key(const Node& node) {
    node.object({"name", "columns", "references", "on_delete", "on_update", "deferrable", "initially_deferred",
                 "match", "valid", "renamed_from"});
    ForeignKey key;
    key.name = node.optional_string("name");
    key.columns = node.required_names("columns");
    if (!node.has("references")) node.fail("missing \"references\"");
    const Node references = node.child("references");
    references.object({"schema", "table", "columns"});
    key.references.schema = references.string_or("schema", "");
    key.references.table = references.required_name("table");
    key.references.columns = references.required_names("columns");
    key.on_delete = node.word("on_delete", "no action", {"no action", "restrict", "cascade", "set null", "set default"});
    key.on_update = node.word("on_update", "no action", {"no action", "restrict", "cascade", "set null", "set default"});
    key.deferrable = node.flag("deferrable", false);
    key.initially_deferred = node.flag("initially_deferred", false);
    key.match = node.word("match", "simple", {"simple", "full", "partial"});
    key.valid = node.flag("valid", true);
    key.renamed_from = node.optional_string("renamed_from");
    return key;
}

UniqueConstraint read_unique(const Node& node) {
    node.object({"name", "columns", "nulls_not_distinct", "deferrable", "initially_deferred", "renamed_from"});
    UniqueConstraint unique;
    unique.name = node.optional_string("name");
    unique.columns = node.required_names("columns");
    unique.nulls_not_distinct = node.flag("nulls_not_distinct", false);
    unique.deferrable = node.flag("deferrable", false);
    unique.initially_deferred = node.flag("initially_deferred", false);
    unique.renamed_from = node.optional_string("renamed_from");
    return unique;
}

CheckConstraint read_check(const Node& node) {
    node.object({"name", "expression", "valid", "renamed_from"});
    CheckConstraint check;
    check.name = node.optional_string("name");
    check.expression = node.required_string("expression");
    if (check.expression.empty()) node.child("expression").fail("an expression must not be empty");
    check.valid = node.flag("valid", true);
    check.renamed_from = node.optional_string("renamed_from");
    return check;
}

ExclusionConstraint read_exclusion(const Node& node) {
    node.object({"name", "definition", "renamed_from"});
    ExclusionConstraint exclusion;
    exclusion.name = node.optional_string("name");
    exclusion.definition = node.required_string("definition");
    exclusion.renamed_from = node.optional_string("renamed_from");
    return exclusion;
}

IndexKey read_index_key(const Node& node) {
    node.object({"column", "expression", "order", "nulls", "opclass", "collation", "length"});
    IndexKey key;
    key.column = node.optional_string("column");
    key.expression = node.optional_string("expression");
    if (key.column.has_value() == key.expression.has_value()) node.fail("an index key has either \"column\" or \"expression\"");
    if (key.column && key.column->empty()) node.child("column").fail("a name must not be empty");
    if (key.expression && key.expression->empty()) node.child("expression").fail("an expression must not be empty");
    key.order = node.word("order", "asc", {"asc", "desc"});
    if (node.has("nulls")) key.nulls = node.word("nulls", "", {"first", "last"});
    key.opclass = node.optional_string("opclass");
    key.collation = node.optional_string("collation");
    if (const auto length = node.optional_integer("length")) {
        if (*length < 1 || *length > std::numeric_limits<int>::max()) node.child("length").fail("a prefix length is at least 1");
        key.length = static_cast<int>(*length);
    }
    return key;
}

Index read_index(const Node& node) {
    node.object({"name", "unique", "keys", "where", "method", "include", "comment", "ignored", "nulls_not_distinct",
                 "renamed_from"});
    Index index;
    index.name = node.optional_string("name");
    index.unique = node.flag("unique", false);
    if (!node.has("keys")) node.fail("missing \"keys\"");
    index.keys = node.list("keys", read_index_key);
    if (index.keys.empty()) node.child("keys").fail("an index needs at least one key");
    index.where = node.optional_string("where");
    if (node.has("method")) index.method = ascii_lower(node.required_string("method"));
    index.include = node.strings("include");
    index.comment = node.optional_string("comment");
    index.ignored = node.flag("ignored", false);
    index.nulls_not_distinct = node.flag("nulls_not_distinct", false);
    index.renamed_from = node.optional_string("renamed_from");
    return index;
}

TableOptions read_options(const Node& node) {
    node.object({"mysql", "mariadb", "sqlite", "postgresql"});
    // "mariadb" is accepted as the name of the MySQL section, which serves both servers.
    if (node.has("mysql") && node.has("mariadb")) node.child("mariadb").fail("give either \"mysql\" or \"mariadb\" options");
    TableOptions options;
    for (const char* section : {"mysql", "mariadb"}) {
        if (!node.has(section)) continue;
        const Node mysql = node.child(section);
        mysql.object({"engine", "charset", "collation", "row_format"});
        options.mysql.engine = mysql.optional_string("engine");
        options.mysql.charset = mysql.optional_string("charset");
        options.mysql.collation = mysql.optional_string("collation");
        options.mysql.row_format = mysql.optional_string("row_format");
    }
    if (node.has("sqlite")) {
        const Node sqlite = node.child("sqlite");
        sqlite.object({"without_rowid", "strict"});
        options.sqlite.without_rowid = sqlite.flag("without_rowid", false);
        options.sqlite.strict = sqlite.flag("strict", false);
    }
    if (node.has("postgresql")) {
        const Node postgresql = node.child("postgresql");
        postgresql.object({"unlogged"});
        options.postgresql.unlogged = postgresql.flag("unlogged", false);
    }
    return options;
}

Table read_table(const Node& node) {
    node.object({"schema", "name", "comment", "renamed_from", "partition_by", "partition_of", "bound", "columns",
                 "primary_key", "foreign_keys", "unique", "checks", "exclusion", "indexes", "options"});
    Table table;
    table.schema = node.string_or("schema", "");
    table.name = node.required_name();
    table.comment = node.optional_string("comment");
    table.renamed_from = node.optional_string("renamed_from");
    table.partition_by = node.optional_string("partition_by");
    table.partition_of = node.optional_string("partition_of");
    table.bound = node.optional_string("bound");
    table.columns = node.list("columns", read_column);
    if (node.has("primary_key")) table.primary_key = read_primary_key(node.child("primary_key"));
    table.foreign_keys = node.list("foreign_keys", read_foreign_key);
    table.unique = node.list("unique", read_unique);
    table.checks = node.list("checks", read_check);
    table.exclusion = node.list("exclusion", read_exclusion);
    table.indexes = node.list("indexes", read_index);
    if (node.has("options")) table.options = read_options(node.child("options"));
    return table;
}

Dependency read_dependency(const Node& node) {
    node.object({"kind", "schema", "name"});
    Dependency dependency;
    dependency.kind = node.word("kind", "", {"table", "view", "materialized view", "routine", "function", "procedure",
                                             "trigger", "enum", "sequence", "domain", "extension", "type"});
    if (dependency.kind.empty()) node.fail("missing \"kind\"");
    dependency.schema = node.string_or("schema", "");
    dependency.name = node.required_name();
    return dependency;
}

Enum read_enum(const Node& node) {
    node.object({"schema", "name", "values", "renamed_from"});
    Enum item;
    item.schema = node.string_or("schema", "");
    item.name = node.required_name();
    if (!node.has("values")) node.fail("missing \"values\"");
    item.values = node.strings("values");
    item.renamed_from = node.optional_string("renamed_from");
    return item;
}

Sequence read_sequence(const Node& node) {
    node.object({"schema", "name", "type", "start", "increment", "min", "max", "cache", "cycle", "owned_by",
                 "renamed_from"});
    Sequence sequence;
    sequence.schema = node.string_or("schema", "");
    sequence.name = node.required_name();
    sequence.type = node.optional_string("type");
    sequence.start = node.optional_integer("start");
    sequence.increment = node.optional_integer("increment");
    if (sequence.increment == 0) node.child("increment").fail("increment must not be zero");
    sequence.min = node.optional_integer("min");
    sequence.max = node.optional_integer("max");
    sequence.cache = node.optional_integer("cache");
    sequence.cycle = node.flag("cycle", false);
    sequence.owned_by = node.optional_string("owned_by");
    sequence.renamed_from = node.optional_string("renamed_from");
    return sequence;
}

View read_view(const Node& node) {
    node.object({"schema", "name", "materialized", "definition", "depends_on", "indexes", "comment", "renamed_from"});
    View view;
    view.schema = node.string_or("schema", "");
    view.name = node.required_name();
    view.materialized = node.flag("materialized", false);
    view.definition = node.required_string("definition");
    view.depends_on = node.optional_list("depends_on", read_dependency);
    view.indexes = node.list("indexes", read_index);
    view.comment = node.optional_string("comment");
    view.renamed_from = node.optional_string("renamed_from");
    return view;
}

Extension read_extension(const Node& node) {
    node.object({"schema", "name", "version"});
    Extension extension;
    extension.schema = node.string_or("schema", "");
    extension.name = node.required_name();
    extension.version = node.optional_string("version");
    return extension;
}

Domain read_domain(const Node& node) {
    node.object({"schema", "name", "type", "nullable", "default", "collation", "checks"});
    Domain domain;
    domain.schema = node.string_or("schema", "");
    domain.name = node.required_name();
    domain.type = node.required_string("type");
    domain.nullable = node.flag("nullable", true);
    domain.default_value = node.optional_string("default");
    domain.collation = node.optional_string("collation");
    domain.checks = node.list("checks", read_check);
    return domain;
}

Routine read_routine(const Node& node) {
    node.object({"schema", "name", "kind", "signature", "definition", "depends_on"});
    Routine routine;
    routine.schema = node.string_or("schema", "");
    routine.name = node.required_name();
    routine.kind = node.word("kind", "function", {"function", "procedure", "aggregate"});
    routine.signature = node.string_or("signature", "");
    routine.definition = node.required_string("definition");
    routine.depends_on = node.optional_list("depends_on", read_dependency);
    return routine;
}

Trigger read_trigger(const Node& node) {
    node.object({"schema", "table", "name", "definition", "depends_on"});
    Trigger trigger;
    trigger.schema = node.string_or("schema", "");
    trigger.table = node.required_name("table");
    trigger.name = node.required_name();
    trigger.definition = node.required_string("definition");
    trigger.depends_on = node.optional_list("depends_on", read_dependency);
    return trigger;
}

NotCompared read_not_compared(const Node& node) {
    node.object({"kind", "schema", "count"});
    NotCompared item;
    item.kind = node.required_name("kind");
    item.schema = node.string_or("schema", "");
    const auto count = node.optional_integer("count");
    if (!count) node.fail("missing \"count\"");
    if (*count < 0) node.child("count").fail("a count is not negative");
    item.count = *count;
    return item;
}

void check_format(const Node& root) {
    if (!root.has("format")) root.fail("missing \"format\" (write \"format\": \"autogen-schema/1\")");
    const Node node = root.child("format");
    const std::string format = node.as_string();
    if (!format.starts_with(format_prefix)) {
        node.fail(fmt::format("\"{}\" is not an autogen schema format (expected \"{}\")", format, current_format));
    }
    // Minor versions only add optional keys; a new major version may change meanings, so it is refused.
    const std::string version = format.substr(format_prefix.size());
    const std::string major = version.substr(0, version.find('.'));
    if (major != "1") {
        node.fail(fmt::format("unsupported format \"{}\": this autogen reads {}", format, current_format));
    }
}

Schema read_schema(const Node& root) {
    root.object({"format", "dialect", "schemas", "extensions", "domains", "enums", "sequences", "tables", "views",
                 "routines", "triggers", "not_compared"});
    check_format(root);
    Schema schema;
    if (root.has("dialect")) {
        const Node node = root.child("dialect");
        const auto dialect = dialect_from_string(node.as_string());
        if (!dialect || *dialect == Dialect::portable) {
            node.fail(fmt::format("unknown dialect \"{}\"; expected postgresql, mysql, mariadb or sqlite (or no dialect "
                                  "for a portable model)",
                                  node.as_string()));
        }
        schema.dialect = *dialect;
    }
    schema.schemas_managed = root.has("schemas");
    if (schema.schemas_managed) {
        for (const Node& item : root.child("schemas").items()) {
            std::string name = item.as_string();
            if (name.empty()) item.fail("a name must not be empty");
            schema.schemas.push_back(std::move(name));
        }
    }
    schema.extensions = root.optional_list("extensions", read_extension);
    schema.domains = root.optional_list("domains", read_domain);
    schema.enums = root.optional_list("enums", read_enum);
    schema.sequences = root.optional_list("sequences", read_sequence);
    schema.tables = root.optional_list("tables", read_table);
    schema.views = root.optional_list("views", read_view);
    schema.routines = root.optional_list("routines", read_routine);
    schema.triggers = root.optional_list("triggers", read_trigger);
    schema.not_compared = root.list("not_compared", read_not_compared);
    return schema;
}

// ---------------------------------------------------------------------------------------------
// Writing: keys in the order of MODEL.md, defaults omitted, lists sorted where order is meaningless.

void put(OrderedJson& out, const char* key, const std::optional<std::string>& value) {
    if (value) out[key] = *value;
}
void put(OrderedJson& out, const char* key, const std::optional<std::int64_t>& value) {
    if (value) out[key] = *value;
}
void put_if(OrderedJson& out, const char* key, bool value, bool default_value) {
    if (value != default_value) out[key] = value;
}
void put_schema(OrderedJson& out, const std::string& schema) {
    if (!schema.empty()) out["schema"] = schema;
}
void put_strings(OrderedJson& out, const char* key, const std::vector<std::string>& values) {
    if (!values.empty()) out[key] = values;
}
template <class T, class Write>
void put_list(OrderedJson& out, const char* key, const std::vector<T>& items, Write write) {
    if (items.empty()) return;
    OrderedJson array = OrderedJson::array();
    for (const auto& item : items) array.push_back(write(item));
    out[key] = std::move(array);
}
template <class T, class Write>
void put_top_list(OrderedJson& out, const char* key, const std::optional<std::vector<T>>& items, Write write) {
    if (!items) return;  // absent means "not managed", which must survive a round trip
    OrderedJson array = OrderedJson::array();
    for (const auto& item : *items) array.push_back(write(item));
    out[key] = std::move(array);
}

OrderedJson write_dependency(const Dependency& dependency) {
    OrderedJson out;
    out["kind"] = dependency.kind;
    put_schema(out, dependency.schema);
    out["name"] = dependency.name;
    return out;
}

void put_dependencies(OrderedJson& out, const std::optional<std::vector<Dependency>>& dependencies) {
    if (!dependencies) return;
    OrderedJson array = OrderedJson::array();
    for (const auto& dependency : *dependencies) array.push_back(write_dependency(dependency));
    out["depends_on"] = std::move(array);
}

OrderedJson write_check(const CheckConstraint& check) {
    OrderedJson out;
    put(out, "name", check.name);
    out["expression"] = check.expression;
    put_if(out, "valid", check.valid, true);
    put(out, "renamed_from", check.renamed_from);
    return out;
}

OrderedJson write_column(const Column& column) {
    OrderedJson out;
    out["name"] = column.name;
    out["type"] = column.type;
    put_if(out, "nullable", column.nullable, true);
    put(out, "default", column.default_value);
    if (column.identity) {
        const Identity& identity = *column.identity;
        OrderedJson node = OrderedJson::object();
        put_if(node, "always", identity.always, false);
        put(node, "start", identity.start);
        put(node, "increment", identity.increment);
        put(node, "min", identity.min);
        put(node, "max", identity.max);
        put(node, "cache", identity.cache);
        put_if(node, "cycle", identity.cycle, false);
        out["identity"] = std::move(node);
    }
    put_if(out, "autoincrement", column.autoincrement, false);
    if (column.generated) {
        OrderedJson node;
        node["expression"] = column.generated->expression;
        put_if(node, "stored", column.generated->stored, true);
        out["generated"] = std::move(node);
    }
    put(out, "collation", column.collation);
    put(out, "charset", column.charset);
    put(out, "on_update", column.on_update);
    put(out, "comment", column.comment);
    put_if(out, "hidden", column.hidden, false);
    put(out, "renamed_from", column.renamed_from);
    return out;
}

OrderedJson write_index(const Index& index) {
    OrderedJson out;
    put(out, "name", index.name);
    put_if(out, "unique", index.unique, false);
    OrderedJson keys = OrderedJson::array();
    for (const IndexKey& key : index.keys) {
        OrderedJson node;
        put(node, "column", key.column);
        put(node, "expression", key.expression);
        if (key.order != "asc") node["order"] = key.order;
        put(node, "nulls", key.nulls);
        put(node, "opclass", key.opclass);
        put(node, "collation", key.collation);
        if (key.length) node["length"] = *key.length;
        keys.push_back(std::move(node));
    }
    out["keys"] = std::move(keys);
    put(out, "where", index.where);
    put(out, "method", index.method);
    put_strings(out, "include", index.include);
    put(out, "comment", index.comment);
    put_if(out, "ignored", index.ignored, false);
    put_if(out, "nulls_not_distinct", index.nulls_not_distinct, false);
    put(out, "renamed_from", index.renamed_from);
    return out;
}

OrderedJson write_options(const TableOptions& options) {
    OrderedJson out = OrderedJson::object();
    if (options.mysql != MysqlTableOptions{}) {
        OrderedJson mysql;
        put(mysql, "engine", options.mysql.engine);
        put(mysql, "charset", options.mysql.charset);
        put(mysql, "collation", options.mysql.collation);
        put(mysql, "row_format", options.mysql.row_format);
        out["mysql"] = std::move(mysql);
    }
    if (options.sqlite != SqliteTableOptions{}) {
        OrderedJson sqlite;
        put_if(sqlite, "without_rowid", options.sqlite.without_rowid, false);
        put_if(sqlite, "strict", options.sqlite.strict, false);
        out["sqlite"] = std::move(sqlite);
    }
    if (options.postgresql != PostgresTableOptions{}) {
        OrderedJson postgresql;
        put_if(postgresql, "unlogged", options.postgresql.unlogged, false);
        out["postgresql"] = std::move(postgresql);
    }
    return out;
}

OrderedJson write_table(const Table& table) {
    OrderedJson out;
    put_schema(out, table.schema);
    out["name"] = table.name;
    put(out, "comment", table.comment);
    put(out, "renamed_from", table.renamed_from);
    put(out, "partition_by", table.partition_by);
    put(out, "partition_of", table.partition_of);
    put(out, "bound", table.bound);
    out["columns"] = OrderedJson::array();
    for (const Column& column : table.columns) out["columns"].push_back(write_column(column));
    if (table.primary_key) {
        OrderedJson key;
        put(key, "name", table.primary_key->name);
        key["columns"] = table.primary_key->columns;
        put(key, "renamed_from", table.primary_key->renamed_from);
        out["primary_key"] = std::move(key);
    }
    put_list(out, "foreign_keys", table.foreign_keys, [](const ForeignKey& key) {
        OrderedJson node;
        put(node, "name", key.name);
        node["columns"] = key.columns;
        OrderedJson references;
        put_schema(references, key.references.schema);
        references["table"] = key.references.table;
        references["columns"] = key.references.columns;
        node["references"] = std::move(references);
        if (key.on_delete != "no action") node["on_delete"] = key.on_delete;
        if (key.on_update != "no action") node["on_update"] = key.on_update;
        put_if(node, "deferrable", key.deferrable, false);
        put_if(node, "initially_deferred", key.initially_deferred, false);
        if (key.match != "simple") node["match"] = key.match;
        put_if(node, "valid", key.valid, true);
        put(node, "renamed_from", key.renamed_from);
        return node;
    });
    put_list(out, "unique", table.unique, [](const UniqueConstraint& unique) {
        OrderedJson node;
        put(node, "name", unique.name);
        node["columns"] = unique.columns;
        put_if(node, "nulls_not_distinct", unique.nulls_not_distinct, false);
        put_if(node, "deferrable", unique.deferrable, false);
        put_if(node, "initially_deferred", unique.initially_deferred, false);
        put(node, "renamed_from", unique.renamed_from);
        return node;
    });
    put_list(out, "checks", table.checks, write_check);
    put_list(out, "exclusion", table.exclusion, [](const ExclusionConstraint& exclusion) {
        OrderedJson node;
        put(node, "name", exclusion.name);
        node["definition"] = exclusion.definition;
        put(node, "renamed_from", exclusion.renamed_from);
        return node;
    });
    put_list(out, "indexes", table.indexes, write_index);
    if (OrderedJson options = write_options(table.options); !options.empty()) out["options"] = std::move(options);
    return out;
}

// Sorting makes the saved form (and the hashes taken of it) independent of catalog or file order.
template <class T, class Key>
void sort_by(std::vector<T>& items, Key key) {
    std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}
template <class T, class Key>
void sort_by(std::optional<std::vector<T>>& items, Key key) {
    if (items) sort_by(*items, key);
}

auto by_name = [](const auto& item) { return item.name.value_or(""); };

void sort_for_saving(Schema& schema) {
    std::sort(schema.schemas.begin(), schema.schemas.end());
    auto qualified = [](const auto& item) { return std::tie(item.schema, item.name); };
    auto dependencies = [](std::optional<std::vector<Dependency>>& list) {
        sort_by(list, [](const Dependency& d) { return std::tie(d.kind, d.schema, d.name); });
    };
    sort_by(schema.extensions, [](const Extension& e) { return std::tie(e.name, e.schema); });
    sort_by(schema.domains, qualified);
    if (schema.domains) {
        for (Domain& domain : *schema.domains) sort_by(domain.checks, by_name);
    }
    sort_by(schema.enums, qualified);
    sort_by(schema.sequences, qualified);
    sort_by(schema.tables, qualified);
    if (schema.tables) {
        for (Table& table : *schema.tables) {
            sort_by(table.foreign_keys, by_name);
            sort_by(table.unique, by_name);
            sort_by(table.checks, by_name);
            sort_by(table.exclusion, by_name);
            sort_by(table.indexes, by_name);
        }
    }
    sort_by(schema.views, qualified);
    if (schema.views) {
        for (View& view : *schema.views) {
            sort_by(view.indexes, by_name);
            dependencies(view.depends_on);
        }
    }
    sort_by(schema.routines, [](const Routine& r) { return std::tie(r.schema, r.name, r.signature); });
    if (schema.routines) {
        for (Routine& routine : *schema.routines) dependencies(routine.depends_on);
    }
    sort_by(schema.triggers, [](const Trigger& t) { return std::tie(t.schema, t.table, t.name); });
    if (schema.triggers) {
        for (Trigger& trigger : *schema.triggers) dependencies(trigger.depends_on);
    }
    sort_by(schema.not_compared, [](const NotCompared& n) { return std::tie(n.kind, n.schema); });
}

OrderedJson write_schema(const Schema& schema) {
    OrderedJson out;
    out["format"] = std::string(current_format);
    if (schema.dialect != Dialect::portable) out["dialect"] = to_string(schema.dialect);
    if (schema.schemas_managed || !schema.schemas.empty()) out["schemas"] = schema.schemas;
    put_top_list(out, "extensions", schema.extensions, [](const Extension& extension) {
        OrderedJson node;
        put_schema(node, extension.schema);
        node["name"] = extension.name;
        put(node, "version", extension.version);
        return node;
    });
    put_top_list(out, "domains", schema.domains, [](const Domain& domain) {
        OrderedJson node;
        put_schema(node, domain.schema);
        node["name"] = domain.name;
        node["type"] = domain.type;
        put_if(node, "nullable", domain.nullable, true);
        put(node, "default", domain.default_value);
        put(node, "collation", domain.collation);
        put_list(node, "checks", domain.checks, write_check);
        return node;
    });
    put_top_list(out, "enums", schema.enums, [](const Enum& item) {
        OrderedJson node;
        put_schema(node, item.schema);
        node["name"] = item.name;
        node["values"] = item.values;
        put(node, "renamed_from", item.renamed_from);
        return node;
    });
    put_top_list(out, "sequences", schema.sequences, [](const Sequence& sequence) {
        OrderedJson node;
        put_schema(node, sequence.schema);
        node["name"] = sequence.name;
        put(node, "type", sequence.type);
        put(node, "start", sequence.start);
        put(node, "increment", sequence.increment);
        put(node, "min", sequence.min);
        put(node, "max", sequence.max);
        put(node, "cache", sequence.cache);
        put_if(node, "cycle", sequence.cycle, false);
        put(node, "owned_by", sequence.owned_by);
        put(node, "renamed_from", sequence.renamed_from);
        return node;
    });
    put_top_list(out, "tables", schema.tables, write_table);
    put_top_list(out, "views", schema.views, [](const View& view) {
        OrderedJson node;
        put_schema(node, view.schema);
        node["name"] = view.name;
        put_if(node, "materialized", view.materialized, false);
        node["definition"] = view.definition;
        put_dependencies(node, view.depends_on);
        put_list(node, "indexes", view.indexes, write_index);
        put(node, "comment", view.comment);
        put(node, "renamed_from", view.renamed_from);
        return node;
    });
    put_top_list(out, "routines", schema.routines, [](const Routine& routine) {
        OrderedJson node;
        put_schema(node, routine.schema);
        node["name"] = routine.name;
        if (routine.kind != "function") node["kind"] = routine.kind;
        if (!routine.signature.empty()) node["signature"] = routine.signature;
        node["definition"] = routine.definition;
        put_dependencies(node, routine.depends_on);
        return node;
    });
    put_top_list(out, "triggers", schema.triggers, [](const Trigger& trigger) {
        OrderedJson node;
        put_schema(node, trigger.schema);
        node["table"] = trigger.table;
        node["name"] = trigger.name;
        node["definition"] = trigger.definition;
        put_dependencies(node, trigger.depends_on);
        return node;
    });
    put_list(out, "not_compared", schema.not_compared, [](const NotCompared& item) {
        OrderedJson node;
        node["kind"] = item.kind;
        put_schema(node, item.schema);
        node["count"] = item.count;
        return node;
    });
    return out;
}

bool has_unquoted_dot(const std::string& name) {
    bool quoted = false;
    for (char c : name) {
        if (c == '"') quoted = !quoted;
        if (c == '.' && !quoted) return true;
    }
    return false;
}

// Loading drops "public." from PostgreSQL type names, as introspection never writes it. A model without
// an extensions list accepts an unknown type name only when it is qualified, so such a type is saved
// qualified again: the saved form must load.
void qualify_undeclared_types(Schema& schema) {
    if (schema.dialect != Dialect::postgresql || schema.extensions) return;
    std::vector<std::string> user_types;
    if (schema.enums) {
        for (const Enum& item : *schema.enums) user_types.push_back(canonical_identifier(item.name));
    }
    if (schema.domains) {
        for (const Domain& domain : *schema.domains) user_types.push_back(canonical_identifier(domain.name));
    }
    auto qualify = [&](std::string& text) {
        const Type type = parse_type(text, Dialect::postgresql, user_types, true);
        const bool declared = std::find(user_types.begin(), user_types.end(), type.base) != user_types.end();
        if (!is_builtin_type(type) && !declared && !has_unquoted_dot(type.base)) text = "public." + text;
    };
    if (schema.tables) {
        for (Table& table : *schema.tables) {
            for (Column& column : table.columns) qualify(column.type);
        }
    }
    if (schema.domains) {
        for (Domain& domain : *schema.domains) qualify(domain.type);
    }
}

}  // namespace

Schema load_schema(const std::string& json_text, const std::string& origin) {
    try {
        const Document document = parse_json(json_text, origin);
        Schema schema = read_schema(Node(document, 0, "$"));
        canonicalize(schema, /*check_type_names=*/true);
        validate(schema);
        return schema;
    } catch (Error& e) {
        // Syntax errors already carry file:line:column; the others name the file once, up front.
        if (e.backend.empty() && !e.location.starts_with(origin + ":")) e.backend = origin;
        throw;
    }
}

Schema load_schema_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw Error(fmt::format("cannot read model file \"{}\"", path), ErrorKind::io);
    // One read into a string of the file's size: streaming through rdbuf() into a stringstream copied a
    // large target several times while the buffer grew.
    std::string text;
    file.seekg(0, std::ios::end);
    const std::streamoff size = file.tellg();
    file.seekg(0, std::ios::beg);
    if (size > 0) {
        text.resize(static_cast<std::size_t>(size));
        file.read(text.data(), size);
        text.resize(static_cast<std::size_t>(file.gcount()));
    } else {
        std::ostringstream stream;  // not seekable (a pipe, /dev/stdin): read as it comes
        stream << file.rdbuf();
        text = std::move(stream).str();
    }
    if (file.bad()) throw Error(fmt::format("cannot read model file \"{}\"", path), ErrorKind::io);
    return load_schema(text, path);
}

std::string save_schema(const Schema& schema) {
    Schema canonical = schema;
    canonicalize(canonical);
    qualify_undeclared_types(canonical);
    sort_for_saving(canonical);
    try {
        return write_schema(canonical).dump(2) + "\n";
    } catch (const nlohmann::json::exception& e) {
        // Only invalid UTF-8 in a name or text can make dump fail.
        throw Error(fmt::format("cannot write the model as JSON: {}", e.what()), ErrorKind::internal);
    }
}

}  // namespace autogen::core
