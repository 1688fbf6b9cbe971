#include "introspect/mysql/types.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_map>

#include "core/error.hpp"
#include "core/names.hpp"
#include "core/sql_lexer.hpp"
#include "core/types.hpp"

namespace autogen::introspect::mysql {
namespace {

using core::ascii_lower;

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// The base name of a canonical type: "int unsigned" -> "int", "decimal(10,2)" -> "decimal".
std::string base_of(const std::string& type) {
    std::size_t end = 0;
    while (end < type.size() && (std::isalnum(static_cast<unsigned char>(type[end])) || type[end] == '_')) ++end;
    return ascii_lower(type.substr(0, end));
}

// The integer parameters of a canonical type: "decimal(10,2)" -> {10, 2}; none for enum/set values.
std::vector<int> params_of(const std::string& type) {
    std::vector<int> out;
    const auto open = type.find('(');
    if (open == std::string::npos || type.find('\'') != std::string::npos) return out;
    std::size_t i = open + 1;
    while (i < type.size() && type[i] != ')') {
        int value = 0;
        const auto [end, ec] = std::from_chars(type.data() + i, type.data() + type.size(), value);
        if (ec != std::errc()) break;
        out.push_back(value);
        i = static_cast<std::size_t>(end - type.data());
        if (i < type.size() && type[i] == ',') ++i;
    }
    return out;
}

bool is_integer_base(const std::string& base) {
    return base == "tinyint" || base == "smallint" || base == "mediumint" || base == "int" || base == "bigint" ||
           base == "year";
}

bool is_numeric_base(const std::string& base) {
    return is_integer_base(base) || base == "decimal" || base == "float" || base == "double";
}

bool is_temporal_base(const std::string& base) {
    return base == "date" || base == "datetime" || base == "timestamp" || base == "time";
}

// A single-quoted SQL literal's content (MySQL rules: doubled quotes and backslash escapes), or nullopt.
std::optional<std::string> unquote(const std::string& text) {
    if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        const char c = text[i];
        if (c == '\'') {
            if (i + 2 < text.size() && text[i + 1] == '\'') {
                out += '\'';
                ++i;
                continue;
            }
            return std::nullopt;  // a quote in the middle: two literals, not one
        }
        if (c == '\\' && i + 2 < text.size()) {
            out += c;  // escapes are kept as written: only the quote characters matter here
            out += text[++i];
            continue;
        }
        out += c;
    }
    return out;
}

// Quotes a literal's content as MariaDB prints it: quotes doubled, backslash escapes kept as they are.
std::string quote(const std::string& content) {
    std::string out = "'";
    for (char c : content) {
        if (c == '\'') out += "''";
        else out += c;
    }
    return out + "'";
}

bool is_number(const std::string& text) {
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    bool digits = false, dot = false;
    for (; i < text.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(text[i]))) digits = true;
        else if (text[i] == '.' && !dot) dot = true;
        else if ((text[i] == 'e' || text[i] == 'E') && digits) return true;  // exponent forms are kept as written
        else return false;
    }
    return digits;
}

// A decimal number written with exactly `scale` fraction digits; extra digits are kept (the server would round).
std::string with_scale(std::string number, int scale) {
    if (!number.empty() && number[0] == '+') number.erase(0, 1);
    if (number.find_first_of("eE") != std::string::npos) return number;
    auto dot = number.find('.');
    if (scale <= 0) {
        // decimal(p,0) prints no fraction: "3.00" is 3.
        if (dot != std::string::npos && number.find_first_not_of('0', dot + 1) == std::string::npos) number.resize(dot);
        return number;
    }
    if (dot == std::string::npos) {
        number += '.';
        dot = number.size() - 1;
    }
    const std::size_t have = number.size() - dot - 1;
    if (have < static_cast<std::size_t>(scale)) number.append(static_cast<std::size_t>(scale) - have, '0');
    if (dot == 0 || (dot == 1 && number[0] == '-')) number.insert(dot, "0");
    return number;
}

// An integer without a sign '+' or leading zeros.
std::string plain_integer(std::string number) {
    if (!number.empty() && number[0] == '+') number.erase(0, 1);
    const bool negative = !number.empty() && number[0] == '-';
    std::string digits = negative ? number.substr(1) : number;
    const auto first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? "0" : digits.substr(first);
    return (negative && digits != "0" ? "-" : "") + digits;
}

// A float or double as MariaDB prints it: no trailing zeros after the point.
std::string plain_float(std::string number) {
    if (!number.empty() && number[0] == '+') number.erase(0, 1);
    if (number.find('.') == std::string::npos || number.find_first_of("eE") != std::string::npos) return number;
    while (!number.empty() && number.back() == '0') number.pop_back();
    if (!number.empty() && number.back() == '.') number.pop_back();
    return number;
}

// The timestamp functions that all mean CURRENT_TIMESTAMP, with their optional precision: `now()`, `LOCALTIME`...
std::optional<std::string> timestamp_function(const std::string& text) {
    const auto tokens = core::tokenize(text, core::Dialect::mariadb);
    std::size_t i = 0;
    // Outer parentheses: DEFAULT (CURRENT_TIMESTAMP) is the same default.
    std::size_t depth = 0;
    while (i < tokens.size() && tokens[i].text == "(") {
        ++depth;
        ++i;
    }
    if (i >= tokens.size() || tokens[i].kind != core::TokenKind::word) return std::nullopt;
    const std::string name = ascii_lower(tokens[i].text);
    if (name != "current_timestamp" && name != "now" && name != "localtime" && name != "localtimestamp")
        return std::nullopt;
    ++i;
    std::string precision;
    if (i < tokens.size() && tokens[i].text == "(") {
        ++i;
        if (i < tokens.size() && tokens[i].kind == core::TokenKind::number) precision = tokens[i++].text;
        if (i >= tokens.size() || tokens[i].text != ")") return std::nullopt;
        ++i;
    } else if (name == "now") {
        return std::nullopt;  // `now` without parentheses is a column name
    }
    for (; depth > 0; --depth, ++i)
        if (i >= tokens.size() || tokens[i].text != ")") return std::nullopt;
    if (i != tokens.size()) return std::nullopt;
    if (precision == "0") precision.clear();
    return "current_timestamp(" + precision + ")";
}

// A date, datetime or time literal padded the way MariaDB prints it for a column of this base and precision.
std::string padded_temporal(const std::string& content, const std::string& base, int precision) {
    std::string out = content;
    if ((base == "datetime" || base == "timestamp") && out.size() == 10 && out[4] == '-' && out[7] == '-')
        out += " 00:00:00";
    if (base == "time" && out.size() == 5 && out[2] == ':') out += ":00";
    if (base != "date" && precision > 0 && out.find('.') == std::string::npos && out.size() >= 8)
        out += "." + std::string(static_cast<std::size_t>(precision), '0');
    return out;
}

std::string to_binary(unsigned long long value) {
    if (value == 0) return "0";
    std::string out;
    for (; value > 0; value >>= 1) out.insert(out.begin(), static_cast<char>('0' + (value & 1)));
    return out;
}

}  // namespace

std::string ServerDefaults::charset_of(const std::string& collation) const {
    const auto it = collations.find(ascii_lower(collation));
    return it == collations.end() ? std::string() : it->second.charset;
}

std::string ServerDefaults::default_collation(const std::string& charset) const {
    const std::string wanted = ascii_lower(charset);
    for (const auto& [name, info] : collations)
        if (info.is_default && ascii_lower(info.charset) == wanted) return name;
    return "";
}

std::string column_type(const std::string& text, core::Dialect dialect) {
    try {
        return core::canonical_type(text, dialect);
    } catch (Error& error) {
        error.with_backend("mysql");
        throw;
    }
}

bool is_character_type(const std::string& type) {
    const std::string base = base_of(type);
    return base == "char" || base == "varchar" || base == "tinytext" || base == "text" || base == "mediumtext" ||
           base == "longtext" || base == "enum" || base == "set" || base == "json";
}

std::string canonical_charset(const std::string& name) {
    std::string lower = ascii_lower(name);
    if (lower == "utf8") return "utf8mb3";
    if (lower.rfind("utf8_", 0) == 0) return "utf8mb3_" + lower.substr(5);
    return lower;
}

std::optional<std::string> canonical_default(const std::optional<std::string>& input, const std::string& type) {
    if (!input) return input;
    const std::string text = trim(*input);
    if (text.empty()) return input;
    if (ascii_lower(text) == "null") return std::nullopt;  // DEFAULT NULL is what a nullable column has anyway
    if (auto function = timestamp_function(text)) return function;

    const std::string base = base_of(type);
    const auto params = params_of(type);
    const auto content = unquote(text);
    const std::string lower = ascii_lower(text);
    if (is_numeric_base(base)) {
        std::string number = content ? *content : text;
        if (!content && (lower == "true" || lower == "false")) number = lower == "true" ? "1" : "0";
        if (!is_number(number)) return text;
        if (base == "decimal") return with_scale(number, params.size() == 2 ? params[1] : 0);
        if (base == "float" || base == "double") {
            if (params.size() == 2) return with_scale(number, params[1]);
            return plain_float(number);
        }
        if (number.find_first_of(".eE") != std::string::npos) return number;
        return plain_integer(number);
    }
    if (base == "bit") {
        if (lower.rfind("b'", 0) == 0) return lower;
        std::string number = content ? *content : text;
        if (!content && (lower == "true" || lower == "false")) number = lower == "true" ? "1" : "0";
        unsigned long long value = 0;
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
        if (ec != std::errc() || end != number.data() + number.size()) return text;
        return "b'" + to_binary(value) + "'";
    }
    if (is_temporal_base(base)) {
        if (content) return quote(padded_temporal(*content, base, params.empty() ? 0 : params[0]));
        if (is_number(text)) return text == "0" && base != "time" ? quote(base == "date" ? "0000-00-00" : "0000-00-00 00:00:00") : quote(text);
        return text;
    }
    // Characters, binary strings, enum and set: a bare number or word literal is a string.
    if (!content && (is_number(text) || lower == "true" || lower == "false")) {
        if (lower == "true" || lower == "false") return quote(lower == "true" ? "1" : "0");
        return quote(text);
    }
    return text;
}

std::optional<std::string> read_default(const std::optional<std::string>& column_default, const std::string& type,
                                        const std::string& extra, bool mariadb) {
    if (!column_default) return std::nullopt;  // SQL NULL: no default at all
    if (mariadb) return canonical_default(column_default, type);
    // MySQL 8: expressions are marked, literals are bare text of the value.
    const std::string lower_extra = ascii_lower(extra);
    if (lower_extra.find("default_generated") != std::string::npos) return canonical_default(column_default, type);
    const std::string base = base_of(type);
    if (is_numeric_base(base) || (base == "bit" && column_default->rfind("b'", 0) == 0))
        return canonical_default(column_default, type);
    return canonical_default(quote(*column_default), type);
}

std::string strip_database(const std::string& text, const std::string& database) {
    if (database.empty()) return text;
    const auto tokens = core::tokenize(text, core::Dialect::mariadb);
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        const auto& token = tokens[i];
        if (token.kind != core::TokenKind::word && token.kind != core::TokenKind::quoted_identifier) continue;
        if (core::identifier_value(token) != database) continue;
        const auto& dot = tokens[i + 1];
        if (dot.text != "." || dot.offset != token.offset + token.text.size()) continue;
        // `x.db.` is a column of a table named like the database, not a qualifier.
        if (i > 0 && tokens[i - 1].text == "." && tokens[i - 1].offset + 1 == token.offset) continue;
        out += text.substr(copied, token.offset - copied);
        copied = dot.offset + 1;
    }
    out += text.substr(copied);
    return out;
}

void omit_inherited(core::Table& table, const ServerDefaults& defaults, const core::Table* current) {
    auto& options = table.options.mysql;
    const auto schema = defaults.schemas.find(table.schema);
    const std::string db_charset = schema == defaults.schemas.end() ? "" : schema->second.first;
    const std::string db_collation = schema == defaults.schemas.end() ? "" : schema->second.second;
    const auto* now = current ? &current->options.mysql : nullptr;

    // The table's effective character set and collation.
    const bool stated = options.charset || options.collation;
    std::string charset = options.charset ? canonical_charset(*options.charset) : "";
    std::string collation = options.collation ? canonical_charset(*options.collation) : "";
    if (!collation.empty()) {
        if (auto of = defaults.charset_of(collation); !of.empty()) charset = of;
    } else if (!charset.empty()) {
        collation = defaults.default_collation(charset);
    } else {
        charset = db_charset;
        collation = db_collation;
    }
    options.charset.reset();
    options.collation.reset();
    if (!charset.empty() && charset != db_charset) {
        options.charset = charset;
        if (!collation.empty() && collation != defaults.default_collation(charset)) options.collation = collation;
    } else if (!collation.empty() && collation != db_collation) {
        options.collation = collation;
    }
    // A target that states the inherited value where the database has another keeps it, so that it differs.
    if (stated && now && now->charset && !options.charset && !charset.empty()) options.charset = charset;
    if (stated && now && now->collation && !options.collation && !collation.empty()) options.collation = collation;

    const std::string engine = options.engine ? *options.engine : defaults.engine;
    if (options.engine && ascii_lower(*options.engine) == ascii_lower(defaults.engine) && !(now && now->engine))
        options.engine.reset();
    if (options.row_format) {
        options.row_format = core::ascii_upper(*options.row_format);
        if (ascii_lower(engine) == "innodb" && *options.row_format == core::ascii_upper(defaults.innodb_row_format) &&
            !(now && now->row_format))
            options.row_format.reset();
    }

    for (auto& column : table.columns) {
        if (!is_character_type(column.type)) {
            column.charset.reset();
            column.collation.reset();
            continue;
        }
        const bool column_stated = column.charset || column.collation;
        std::string cs = column.charset ? canonical_charset(*column.charset) : "";
        std::string cl = column.collation ? canonical_charset(*column.collation) : "";
        if (!cl.empty()) {
            if (auto of = defaults.charset_of(cl); !of.empty()) cs = of;
        } else if (!cs.empty()) {
            cl = defaults.default_collation(cs);
        } else {
            cs = charset;
            cl = collation;
        }
        column.charset.reset();
        column.collation.reset();
        if (!cs.empty() && cs != charset) {
            column.charset = cs;
            if (!cl.empty() && cl != defaults.default_collation(cs)) column.collation = cl;
        } else if (!cl.empty() && cl != collation) {
            column.collation = cl;
        }
        if (column_stated && current && !column.charset && !cs.empty()) {
            const auto it = std::find_if(current->columns.begin(), current->columns.end(), [&](const core::Column& c) {
                return core::same_name(c.name, column.renamed_from.value_or(column.name), defaults.dialect,
                                       core::NameKind::column) ||
                       core::same_name(c.name, column.name, defaults.dialect, core::NameKind::column);
            });
            if (it != current->columns.end() && it->charset) column.charset = cs;
        }
    }
}

PrintedTexts printed_texts(const std::string& create_table) {
    PrintedTexts out;
    const auto tokens = core::tokenize(create_table, core::Dialect::mariadb);
    auto is = [&](std::size_t i, std::string_view punct) {
        return i < tokens.size() && tokens[i].kind == core::TokenKind::punct && tokens[i].text == punct;
    };
    // The index of the ")" closing the "(" at `open`, or tokens.size().
    auto closing = [&](std::size_t open) {
        int depth = 0;
        for (std::size_t i = open; i < tokens.size(); ++i) {
            if (is(i, "(")) ++depth;
            if (is(i, ")") && --depth == 0) return i;
        }
        return tokens.size();
    };
    // The source text of tokens [first, last], as the server wrote it.
    auto source = [&](std::size_t first, std::size_t last) {
        const std::size_t end = tokens[last].offset + tokens[last].text.size();
        return create_table.substr(tokens[first].offset, end - tokens[first].offset);
    };
    // The text inside the parentheses opening at `open`; `next` is set past them.
    auto group = [&](std::size_t open, std::size_t& next) {
        const std::size_t close = closing(open);
        next = close + 1;
        if (close >= tokens.size() || close == open + 1) return std::string();
        return source(open + 1, close - 1);
    };
    std::size_t open = 0;
    while (open < tokens.size() && !is(open, "(")) ++open;
    const std::size_t end = closing(open);
    std::size_t i = open + 1;
    while (i < end) {
        // One item of the table: a column or a constraint, up to the next comma at its depth.
        const std::size_t first = i;
        if (tokens[first].kind == core::TokenKind::quoted_identifier) {
            const std::string column = tokens[first].value;
            i = first + 1;
            while (i < end && !is(i, ",")) {
                if (is(i, "(")) {
                    i = closing(i) + 1;
                } else if (core::is_keyword(tokens[i], "default") && i + 1 < end) {
                    const std::size_t start = i + 1;
                    std::size_t last = start;
                    if (is(start, "(")) {
                        out.defaults[column] = group(start, i);
                        continue;
                    }
                    if (tokens[start].kind == core::TokenKind::word && is(start + 1, "(")) last = closing(start + 1);
                    else if (tokens[start].kind == core::TokenKind::op && start + 1 < end) last = start + 1;  // -1
                    else if (tokens[start].kind == core::TokenKind::word && tokens[start].text.front() == '_' &&
                             start + 1 < end && tokens[start + 1].kind == core::TokenKind::string)
                        last = start + 1;  // a charset introducer: _latin1'x'
                    if (last >= end) break;
                    out.defaults[column] = source(start, last);
                    i = last + 1;
                } else if (core::is_keyword(tokens[i], "as") && is(i + 1, "(")) {
                    out.generated[column] = group(i + 1, i);
                } else {
                    ++i;
                }
            }
        } else if (core::is_keyword(tokens[first], "constraint") && first + 3 < end &&
                   core::is_keyword(tokens[first + 2], "check") && is(first + 3, "(")) {
            out.checks[core::identifier_value(tokens[first + 1])] = group(first + 3, i);
        }
        while (i < end && !is(i, ",")) i = is(i, "(") ? closing(i) + 1 : i + 1;
        ++i;
    }
    return out;
}

bool is_expression_default(const std::string& text) {
    const auto tokens = core::tokenize(text, core::Dialect::mariadb);
    if (tokens.empty()) return false;
    if (tokens.size() == 1 && (tokens[0].kind != core::TokenKind::word || core::is_keyword(tokens[0], "null") ||
                               core::is_keyword(tokens[0], "true") || core::is_keyword(tokens[0], "false")))
        return false;  // a literal
    if (tokens.size() == 2 && tokens[0].kind == core::TokenKind::op && tokens[1].kind == core::TokenKind::number)
        return false;  // a signed number
    return !timestamp_function(text);
}

bool is_plain_unique(const core::Index& index) {
    if (!index.unique || index.keys.empty() || index.comment || index.ignored || index.where || !index.include.empty())
        return false;
    if (index.method && ascii_lower(*index.method) != "btree") return false;
    return std::all_of(index.keys.begin(), index.keys.end(), [](const core::IndexKey& key) {
        return key.column && !key.expression && !key.length && key.order == "asc" && !key.collation && !key.opclass &&
               !key.nulls;
    });
}

void canonicalize_target(core::Schema& target, const ServerDefaults& defaults, const core::Schema* current) {
    if (!target.tables) return;
    // The current tables by schema and name (folded where the server ignores the case of table names), the first
    // of equal names kept: a lookup per target table instead of a scan of every current table.
    const bool fold = core::same_name("A", "a", defaults.dialect, core::NameKind::table);
    auto key = [&](const std::string& schema, const std::string& name) {
        return schema + '\0' + (fold ? core::ascii_lower(name) : name);
    };
    std::unordered_map<std::string, const core::Table*> current_tables;
    if (current && current->tables)
        for (const auto& t : *current->tables) current_tables.emplace(key(t.schema, t.name), &t);
    auto current_table = [&](const core::Table& table) -> const core::Table* {
        for (const auto& name : {std::optional<std::string>(table.name), table.renamed_from}) {
            if (!name) continue;
            if (const auto it = current_tables.find(key(table.schema, *name)); it != current_tables.end()) return it->second;
        }
        return nullptr;
    };
    for (auto& table : *target.tables) {
        for (auto& column : table.columns) {
            // MariaDB's json is longtext in utf8mb4_bin with a json_valid check named after the column.
            const bool json = defaults.dialect == core::Dialect::mariadb && base_of(column.type) == "longtext" &&
                              !column.charset && !column.collation &&
                              std::any_of(table.checks.begin(), table.checks.end(), [&](const core::CheckConstraint& c) {
                                  return c.name && core::same_name(*c.name, column.name, defaults.dialect,
                                                                   core::NameKind::constraint) &&
                                         core::normalize_expression(c.expression, defaults.dialect) ==
                                             core::normalize_expression("json_valid(`" + column.name + "`)",
                                                                        defaults.dialect);
                              });
            if (json) {
                column.charset = "utf8mb4";
                column.collation = "utf8mb4_bin";
            }
            if (!column.generated && !column.autoincrement) column.default_value = canonical_default(column.default_value, column.type);
            else column.default_value.reset();
            // MariaDB has no NOT NULL for a generated column (a syntax error; information_schema says nullable), so
            // the renderer leaves it out and a target's `"nullable": false` there cannot differ (property seed 48).
            if (column.generated && defaults.dialect == core::Dialect::mariadb) column.nullable = true;
            column.on_update = canonical_default(column.on_update, column.type);
        }
        omit_inherited(table, defaults, current_table(table));
        for (auto& fk : table.foreign_keys) {
            if (ascii_lower(fk.on_delete) == "restrict") fk.on_delete = "no action";
            if (ascii_lower(fk.on_update) == "restrict") fk.on_update = "no action";
            fk.on_delete = ascii_lower(fk.on_delete);
            fk.on_update = ascii_lower(fk.on_update);
        }
        // A unique index on plain columns is a UNIQUE constraint on this server: one object, written as `unique`.
        std::vector<core::Index> indexes;
        const bool hash_default = core::has_hash_default(table);
        for (auto& index : table.indexes) {
            // No method means the engine's default, as core::resolve reads every model: BTREE, or HASH on a
            // MEMORY table, where a unique key is a constraint only when it is a HASH one.
            if (index.method && ascii_lower(*index.method) == (hash_default ? "hash" : "btree")) index.method.reset();
            if (is_plain_unique(index) && !(hash_default && index.method)) {
                core::UniqueConstraint unique;
                unique.name = index.name;
                unique.renamed_from = index.renamed_from;
                for (const auto& key : index.keys) unique.columns.push_back(*key.column);
                table.unique.push_back(std::move(unique));
            } else {
                indexes.push_back(std::move(index));
            }
        }
        table.indexes = std::move(indexes);
    }
}

}  // namespace autogen::introspect::mysql
