#include "diff/naming.hpp"

#include <optional>
#include <set>

#include "core/names.hpp"
#include "core/sql_lexer.hpp"

namespace autogen::diff {
namespace {

std::size_t limit_of(core::Dialect dialect) { return core::is_mysql_family(dialect) ? 64 : 63; }

// Joins parts with '_' and cuts to the dialect's limit without splitting a UTF-8 character, keeping the suffix.
std::string make_name(const std::string& table, const std::vector<std::string>& columns, const std::string& suffix,
                      core::Dialect dialect) {
    std::string stem = table;
    for (const auto& c : columns) stem += "_" + c;
    return core::clip_utf8(stem, limit_of(dialect) - suffix.size() - 1) + "_" + suffix;
}

}  // namespace

bool names_constraints(core::Dialect dialect) { return dialect != core::Dialect::sqlite; }

std::string primary_key_name(const core::Table& table, core::Dialect dialect) {
    return make_name(table.name, {}, "pkey", dialect);
}

std::string foreign_key_name(const core::Table& table, const core::ForeignKey& fk, core::Dialect dialect) {
    return make_name(table.name, fk.columns, "fkey", dialect);
}

std::string unique_name(const core::Table& table, const core::UniqueConstraint& unique, core::Dialect dialect) {
    return make_name(table.name, unique.columns, "key", dialect);
}

std::string check_name(const core::Table& table, const core::CheckConstraint& check, core::Dialect dialect) {
    // PostgreSQL names a check after the columns it mentions; do the same so names look familiar.
    std::vector<std::string> used;
    std::set<std::string> seen;
    for (const auto& token : core::tokenize(check.expression, dialect)) {
        if (token.kind != core::TokenKind::word && token.kind != core::TokenKind::quoted_identifier) continue;
        const auto value = core::identifier_value(token);
        for (const auto& column : table.columns)
            if (column.name == value && seen.insert(value).second) used.push_back(value);
    }
    if (used.size() > 1) used.resize(1);
    return make_name(table.name, used, "check", dialect);
}

std::string index_name(const core::Table& table, const core::Index& index, core::Dialect dialect) {
    std::vector<std::string> parts;
    for (const auto& key : index.keys) parts.push_back(key.column ? *key.column : "expr");
    return make_name(table.name, parts, "idx", dialect);
}

bool index_names_schema_wide(core::Dialect dialect) { return !core::is_mysql_family(dialect); }

std::string take_free_name(const std::string& wanted, std::set<std::string>& taken, core::Dialect dialect,
                           const std::set<std::string>* also_taken) {
    auto is_taken = [&](const std::string& name) {
        const std::string key = core::name_key(name, dialect, core::NameKind::constraint);
        return taken.count(key) > 0 || (also_taken && also_taken->count(key) > 0);
    };
    std::string candidate = wanted;
    for (int n = 1; is_taken(candidate); ++n) {
        const std::string number = std::to_string(n);
        candidate = core::clip_utf8(wanted, limit_of(dialect) - number.size()) + number;
    }
    taken.insert(core::name_key(candidate, dialect, core::NameKind::constraint));
    return candidate;
}

void name_unnamed(core::Table& table, core::Dialect dialect, const std::set<std::string>* also_taken) {
    std::set<std::string> taken;
    auto reserve = [&](const std::optional<std::string>& name) {
        if (name) taken.insert(core::name_key(*name, dialect, core::NameKind::constraint));
    };
    // Two unnamed checks on one column would otherwise get one name, and the second CREATE would fail.
    auto give = [&](std::optional<std::string>& name, const std::string& wanted) {
        name = take_free_name(wanted, taken, dialect, also_taken);
    };
    const bool constraints = names_constraints(dialect);
    for (const auto& i : table.indexes) reserve(i.name);
    if (constraints) {
        if (table.primary_key) reserve(table.primary_key->name);
        for (const auto& f : table.foreign_keys) reserve(f.name);
        for (const auto& u : table.unique) reserve(u.name);
        for (const auto& c : table.checks) reserve(c.name);
        if (table.primary_key && !table.primary_key->name) give(table.primary_key->name, primary_key_name(table, dialect));
        for (auto& f : table.foreign_keys)
            if (!f.name) give(f.name, foreign_key_name(table, f, dialect));
        for (auto& u : table.unique)
            if (!u.name) give(u.name, unique_name(table, u, dialect));
        for (auto& c : table.checks)
            if (!c.name) give(c.name, check_name(table, c, dialect));
    }
    for (auto& i : table.indexes)
        if (!i.name) give(i.name, index_name(table, i, dialect));
}

}  // namespace autogen::diff
