#include "tests/gen/model.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "core/sql_lexer.hpp"
#include "emit/mysql/renderer.hpp"
#include "emit/postgres/renderer.hpp"
#include "emit/sqlite/renderer.hpp"

namespace autogen::testing::gen {
namespace {

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

// Rendering a reference that repair() should have removed is a generator bug, never a test failure.
[[noreturn]] void dangling(const std::string& what) { throw std::logic_error("gen: dangling reference: " + what); }

const Column& column_of(const Schema& schema, int table_id, int column_id) {
    const Table* table = schema.table(table_id);
    if (!table) dangling("table " + std::to_string(table_id));
    const Column* column = table->column(column_id);
    if (!column) dangling("column " + std::to_string(column_id) + " of " + table->name);
    return *column;
}

std::string qi(const Schema& schema, const std::string& name) {
    return quote_identifier(name, schema.dialect, schema.quote_all);
}

std::vector<std::string> column_names(const Table& table, const std::vector<int>& ids) {
    std::vector<std::string> out;
    for (int id : ids) {
        const Column* column = table.column(id);
        if (!column) dangling("key column " + std::to_string(id) + " of " + table.name);
        out.push_back(column->name);
    }
    return out;
}

// The rule introspection applies (introspect/sqlite/inspector.cpp fill_dependencies): every table or view whose
// name appears as an identifier token of the text, except the object itself. It is the canonical form.
std::vector<core::Dependency> dependencies_of(const Schema& schema, const std::string& text, const std::string& self) {
    std::map<std::string, core::Dependency> names;
    for (const auto& t : schema.tables) names.emplace(core::ascii_lower(t.name), core::Dependency{"table", "", t.name});
    for (const auto& v : schema.views) names.emplace(core::ascii_lower(v.name), core::Dependency{"view", "", v.name});
    std::map<std::string, core::Dependency> found;
    for (const auto& token : core::tokenize(text, schema.dialect)) {
        if (token.kind != core::TokenKind::word && token.kind != core::TokenKind::quoted_identifier) continue;
        const auto it = names.find(core::ascii_lower(core::identifier_value(token)));
        if (it != names.end() && core::ascii_lower(it->second.name) != core::ascii_lower(self))
            found.emplace(it->second.name, it->second);
    }
    std::vector<core::Dependency> out;
    for (auto& [name, dependency] : found) out.push_back(dependency);
    return out;
}

void unqualify(Expr& expr) {
    if (expr.kind == Expr::Kind::column) expr.relation = -1;
    for (auto& arg : expr.args) unqualify(arg);
}

void qualify_all(Expr& expr, int relation) {
    if (expr.kind == Expr::Kind::column && expr.relation < 0) expr.relation = relation;
    for (auto& arg : expr.args) qualify_all(arg, relation);
}

void collect_columns(const Expr& expr, std::vector<std::pair<int, int>>& out) {
    if (expr.kind == Expr::Kind::column || expr.kind == Expr::Kind::row_column) out.emplace_back(expr.relation, expr.column);
    for (const auto& arg : expr.args) collect_columns(arg, out);
}

}  // namespace

const Column* Table::column(int column_id) const {
    for (const auto& c : columns)
        if (c.id == column_id) return &c;
    return nullptr;
}

Column* Table::column(int column_id) {
    for (auto& c : columns)
        if (c.id == column_id) return &c;
    return nullptr;
}

const Table* Schema::table(int id) const {
    for (const auto& t : tables)
        if (t.id == id) return &t;
    return nullptr;
}

Table* Schema::table(int id) {
    for (auto& t : tables)
        if (t.id == id) return &t;
    return nullptr;
}

const View* Schema::view(int id) const {
    for (const auto& v : views)
        if (v.id == id) return &v;
    return nullptr;
}

View* Schema::view(int id) {
    for (auto& v : views)
        if (v.id == id) return &v;
    return nullptr;
}

const Enum* Schema::enum_type(int id) const {
    for (const auto& e : enums)
        if (e.id == id) return &e;
    return nullptr;
}

std::string column_type(const Schema& schema, const Column& column) {
    if (column.enum_type < 0) return column.type;
    const Enum* e = schema.enum_type(column.enum_type);
    if (!e) dangling("enum " + std::to_string(column.enum_type) + " of column " + column.name);
    return e->name;
}

std::string Schema::relation_name(int id) const {
    if (const Table* t = table(id)) return t->name;
    if (const View* v = view(id)) return v->name;
    return "";
}

std::string quote_identifier(const std::string& name, core::Dialect dialect, bool quote_all) {
    const bool mysql = dialect == core::Dialect::mysql || dialect == core::Dialect::mariadb;
    if (!quote_all) {
        if (mysql) return emit::mysql::quote_identifier(name);
        if (dialect == core::Dialect::postgresql) return emit::postgres::quote_identifier(name);
        return emit::sqlite::quote_identifier(name);
    }
    const char q = mysql ? '`' : '"';
    std::string out(1, q);
    for (char c : name) out += c == q ? std::string(2, q) : std::string(1, c);
    return out + q;
}

std::string render_expr(const Schema& schema, const Expr& expr, int owner, const std::string& qualifier) {
    switch (expr.kind) {
        case Expr::Kind::literal: return expr.text;
        case Expr::Kind::column: {
            if (expr.relation >= 0) {
                const Column& column = column_of(schema, expr.relation, expr.column);
                return qi(schema, schema.relation_name(expr.relation)) + "." + qi(schema, column.name);
            }
            const std::string name = qi(schema, column_of(schema, owner, expr.column).name);
            return qualifier.empty() ? name : qualifier + "." + name;
        }
        case Expr::Kind::view_column: {
            const View* view = schema.view(expr.relation);
            if (!view) dangling("view " + std::to_string(expr.relation));
            return qi(schema, view->name) + "." + qi(schema, expr.text);
        }
        case Expr::Kind::row_column: return expr.text + "." + qi(schema, column_of(schema, owner, expr.column).name);
        case Expr::Kind::call: {
            std::vector<std::string> args;
            for (const auto& arg : expr.args) args.push_back(render_expr(schema, arg, owner, qualifier));
            return expr.text + "(" + join(args, ", ") + ")";
        }
        case Expr::Kind::binary: {
            auto side = [&](const Expr& e) {
                const std::string text = render_expr(schema, e, owner, qualifier);
                return e.kind == Expr::Kind::binary || e.kind == Expr::Kind::postfix ? "(" + text + ")" : text;
            };
            return side(expr.args.at(0)) + " " + expr.text + " " + side(expr.args.at(1));
        }
        case Expr::Kind::postfix: return render_expr(schema, expr.args.at(0), owner, qualifier) + " " + expr.text;
    }
    return "";
}

std::vector<std::pair<int, int>> columns_read(const Expr& expr) {
    std::vector<std::pair<int, int>> out;
    collect_columns(expr, out);
    return out;
}

// A view as MariaDB prints it (information_schema.VIEWS, what `autogen introspect` writes): a target's view compares
// as written there (README), so the generator writes the server's own spelling. Every column is qualified, by the
// table's alias when it has one (written without AS), and each join is wrapped: `from (a join b on(...))`.
std::string mysql_view_definition(const Schema& schema, const View& view) {
    const bool single = view.relations.size() == 1 && schema.table(view.relations[0]);
    const bool aliased = single && !view.table_alias.empty() && view.table_alias != "-";
    const std::string alias = aliased ? qi(schema, view.table_alias) : "";
    auto text = [&](Expr e) {
        if (!aliased) {
            if (single) qualify_all(e, view.relations[0]);
            return render_expr(schema, e, -1);
        }
        unqualify(e);
        return render_expr(schema, e, view.relations[0], alias);
    };
    std::vector<std::string> outputs;
    for (const auto& output : view.outputs) outputs.push_back(text(output.expression) + " AS " + qi(schema, output.alias));
    std::string from;
    for (std::size_t i = 0; i < view.relations.size(); ++i) {
        const std::string name = schema.relation_name(view.relations[i]);
        if (name.empty()) dangling("relation " + std::to_string(view.relations[i]) + " of view " + view.name);
        if (i == 0) from = qi(schema, name);
        else from = "(" + from + " join " + qi(schema, name) + " on(" + render_expr(schema, view.joins.at(i - 1), -1) + "))";
    }
    if (aliased) from += " " + alias;
    std::string out = std::string("select ") + (view.distinct ? "distinct " : "") + join(outputs, ",") + " from " + from;
    if (view.where) out += " where " + text(*view.where);
    return out;
}

std::string view_definition(const Schema& schema, const View& view) {
    if (schema.dialect == core::Dialect::mysql || schema.dialect == core::Dialect::mariadb)
        return mysql_view_definition(schema, view);
    // A view over one table may name its columns bare ("-") or through an alias: rendered as the table's own
    // columns, with the alias in front.
    const bool single = view.relations.size() == 1 && schema.table(view.relations[0]) && !view.table_alias.empty();
    const std::string qualifier = single && view.table_alias != "-" ? qi(schema, view.table_alias) : "";
    auto text = [&](Expr e) {
        if (!single) return render_expr(schema, e, -1);
        unqualify(e);
        return render_expr(schema, e, view.relations[0], qualifier);
    };
    std::vector<std::string> outputs;
    for (const auto& output : view.outputs) outputs.push_back(text(output.expression) + " AS " + qi(schema, output.alias));
    std::string out = std::string("SELECT ") + (view.distinct ? "DISTINCT " : "") + join(outputs, ", ") + " FROM ";
    for (std::size_t i = 0; i < view.relations.size(); ++i) {
        const std::string name = schema.relation_name(view.relations[i]);
        if (name.empty()) dangling("relation " + std::to_string(view.relations[i]) + " of view " + view.name);
        if (i == 0) out += qi(schema, name);
        else out += " JOIN " + qi(schema, name) + " ON " + render_expr(schema, view.joins.at(i - 1), -1);
    }
    if (!qualifier.empty()) out += " AS " + qualifier;
    if (view.where) out += " WHERE " + text(*view.where);
    return out;
}

std::string trigger_definition(const Schema& schema, const Trigger& trigger) {
    const std::string on = schema.relation_name(trigger.table);
    if (on.empty()) dangling("table or view of trigger " + trigger.name);
    std::string out = "CREATE TRIGGER " + qi(schema, trigger.name) + " " + trigger.timing + " " + trigger.event;
    if (!trigger.update_of.empty()) out += " OF " + [&] {
        std::vector<std::string> names;
        const Table* table = schema.table(trigger.table);
        if (!table) dangling("UPDATE OF on view " + on);
        for (const auto& name : column_names(*table, trigger.update_of)) names.push_back(qi(schema, name));
        return join(names, ", ");
    }();
    out += " ON " + qi(schema, on) + " FOR EACH ROW";
    if (trigger.when) out += " WHEN " + render_expr(schema, *trigger.when, trigger.table);
    out += " BEGIN";
    for (const auto& action : trigger.actions) {
        out += " ";
        if (action.kind == TriggerAction::Kind::raise_ignore) {
            out += "SELECT RAISE(IGNORE) WHERE " + render_expr(schema, action.condition, trigger.table) + ";";
            continue;
        }
        const Table* target = schema.table(action.table);
        if (!target) dangling("table written by trigger " + trigger.name);
        const std::string t = qi(schema, target->name);
        const std::string c = qi(schema, column_of(schema, action.table, action.column).name);
        switch (action.kind) {
            case TriggerAction::Kind::update_noop:
                out += "UPDATE " + t + " SET " + c + " = " + c + " WHERE " + c + " <> " + c + ";";
                break;
            case TriggerAction::Kind::delete_noop: out += "DELETE FROM " + t + " WHERE " + c + " <> " + c + ";"; break;
            case TriggerAction::Kind::insert_none:
                out += "INSERT INTO " + t + " (" + c + ") SELECT " + c + " FROM " + t + " WHERE " + c + " <> " + c + ";";
                break;
            case TriggerAction::Kind::raise_ignore: break;
        }
    }
    return out + " END";
}

core::Schema to_core(const Schema& schema, bool hints, bool depends_on) {
    core::Schema out;
    out.dialect = schema.dialect;
    auto hint = [&](const std::optional<std::string>& from) { return hints ? from : std::nullopt; };
    auto& tables = out.tables.emplace();
    for (const auto& t : schema.tables) {
        core::Table table;
        table.name = t.name;
        table.renamed_from = hint(t.renamed_from);
        for (const auto& c : t.columns) {
            core::Column column;
            column.name = c.name;
            column.renamed_from = hint(c.renamed_from);
            column.type = column_type(schema, c);
            if (c.identity) column.identity = core::Identity{*c.identity, std::nullopt, std::nullopt, std::nullopt,
                                                             std::nullopt, std::nullopt, false};
            column.nullable = c.nullable;
            column.default_value = c.default_value;
            if (c.generated) column.generated = core::Generated{render_expr(schema, *c.generated, t.id), c.stored};
            column.collation = c.collation;
            column.autoincrement = c.autoincrement;
            table.columns.push_back(std::move(column));
        }
        if (t.primary_key)
            table.primary_key = core::PrimaryKey{t.primary_key->name, column_names(t, t.primary_key->columns),
                                                 hint(t.primary_key->renamed_from)};
        for (const auto& f : t.foreign_keys) {
            const Table* parent = schema.table(f.parent);
            if (!parent) dangling("parent of a foreign key of " + t.name);
            core::ForeignKey fk;
            fk.name = f.name;
            fk.renamed_from = hint(f.renamed_from);
            fk.columns = column_names(t, f.columns);
            fk.references = core::Reference{"", parent->name, column_names(*parent, f.parent_columns)};
            fk.on_delete = f.on_delete;
            fk.on_update = f.on_update;
            fk.deferrable = f.deferrable;
            fk.initially_deferred = f.initially_deferred;
            table.foreign_keys.push_back(std::move(fk));
        }
        for (const auto& u : t.unique) {
            core::UniqueConstraint unique;
            unique.name = u.name;
            unique.renamed_from = hint(u.renamed_from);
            unique.columns = column_names(t, u.columns);
            table.unique.push_back(std::move(unique));
        }
        for (const auto& c : t.checks)
            table.checks.push_back(core::CheckConstraint{c.name, render_expr(schema, c.expression, t.id), true,
                                                         hint(c.renamed_from)});
        for (const auto& i : t.indexes) {
            core::Index index;
            index.name = i.name;
            index.renamed_from = hint(i.renamed_from);
            index.unique = i.unique;
            for (const auto& k : i.keys) {
                core::IndexKey key;
                if (k.expression) {
                    key.expression = render_expr(schema, *k.expression, t.id);
                    // An expression key has nothing to inherit: BINARY, the default, is not stated.
                    if (k.collation && core::ascii_upper(*k.collation) != "BINARY") key.collation = k.collation;
                } else {
                    const Column* column = t.column(k.column);
                    if (!column) dangling("index key of " + i.name);
                    key.column = column->name;
                    // A column key inherits the column's collation; only a different one is stated (BINARY too).
                    const std::string inherited = column->collation.value_or("BINARY");
                    if (k.collation && core::ascii_lower(*k.collation) != core::ascii_lower(inherited))
                        key.collation = k.collation;
                }
                key.order = k.desc ? "desc" : "asc";
                index.keys.push_back(std::move(key));
            }
            if (i.where) index.where = render_expr(schema, *i.where, t.id);
            table.indexes.push_back(std::move(index));
        }
        if (schema.dialect == core::Dialect::sqlite) {
            table.options.sqlite.without_rowid = t.without_rowid;
            table.options.sqlite.strict = t.strict;
        }
        tables.push_back(std::move(table));
    }
    auto& views = out.views.emplace();
    for (const auto& v : schema.views) {
        core::View view;
        view.name = v.name;
        view.renamed_from = hint(v.renamed_from);
        view.definition = view_definition(schema, v);
        if (depends_on) view.depends_on = dependencies_of(schema, view.definition, v.name);
        views.push_back(std::move(view));
    }
    auto& triggers = out.triggers.emplace();
    for (const auto& g : schema.triggers) {
        core::Trigger trigger;
        trigger.name = g.name;
        trigger.table = schema.relation_name(g.table);
        trigger.definition = trigger_definition(schema, g);
        if (depends_on) trigger.depends_on = dependencies_of(schema, trigger.definition, "");
        triggers.push_back(std::move(trigger));
    }
    if (schema.dialect == core::Dialect::postgresql) {
        auto& enums = out.enums.emplace();
        for (const auto& e : schema.enums) enums.push_back(core::Enum{"", e.name, e.values, hint(e.renamed_from)});
        auto& sequences = out.sequences.emplace();
        for (const auto& q : schema.sequences) {
            core::Sequence sequence;
            sequence.name = q.name;
            sequence.start = q.start;
            sequence.increment = q.increment;
            sequence.renamed_from = hint(q.renamed_from);
            sequences.push_back(std::move(sequence));
        }
    }
    if (depends_on) {
        // Introspection writes every list of the dialect, even when empty.
        out.extensions.emplace();
        out.domains.emplace();
        if (!out.enums) out.enums.emplace();
        if (!out.sequences) out.sequences.emplace();
        out.routines.emplace();
    }
    return out;
}

}  // namespace autogen::testing::gen
