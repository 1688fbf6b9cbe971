#include "emit/postgres/renderer.hpp"
#include "emit/quoting.hpp"

#include <algorithm>
#include <set>
#include <type_traits>

#include "core/error.hpp"
#include "core/names.hpp"
#include "core/sql_lexer.hpp"
#include "core/types.hpp"
#include "diff/hazards.hpp"

namespace autogen::emit::postgres {

const std::array<std::string_view, 151> keywords = core::postgres_quoted_keywords;

namespace {

Error unsupported(const std::string& what) {
    return Error("postgresql: " + what, ErrorKind::unsupported).with_backend("postgres");
}

Error internal(const std::string& what) {
    return Error("postgresql renderer: " + what, ErrorKind::internal).with_backend("postgres");
}

std::string column_list(const std::vector<std::string>& columns) { return quoted_list(columns, quote_identifier); }

std::string table_of(const core::QualifiedName& owner) { return "ALTER TABLE " + qualified_name(owner) + " "; }

std::string constraint_name(const std::optional<std::string>& name, const std::string& what, const core::QualifiedName& owner) {
    if (!name) throw internal("unnamed " + what + " on " + qualified_name(owner) + ": compare() names every constraint it creates");
    return quote_identifier(*name);
}

std::string strip_semicolons(std::string text) {
    while (!text.empty() && (text.back() == ';' || std::isspace(static_cast<unsigned char>(text.back())))) text.pop_back();
    return text;
}

// DEFAULT takes a restricted expression grammar (b_expr); a default that is more than a literal, a name, a
// function call or a cast of those is parenthesized, which never changes its meaning.
std::string default_expression(const std::string& value) {
    const auto tokens = core::tokenize(value, core::Dialect::postgresql);
    int depth = 0;
    bool after_cast = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        if (t.kind == core::TokenKind::punct && (t.text == "(" || t.text == "[")) {
            ++depth;
            continue;
        }
        if (t.kind == core::TokenKind::punct && (t.text == ")" || t.text == "]")) {
            --depth;
            continue;
        }
        if (depth > 0) continue;
        if (i == 0) {
            if (t.kind == core::TokenKind::op && t.text != "-") return "(" + value + ")";
            continue;
        }
        if (t.kind == core::TokenKind::op && t.text == "::") {
            after_cast = true;
            continue;
        }
        if (t.kind == core::TokenKind::punct && t.text == ".") continue;
        if (after_cast && t.kind == core::TokenKind::word) continue;
        if (i == 1 && tokens[0].text == "-" && (t.kind == core::TokenKind::number || t.kind == core::TokenKind::word)) continue;
        if (t.kind == core::TokenKind::word && tokens[i - 1].kind == core::TokenKind::punct && tokens[i - 1].text == ".") continue;
        return "(" + value + ")";
    }
    return value;
}

std::string identity_options(const core::Identity& identity) {
    std::vector<std::string> options;
    if (identity.start) options.push_back("START WITH " + std::to_string(*identity.start));
    if (identity.increment) options.push_back("INCREMENT BY " + std::to_string(*identity.increment));
    if (identity.min) options.push_back("MINVALUE " + std::to_string(*identity.min));
    if (identity.max) options.push_back("MAXVALUE " + std::to_string(*identity.max));
    if (identity.cache) options.push_back("CACHE " + std::to_string(*identity.cache));
    if (identity.cycle) options.emplace_back("CYCLE");
    return options.empty() ? "" : " (" + join(options, " ") + ")";
}

std::string identity_clause(const core::Identity& identity) {
    return std::string("GENERATED ") + (identity.always ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY" + identity_options(identity);
}

std::string serial_type(const std::string& type);
std::vector<std::string> repartition(const core::Table& from, const core::Table& to);

// An autoincrement column is created the way introspection reads one back (a serial: an owned sequence whose
// nextval is the default), so that a model re-created from its JSON reads the same; the comparer matches a
// target's autoincrement with an identity too. Only a non-integer autoincrement falls back to an identity.
bool as_serial(const core::Column& column) {
    return column.autoincrement && !column.identity && !serial_type(column.type).empty();
}

// The column's identity as it is created: its own, or the one an autoincrement that cannot be serial becomes.
std::optional<core::Identity> identity_of(const core::Column& column) {
    if (column.identity) return column.identity;
    if (column.autoincrement && !as_serial(column)) return core::Identity{};
    return std::nullopt;
}

std::string comment_statement(const std::string& what, const std::optional<std::string>& comment) {
    return "COMMENT ON " + what + " IS " + (comment ? quote_literal(*comment) : std::string("NULL")) + ";";
}

std::string column_comment(const core::QualifiedName& table, const core::Column& column) {
    return comment_statement("COLUMN " + qualified_name(table) + "." + quote_identifier(column.name), column.comment);
}

std::string foreign_key_clause(const core::ForeignKey& fk, bool with_validity) {
    std::string out = "FOREIGN KEY (" + column_list(fk.columns) + ") REFERENCES " +
                      qualified_name({fk.references.schema, fk.references.table});
    if (!fk.references.columns.empty()) out += " (" + column_list(fk.references.columns) + ")";
    if (fk.match != "simple") out += " MATCH " + core::ascii_upper(fk.match);
    if (fk.on_update != "no action") out += " ON UPDATE " + core::ascii_upper(fk.on_update);
    if (fk.on_delete != "no action") out += " ON DELETE " + core::ascii_upper(fk.on_delete);
    if (fk.deferrable) out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
    if (with_validity && !fk.valid) out += " NOT VALID";
    return out;
}

std::string unique_clause(const core::UniqueConstraint& unique) {
    std::string out = "UNIQUE ";
    if (unique.nulls_not_distinct) out += "NULLS NOT DISTINCT ";
    out += "(" + column_list(unique.columns) + ")";
    if (unique.deferrable) out += unique.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
    return out;
}

std::string check_clause(const core::CheckConstraint& check, bool with_validity) {
    return "CHECK (" + check.expression + ")" + (with_validity && !check.valid ? " NOT VALID" : "");
}

std::string add_constraint(const core::QualifiedName& owner, const std::optional<std::string>& name, const std::string& what,
                           const std::string& clause) {
    return table_of(owner) + "ADD CONSTRAINT " + constraint_name(name, what, owner) + " " + clause + ";";
}

std::string drop_constraint(const core::QualifiedName& owner, const std::optional<std::string>& name, const std::string& what) {
    return table_of(owner) + "DROP CONSTRAINT " + constraint_name(name, what, owner) + ";";
}

std::string rename_constraint(const core::QualifiedName& owner, const std::optional<std::string>& from,
                              const std::optional<std::string>& to, const std::string& what) {
    return table_of(owner) + "RENAME CONSTRAINT " + constraint_name(from, what, owner) + " TO " + constraint_name(to, what, owner) + ";";
}

// A sequence owner "table.column" or "schema.table.column", relative to the sequence's schema.
std::string owned_by_sql(const std::string& schema, const std::optional<std::string>& owned_by) {
    if (!owned_by) return "NONE";
    const auto last = owned_by->rfind('.');
    if (last == std::string::npos) throw unsupported("sequence OWNED BY \"" + *owned_by + "\" is not table.column");
    const std::string table = owned_by->substr(0, last);
    const std::string column = owned_by->substr(last + 1);
    const auto first = table.find('.');
    core::QualifiedName owner{schema, table};
    if (first != std::string::npos) owner = {table.substr(0, first) == "public" ? "" : table.substr(0, first), table.substr(first + 1)};
    return qualified_name(owner) + "." + quote_identifier(column);
}

std::string sequence_options(const core::Sequence& s, bool altering) {
    std::vector<std::string> options;
    if (s.type) options.push_back("AS " + *s.type);
    else if (altering) options.emplace_back("AS bigint");
    const std::int64_t increment = s.increment.value_or(1);
    if (s.increment || altering) options.push_back("INCREMENT BY " + std::to_string(increment));
    if (s.min) options.push_back("MINVALUE " + std::to_string(*s.min));
    else if (altering) options.emplace_back("NO MINVALUE");
    if (s.max) options.push_back("MAXVALUE " + std::to_string(*s.max));
    else if (altering) options.emplace_back("NO MAXVALUE");
    if (s.start) options.push_back("START WITH " + std::to_string(*s.start));
    else if (altering && increment > 0) options.push_back("START WITH " + std::to_string(s.min.value_or(1)));
    if (s.cache || altering) options.push_back("CACHE " + std::to_string(s.cache.value_or(1)));
    if (s.cycle) options.emplace_back("CYCLE");
    else if (altering) options.emplace_back("NO CYCLE");
    return options.empty() ? "" : " " + join(options, " ");
}

// Moves the column's identity sequence past the values the table already holds, so that the next generated
// value does not collide with an existing row.
std::string move_sequence_past_rows(const core::QualifiedName& table, const core::Column& column, const core::Identity& identity) {
    const std::string col = quote_identifier(column.name);
    const std::string target = quote_literal(qualified_name(table));
    const std::int64_t increment = identity.increment.value_or(1);
    if (increment > 0) {
        const std::string start = std::to_string(identity.start.value_or(identity.min.value_or(1)));
        return "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(" + target + ", " + quote_literal(column.name) +
               "), greatest(coalesce(max(" + col + ") + " + std::to_string(increment) + ", " + start + "), " + start +
               "), false) FROM " + qualified_name(table) + ";";
    }
    const std::string start = std::to_string(identity.start.value_or(identity.max.value_or(-1)));
    return "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(" + target + ", " + quote_literal(column.name) +
           "), least(coalesce(min(" + col + ") + (" + std::to_string(increment) + "), " + start + "), " + start +
           "), false) FROM " + qualified_name(table) + ";";
}

// The serial pseudo-type that stands for an integer type with an owned sequence; "" for other types.
std::string serial_type(const std::string& type) {
    if (type == "integer") return "serial";
    if (type == "bigint") return "bigserial";
    if (type == "smallint") return "smallserial";
    return "";
}

// The sequence name PostgreSQL gives a serial column's sequence, so that a column made serial by ALTER has the
// sequence a fresh CREATE TABLE would have had.
std::string serial_sequence_name(const std::string& table, const std::string& column) {
    return core::postgres_object_name(table, &column, "seq");
}

// Makes an existing column an autoincrement as introspection reads it (a serial): a sequence of the column's type
// owned by the column, its nextval as the default, moved past the values the table already holds.
std::vector<std::string> add_serial(const core::QualifiedName& table, const core::Column& column) {
    const std::string sequence = qualified_name({table.schema, serial_sequence_name(table.name, column.name)});
    const std::string col = quote_identifier(column.name);
    return {"CREATE SEQUENCE " + sequence + " AS " + column.type + " OWNED BY " + qualified_name(table) + "." + col + ";",
            "ALTER TABLE " + qualified_name(table) + " ALTER COLUMN " + col + " SET DEFAULT nextval(" + quote_literal(sequence) +
                "::regclass);",
            "SELECT pg_catalog.setval(" + quote_literal(sequence) + ", coalesce(max(" + col + "), 0) + 1, false) FROM " +
                qualified_name(table) + ";"};
}

// Removes an autoincrement column's generator, whichever form it has in the database: an identity (as autogen
// creates it) or a serial's default and owned sequence (as introspection reads it).
std::string drop_autoincrement(const core::QualifiedName& table, const core::Column& column) {
    const std::string relation = quote_literal(qualified_name(table));
    const std::string alter = "ALTER TABLE " + qualified_name(table) + " ALTER COLUMN " + quote_identifier(column.name);
    return "DO $autogen$\nDECLARE seq text;\nBEGIN\n"
           "  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = " + relation +
           "::regclass AND attname = " + quote_literal(column.name) + " AND attidentity <> '') THEN\n"
           "    " + alter + " DROP IDENTITY;\n"
           "  ELSE\n"
           "    seq := pg_catalog.pg_get_serial_sequence(" + relation + ", " + quote_literal(column.name) + ");\n"
           "    " + alter + " DROP DEFAULT;\n"
           "    IF seq IS NOT NULL THEN EXECUTE 'DROP SEQUENCE ' || seq; END IF;\n"
           "  END IF;\n"
           "END\n$autogen$;";
}

// Gives a serial column's owned sequence the column's new integer type, found at run time (its name may not be
// the default one). The sequence keeps a maximum that was its old type's own as the new type's maximum, as a
// sequence created fresh would have; narrowing fails when the sequence is already past the new type's range.
std::string retype_serial_sequence(const core::QualifiedName& table, const core::Column& column) {
    return "DO $autogen$\nDECLARE seq text;\nBEGIN\n"
           "  seq := pg_catalog.pg_get_serial_sequence(" + quote_literal(qualified_name(table)) + ", " + quote_literal(column.name) + ");\n"
           "  IF seq IS NOT NULL THEN EXECUTE 'ALTER SEQUENCE ' || seq || ' AS " + column.type + "'; END IF;\n"
           "END\n$autogen$;";
}

std::string enum_values(const std::vector<std::string>& values) {
    std::vector<std::string> quoted;
    for (const auto& v : values) quoted.push_back(quote_literal(v));
    return join(quoted);
}

// The ADD VALUE statements that turn `from` into `to`, each placed by a neighbour that already exists;
// std::nullopt when `to` does not keep `from`'s values in their order (lower() recreates the type then).
std::optional<std::vector<std::string>> add_value_statements(const core::Enum& from, const core::Enum& to) {
    std::size_t matched = 0;
    for (const auto& v : to.values)
        if (matched < from.values.size() && v == from.values[matched]) ++matched;
    if (matched != from.values.size()) return std::nullopt;
    std::set<std::string> present(from.values.begin(), from.values.end());
    std::vector<std::string> out;
    const std::string type = qualified_name({to.schema, to.name});
    for (std::size_t i = 0; i < to.values.size(); ++i) {
        const std::string& value = to.values[i];
        if (present.contains(value)) continue;
        std::string where;
        for (std::size_t j = i + 1; j < to.values.size() && where.empty(); ++j)
            if (present.contains(to.values[j])) where = " BEFORE " + quote_literal(to.values[j]);
        for (std::size_t j = i; j-- > 0 && where.empty();)
            if (present.contains(to.values[j])) where = " AFTER " + quote_literal(to.values[j]);
        out.push_back("ALTER TYPE " + type + " ADD VALUE " + quote_literal(value) + where + ";");
        present.insert(value);
    }
    return out;
}

std::string view_kind(const core::View& view) { return view.materialized ? "MATERIALIZED VIEW " : "VIEW "; }

std::string create_view_statement(const core::View& view, bool replace) {
    const std::string definition = strip_semicolons(view.definition);
    const auto tokens = core::tokenize(definition, core::Dialect::postgresql);
    if (!tokens.empty() && core::is_keyword(tokens[0], "CREATE")) return definition + ";";
    return std::string("CREATE ") + (replace && !view.materialized ? "OR REPLACE " : "") + view_kind(view) +
           qualified_name({view.schema, view.name}) + " AS\n" + definition + ";";
}

std::string routine_kind(const core::Routine& routine) {
    if (routine.kind == "procedure") return "PROCEDURE ";
    if (routine.kind == "aggregate") return "AGGREGATE ";
    return "FUNCTION ";
}

std::string definition_statement(const std::string& definition) {
    std::string text = definition;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    if (text.empty()) throw internal("an object without a definition");
    // A routine body ends with its dollar quote; a trailing ';' is needed after it for psql.
    if (text.back() != ';') text += ';';
    return text;
}

// CREATE OR REPLACE keeps the routine's dependents (defaults, views, triggers) in place.
std::string replace_routine_statement(const core::Routine& routine) {
    std::string text = definition_statement(routine.definition);
    const auto tokens = core::tokenize(text, core::Dialect::postgresql);
    if (tokens.size() > 2 && core::is_keyword(tokens[0], "CREATE") && !core::is_keyword(tokens[1], "OR"))
        text.insert(tokens[1].offset, "OR REPLACE ");
    return text;
}

std::string domain_statement(const core::Domain& domain) {
    std::string out = "CREATE DOMAIN " + qualified_name({domain.schema, domain.name}) + " AS " + domain.type;
    if (domain.collation) out += " COLLATE " + dotted_name(*domain.collation);
    if (domain.default_value) out += " DEFAULT " + default_expression(*domain.default_value);
    if (!domain.nullable) out += " NOT NULL";
    for (const auto& check : domain.checks) {
        if (check.name) out += " CONSTRAINT " + quote_identifier(*check.name);
        out += " CHECK (" + check.expression + ")";
    }
    return out + ";";
}

// The name of each check of a domain: its own, or for an unnamed one the name PostgreSQL would give it
// (<domain>_check, <domain>_check1, ...), so that the downgrade drops exactly what the upgrade added.
std::vector<std::string> domain_check_names(const core::Domain& domain) {
    std::vector<std::string> out;
    std::size_t unnamed = 0;
    for (const auto& check : domain.checks) {
        if (check.name) out.push_back(*check.name);
        else out.push_back(core::postgres_object_name(domain.name, nullptr,
                                                      "check" + (unnamed ? std::to_string(unnamed) : std::string())));
        if (!check.name) ++unnamed;
    }
    return out;
}

// Whether the domain has a check with the same expression (names are not compared, as compare() does not).
bool has_check(const core::Domain& domain, const core::CheckConstraint& check) {
    const auto wanted = core::normalize_expression(check.expression, core::Dialect::postgresql);
    return std::any_of(domain.checks.begin(), domain.checks.end(), [&](const core::CheckConstraint& c) {
        return core::normalize_expression(c.expression, core::Dialect::postgresql) == wanted;
    });
}

// Schemas are not objects of the model: an object created in a non-default schema creates its schema first, if
// it is missing, so that a model re-created in an empty database applies.
std::vector<std::string> with_schema(const std::string& schema, std::vector<std::string> statements) {
    if (!schema.empty()) statements.insert(statements.begin(), "CREATE SCHEMA IF NOT EXISTS " + quote_identifier(schema) + ";");
    return statements;
}

struct StatementVisitor {
    std::vector<std::string> operator()(const diff::CreateTable& op) const {
        return with_schema(op.object.schema, create_table_statements(op.object));
    }
    std::vector<std::string> operator()(const diff::DropTable& op) const {
        return {"DROP TABLE " + qualified_name(op.object.qualified()) + ";"};
    }
    std::vector<std::string> operator()(const diff::RenameTable& op) const {
        return {"ALTER TABLE " + qualified_name(op.from.qualified()) + " RENAME TO " + quote_identifier(op.to.name) + ";"};
    }
    std::vector<std::string> operator()(const diff::RebuildTable& op) const {
        throw internal("postgresql alters tables in place; no rebuild of " + qualified_name(op.to.qualified()) + " expected");
    }
    std::vector<std::string> operator()(const diff::AlterTable& op) const {
        std::vector<std::string> out;
        const std::string table = qualified_name(op.owner);
        if (op.changed & diff::change_partition) {
            auto moved = repartition(op.from, op.to);
            out.insert(out.end(), moved.begin(), moved.end());
        }
        if ((op.changed & diff::change_options) && op.from.options.postgresql.unlogged != op.to.options.postgresql.unlogged)
            out.push_back("ALTER TABLE " + table + (op.to.options.postgresql.unlogged ? " SET UNLOGGED;" : " SET LOGGED;"));
        if (op.changed & diff::change_comment) out.push_back(comment_statement("TABLE " + table, op.to.comment));
        return out;
    }

    std::vector<std::string> operator()(const diff::AddColumn& op) const { return add_column(op.owner, op.object); }
    std::vector<std::string> operator()(const diff::DropColumn& op) const {
        return {table_of(op.owner) + "DROP COLUMN " + quote_identifier(op.object.name) + ";"};
    }
    std::vector<std::string> operator()(const diff::RenameColumn& op) const {
        return {table_of(op.owner) + "RENAME COLUMN " + quote_identifier(op.from.name) + " TO " + quote_identifier(op.to.name) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterColumn& op) const { return alter_column(op); }

    std::vector<std::string> operator()(const diff::AddPrimaryKey& op) const {
        return {add_constraint(op.owner, op.object.name, "primary key", "PRIMARY KEY (" + column_list(op.object.columns) + ")")};
    }
    std::vector<std::string> operator()(const diff::DropPrimaryKey& op) const {
        return {drop_constraint(op.owner, op.object.name, "primary key")};
    }
    std::vector<std::string> operator()(const diff::AddForeignKey& op) const {
        return {add_constraint(op.owner, op.object.name, "foreign key", foreign_key_clause(op.object, true))};
    }
    std::vector<std::string> operator()(const diff::DropForeignKey& op) const {
        return {drop_constraint(op.owner, op.object.name, "foreign key")};
    }
    std::vector<std::string> operator()(const diff::RenameForeignKey& op) const {
        return {rename_constraint(op.owner, op.from.name, op.to.name, "foreign key")};
    }
    std::vector<std::string> operator()(const diff::AddUnique& op) const {
        return {add_constraint(op.owner, op.object.name, "unique constraint", unique_clause(op.object))};
    }
    std::vector<std::string> operator()(const diff::DropUnique& op) const {
        return {drop_constraint(op.owner, op.object.name, "unique constraint")};
    }
    std::vector<std::string> operator()(const diff::RenameUnique& op) const {
        return {rename_constraint(op.owner, op.from.name, op.to.name, "unique constraint")};
    }
    std::vector<std::string> operator()(const diff::AddCheck& op) const {
        return {add_constraint(op.owner, op.object.name, "check constraint", check_clause(op.object, true))};
    }
    std::vector<std::string> operator()(const diff::DropCheck& op) const {
        return {drop_constraint(op.owner, op.object.name, "check constraint")};
    }
    std::vector<std::string> operator()(const diff::RenameCheck& op) const {
        return {rename_constraint(op.owner, op.from.name, op.to.name, "check constraint")};
    }
    std::vector<std::string> operator()(const diff::AddExclusion& op) const {
        return {add_constraint(op.owner, op.object.name, "exclusion constraint", strip_semicolons(op.object.definition))};
    }
    std::vector<std::string> operator()(const diff::DropExclusion& op) const {
        return {drop_constraint(op.owner, op.object.name, "exclusion constraint")};
    }

    std::vector<std::string> operator()(const diff::CreateIndex& op) const {
        std::vector<std::string> out{create_index_statement(op.owner, op.object)};
        if (op.object.comment) out.push_back(comment_statement("INDEX " + qualified_name({op.owner.schema, *op.object.name}), op.object.comment));
        return out;
    }
    std::vector<std::string> operator()(const diff::DropIndex& op) const {
        if (!op.object.name) throw internal("cannot drop an unnamed index on " + qualified_name(op.owner));
        return {"DROP INDEX " + qualified_name({op.owner.schema, *op.object.name}) + ";"};
    }
    std::vector<std::string> operator()(const diff::RenameIndex& op) const {
        if (!op.from.name || !op.to.name) throw internal("cannot rename an unnamed index on " + qualified_name(op.owner));
        return {"ALTER INDEX " + qualified_name({op.owner.schema, *op.from.name}) + " RENAME TO " + quote_identifier(*op.to.name) + ";"};
    }

    std::vector<std::string> operator()(const diff::CreateEnum& op) const {
        return with_schema(op.object.schema, {"CREATE TYPE " + qualified_name({op.object.schema, op.object.name}) + " AS ENUM (" +
                                              enum_values(op.object.values) + ");"});
    }
    std::vector<std::string> operator()(const diff::DropEnum& op) const {
        return {"DROP TYPE " + qualified_name({op.object.schema, op.object.name}) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterEnum& op) const {
        auto statements = add_value_statements(op.from, op.to);
        if (!statements)
            throw internal("enum " + qualified_name({op.to.schema, op.to.name}) +
                           " loses or reorders values; lower() should have recreated the type");
        return *statements;
    }
    std::vector<std::string> operator()(const diff::RenameEnum& op) const {
        return {"ALTER TYPE " + qualified_name({op.from.schema, op.from.name}) + " RENAME TO " + quote_identifier(op.to.name) + ";"};
    }

    std::vector<std::string> operator()(const diff::CreateSequence& op) const {
        std::vector<std::string> out{"CREATE SEQUENCE " + qualified_name({op.object.schema, op.object.name}) +
                                     sequence_options(op.object, false) + ";"};
        if (op.object.owned_by)
            out.push_back("ALTER SEQUENCE " + qualified_name({op.object.schema, op.object.name}) + " OWNED BY " +
                          owned_by_sql(op.object.schema, op.object.owned_by) + ";");
        return with_schema(op.object.schema, out);
    }
    std::vector<std::string> operator()(const diff::DropSequence& op) const {
        return {"DROP SEQUENCE " + qualified_name({op.object.schema, op.object.name}) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterSequence& op) const {
        return {"ALTER SEQUENCE " + qualified_name({op.to.schema, op.to.name}) + sequence_options(op.to, true) + " OWNED BY " +
                owned_by_sql(op.to.schema, op.to.owned_by) + ";"};
    }
    std::vector<std::string> operator()(const diff::RenameSequence& op) const {
        return {"ALTER SEQUENCE " + qualified_name({op.from.schema, op.from.name}) + " RENAME TO " + quote_identifier(op.to.name) + ";"};
    }

    std::vector<std::string> operator()(const diff::CreateExtension& op) const {
        std::string out = "CREATE EXTENSION IF NOT EXISTS " + quote_identifier(op.object.name) + " WITH SCHEMA " +
                          quote_identifier(op.object.schema.empty() ? "public" : op.object.schema);
        if (op.object.version) out += " VERSION " + quote_literal(*op.object.version);
        return with_schema(op.object.schema, {out + ";"});
    }
    std::vector<std::string> operator()(const diff::DropExtension& op) const {
        return {"DROP EXTENSION " + quote_identifier(op.object.name) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterExtension& op) const {
        if (!op.to.version) return {};
        return {"ALTER EXTENSION " + quote_identifier(op.to.name) + " UPDATE TO " + quote_literal(*op.to.version) + ";"};
    }

    std::vector<std::string> operator()(const diff::CreateDomain& op) const {
        return with_schema(op.object.schema, {domain_statement(op.object)});
    }
    std::vector<std::string> operator()(const diff::DropDomain& op) const {
        return {"DROP DOMAIN " + qualified_name({op.object.schema, op.object.name}) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterDomain& op) const {
        const std::string domain = qualified_name({op.to.schema, op.to.name});
        if (op.changed & (diff::change_type | diff::change_collation))
            throw unsupported("changing the base type or collation of domain " + domain + " (" + op.from.type + " to " + op.to.type +
                              ") is not supported: PostgreSQL has no ALTER DOMAIN for it, and every column of the domain would "
                              "have to be converted; create a new domain, ALTER the columns to it and drop the old one by hand");
        std::vector<std::string> out;
        if (op.changed & diff::change_default)
            out.push_back("ALTER DOMAIN " + domain +
                          (op.to.default_value ? " SET DEFAULT " + default_expression(*op.to.default_value) : std::string(" DROP DEFAULT")) + ";");
        if (op.changed & diff::change_nullable) out.push_back("ALTER DOMAIN " + domain + (op.to.nullable ? " DROP NOT NULL;" : " SET NOT NULL;"));
        if (op.changed & diff::change_checks) {
            // Only the checks that differ are dropped and added: each ADD re-checks every column of the domain.
            const auto from_names = domain_check_names(op.from);
            const auto to_names = domain_check_names(op.to);
            for (std::size_t i = 0; i < op.from.checks.size(); ++i)
                if (!has_check(op.to, op.from.checks[i]))
                    out.push_back("ALTER DOMAIN " + domain + " DROP CONSTRAINT " + quote_identifier(from_names[i]) + ";");
            for (std::size_t i = 0; i < op.to.checks.size(); ++i) {
                const auto& check = op.to.checks[i];
                if (has_check(op.from, check)) continue;
                out.push_back("ALTER DOMAIN " + domain + " ADD CONSTRAINT " + quote_identifier(to_names[i]) + " CHECK (" +
                              check.expression + ")" + (check.valid ? "" : " NOT VALID") + ";");
            }
        }
        return out;
    }

    std::vector<std::string> operator()(const diff::CreateView& op) const {
        std::vector<std::string> out{create_view_statement(op.object, false)};
        // A materialized view's indexes are part of it, as a table's are.
        for (const auto& index : op.object.indexes) {
            out.push_back(create_index_statement({op.object.schema, op.object.name}, index));
            if (index.comment)
                out.push_back(comment_statement("INDEX " + qualified_name({op.object.schema, *index.name}), index.comment));
        }
        if (op.object.comment)
            out.push_back(comment_statement(view_kind(op.object) + qualified_name({op.object.schema, op.object.name}), op.object.comment));
        return with_schema(op.object.schema, out);
    }
    std::vector<std::string> operator()(const diff::DropView& op) const {
        return {"DROP " + view_kind(op.object) + qualified_name({op.object.schema, op.object.name}) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterView& op) const {
        std::vector<std::string> out;
        if (op.changed & diff::change_definition) out.push_back(create_view_statement(op.to, true));
        if (op.changed & diff::change_comment)
            out.push_back(comment_statement(view_kind(op.to) + qualified_name({op.to.schema, op.to.name}), op.to.comment));
        return out;
    }
    std::vector<std::string> operator()(const diff::RenameView& op) const {
        return {"ALTER " + view_kind(op.from) + qualified_name({op.from.schema, op.from.name}) + " RENAME TO " + quote_identifier(op.to.name) + ";"};
    }

    std::vector<std::string> operator()(const diff::CreateRoutine& op) const { return {definition_statement(op.object.definition)}; }
    std::vector<std::string> operator()(const diff::DropRoutine& op) const {
        return {"DROP " + routine_kind(op.object) + qualified_name({op.object.schema, op.object.name}) + op.object.signature + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterRoutine& op) const {
        // CREATE OR REPLACE AGGREGATE exists since PostgreSQL 12, but only for the same state type: drop and create.
        if (op.to.kind == "aggregate")
            return {"DROP AGGREGATE " + qualified_name({op.from.schema, op.from.name}) + op.from.signature + ";",
                    definition_statement(op.to.definition)};
        return {replace_routine_statement(op.to)};
    }

    std::vector<std::string> operator()(const diff::CreateTrigger& op) const { return {definition_statement(op.object.definition)}; }
    std::vector<std::string> operator()(const diff::DropTrigger& op) const {
        return {"DROP TRIGGER " + quote_identifier(op.object.name) + " ON " + qualified_name({op.object.schema, op.object.table}) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterTrigger& op) const {
        return {"DROP TRIGGER " + quote_identifier(op.from.name) + " ON " + qualified_name({op.from.schema, op.from.table}) + ";",
                definition_statement(op.to.definition)};
    }

    static std::vector<std::string> add_column(const core::QualifiedName& owner, const core::Column& given) {
        std::vector<std::string> out;
        // DEFAULT NULL is no default (PostgreSQL keeps none): a NOT NULL column with it is filled like one without.
        core::Column column = given;
        if (column.default_value && core::is_null_literal(*column.default_value, core::Dialect::postgresql))
            column.default_value.reset();
        const bool fill = !column.nullable && !column.default_value && !column.generated && !column.autoincrement &&
                          !column.identity;
        const auto zero = fill ? zero_value(column.type) : std::nullopt;
        if (zero) {
            // Existing rows need a value: the type's zero as a temporary default, dropped right after.
            out.push_back(table_of(owner) + "ADD COLUMN " + column_definition(column) + " DEFAULT " + *zero + ";");
            // A DEFAULT NULL PostgreSQL keeps (`NULL::character varying`, printed for a typmod's coercion) is set
            // back as it was, so that the column is the one CREATE TABLE made.
            out.push_back(table_of(owner) + "ALTER COLUMN " + quote_identifier(column.name) +
                          (given.default_value ? " SET DEFAULT " + *given.default_value + ";" : " DROP DEFAULT;"));
        } else {
            // Written as given, DEFAULT NULL too: PostgreSQL keeps it where it is a typmod's coercion
            // (`NULL::character varying`), as CREATE TABLE does, and the column must be the one CREATE TABLE makes
            // (soak seed 3676: pg_dump of the upgraded database showed no default, of B created fresh one).
            out.push_back(table_of(owner) + "ADD COLUMN " + column_definition(given) + ";");
        }
        if (column.comment) out.push_back(column_comment(owner, column));
        return out;
    }

    static std::vector<std::string> alter_column(const diff::AlterColumn& op) {
        const core::Column& from = op.from;
        const core::Column& to = op.to;
        const diff::Changes changed = op.changed;
        const std::string alter = table_of(op.owner) + "ALTER COLUMN " + quote_identifier(to.name) + " ";
        std::vector<std::string> out;

        if (changed & diff::change_generated) {
            if (to.generated) {
                // PostgreSQL 15 cannot change a generation expression, nor make a column generated: drop and add.
                out.push_back(table_of(op.owner) + "DROP COLUMN " + quote_identifier(from.name) + ";");
                auto added = add_column(op.owner, to);
                out.insert(out.end(), added.begin(), added.end());
                return out;
            }
            out.push_back(alter + "DROP EXPRESSION;");  // the stored values stay as plain data
        }

        const bool generator_changed = (changed & (diff::change_identity | diff::change_autoincrement)) != 0;
        const auto from_identity = from.identity;
        const bool from_serial = from.autoincrement && !from.identity;
        const auto to_identity = identity_of(to);
        const bool type_changed = (changed & (diff::change_type | diff::change_collation)) != 0;

        // A default that the type change could not convert, or that an identity replaces, goes first.
        bool default_dropped = false;
        if (from.default_value && (type_changed || (changed & diff::change_default)) && !(generator_changed && from_serial)) {
            out.push_back(alter + "DROP DEFAULT;");
            default_dropped = true;
        }
        const bool to_serial = as_serial(to);
        const bool not_null_first = (changed & diff::change_nullable) && !to.nullable && generator_changed && to_identity &&
                                    !(from_identity && !from_serial);
        if (generator_changed) {
            if (from_serial) out.push_back(drop_autoincrement(op.owner, from));
            else if (from_identity && !to_identity) out.push_back(alter + "DROP IDENTITY;");
        }
        if (type_changed) {
            std::string statement = alter + "TYPE " + to.type;
            if (to.collation) statement += " COLLATE " + dotted_name(*to.collation);
            if ((changed & diff::change_type) && needs_using(from.type, to.type))
                statement += " USING " + using_cast(quote_identifier(to.name), from.type, to.type);
            out.push_back(statement + ";");
            // A column that stays serial keeps its sequence's type in step with its own; a narrower type is
            // checked on the rows first (the statement above), then on the sequence's values.
            if (from_serial && to_serial && !generator_changed && (changed & diff::change_type))
                out.push_back(retype_serial_sequence(op.owner, to));
        }
        if (generator_changed && to_identity) {
            if (from_identity && !from_serial) {
                std::string statement = alter + "SET GENERATED " + (to_identity->always ? "ALWAYS" : "BY DEFAULT");
                const core::Identity& i = *to_identity;
                statement += " SET INCREMENT BY " + std::to_string(i.increment.value_or(1));
                statement += i.min ? " SET MINVALUE " + std::to_string(*i.min) : std::string(" SET NO MINVALUE");
                statement += i.max ? " SET MAXVALUE " + std::to_string(*i.max) : std::string(" SET NO MAXVALUE");
                if (i.start) statement += " SET START WITH " + std::to_string(*i.start);
                statement += " SET CACHE " + std::to_string(i.cache.value_or(1));
                statement += i.cycle ? " SET CYCLE" : " SET NO CYCLE";
                out.push_back(statement + ";");
            } else {
                // PostgreSQL adds an identity only to a NOT NULL column (soak seeds 2633, 2699).
                if (not_null_first) out.push_back(alter + "SET NOT NULL;");
                out.push_back(alter + "ADD " + identity_clause(*to_identity) + ";");
                out.push_back(move_sequence_past_rows(op.owner, to, *to_identity));
            }
        }
        if (generator_changed && to_serial && !from_serial) {
            auto serial = add_serial(op.owner, to);
            out.insert(out.end(), serial.begin(), serial.end());
        }
        if (to.default_value && !to_identity && !to.generated && !to.autoincrement && (default_dropped || (changed & diff::change_default)))
            out.push_back(alter + "SET DEFAULT " + default_expression(*to.default_value) + ";");
        if ((changed & diff::change_nullable) && !not_null_first)
            out.push_back(alter + (to.nullable ? "DROP NOT NULL;" : "SET NOT NULL;"));
        if (changed & diff::change_comment) out.push_back(column_comment(op.owner, to));
        if (changed & (diff::change_charset | diff::change_on_update | diff::change_hidden))
            throw unsupported("column " + qualified_name(op.owner) + "." + to.name + " uses a MySQL/MariaDB-only property");
        return out;
    }
};

}  // namespace

bool is_keyword(std::string_view word) { return core::is_postgres_quoted_keyword(word); }

std::string quote_identifier(std::string_view name) {
    bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) plain = false;
    }
    if (plain && !is_keyword(name)) return std::string(name);
    return enclose(name, '"');
}

std::string qualified_name(const core::QualifiedName& name) {
    return quote_identifier(name.schema.empty() ? "public" : name.schema) + "." + quote_identifier(name.name);
}

std::string dotted_name(std::string_view name) {
    const auto dot = name.find('.');
    if (dot == std::string_view::npos) return quote_identifier(name);
    return quote_identifier(name.substr(0, dot)) + "." + quote_identifier(name.substr(dot + 1));
}

std::string quote_literal(std::string_view text) {
    return enclose(text, '\'');
}

std::optional<std::string> zero_value(std::string_view type_text) { return core::postgres_zero_value(type_text); }

namespace {

core::Type parse_or_opaque(std::string_view text) {
    try {
        return core::parse_type(std::string(text), core::Dialect::postgresql, {}, true);
    } catch (const Error&) {
        core::Type opaque;
        opaque.dialect = core::Dialect::postgresql;
        opaque.base = std::string(text);
        return opaque;
    }
}

int family(const std::string& base) {
    static const std::set<std::string> numbers{"smallint", "integer", "bigint", "numeric", "real", "double precision"};
    static const std::set<std::string> strings{"text", "character varying", "character", "bpchar", "name"};
    static const std::set<std::string> stamps{"date", "timestamp without time zone", "timestamp with time zone"};
    static const std::set<std::string> times{"time without time zone", "time with time zone"};
    static const std::set<std::string> bits{"bit", "bit varying"};
    if (numbers.contains(base)) return 1;
    if (strings.contains(base)) return 2;
    if (stamps.contains(base)) return 3;
    if (times.contains(base)) return 4;
    if (bits.contains(base)) return 5;
    return 0;
}

}  // namespace

bool needs_using(std::string_view from_text, std::string_view to_text) {
    if (from_text == to_text) return false;
    const core::Type from = parse_or_opaque(from_text);
    const core::Type to = parse_or_opaque(to_text);
    if (from.array_dims != to.array_dims) return true;
    if (from.base == to.base) return false;  // only the type modifier changes
    // Every type converts to a string type by an assignment cast (its output function).
    if (family(to.base) == 2) return false;
    if (!core::is_builtin_type(from) || !core::is_builtin_type(to)) return true;
    const int f = family(from.base);
    return f == 0 || f != family(to.base);
}

std::string using_cast(const std::string& column, std::string_view from_text, std::string_view to_text) {
    const core::Type from = parse_or_opaque(from_text);
    const core::Type to = parse_or_opaque(to_text);
    // An enum or domain converts from and to other types through its text form (enum to enum has no cast), and
    // so does bytea from and to a type other than a string (no cast exists: without one the ALTER fails even on
    // an empty table; through text it fails only on a value that does not convert, which the hazard says).
    const bool bytea_other = (from.base == "bytea") != (to.base == "bytea") && family(from.base) != 2 && family(to.base) != 2;
    if (!core::is_builtin_type(from) || !core::is_builtin_type(to) || bytea_other) {
        std::string text = "text";
        for (int i = 0; i < from.array_dims; ++i) text += "[]";
        return column + "::" + text + "::" + std::string(to_text);
    }
    return column + "::" + std::string(to_text);
}

std::string column_definition(const core::Column& column) {
    std::string out = quote_identifier(column.name) + " " + (as_serial(column) ? serial_type(column.type) : column.type);
    if (column.collation) out += " COLLATE " + dotted_name(*column.collation);
    if (const auto identity = identity_of(column)) out += " " + identity_clause(*identity);
    else if (column.generated) out += " GENERATED ALWAYS AS (" + column.generated->expression + ") STORED";
    else if (column.default_value) out += " DEFAULT " + default_expression(*column.default_value);
    if (!column.nullable) out += " NOT NULL";
    return out;
}

namespace {

// A name relative to a schema ("name" in it, "schema.name" elsewhere, "public" for the default schema).
core::QualifiedName relative_name(const std::string& schema, const std::string& text) {
    const auto dot = text.find('.');
    if (dot == std::string::npos) return {schema, text};
    const std::string other = text.substr(0, dot);
    return {other == "public" ? "" : other, text.substr(dot + 1)};
}

// A partition is created from its parent, which gives it its columns and the parent's keys and indexes; what is
// its own comes after.
std::vector<std::string> create_partition_statements(const core::Table& table) {
    const core::QualifiedName name = table.qualified();
    std::string create = "CREATE TABLE " + qualified_name(name) + " PARTITION OF " +
                         qualified_name(relative_name(table.schema, *table.partition_of)) + " " + table.bound.value_or("DEFAULT");
    if (table.partition_by) create += " PARTITION BY " + *table.partition_by;
    std::vector<std::string> out{create + ";"};
    if (table.primary_key)
        out.push_back(add_constraint(name, table.primary_key->name, "primary key", "PRIMARY KEY (" + column_list(table.primary_key->columns) + ")"));
    for (const auto& unique : table.unique) out.push_back(add_constraint(name, unique.name, "unique constraint", unique_clause(unique)));
    for (const auto& check : table.checks) out.push_back(add_constraint(name, check.name, "check constraint", check_clause(check, true)));
    for (const auto& exclusion : table.exclusion)
        out.push_back(add_constraint(name, exclusion.name, "exclusion constraint", strip_semicolons(exclusion.definition)));
    for (const auto& fk : table.foreign_keys) out.push_back(add_constraint(name, fk.name, "foreign key", foreign_key_clause(fk, true)));
    return out;
}

// A partition whose bound or parent changes is detached and attached again under its new bound: its rows stay,
// and ATTACH checks them against the new bound (and the parent's default partition against it), failing the
// transaction where a row no longer fits. A key change (partition_by), or a table becoming or ceasing to be a
// partition, has no such path: the rows would have to be moved to a new table, which is a data migration that
// autogen does not guess.
std::vector<std::string> repartition(const core::Table& from, const core::Table& to) {
    const std::string table = qualified_name(to.qualified());
    if (from.partition_by.has_value() != to.partition_by.has_value() ||
        (from.partition_by && core::normalize_expression(*from.partition_by, core::Dialect::postgresql) !=
                                  core::normalize_expression(*to.partition_by, core::Dialect::postgresql)))
        throw unsupported("changing the partition key of " + table + " (" + from.partition_by.value_or("not partitioned") + " to " +
                          to.partition_by.value_or("not partitioned") +
                          ") needs a new table and its rows moved into it; autogen does not generate that data migration: "
                          "write it by hand (create the new table, copy the rows, swap the names)");
    if (from.partition_of.has_value() != to.partition_of.has_value())
        throw unsupported("making " + table + (to.partition_of ? " a partition of " + *to.partition_of : " a table of its own") +
                          " changes which columns, keys and indexes it holds itself; autogen does not generate that: "
                          "write the ATTACH or DETACH PARTITION by hand");
    if (!from.partition_of) return {};
    const std::string old_parent = qualified_name(relative_name(from.schema, *from.partition_of));
    const std::string new_parent = qualified_name(relative_name(to.schema, *to.partition_of));
    return {"ALTER TABLE " + old_parent + " DETACH PARTITION " + qualified_name(from.qualified()) + ";",
            "ALTER TABLE " + new_parent + " ATTACH PARTITION " + table + " " + to.bound.value_or("DEFAULT") + ";"};
}

}  // namespace

std::vector<std::string> create_table_statements(const core::Table& table) {
    const core::QualifiedName name = table.qualified();
    if (table.partition_of) {
        auto out = create_partition_statements(table);
        for (const auto& index : table.indexes) {
            out.push_back(create_index_statement(name, index));
            if (index.comment) out.push_back(comment_statement("INDEX " + qualified_name({name.schema, *index.name}), index.comment));
        }
        if (table.comment) out.push_back(comment_statement("TABLE " + qualified_name(name), table.comment));
        return out;
    }
    std::vector<std::string> lines;
    for (const auto& column : table.columns) lines.push_back(column_definition(column));
    std::vector<std::string> after;
    if (table.primary_key)
        lines.push_back("CONSTRAINT " + constraint_name(table.primary_key->name, "primary key", name) + " PRIMARY KEY (" +
                        column_list(table.primary_key->columns) + ")");
    for (const auto& unique : table.unique)
        lines.push_back("CONSTRAINT " + constraint_name(unique.name, "unique constraint", name) + " " + unique_clause(unique));
    for (const auto& check : table.checks) {
        // CREATE TABLE validates every constraint (NOT VALID is ignored there): those that must stay unvalidated
        // are added afterwards.
        if (!check.valid) after.push_back(add_constraint(name, check.name, "check constraint", check_clause(check, true)));
        else lines.push_back("CONSTRAINT " + constraint_name(check.name, "check constraint", name) + " " + check_clause(check, false));
    }
    for (const auto& exclusion : table.exclusion)
        lines.push_back("CONSTRAINT " + constraint_name(exclusion.name, "exclusion constraint", name) + " " +
                        strip_semicolons(exclusion.definition));
    for (const auto& fk : table.foreign_keys) {
        if (!fk.valid) after.push_back(add_constraint(name, fk.name, "foreign key", foreign_key_clause(fk, true)));
        else lines.push_back("CONSTRAINT " + constraint_name(fk.name, "foreign key", name) + " " + foreign_key_clause(fk, false));
    }
    std::string create = std::string("CREATE ") + (table.options.postgresql.unlogged ? "UNLOGGED " : "") + "TABLE " +
                         qualified_name(name) + " (\n";
    for (std::size_t i = 0; i < lines.size(); ++i) create += "    " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    create += ")";
    if (table.partition_by) create += " PARTITION BY " + *table.partition_by;
    std::vector<std::string> out{create + ";"};
    out.insert(out.end(), after.begin(), after.end());
    for (const auto& index : table.indexes) {
        out.push_back(create_index_statement(name, index));
        if (index.comment) out.push_back(comment_statement("INDEX " + qualified_name({name.schema, *index.name}), index.comment));
    }
    if (table.comment) out.push_back(comment_statement("TABLE " + qualified_name(name), table.comment));
    for (const auto& column : table.columns)
        if (column.comment) out.push_back(column_comment(name, column));
    return out;
}

std::string create_index_statement(const core::QualifiedName& table, const core::Index& index) {
    if (!index.name) throw internal("index without a name on " + qualified_name(table) + ": compare() names every index it creates");
    std::vector<std::string> keys;
    for (const auto& key : index.keys) {
        std::string text;
        if (key.column) text = quote_identifier(*key.column);
        else if (key.expression) text = "(" + *key.expression + ")";
        else throw internal("index key without column or expression in " + *index.name);
        if (key.collation) text += " COLLATE " + dotted_name(*key.collation);
        if (key.opclass) text += " " + dotted_name(*key.opclass);
        if (key.order == "desc") text += " DESC";
        if (key.nulls) text += key.nulls == "first" ? " NULLS FIRST" : " NULLS LAST";
        if (key.length) throw unsupported("index prefix lengths are MySQL-only (index " + *index.name + ")");
        keys.push_back(text);
    }
    std::string out = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " + quote_identifier(*index.name) + " ON " +
                      qualified_name(table);
    if (index.method && core::ascii_lower(*index.method) != "btree") out += " USING " + quote_identifier(core::ascii_lower(*index.method));
    out += " (" + join(keys) + ")";
    if (!index.include.empty()) out += " INCLUDE (" + column_list(index.include) + ")";
    if (index.nulls_not_distinct) out += " NULLS NOT DISTINCT";
    if (index.where) out += " WHERE " + *index.where;
    return out + ";";
}

RenderedStep PostgresRenderer::render(const diff::Step& step) const {
    RenderedStep out;
    out.comment = step_comment(step);
    out.statements = std::visit(StatementVisitor{}, step.op);
    return out;
}

Script PostgresRenderer::render_all(const std::vector<diff::Step>& steps) const {
    Script script;
    Block current;
    bool routines = false;
    auto flush = [&] {
        if (current.steps.empty()) return;
        // As pg_dump does: a SQL function's body may read tables created later in the section.
        if (routines) current.opening.push_back("SET LOCAL check_function_bodies = false;");
        script.blocks.push_back(std::move(current));
        current = Block{};
        routines = false;
    };
    for (const auto& step : steps) {
        RenderedStep rendered = render(step);
        routines = routines || std::holds_alternative<diff::CreateRoutine>(step.op) ||
                   std::holds_alternative<diff::AlterRoutine>(step.op);
        if (std::holds_alternative<diff::AlterEnum>(step.op)) {
            // A value added by ALTER TYPE ... ADD VALUE cannot be used before its transaction commits.
            flush();
            current.steps.push_back(std::move(rendered));
            flush();
            continue;
        }
        current.steps.push_back(std::move(rendered));
    }
    flush();
    return script;
}

}  // namespace autogen::emit::postgres
