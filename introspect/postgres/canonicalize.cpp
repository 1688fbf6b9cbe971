#include "introspect/postgres/canonicalize.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/sql_lexer.hpp"
#include "core/type_texts.hpp"
#include "core/types.hpp"
#include "introspect/postgres/inspector.hpp"
#include "introspect/postgres/queries.hpp"
#include "introspect/postgres/session.hpp"
#include "introspect/postgres/types.hpp"

namespace autogen::introspect::postgres {
namespace {

bool same_text(const std::string& a, const std::string& b) {
    return core::normalize_expression(a, core::Dialect::postgresql) == core::normalize_expression(b, core::Dialect::postgresql);
}

bool same_text(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || same_text(*a, *b);
}

const core::Table* find_table(const core::Schema* schema, const core::Table& like) {
    if (schema == nullptr || !schema->tables) return nullptr;
    for (const auto& table : *schema->tables)
        if (table.schema == like.schema && table.name == like.name) return &table;
    return nullptr;
}

const core::Column* find_column(const core::Table* table, const std::string& name) {
    if (table == nullptr) return nullptr;
    for (const auto& column : table->columns)
        if (column.name == name) return &column;
    return nullptr;
}

// A dotted name ("schema.name") with each part quoted.
std::string qualified_sql(const std::string& name) { return collation_sql(name); }

bool has_expression_text(const core::Index& index) {
    return index.where || std::any_of(index.keys.begin(), index.keys.end(), [](const core::IndexKey& k) { return k.expression.has_value(); });
}

// True when the database's index `a` says what the target's `b` does, so that b needs no canonical form. The
// collations count: the database states an expression key's collation derived from a collated column (the
// expression's own, which pg_get_indexdef leaves out), and only the server can say whether b's key derives it too.
bool same_index_texts(const core::Index& a, const core::Index& b) {
    if (a.keys.size() != b.keys.size() || !same_text(a.where, b.where)) return false;
    for (std::size_t k = 0; k < a.keys.size(); ++k) {
        if (a.keys[k].column != b.keys[k].column || !same_text(a.keys[k].expression, b.keys[k].expression) ||
            a.keys[k].collation != b.keys[k].collation)
            return false;
    }
    return true;
}

std::string column_sql(const core::Column& column, bool with_collation) {
    std::string out = quote_identifier(column.name) + " " + column.type;
    if (with_collation && column.collation) out += " COLLATE " + collation_sql(*column.collation);
    return out;
}

std::string index_sql(const std::string& table, const std::string& name, const core::Index& index) {
    std::string keys;
    for (const auto& key : index.keys) {
        if (!keys.empty()) keys += ", ";
        keys += key.column ? quote_identifier(*key.column) : "(" + key.expression.value_or("") + ")";
        if (key.collation) keys += " COLLATE " + collation_sql(*key.collation);
        if (key.opclass) keys += " " + qualified_sql(*key.opclass);
        if (key.order == "desc") keys += " DESC";
        if (key.nulls) keys += key.nulls == "first" ? " NULLS FIRST" : " NULLS LAST";
    }
    std::string out = "CREATE INDEX " + quote_identifier(name) + " ON pg_temp." + quote_identifier(table);
    if (index.method) out += " USING " + quote_identifier(core::ascii_lower(*index.method));
    out += " (" + keys + ")";
    if (!index.include.empty()) {
        std::string include;
        for (const auto& column : index.include) include += (include.empty() ? "" : ", ") + quote_identifier(column);
        out += " INCLUDE (" + include + ")";
    }
    if (index.where) out += " WHERE (" + *index.where + ")";
    return out;
}

// Builds the PL/pgSQL text: each statement runs through EXECUTE in a block with its own exception handler,
// so a statement the server refuses is a runtime error of that block only (a syntax error included).
class BlockWriter {
public:
    void attempt(const std::string& statement, const std::string& on_failure = "NULL;") {
        body_ += "BEGIN EXECUTE " + quote_literal(statement) + "; EXCEPTION WHEN OTHERS THEN " + on_failure + " END;\n";
    }
    static std::string nested(const std::string& statement, const std::string& on_failure = "NULL;") {
        return "BEGIN EXECUTE " + quote_literal(statement) + "; EXCEPTION WHEN OTHERS THEN " + on_failure + " END;";
    }
    void raw(const std::string& text) { body_ += text; }
    std::string finish() const {
        // The dollar-quote tag must not occur in the body; the texts are the user's, so pick one that does not.
        std::string tag = "$autogen$";
        for (int n = 0; body_.find(tag) != std::string::npos; ++n) tag = "$autogen" + std::to_string(n) + "$";
        return "DO " + tag + "\nBEGIN\n" + body_ + "END\n" + tag;
    }
    bool empty() const { return body_.empty(); }

private:
    std::string body_;
};

// The columns a table's texts can name: its own, or for a partition its parent's (from the target, else from the
// database).
const std::vector<core::Column>& columns_of(const core::Table& table, const std::vector<core::Table>& target,
                                            const core::Schema* current) {
    if (!table.partition_of) return table.columns;
    std::string schema = table.schema;
    std::string parent = *table.partition_of;
    if (const auto dot = parent.find('.'); dot != std::string::npos) {
        schema = parent.substr(0, dot) == "public" ? "" : parent.substr(0, dot);
        parent = parent.substr(dot + 1);
    }
    for (const auto& candidate : target)
        if (candidate.schema == schema && candidate.name == parent) return candidate.columns;
    if (current != nullptr && current->tables)
        for (const auto& candidate : *current->tables)
            if (candidate.schema == schema && candidate.name == parent) return candidate.columns;
    return table.columns;
}

}  // namespace

std::string temp_table_name(std::size_t table) { return "_autogen_t" + std::to_string(table); }

std::string temp_object_name(char kind, std::size_t table, std::size_t item) {
    return std::string("_autogen_") + kind + std::to_string(table) + "_" + std::to_string(item);
}

CanonicalizationPlan plan_canonicalization(const core::Schema& target, const core::Schema* current) {
    CanonicalizationPlan plan;
    BlockWriter block;
    static const std::vector<core::Table> no_tables;
    const std::vector<core::Table>& target_tables = target.tables ? *target.tables : no_tables;
    using Kind = CanonicalItem::Kind;
    for (std::size_t t = 0; t < target_tables.size(); ++t) {
        const core::Table& table = target_tables[t];
        const core::Table* now = find_table(current, table);
        const std::size_t first_item = plan.items.size();
        std::map<std::size_t, bool> wants_default, wants_generated;  // by column index
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const core::Column& column = table.columns[c];
            const core::Column* before = find_column(now, column.name);
            if (column.generated) {
                if (is_self_contained_expression(column.generated->expression) &&
                    !(before && before->generated && same_text(before->generated->expression, column.generated->expression))) {
                    wants_generated[c] = true;
                    plan.items.push_back({Kind::generated, t, c});
                }
            } else if (column.default_value && !column.identity && !column.autoincrement) {
                if (is_self_contained_expression(*column.default_value) && !(before && same_text(before->default_value, column.default_value))) {
                    wants_default[c] = true;
                    plan.items.push_back({Kind::column_default, t, c});
                }
            }
        }
        std::vector<std::size_t> checks, indexes, exclusions;
        for (std::size_t k = 0; k < table.checks.size(); ++k) {
            const auto& check = table.checks[k];
            const bool known = now && std::any_of(now->checks.begin(), now->checks.end(),
                                                  [&](const core::CheckConstraint& c) { return same_text(c.expression, check.expression); });
            if (known || !is_self_contained_expression(check.expression)) continue;
            checks.push_back(k);
            plan.items.push_back({Kind::check, t, k});
        }
        for (std::size_t k = 0; k < table.indexes.size(); ++k) {
            const auto& index = table.indexes[k];
            if (!has_expression_text(index)) continue;
            const bool known = now && std::any_of(now->indexes.begin(), now->indexes.end(),
                                                  [&](const core::Index& i) { return same_index_texts(i, index); });
            bool contained = !index.where || is_self_contained_expression(*index.where);
            for (const auto& key : index.keys)
                if (key.expression && !is_self_contained_expression(*key.expression)) contained = false;
            if (known || !contained) continue;
            indexes.push_back(k);
            plan.items.push_back({Kind::index, t, k});
        }
        for (std::size_t k = 0; k < table.exclusion.size(); ++k) {
            const auto& exclusion = table.exclusion[k];
            const bool known = now && std::any_of(now->exclusion.begin(), now->exclusion.end(),
                                                  [&](const core::ExclusionConstraint& x) { return same_text(x.definition, exclusion.definition); });
            if (known || !is_self_contained_expression(exclusion.definition)) continue;
            exclusions.push_back(k);
            plan.items.push_back({Kind::exclusion, t, k});
        }
        if (plan.items.size() == first_item) continue;

        const std::string name = temp_table_name(t);
        const std::string qualified = "pg_temp." + quote_identifier(name);
        // A partition's texts read its parent's columns, which it does not repeat.
        const std::vector<core::Column>& columns = columns_of(table, target_tables, current);
        // First the whole table in one statement; when anything in it fails, column by column and clause by clause.
        std::vector<std::string> parts;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const core::Column& column = columns[c];
            std::string part = column_sql(column, true);
            if (wants_default.contains(c)) part += " DEFAULT (" + *column.default_value + ")";
            if (wants_generated.contains(c)) part += " GENERATED ALWAYS AS (" + column.generated->expression + ") STORED";
            parts.push_back(part);
        }
        for (std::size_t k : checks)
            parts.push_back("CONSTRAINT " + quote_identifier(temp_object_name('c', t, k)) + " CHECK (" + table.checks[k].expression + ")");
        std::string whole = "CREATE TEMP TABLE " + quote_identifier(name) + " (";
        for (std::size_t i = 0; i < parts.size(); ++i) whole += (i ? ", " : "") + parts[i];
        whole += ")";

        std::string fallback = "EXECUTE " + quote_literal("CREATE TEMP TABLE " + quote_identifier(name) + " ()") + ";\n";
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const core::Column& column = columns[c];
            const std::string add = "ALTER TABLE " + qualified + " ADD COLUMN ";
            std::string plain = BlockWriter::nested(add + quote_identifier(column.name) + " " + column.type);
            std::string collated = BlockWriter::nested(add + column_sql(column, true), plain);
            if (wants_generated.contains(c)) {
                fallback += BlockWriter::nested(add + column_sql(column, true) + " GENERATED ALWAYS AS (" +
                                                    column.generated->expression + ") STORED",
                                                collated) + "\n";
            } else {
                fallback += collated + "\n";
            }
        }
        for (const auto& [c, wanted] : wants_default)
            fallback += BlockWriter::nested("ALTER TABLE " + qualified + " ALTER COLUMN " + quote_identifier(table.columns[c].name) +
                                            " SET DEFAULT (" + *table.columns[c].default_value + ")") + "\n";
        for (std::size_t k : checks)
            fallback += BlockWriter::nested("ALTER TABLE " + qualified + " ADD CONSTRAINT " + quote_identifier(temp_object_name('c', t, k)) +
                                            " CHECK (" + table.checks[k].expression + ")") + "\n";
        block.attempt(whole, fallback);
        for (std::size_t k : indexes) block.attempt(index_sql(name, temp_object_name('i', t, k), table.indexes[k]));
        for (std::size_t k : exclusions)
            block.attempt("ALTER TABLE " + qualified + " ADD CONSTRAINT " + quote_identifier(temp_object_name('x', t, k)) + " " +
                          table.exclusion[k].definition);
    }
    // Views (materialized ones too: a plain temporary view prints the same query) after every table, as they may
    // read them; one that reads an object the database does not have yet fails and stays as written.
    if (target.views) {
        // The columns the target gives a table the database has that it does not have yet (added or renamed).
        std::set<std::string> new_columns;
        for (const auto& table : target_tables)
            if (const core::Table* now = find_table(current, table))
                for (const auto& column : table.columns)
                    if (!find_column(now, column.name)) new_columns.insert(column.name);
        auto names_new_column = [&](const std::vector<core::Token>& tokens) {
            return std::any_of(tokens.begin(), tokens.end(), [&](const core::Token& token) {
                if (token.kind == core::TokenKind::quoted_identifier) return new_columns.count(core::identifier_value(token)) > 0;
                return token.kind == core::TokenKind::word && new_columns.count(core::ascii_lower(token.text)) > 0;
            });
        };
        for (std::size_t v = 0; v < target.views->size(); ++v) {
            const core::View& view = (*target.views)[v];
            std::string definition = view.definition;
            while (!definition.empty() && (definition.back() == ';' || std::isspace(static_cast<unsigned char>(definition.back()))))
                definition.pop_back();
            bool known = false;
            if (current != nullptr && current->views)
                for (const auto& now : *current->views)
                    if (now.schema == view.schema && now.name == view.name && same_text(now.definition, view.definition)) known = true;
            const auto tokens = core::tokenize(definition, core::Dialect::postgresql);
            const bool query = !tokens.empty() && (core::is_keyword(tokens[0], "SELECT") || core::is_keyword(tokens[0], "WITH") ||
                                                   core::is_keyword(tokens[0], "VALUES") || tokens[0].text == "(");
            // One naming a column the table does not have yet stays as written too: created against the table as
            // it is, it fails, or reads the name another way (a column renamed to `count`: `t.count` is then the
            // aggregate count(t.*), and the revision created that view; soak seed 1407).
            if (known || !query || !is_self_contained_expression(definition) || names_new_column(tokens)) continue;
            plan.items.push_back({Kind::view, v, 0});
            block.attempt("CREATE TEMP VIEW " + quote_identifier(temp_object_name('v', v, 0)) + " AS " + definition);
        }
    }
    // Functions and procedures are created in pg_temp under a made-up name and printed back by
    // pg_get_functiondef; their bodies are not checked (check_function_bodies is off), as they may read objects
    // the database does not have yet. Aggregates are written by introspection itself and stay as written.
    if (target.routines) {
        for (std::size_t r = 0; r < target.routines->size(); ++r) {
            const core::Routine& routine = (*target.routines)[r];
            if (routine.kind == "aggregate") continue;
            bool known = false;
            if (current != nullptr && current->routines)
                for (const auto& now : *current->routines)
                    if (now.schema == routine.schema && now.name == routine.name && same_text(now.definition, routine.definition))
                        known = true;
            if (known) continue;
            std::string definition = routine.definition;
            while (!definition.empty() && (definition.back() == ';' || std::isspace(static_cast<unsigned char>(definition.back()))))
                definition.pop_back();
            const auto renamed = renamed_routine(definition, "pg_temp." + quote_identifier(temp_object_name('r', r, 0)));
            if (!renamed || !is_self_contained_expression(*renamed)) continue;
            plan.items.push_back({Kind::routine, r, 0});
            block.attempt(*renamed);
        }
    }
    // A trigger is created on a temporary copy of its table's columns (the server prints the trigger the same
    // whatever table it is on, once the name is put back).
    if (target.triggers) {
        for (std::size_t g = 0; g < target.triggers->size(); ++g) {
            const core::Trigger& trigger = (*target.triggers)[g];
            bool known = false;
            if (current != nullptr && current->triggers)
                for (const auto& now : *current->triggers)
                    if (now.schema == trigger.schema && now.table == trigger.table && now.name == trigger.name &&
                        same_text(now.definition, trigger.definition))
                        known = true;
            if (known) continue;
            const core::Table* table = nullptr;
            for (const auto& candidate : target_tables)
                if (candidate.schema == trigger.schema && candidate.name == trigger.table) table = &candidate;
            if (table == nullptr) continue;
            const std::string copy = temp_object_name('g', g, 0);
            std::string definition = trigger.definition;
            while (!definition.empty() && (definition.back() == ';' || std::isspace(static_cast<unsigned char>(definition.back()))))
                definition.pop_back();
            const auto retargeted = retargeted_trigger(definition, "pg_temp." + quote_identifier(copy));
            if (!retargeted || !is_self_contained_expression(*retargeted)) continue;
            std::string columns;
            for (const auto& column : columns_of(*table, target_tables, current))
                columns += (columns.empty() ? "" : ", ") + quote_identifier(column.name) + " " + column.type;
            plan.items.push_back({Kind::trigger, g, 0});
            block.attempt("CREATE TEMP TABLE " + quote_identifier(copy) + " (" + columns + ")");
            block.attempt(*retargeted);
        }
    }
    if (!block.empty()) plan.do_block = block.finish();
    return plan;
}

std::optional<std::string> retargeted_trigger(const std::string& definition, const std::string& replacement) {
    const auto tokens = core::tokenize(definition, core::Dialect::postgresql);
    std::size_t i = 0;
    if (i < tokens.size() && core::is_keyword(tokens[i], "CREATE")) ++i;
    else return std::nullopt;
    if (i + 1 < tokens.size() && core::is_keyword(tokens[i], "OR") && core::is_keyword(tokens[i + 1], "REPLACE")) i += 2;
    if (i < tokens.size() && core::is_keyword(tokens[i], "CONSTRAINT")) return std::nullopt;  // FROM, DEFERRABLE: left as written
    if (i < tokens.size() && core::is_keyword(tokens[i], "TRIGGER")) ++i;
    else return std::nullopt;
    // The first ON after the trigger's name introduces the table (UPDATE OF a, b names columns, never ON).
    for (std::size_t k = i + 1; k < tokens.size(); ++k) {
        if (!core::is_keyword(tokens[k], "ON")) continue;
        std::size_t last = k + 1;
        if (last >= tokens.size()) return std::nullopt;
        if (last + 2 < tokens.size() && tokens[last + 1].text == ".") last += 2;
        const std::size_t begin = tokens[k + 1].offset;
        const std::size_t end = tokens[last].offset + tokens[last].text.size();
        return definition.substr(0, begin) + replacement + definition.substr(end);
    }
    return std::nullopt;
}

std::optional<std::string> renamed_routine(const std::string& definition, const std::string& replacement) {
    const auto tokens = core::tokenize(definition, core::Dialect::postgresql);
    std::size_t i = 0;
    if (i < tokens.size() && core::is_keyword(tokens[i], "CREATE")) ++i;
    else return std::nullopt;
    if (i + 1 < tokens.size() && core::is_keyword(tokens[i], "OR") && core::is_keyword(tokens[i + 1], "REPLACE")) i += 2;
    if (i < tokens.size() && (core::is_keyword(tokens[i], "FUNCTION") || core::is_keyword(tokens[i], "PROCEDURE"))) ++i;
    else return std::nullopt;
    // The name: one identifier, or schema . identifier, then the argument list's parenthesis.
    auto is_name = [&](std::size_t k) {
        return k < tokens.size() && (tokens[k].kind == core::TokenKind::word || tokens[k].kind == core::TokenKind::quoted_identifier);
    };
    if (!is_name(i)) return std::nullopt;
    std::size_t last = i;
    if (last + 2 < tokens.size() && tokens[last + 1].text == "." && is_name(last + 2)) last += 2;
    if (last + 1 >= tokens.size() || tokens[last + 1].text != "(") return std::nullopt;
    const std::size_t end = tokens[last].offset + tokens[last].text.size();
    const std::string kind = core::is_keyword(tokens[i - 1], "PROCEDURE") ? "PROCEDURE " : "FUNCTION ";
    return "CREATE " + kind + replacement + definition.substr(end);
}

std::size_t apply_canonical(core::Schema& target, const CanonicalizationPlan& plan, const core::Schema& temp) {
    std::map<std::string, const core::Table*> temp_tables;
    if (temp.tables)
        for (const auto& table : *temp.tables) temp_tables.emplace(table.name, &table);
    std::map<std::string, const core::View*> temp_views;
    if (temp.views)
        for (const auto& view : *temp.views) temp_views.emplace(view.name, &view);
    std::size_t applied = 0;
    using Kind = CanonicalItem::Kind;
    std::map<std::string, const core::Routine*> temp_routines;
    if (temp.routines)
        for (const auto& routine : *temp.routines) temp_routines.emplace(routine.name, &routine);
    std::map<std::string, const core::Trigger*> temp_triggers;
    if (temp.triggers)
        for (const auto& trigger : *temp.triggers) temp_triggers.emplace(trigger.table, &trigger);
    for (const auto& item : plan.items) {
        if (item.kind == Kind::trigger) {
            const std::string copy = temp_object_name('g', item.table, 0);
            const auto made = temp_triggers.find(copy);
            if (made == temp_triggers.end()) continue;
            core::Trigger& trigger = (*target.triggers)[item.table];
            // pg_get_triggerdef names the table schema-qualified; put the real one back.
            const std::string real = core::canonical_identifier(trigger.schema.empty() ? "public" : trigger.schema) + "." +
                                     core::canonical_identifier(trigger.table);
            std::string definition = made->second->definition;
            const std::string temp_name = core::canonical_identifier(made->second->schema) + "." + copy;
            auto at = definition.find(temp_name);
            std::size_t length = temp_name.size();
            if (at == std::string::npos) {
                at = definition.find("pg_temp." + copy);
                length = std::string("pg_temp." + copy).size();
            }
            if (at == std::string::npos) continue;
            definition.replace(at, length, real);
            trigger.definition = definition;
            ++applied;
            continue;
        }
        if (item.kind == Kind::routine) {
            const auto made = temp_routines.find(temp_object_name('r', item.table, 0));
            if (made == temp_routines.end()) continue;
            core::Routine& routine = (*target.routines)[item.table];
            // pg_get_functiondef names the routine schema-qualified, as quote_ident spells the parts.
            // pg_get_functiondef spells the temporary schema pg_temp.
            const std::string temp_name = "pg_temp." + made->second->name;
            const std::string real_name = core::canonical_identifier(routine.schema.empty() ? "public" : routine.schema) + "." +
                                          core::canonical_identifier(routine.name);
            std::string definition = made->second->definition;
            const auto at = definition.find(temp_name);
            if (at == std::string::npos) continue;
            definition.replace(at, temp_name.size(), real_name);
            routine.definition = definition;
            routine.signature = made->second->signature;
            ++applied;
            continue;
        }
        if (item.kind == Kind::view) {
            const auto made = temp_views.find(temp_object_name('v', item.table, 0));
            if (made == temp_views.end()) continue;
            (*target.views)[item.table].definition = made->second->definition;
            ++applied;
            continue;
        }
        core::Table& table = (*target.tables)[item.table];
        const auto found = temp_tables.find(temp_table_name(item.table));
        if (found == temp_tables.end()) continue;
        const core::Table& made = *found->second;
        switch (item.kind) {
            case Kind::column_default: {
                core::Column& column = table.columns[item.item];
                const core::Column* back = find_column(&made, column.name);
                if (back && back->default_value) {
                    column.default_value = back->default_value;
                    ++applied;
                }
                break;
            }
            case Kind::generated: {
                core::Column& column = table.columns[item.item];
                const core::Column* back = find_column(&made, column.name);
                if (back && back->generated) {
                    column.generated->expression = back->generated->expression;
                    ++applied;
                }
                break;
            }
            case Kind::check: {
                const std::string name = temp_object_name('c', item.table, item.item);
                for (const auto& check : made.checks) {
                    if (check.name != name) continue;
                    table.checks[item.item].expression = check.expression;
                    ++applied;
                }
                break;
            }
            case Kind::index: {
                const std::string name = temp_object_name('i', item.table, item.item);
                for (const auto& index : made.indexes) {
                    if (index.name != name) continue;
                    core::Index& wanted = table.indexes[item.item];
                    wanted.keys = index.keys;
                    wanted.where = index.where;
                    wanted.method = index.method;
                    ++applied;
                }
                break;
            }
            case Kind::view:
            case Kind::routine:
            case Kind::trigger:
                break;  // handled above
            case Kind::exclusion: {
                const std::string name = temp_object_name('x', item.table, item.item);
                for (const auto& exclusion : made.exclusion) {
                    if (exclusion.name != name) continue;
                    table.exclusion[item.item].definition = exclusion.definition;
                    ++applied;
                }
                break;
            }
        }
    }
    return applied;
}

void PostgresInspector::canonicalize(core::Schema& target) { canonicalize_against(target, last_ ? &*last_ : nullptr); }

void PostgresInspector::canonicalize(core::Schema& target, const core::Schema& current) {
    canonicalize_against(target, &current);
}

void PostgresInspector::canonicalize_against(core::Schema& target, const core::Schema* current) {
    // Texts naming an enum the target renames name a type the database does not have yet: they are sent under the
    // old name, which the server knows, and what it prints is read back under the new one.
    std::vector<std::pair<std::string, std::string>> renames;
    if (current) renames = core::renamed_enums(*current, target);
    for (const auto& [from, to] : renames) core::rename_type_references(target, to, from);
    canonicalize_texts(target, current);
    for (const auto& [from, to] : renames) core::rename_type_references(target, from, to);
}

void PostgresInspector::canonicalize_texts(core::Schema& target, const core::Schema* current) {
    canonicalize_sent_ = canonicalize_done_ = 0;
    const CanonicalizationPlan plan = plan_canonicalization(target, current);
    if (plan.items.empty()) return;
    canonicalize_sent_ = static_cast<int>(plan.items.size());
    // The introspection's session, its read-only transaction over (and its catalog caches warm), in a transaction
    // of its own that is always rolled back: nothing is committed, and the temporary objects never outlive it.
    Session& session = *session_;
    std::vector<Rows> results;
    try {
        results = session.batch({Statement{"begin", "BEGIN"},
                                 Statement{setup_temp.name, setup_temp.sql},
                                 Statement{"lock_timeout", "SET LOCAL lock_timeout = '10s'"},
                                 Statement{"check_function_bodies", "SET LOCAL check_function_bodies = off"},
                                 Statement{"canonicalize", plan.do_block},
                                 Statement{tables.name, tables.sql},
                                 Statement{columns.name, columns.sql},
                                 Statement{constraints.name, constraints.sql},
                                 Statement{indexes.name, indexes.sql},
                                 Statement{views.name, views.sql},
                                 Statement{routines.name, routines.sql},
                                 Statement{triggers.name, triggers.sql}});
    } catch (Error& error) {
        session.rollback_quietly();
        error.on(session.display() + " (canonicalizing the target's expressions in a rolled-back session)");
        throw;
    }
    session.rollback_quietly();
    CatalogRows rows;
    rows.tables = std::move(results[5]);
    rows.columns = std::move(results[6]);
    rows.constraints = std::move(results[7]);
    rows.indexes = std::move(results[8]);
    rows.views = std::move(results[9]);
    rows.routines = std::move(results[10]);
    rows.triggers = std::move(results[11]);
    const core::Schema temp = build_schema(std::move(rows));
    canonicalize_done_ = static_cast<int>(apply_canonical(target, plan, temp));
}

}  // namespace autogen::introspect::postgres
