#include "emit/sqlite/renderer.hpp"
#include "emit/quoting.hpp"

#include <algorithm>
#include <cctype>
#include <type_traits>

#include "core/error.hpp"
#include "core/names.hpp"
#include "core/sql_lexer.hpp"
#include "diff/hazards.hpp"

namespace autogen::emit::sqlite {

const std::array<std::string_view, 147> keywords = {
    "ABORT",        "ACTION",       "ADD",          "AFTER",        "ALL",          "ALTER",
    "ALWAYS",       "ANALYZE",      "AND",          "AS",           "ASC",          "ATTACH",
    "AUTOINCREMENT", "BEFORE",      "BEGIN",        "BETWEEN",      "BY",           "CASCADE",
    "CASE",         "CAST",         "CHECK",        "COLLATE",      "COLUMN",       "COMMIT",
    "CONFLICT",     "CONSTRAINT",   "CREATE",       "CROSS",        "CURRENT",      "CURRENT_DATE",
    "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT",     "DEFERRABLE",   "DEFERRED",
    "DELETE",       "DESC",         "DETACH",       "DISTINCT",     "DO",           "DROP",
    "EACH",         "ELSE",         "END",          "ESCAPE",       "EXCEPT",       "EXCLUDE",
    "EXCLUSIVE",    "EXISTS",       "EXPLAIN",      "FAIL",         "FILTER",       "FIRST",
    "FOLLOWING",    "FOR",          "FOREIGN",      "FROM",         "FULL",         "GENERATED",
    "GLOB",         "GROUP",        "GROUPS",       "HAVING",       "IF",           "IGNORE",
    "IMMEDIATE",    "IN",           "INDEX",        "INDEXED",      "INITIALLY",    "INNER",
    "INSERT",       "INSTEAD",      "INTERSECT",    "INTO",         "IS",           "ISNULL",
    "JOIN",         "KEY",          "LAST",         "LEFT",         "LIKE",         "LIMIT",
    "MATCH",        "MATERIALIZED", "NATURAL",      "NO",           "NOT",          "NOTHING",
    "NOTNULL",      "NULL",         "NULLS",        "OF",           "OFFSET",       "ON",
    "OR",           "ORDER",        "OTHERS",       "OUTER",        "OVER",         "PARTITION",
    "PLAN",         "PRAGMA",       "PRECEDING",    "PRIMARY",      "QUERY",        "RAISE",
    "RANGE",        "RECURSIVE",    "REFERENCES",   "REGEXP",       "REINDEX",      "RELEASE",
    "RENAME",       "REPLACE",      "RESTRICT",     "RETURNING",    "RIGHT",        "ROLLBACK",
    "ROW",          "ROWS",         "SAVEPOINT",    "SELECT",       "SET",          "TABLE",
    "TEMP",         "TEMPORARY",    "THEN",         "TIES",         "TO",           "TRANSACTION",
    "TRIGGER",      "UNBOUNDED",    "UNION",        "UNIQUE",       "UPDATE",       "USING",
    "VACUUM",       "VALUES",       "VIEW",         "VIRTUAL",      "WHEN",         "WHERE",
    "WINDOW",       "WITH",         "WITHOUT",
};

namespace {

// The prefix of the table a rebuild copies rows into; it never collides with user tables in practice and is
// recognisable in a failed database.
constexpr std::string_view rebuild_prefix = "_autogen_new_";

Error cannot(const std::string& what) {
    return Error("sqlite cannot " + what + " in place; lower() should have turned it into a table rebuild",
                 ErrorKind::internal)
        .with_backend("sqlite");
}

bool same_ascii(std::string_view a, std::string_view b) { return core::ascii_iequals(a, b); }

std::string column_list(const std::vector<std::string>& columns) { return quoted_list(columns, quote_identifier); }

std::string constraint_prefix(const std::optional<std::string>& name) {
    return name ? "CONSTRAINT " + quote_identifier(*name) + " " : "";
}

// True when `text` is "( ... )" with the first parenthesis closing at the very end.
bool wrapped_in_parentheses(const std::vector<core::Token>& tokens) {
    if (tokens.size() < 2 || tokens.front().text != "(" || tokens.back().text != ")") return false;
    int depth = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].text == "(") ++depth;
        if (tokens[i].text == ")" && --depth == 0) return i + 1 == tokens.size();
    }
    return false;
}

// SQLite's DEFAULT takes a literal, a signed number, a bare name (read as a string) or a parenthesized
// expression; introspection reports `DEFAULT (expr)` without the parentheses, so they are put back.
std::string default_clause(const std::string& value) {
    const auto tokens = core::tokenize(value, core::Dialect::sqlite);
    const bool single = tokens.size() == 1 && tokens[0].kind != core::TokenKind::op &&
                        tokens[0].kind != core::TokenKind::punct;
    const bool signed_number = tokens.size() == 2 && (tokens[0].text == "-" || tokens[0].text == "+") &&
                               tokens[1].kind == core::TokenKind::number;
    if (single || signed_number || wrapped_in_parentheses(tokens)) return value;
    return "(" + value + ")";
}

std::string action_words(const std::string& action) { return core::ascii_upper(action); }

std::string foreign_key_clause(const core::ForeignKey& fk) {
    std::string out = constraint_prefix(fk.name) + "FOREIGN KEY (" + column_list(fk.columns) + ") REFERENCES " +
                      quote_identifier(fk.references.table);
    if (!fk.references.columns.empty()) out += " (" + column_list(fk.references.columns) + ")";
    if (!fk.on_delete.empty() && !same_ascii(fk.on_delete, "no action")) out += " ON DELETE " + action_words(fk.on_delete);
    if (!fk.on_update.empty() && !same_ascii(fk.on_update, "no action")) out += " ON UPDATE " + action_words(fk.on_update);
    if (fk.deferrable) out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE INITIALLY IMMEDIATE";
    return out;
}

// The column the primary key clause sits on when it is written as `PRIMARY KEY AUTOINCREMENT` on the column.
const core::Column* autoincrement_column(const core::Table& table) {
    for (const auto& column : table.columns)
        if (column.autoincrement) return &column;
    return nullptr;
}

// A name that reaches the rowid of `table` without being shadowed by one of its columns, or "" when none does.
std::string rowid_name(const core::Table& table) {
    if (table.options.sqlite.without_rowid) return "";
    for (std::string_view candidate : core::sqlite_rowid_names) {
        const bool shadowed = std::any_of(table.columns.begin(), table.columns.end(),
                                          [&](const core::Column& c) { return same_ascii(c.name, candidate); });
        if (!shadowed) return std::string(candidate);
    }
    return "";
}

const core::Column* find_column(const core::Table& table, const std::string& name) {
    for (const auto& column : table.columns)
        if (same_ascii(column.name, name)) return &column;
    return nullptr;
}

std::string create_view_statement(const core::View& view) {
    if (view.materialized) throw Error("sqlite has no materialized views: " + view.name, ErrorKind::unsupported);
    std::string definition = view.definition;
    while (!definition.empty() && (definition.back() == ';' || std::isspace(static_cast<unsigned char>(definition.back()))))
        definition.pop_back();
    const auto tokens = core::tokenize(definition, core::Dialect::sqlite);
    // A definition read from sqlite_schema may already be the whole statement.
    if (!tokens.empty() && core::is_keyword(tokens[0], "CREATE")) return definition + ";";
    return "CREATE VIEW " + qualified_name({view.schema, view.name}) + " AS " + definition + ";";
}

std::string create_trigger_statement(const core::Trigger& trigger) {
    std::string definition = trigger.definition;
    while (!definition.empty() && std::isspace(static_cast<unsigned char>(definition.back()))) definition.pop_back();
    if (definition.empty()) throw Error("trigger " + trigger.name + " has no definition", ErrorKind::internal);
    if (definition.back() != ';') definition += ';';
    return definition;
}

std::string drop_index_statement(const core::QualifiedName& table, const core::Index& index) {
    if (!index.name) throw Error("cannot drop an unnamed index on " + table.name, ErrorKind::internal);
    return "DROP INDEX " + qualified_name({table.schema, *index.name}) + ";";
}

struct StatementVisitor {
    std::vector<std::string> operator()(const diff::CreateTable& op) const {
        std::vector<std::string> out{create_table_statement(op.object)};
        for (const auto& index : op.object.indexes) out.push_back(create_index_statement(op.object.qualified(), index));
        return out;
    }
    std::vector<std::string> operator()(const diff::DropTable& op) const {
        return {"DROP TABLE " + qualified_name(op.object.qualified()) + ";"};
    }
    std::vector<std::string> operator()(const diff::RenameTable& op) const {
        return {"ALTER TABLE " + qualified_name(op.from.qualified()) + " RENAME TO " + quote_identifier(op.to.name) +
                ";"};
    }
    std::vector<std::string> operator()(const diff::RebuildTable& op) const { return rebuild_statements(op); }
    std::vector<std::string> operator()(const diff::AlterTable&) const { throw cannot("alter table options"); }

    // SQLite refuses ADD COLUMN of a NOT NULL column without a default, a PRIMARY KEY/UNIQUE column or a
    // STORED generated column; lower() rebuilds the table in those cases, so the column is written as it is.
    std::vector<std::string> operator()(const diff::AddColumn& op) const {
        core::Table owner;
        owner.schema = op.owner.schema;
        owner.name = op.owner.name;
        return {"ALTER TABLE " + qualified_name(op.owner) + " ADD COLUMN " + column_definition(owner, op.object) + ";"};
    }
    std::vector<std::string> operator()(const diff::DropColumn& op) const {
        return {"ALTER TABLE " + qualified_name(op.owner) + " DROP COLUMN " + quote_identifier(op.object.name) + ";"};
    }
    std::vector<std::string> operator()(const diff::RenameColumn& op) const {
        return {"ALTER TABLE " + qualified_name(op.owner) + " RENAME COLUMN " + quote_identifier(op.from.name) +
                " TO " + quote_identifier(op.to.name) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterColumn&) const { throw cannot("alter a column"); }

    std::vector<std::string> operator()(const diff::CreateIndex& op) const {
        return {create_index_statement(op.owner, op.object)};
    }
    std::vector<std::string> operator()(const diff::DropIndex& op) const {
        return {drop_index_statement(op.owner, op.object)};
    }
    // SQLite has no ALTER INDEX; recreating the index under its new name loses nothing.
    std::vector<std::string> operator()(const diff::RenameIndex& op) const {
        return {drop_index_statement(op.owner, op.from), create_index_statement(op.owner, op.to)};
    }

    std::vector<std::string> operator()(const diff::CreateView& op) const { return {create_view_statement(op.object)}; }
    std::vector<std::string> operator()(const diff::DropView& op) const {
        return {"DROP VIEW " + qualified_name({op.object.schema, op.object.name}) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterView& op) const {
        return {"DROP VIEW " + qualified_name({op.from.schema, op.from.name}) + ";", create_view_statement(op.to)};
    }
    // A view holds no data: a rename is a drop and a create under the new name.
    std::vector<std::string> operator()(const diff::RenameView& op) const {
        return {"DROP VIEW " + qualified_name({op.from.schema, op.from.name}) + ";", create_view_statement(op.to)};
    }

    std::vector<std::string> operator()(const diff::CreateTrigger& op) const {
        return {create_trigger_statement(op.object)};
    }
    std::vector<std::string> operator()(const diff::DropTrigger& op) const {
        return {"DROP TRIGGER " + qualified_name({op.object.schema, op.object.name}) + ";"};
    }
    std::vector<std::string> operator()(const diff::AlterTrigger& op) const {
        return {"DROP TRIGGER " + qualified_name({op.from.schema, op.from.name}) + ";",
                create_trigger_statement(op.to)};
    }

    std::vector<std::string> operator()(const diff::AddPrimaryKey&) const { throw cannot("add a primary key"); }
    std::vector<std::string> operator()(const diff::DropPrimaryKey&) const { throw cannot("drop a primary key"); }
    std::vector<std::string> operator()(const diff::AddForeignKey&) const { throw cannot("add a foreign key"); }
    std::vector<std::string> operator()(const diff::DropForeignKey&) const { throw cannot("drop a foreign key"); }
    std::vector<std::string> operator()(const diff::RenameForeignKey&) const { throw cannot("rename a foreign key"); }
    std::vector<std::string> operator()(const diff::AddUnique&) const { throw cannot("add a unique constraint"); }
    std::vector<std::string> operator()(const diff::DropUnique&) const { throw cannot("drop a unique constraint"); }
    std::vector<std::string> operator()(const diff::RenameUnique&) const { throw cannot("rename a unique constraint"); }
    std::vector<std::string> operator()(const diff::AddCheck&) const { throw cannot("add a check constraint"); }
    std::vector<std::string> operator()(const diff::DropCheck&) const { throw cannot("drop a check constraint"); }
    std::vector<std::string> operator()(const diff::RenameCheck&) const { throw cannot("rename a check constraint"); }
    std::vector<std::string> operator()(const diff::AddExclusion&) const { throw cannot("add an exclusion constraint"); }
    std::vector<std::string> operator()(const diff::DropExclusion&) const { throw cannot("drop an exclusion constraint"); }

    template <class Op>
    std::vector<std::string> operator()(const Op& op) const {
        // Enums, sequences, domains, extensions and routines do not exist in SQLite at all.
        throw Error("sqlite cannot " + diff::describe(diff::Op{op}) + ": the kind does not exist in SQLite",
                    ErrorKind::internal)
            .with_backend("sqlite");
    }
};

}  // namespace

bool is_keyword(std::string_view word) {
    const std::string upper = core::ascii_upper(word);
    return std::binary_search(keywords.begin(), keywords.end(), std::string_view(upper));
}

std::string quote_identifier(std::string_view name) {
    bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) plain = false;
    }
    if (plain && !is_keyword(name)) return std::string(name);
    return enclose(name, '"');
}

std::string qualified_name(const core::QualifiedName& name) {
    if (name.schema.empty()) return quote_identifier(name.name);
    return quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

std::string quote_literal(std::string_view text) {
    return enclose(text, '\'');
}

// https://www.sqlite.org/datatype3.html#determination_of_column_affinity, applied in the same order.
std::string zero_value(std::string_view type) {
    const std::string upper = core::ascii_upper(type);
    auto has = [&](std::string_view part) { return upper.find(part) != std::string::npos; };
    if (has("INT")) return "0";
    if (has("CHAR") || has("CLOB") || has("TEXT")) return "''";
    if (has("BLOB") || upper.empty()) return "X''";
    if (has("REAL") || has("FLOA") || has("DOUB")) return "0.0";
    return "0";
}

bool has_integer_primary_key(const core::Table& table) {
    if (table.options.sqlite.without_rowid || !table.primary_key || table.primary_key->columns.size() != 1)
        return false;
    const auto* column = find_column(table, table.primary_key->columns[0]);
    return column && same_ascii(column->type, "INTEGER");
}

std::string column_definition(const core::Table& table, const core::Column& column) {
    std::string out = quote_identifier(column.name);
    if (!column.type.empty()) out += " " + column.type;
    if (column.autoincrement) {
        std::optional<std::string> name;
        if (table.primary_key) {
            if (table.primary_key->columns.size() != 1 || !same_ascii(table.primary_key->columns[0], column.name))
                throw Error("sqlite: AUTOINCREMENT column " + column.name + " of " + table.name +
                                " must be the whole primary key",
                            ErrorKind::input)
                    .with_backend("sqlite");
            name = table.primary_key->name;
        }
        out += " " + constraint_prefix(name) + "PRIMARY KEY AUTOINCREMENT";
    }
    if (!column.nullable) out += " NOT NULL";
    if (column.default_value) out += " DEFAULT " + default_clause(*column.default_value);
    if (column.collation) out += " COLLATE " + quote_identifier(*column.collation);
    if (column.generated)
        out += " GENERATED ALWAYS AS (" + column.generated->expression + ")" +
               (column.generated->stored ? " STORED" : " VIRTUAL");
    return out;
}

std::string create_table_statement(const core::Table& table, const std::string& name) {
    std::vector<std::string> lines;
    for (const auto& column : table.columns) lines.push_back(column_definition(table, column));
    const auto* autoincrement = autoincrement_column(table);
    if (table.primary_key && !autoincrement)
        lines.push_back(constraint_prefix(table.primary_key->name) + "PRIMARY KEY (" +
                        column_list(table.primary_key->columns) + ")");
    for (const auto& unique : table.unique)
        lines.push_back(constraint_prefix(unique.name) + "UNIQUE (" + column_list(unique.columns) + ")");
    for (const auto& check : table.checks)
        lines.push_back(constraint_prefix(check.name) + "CHECK (" + check.expression + ")");
    for (const auto& fk : table.foreign_keys) lines.push_back(foreign_key_clause(fk));

    const std::string target = qualified_name({table.schema, name.empty() ? table.name : name});
    std::string out = "CREATE TABLE " + target + " (\n";
    for (std::size_t i = 0; i < lines.size(); ++i) out += "    " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    out += ")";
    std::vector<std::string> options;
    if (table.options.sqlite.without_rowid) options.emplace_back("WITHOUT ROWID");
    if (table.options.sqlite.strict) options.emplace_back("STRICT");
    if (!options.empty()) out += " " + join(options);
    return out + ";";
}

std::string create_index_statement(const core::QualifiedName& table, const core::Index& index) {
    if (!index.name) throw Error("index without a name on " + table.name + ": compare() names every index it creates",
                                 ErrorKind::internal);
    auto unsupported = [&](const std::string& what) {
        return Error("sqlite indexes have no " + what + " (index " + *index.name + " on " + table.name + ")",
                     ErrorKind::unsupported)
            .with_backend("sqlite");
    };
    if (!index.include.empty()) throw unsupported("INCLUDE columns");
    if (index.method && !same_ascii(*index.method, "btree")) throw unsupported("method " + *index.method);
    std::vector<std::string> keys;
    for (const auto& key : index.keys) {
        if (key.nulls) throw unsupported("NULLS FIRST/LAST");
        if (key.opclass) throw unsupported("operator class");
        if (key.length) throw unsupported("prefix length");
        std::string text;
        if (key.column) text = quote_identifier(*key.column);
        else if (key.expression) text = "(" + *key.expression + ")";
        else throw Error("index key without column or expression in " + *index.name, ErrorKind::internal);
        if (key.collation) text += " COLLATE " + quote_identifier(*key.collation);
        if (same_ascii(key.order, "desc")) text += " DESC";
        keys.push_back(text);
    }
    std::string out = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
                      qualified_name({table.schema, *index.name}) + " ON " + quote_identifier(table.name) + " (" +
                      join(keys) + ")";
    if (index.where) out += " WHERE " + *index.where;
    return out + ";";
}

std::vector<std::string> rebuild_statements(const diff::RebuildTable& rebuild) {
    const core::Table& from = rebuild.from;
    const core::Table& to = rebuild.to;
    if (from.schema != to.schema) throw Error("sqlite cannot move table " + from.name + " to another schema",
                                              ErrorKind::internal);
    if (rebuild.sources.size() != to.columns.size())
        throw Error("rebuild of " + to.name + ": one source per target column expected", ErrorKind::internal);

    std::vector<std::string> out;
    const std::string table = qualified_name(to.qualified());
    const std::string scratch = qualified_name({to.schema, std::string(rebuild_prefix) + to.name});

    // Renaming first, with the modern ALTER TABLE, carries the new name into the children's foreign keys,
    // views and triggers; the rebuild below then keeps that name and touches no other table. A change of case
    // only is no rename to SQLite (it would refuse it), and the final rename below spells the new case.
    if (!same_ascii(from.name, to.name))
        out.push_back("ALTER TABLE " + qualified_name(from.qualified()) + " RENAME TO " + quote_identifier(to.name) +
                      ";");

    out.push_back(create_table_statement(to, std::string(rebuild_prefix) + to.name));

    std::vector<std::string> into, select;
    const std::string from_rowid = rowid_name(from);
    const std::string to_rowid = rowid_name(to);
    const bool to_has_alias = has_integer_primary_key(to);
    // An implicit rowid is what other software (and FTS external content tables) use to find a row: keep it.
    if (!from_rowid.empty() && !to_rowid.empty() && !to_has_alias) {
        into.push_back(to_rowid);
        select.push_back(from_rowid);
    }
    for (std::size_t i = 0; i < to.columns.size(); ++i) {
        const core::Column& column = to.columns[i];
        if (column.generated) continue;
        const bool is_alias = to_has_alias && same_ascii(column.name, to.primary_key->columns[0]);
        if (const auto& source = rebuild.sources[i]) {
            const core::Column* old = find_column(from, *source);
            if (!old)
                throw Error("rebuild of " + to.name + ": source column " + *source + " does not exist",
                            ErrorKind::internal);
            into.push_back(quote_identifier(column.name));
            select.push_back(quote_identifier(*source));
            // A NULL copied into an INTEGER PRIMARY KEY becomes a new rowid, NOT NULL or not: the copy would
            // invent key values where the column becoming the key holds NULL, so such rows stop the rebuild.
            if (is_alias && old->nullable) {
                const std::string guard = "_autogen_null_check";
                out.push_back("CREATE TEMP TABLE " + guard + " (n INTEGER CHECK (n = 0));");
                out.push_back("CREATE TEMP TRIGGER " + guard + "_fail BEFORE INSERT ON " + guard +
                              " WHEN NEW.n <> 0 BEGIN SELECT RAISE(ABORT, " +
                              quote_literal("autogen: " + to.name + "." + column.name +
                                            " holds NULL, which its INTEGER PRIMARY KEY would turn into new rowids") +
                              "); END;");
                out.push_back("INSERT INTO " + guard + " SELECT count(*) FROM " + table + " WHERE " +
                              quote_identifier(*source) + " IS NULL;");
                out.push_back("DROP TABLE temp." + guard + ";");
            }
        } else if (is_alias && !from_rowid.empty()) {
            into.push_back(quote_identifier(column.name));
            select.push_back(from_rowid);
        } else if (!column.nullable && !column.autoincrement &&
                   (!column.default_value || core::is_null_literal(*column.default_value, core::Dialect::sqlite))) {
            // A new NOT NULL column without a default (DEFAULT NULL is none) would make the copy fail; rows get the
            // type's zero value.
            into.push_back(quote_identifier(column.name));
            select.push_back(zero_value(column.type));
        }
    }
    if (!into.empty())
        out.push_back("INSERT INTO " + scratch + " (" + join(into) + ")\n    SELECT " + join(select) + " FROM " +
                      table + ";");

    // DROP TABLE forgets the table's sqlite_sequence row, so the larger of the old counter and the copied
    // maximum is kept aside until the new table has taken the name.
    const bool autoincrement = autoincrement_column(to) != nullptr;
    const std::string sequence = qualified_name({to.schema, "sqlite_sequence"});
    if (autoincrement)
        out.push_back("CREATE TEMP TABLE _autogen_seq AS SELECT max(seq) AS seq FROM " + sequence +
                      " WHERE name IN (" + quote_literal(to.name) + ", " +
                      quote_literal(std::string(rebuild_prefix) + to.name) + ");");

    // The legacy rename touches only the renamed table, so that a view or trigger elsewhere that still names
    // the dropped table cannot make the rename fail; it is switched back at once for the statements after.
    out.emplace_back("PRAGMA legacy_alter_table=ON;");
    out.push_back("DROP TABLE " + table + ";");
    out.push_back("ALTER TABLE " + scratch + " RENAME TO " + quote_identifier(to.name) + ";");
    out.emplace_back("PRAGMA legacy_alter_table=OFF;");

    for (const auto& index : to.indexes) out.push_back(create_index_statement(to.qualified(), index));

    if (autoincrement) {
        out.push_back("DELETE FROM " + sequence + " WHERE name = " + quote_literal(to.name) + ";");
        out.push_back("INSERT INTO " + sequence + " (name, seq) SELECT " + quote_literal(to.name) +
                      ", seq FROM temp._autogen_seq WHERE seq IS NOT NULL;");
        out.emplace_back("DROP TABLE temp._autogen_seq;");
    }
    return out;
}

std::vector<std::string> foreign_key_check_statements(const std::vector<std::string>& schemas) {
    // Without arguments the pragma checks the main database only; an attached one is named as its second argument.
    std::vector<std::string> attached;
    for (const auto& schema : schemas)
        if (!schema.empty() && !same_ascii(schema, "main") &&
            std::find(attached.begin(), attached.end(), schema) == attached.end())
            attached.push_back(schema);
    std::string count = "SELECT count(*) FROM pragma_foreign_key_check";
    if (!attached.empty()) {
        count = "SELECT (SELECT count(*) FROM pragma_foreign_key_check)";
        for (const auto& schema : attached)
            count += " + (SELECT count(*) FROM pragma_foreign_key_check(NULL, " + quote_literal(schema) + "))";
    }
    // RAISE(ROLLBACK) undoes the whole transaction even for a client that does not stop at the first error;
    // the CHECK is the backstop should the trigger ever be missing.
    return {
        "CREATE TEMP TABLE _autogen_fk_check (n INTEGER CHECK (n = 0));",
        "CREATE TEMP TRIGGER _autogen_fk_check_fail BEFORE INSERT ON _autogen_fk_check WHEN NEW.n <> 0 BEGIN "
        "SELECT RAISE(ROLLBACK, 'autogen: foreign keys violated after the table rebuild; nothing was changed'); END;",
        "INSERT INTO _autogen_fk_check " + count + ";",
        "DROP TABLE temp._autogen_fk_check;",
    };
}

RenderedStep SqliteRenderer::render(const diff::Step& step) const {
    RenderedStep out;
    out.comment = step_comment(step);
    out.statements = std::visit(StatementVisitor{}, step.op);
    return out;
}

Script SqliteRenderer::render_all(const std::vector<diff::Step>& steps) const {
    Script script;
    if (steps.empty()) return script;
    Block block;
    block.transactional = true;
    bool rebuild = false;
    std::vector<std::string> schemas;
    for (const auto& step : steps) {
        block.steps.push_back(render(step));
        if (const auto* r = std::get_if<diff::RebuildTable>(&step.op)) {
            rebuild = true;
            schemas.push_back(r->to.schema);
        }
        // A dropped table is handled like a rebuilt one: with foreign keys on, DROP TABLE deletes its rows
        // first, which would cascade into (or be blocked by) tables that stay; off, the final check decides.
        if (const auto* d = std::get_if<diff::DropTable>(&step.op)) {
            rebuild = true;
            schemas.push_back(d->object.schema);
        }
    }
    if (rebuild) {
        // PRAGMA foreign_keys is a no-op inside a transaction, so it stands outside; with it off, dropping the
        // old table neither cascades into nor blocks on the children, whose rows are checked once at the end.
        block.before = {"PRAGMA foreign_keys=OFF;"};
        block.closing = {"-- check that no foreign key dangles after the rebuild; a violation rolls everything back"};
        const auto check = foreign_key_check_statements(schemas);
        block.closing.insert(block.closing.end(), check.begin(), check.end());
        block.after = {"PRAGMA foreign_keys=ON;"};
    }
    script.blocks.push_back(std::move(block));
    return script;
}

}  // namespace autogen::emit::sqlite
