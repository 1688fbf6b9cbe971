#include "tests/gen/rows.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

#include "tests/gen/generator.hpp"

namespace autogen::testing::gen {
namespace {

std::string sql_string(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::string hex4(int value) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (int shift = 12; shift >= 0; shift -= 4) out += digits[(value >> shift) & 0xF];
    return out;
}

// Texts never contain "zz" (a generated check forbids it), never end in a space (RTRIM) and begin with the row
// number, so they differ from row to row even ignoring case.
const std::vector<std::string> text_words = {"ada", "Ünï", "it's", "a b", "数据", "x|y", "Ω", "mixed Case", "ça"};

}  // namespace

std::vector<TableRows> generate_rows(const Schema& schema, int count, std::uint64_t seed) {
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

    std::vector<const Table*> order;
    for (const auto& t : schema.tables) order.push_back(&t);
    std::sort(order.begin(), order.end(), [](const Table* a, const Table* b) { return a->rank < b->rank; });

    // A parent key column is never NULL, so that a NOT NULL child column can copy it.
    std::set<std::pair<int, int>> parent_keys;
    for (const auto& t : schema.tables)
        for (const auto& f : t.foreign_keys)
            for (int c : f.parent_columns) parent_keys.insert({f.parent, c});

    std::map<std::pair<int, int>, std::vector<std::string>> values;  // (table, column) -> value per row
    std::vector<TableRows> out;
    for (const Table* t : order) {
        TableRows rows;
        rows.table = t->id;
        std::map<int, const ForeignKey*> fk_of;  // child column -> its foreign key
        for (const auto& f : t->foreign_keys)
            for (int c : f.columns) {
                if (fk_of.count(c)) throw std::logic_error("gen: column in two foreign keys of " + t->name);
                fk_of[c] = &f;
            }
        for (const auto& c : t->columns) {
            if (c.generated) continue;
            rows.columns.push_back(c.id);
            std::vector<std::string>& column_values = values[{t->id, c.id}];
            // Never 0, so that no row holds 0 or 0.25: MariaDB takes a 0 written to an AUTO_INCREMENT column as
            // "the next value", which then collides with the row that holds it (soak seed 4363), and it renumbers
            // zeros when a mutation makes a column AUTO_INCREMENT. The same draw as before, so no other seed moves.
            int salt = uniform(0, 900);
            if (salt == 0) salt = 901;
            const bool in_key = t->primary_key && std::find(t->primary_key->columns.begin(), t->primary_key->columns.end(),
                                                            c.id) != t->primary_key->columns.end();
            const auto fk = fk_of.find(c.id);
            for (int i = 0; i < count; ++i) {
                if (fk != fk_of.end()) {
                    const ForeignKey& f = *fk->second;
                    const Table* parent = schema.table(f.parent);
                    if (!parent) throw std::logic_error("gen: foreign key of " + t->name + " to a missing table");
                    if (parent->rank >= t->rank) {
                        if (!c.nullable) throw std::logic_error("gen: a cycle-closing foreign key column is NOT NULL in " + t->name);
                        column_values.push_back("NULL");
                        continue;
                    }
                    const auto position = static_cast<std::size_t>(
                        std::find(f.columns.begin(), f.columns.end(), c.id) - f.columns.begin());
                    column_values.push_back(values.at({parent->id, f.parent_columns[position]}).at(static_cast<std::size_t>(i)));
                    continue;
                }
                if (c.nullable && !in_key && !parent_keys.count({t->id, c.id}) && uniform(0, 4) == 0) {
                    column_values.push_back("NULL");
                    continue;
                }
                const int n = salt * 10 + i;
                if (c.enum_type >= 0) {
                    // Enums have at least four values, and rows are at most four: each row its own value.
                    const Enum* e = schema.enum_type(c.enum_type);
                    if (!e) throw std::logic_error("gen: column " + c.name + " of a missing enum");
                    column_values.push_back(sql_string(e->values.at(static_cast<std::size_t>(i + salt) % e->values.size())));
                    continue;
                }
                switch (value_class(schema.dialect, *t, c)) {
                    case Affinity::integer: column_values.push_back(std::to_string(n)); break;
                    case Affinity::real: column_values.push_back(std::to_string(n) + ".5"); break;
                    case Affinity::numeric:
                        column_values.push_back(salt % 2 ? std::to_string(n) : std::to_string(n) + ".25");
                        break;
                    case Affinity::text:
                        column_values.push_back(sql_string("v" + std::to_string(i) + "-" +
                                                           text_words[static_cast<std::size_t>(salt) % text_words.size()] +
                                                           std::to_string(salt)));
                        break;
                    case Affinity::blob:
                        column_values.push_back(schema.dialect == core::Dialect::postgresql ? "'\\x" + hex4(n) + "'::bytea"
                                                                                             : "X'" + hex4(n) + "'");
                        break;
                    case Affinity::any:
                        column_values.push_back(salt % 2 ? std::to_string(n)
                                                         : sql_string("v" + std::to_string(i) + "-any" + std::to_string(salt)));
                        break;
                }
            }
        }
        for (int i = 0; i < count; ++i) {
            std::vector<std::string> row;
            for (int c : rows.columns) row.push_back(values.at({t->id, c}).at(static_cast<std::size_t>(i)));
            rows.values.push_back(std::move(row));
        }
        out.push_back(std::move(rows));
    }
    return out;
}

std::string insert_statements(const Schema& schema, const std::vector<TableRows>& rows) {
    std::string out;
    for (const auto& r : rows) {
        if (r.values.empty()) continue;
        const Table* t = schema.table(r.table);
        if (!t) throw std::logic_error("gen: rows of a missing table");
        out += "INSERT INTO " + quote_identifier(t->name, schema.dialect) + " (";
        for (std::size_t i = 0; i < r.columns.size(); ++i)
            out += (i ? ", " : "") + quote_identifier(t->column(r.columns[i])->name, schema.dialect);
        // A GENERATED ALWAYS identity takes given values only when told to.
        const bool always = std::any_of(t->columns.begin(), t->columns.end(),
                                        [](const Column& c) { return c.identity.value_or(false); });
        out += always ? ") OVERRIDING SYSTEM VALUE VALUES\n" : ") VALUES\n";
        for (std::size_t row = 0; row < r.values.size(); ++row) {
            out += "  (";
            for (std::size_t i = 0; i < r.values[row].size(); ++i) out += (i ? ", " : "") + r.values[row][i];
            out += row + 1 < r.values.size() ? "),\n" : ");\n";
        }
    }
    return out;
}

}  // namespace autogen::testing::gen
