#include "emit/mysql/renderer.hpp"
#include "emit/quoting.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <type_traits>

#include "core/error.hpp"
#include "core/names.hpp"
#include "core/sql_lexer.hpp"
#include "diff/hazards.hpp"

namespace autogen::emit::mysql {

const std::array<std::string_view, 279> reserved_words = {
    "ACCESSIBLE", "ADD", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "ASENSITIVE", "BEFORE", "BETWEEN",
    "BIGINT", "BINARY", "BLOB", "BOTH", "BY", "CALL", "CASCADE", "CASE", "CHANGE", "CHAR", "CHARACTER", "CHECK",
    "COLLATE", "COLUMN", "CONDITION", "CONSTRAINT", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CUBE", "CUME_DIST",
    "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATABASE",
    "DATABASES", "DAY_HOUR", "DAY_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DEC", "DECIMAL", "DECLARE", "DEFAULT",
    "DELAYED", "DELETE", "DELETE_DOMAIN_ID", "DENSE_RANK", "DESC", "DESCRIBE", "DETERMINISTIC", "DISTINCT",
    "DISTINCTROW", "DIV", "DOUBLE", "DO_DOMAIN_IDS", "DROP", "DUAL", "EACH", "ELSE", "ELSEIF", "EMPTY", "ENCLOSED",
    "ESCAPED", "EXCEPT", "EXISTS", "EXIT", "EXPLAIN", "FALSE", "FETCH", "FIRST_VALUE", "FLOAT", "FLOAT4", "FLOAT8",
    "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT", "FUNCTION", "GENERAL", "GENERATED", "GET", "GRANT", "GROUP",
    "GROUPING", "GROUPS", "HAVING", "HIGH_PRIORITY", "HOUR_MICROSECOND", "HOUR_MINUTE", "HOUR_SECOND", "IF",
    "IGNORE", "IGNORE_DOMAIN_IDS", "IGNORE_SERVER_IDS", "IN", "INDEX", "INFILE", "INNER", "INOUT", "INSENSITIVE",
    "INSERT", "INT", "INT1", "INT2", "INT3", "INT4", "INT8", "INTEGER", "INTERSECT", "INTERVAL", "INTO",
    "IO_AFTER_GTIDS", "IO_BEFORE_GTIDS", "IS", "ITERATE", "JOIN", "JSON_TABLE", "KEY", "KEYS", "KILL", "LAG",
    "LAST_VALUE", "LATERAL", "LEAD", "LEADING", "LEAVE", "LEFT", "LIKE", "LIMIT", "LINEAR", "LINES", "LOAD",
    "LOCALTIME", "LOCALTIMESTAMP", "LOCK", "LONG", "LONGBLOB", "LONGTEXT", "LOOP", "LOW_PRIORITY", "MASTER_BIND",
    "MASTER_HEARTBEAT_PERIOD", "MASTER_SSL_VERIFY_SERVER_CERT", "MATCH", "MAXVALUE", "MEDIUMBLOB", "MEDIUMINT",
    "MEDIUMTEXT", "MIDDLEINT", "MINUTE_MICROSECOND", "MINUTE_SECOND", "MOD", "MODIFIES", "NATURAL", "NOT",
    "NO_WRITE_TO_BINLOG", "NTH_VALUE", "NTILE", "NULL", "NUMERIC", "OF", "OFFSET", "ON", "OPTIMIZE",
    "OPTIMIZER_COSTS", "OPTION", "OPTIONALLY", "OR", "ORDER", "OUT", "OUTER", "OUTFILE", "OVER", "PAGE_CHECKSUM",
    "PARSE_VCOL_EXPR", "PARTITION", "PERCENT_RANK", "POSITION", "PRECISION", "PRIMARY", "PROCEDURE", "PURGE",
    "RANGE", "RANK", "READ", "READS", "READ_WRITE", "REAL", "RECURSIVE", "REFERENCES", "REF_SYSTEM_ID", "REGEXP",
    "RELEASE", "RENAME", "REPEAT", "REPLACE", "REQUIRE", "RESIGNAL", "RESTRICT", "RETURN", "RETURNING", "REVOKE",
    "RIGHT", "RLIKE", "ROW", "ROWS", "ROW_NUMBER", "SCHEMA", "SCHEMAS", "SECOND_MICROSECOND", "SELECT",
    "SENSITIVE", "SEPARATOR", "SET", "SHOW", "SIGNAL", "SLOW", "SMALLINT", "SPATIAL", "SPECIFIC", "SQL",
    "SQLEXCEPTION", "SQLSTATE", "SQLWARNING", "SQL_BIG_RESULT", "SQL_CALC_FOUND_ROWS", "SQL_SMALL_RESULT", "SSL",
    "STARTING", "STATS_AUTO_RECALC", "STATS_PERSISTENT", "STATS_SAMPLE_PAGES", "STORED", "STRAIGHT_JOIN", "SYSTEM",
    "TABLE", "TERMINATED", "THEN", "TINYBLOB", "TINYINT", "TINYTEXT", "TO", "TRAILING", "TRIGGER", "TRUE", "UNDO",
    "UNION", "UNIQUE", "UNLOCK", "UNSIGNED", "UPDATE", "USAGE", "USE", "USING", "UTC_DATE", "UTC_TIME",
    "UTC_TIMESTAMP", "VALUES", "VARBINARY", "VARCHAR", "VARCHARACTER", "VARYING", "VIRTUAL", "WHEN", "WHERE",
    "WHILE", "WINDOW", "WITH", "WRITE", "XOR", "YEAR_MONTH", "ZEROFILL",
};

namespace {

using core::ascii_lower;
using core::ascii_upper;

bool same_ascii(std::string_view a, std::string_view b) { return core::ascii_iequals(a, b); }

std::string column_list(const std::vector<std::string>& columns) { return quoted_list(columns, quote_identifier); }

Error unsupported(const std::string& what, core::Dialect dialect) {
    return Error(core::to_string(dialect) + " has no " + what, ErrorKind::unsupported).with_backend("mysql");
}

// The first word of a canonical type: "int unsigned" -> "int".
std::string base_of(const std::string& type) {
    std::size_t end = 0;
    while (end < type.size() && (std::isalnum(static_cast<unsigned char>(type[end])) || type[end] == '_')) ++end;
    return ascii_lower(type.substr(0, end));
}

bool is_character_type(const std::string& type) {
    const std::string base = base_of(type);
    return base == "char" || base == "varchar" || base == "tinytext" || base == "text" || base == "mediumtext" ||
           base == "longtext" || base == "enum" || base == "set" || base == "json";
}

// A default that DEFAULT takes as it stands: a literal, a signed number, NULL, b'...', or CURRENT_TIMESTAMP and
// its synonyms. Anything else is an expression, which MySQL 8 only takes in parentheses (MariaDB either way).
bool is_plain_default(const std::string& value) {
    const auto tokens = core::tokenize(value, core::Dialect::mariadb);
    if (tokens.empty()) return true;
    if (tokens.size() == 1) return tokens[0].kind != core::TokenKind::op && tokens[0].kind != core::TokenKind::punct;
    if (tokens.size() == 2 && (tokens[0].text == "-" || tokens[0].text == "+") && tokens[1].kind == core::TokenKind::number)
        return true;
    const std::string first = ascii_lower(tokens[0].text);
    const bool timestamp = first == "current_timestamp" || first == "now" || first == "localtime" || first == "localtimestamp";
    if (timestamp && tokens.size() >= 3 && tokens[1].text == "(" && tokens.back().text == ")" && tokens.size() <= 4) return true;
    if (tokens.front().text == "(" && tokens.back().text == ")") return true;  // already parenthesized
    return false;
}

std::string default_clause(const std::string& value) { return is_plain_default(value) ? value : "(" + value + ")"; }

std::string strip_statement_end(std::string text) {
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == ';')) text.pop_back();
    return text;
}

std::string index_keys(const core::Index& index, core::Dialect dialect) {
    std::vector<std::string> keys;
    for (const auto& key : index.keys) {
        std::string text;
        if (key.column) {
            text = quote_identifier(*key.column);
            if (key.length) text += "(" + std::to_string(*key.length) + ")";
        } else if (key.expression) {
            if (dialect == core::Dialect::mariadb) throw unsupported("functional index keys (index " + index.name.value_or("") + ")", dialect);
            text = "(" + *key.expression + ")";
        } else {
            throw Error("index key without column or expression in " + index.name.value_or("(unnamed)"), ErrorKind::internal);
        }
        if (key.nulls) throw unsupported("NULLS FIRST/LAST in indexes", dialect);
        if (key.opclass) throw unsupported("operator classes", dialect);
        if (key.collation) throw unsupported("index key collations", dialect);
        if (same_ascii(key.order, "desc")) text += " DESC";
        keys.push_back(text);
    }
    return "(" + join(keys) + ")";
}

// "FULLTEXT ", "SPATIAL ", "UNIQUE " or "" before INDEX/KEY, and the USING clause after the keys.
std::pair<std::string, std::string> index_kind(const core::Index& index, core::Dialect dialect) {
    if (index.where) throw unsupported("partial indexes (index " + index.name.value_or("") + ")", dialect);
    if (!index.include.empty()) throw unsupported("INCLUDE columns in indexes", dialect);
    const std::string method = index.method ? ascii_lower(*index.method) : "";
    if (method == "fulltext") return {"FULLTEXT ", ""};
    if (method == "spatial") return {"SPATIAL ", ""};
    const std::string prefix = index.unique ? "UNIQUE " : "";
    if (method.empty()) return {prefix, ""};
    if (method == "btree" || method == "hash") return {prefix, " USING " + ascii_upper(method)};
    throw unsupported("index method " + method, dialect);
}

std::string index_suffix(const core::Index& index, core::Dialect dialect) {
    std::string out;
    if (index.comment) out += " COMMENT " + quote_literal(*index.comment);
    if (index.ignored) out += dialect == core::Dialect::mariadb ? " IGNORED" : " INVISIBLE";
    return out;
}

std::string require_name(const std::optional<std::string>& name, const std::string& what, const core::QualifiedName& table) {
    if (!name) throw Error(what + " without a name on " + table.name + ": compare() names everything it creates",
                           ErrorKind::internal);
    return *name;
}

// Stands where IF NOT EXISTS goes in an ADD clause, until the statement it ends up in is known.
constexpr std::string_view guard_marker = "\x01";

std::string foreign_key_clause(const core::ForeignKey& fk, bool if_not_exists) {
    if (fk.deferrable) throw Error("mysql has no deferrable foreign keys", ErrorKind::unsupported).with_backend("mysql");
    std::string out;
    if (fk.name) out += "CONSTRAINT " + quote_identifier(*fk.name) + " ";
    out += std::string("FOREIGN KEY ") + (if_not_exists ? std::string(guard_marker) : "") + "(" + column_list(fk.columns) +
           ") REFERENCES " + qualified_name({fk.references.schema, fk.references.table}) + " (" +
           column_list(fk.references.columns) + ")";
    if (!same_ascii(fk.on_delete, "no action") && !fk.on_delete.empty()) out += " ON DELETE " + ascii_upper(fk.on_delete);
    if (!same_ascii(fk.on_update, "no action") && !fk.on_update.empty()) out += " ON UPDATE " + ascii_upper(fk.on_update);
    return out;
}

std::string check_clause(const core::CheckConstraint& check) {
    return (check.name ? "CONSTRAINT " + quote_identifier(*check.name) + " " : std::string()) + "CHECK (" +
           check.expression + ")";
}

std::string table_options(const core::Table& table) {
    std::vector<std::string> out;
    const auto& o = table.options.mysql;
    if (o.engine) out.push_back("ENGINE=" + *o.engine);
    if (o.charset) out.push_back("DEFAULT CHARSET=" + *o.charset);
    if (o.collation) out.push_back("COLLATE=" + *o.collation);
    if (o.row_format) out.push_back("ROW_FORMAT=" + ascii_upper(*o.row_format));
    if (table.comment) out.push_back("COMMENT=" + quote_literal(*table.comment));
    return join(out, " ");
}

// The delimiter a stored program's text can be sent with through the mariadb client.
std::string delimiter_for(const std::string& text) {
    for (const char* candidate : {"$$", "//", ";;", "$$$"})
        if (text.find(candidate) == std::string::npos) return candidate;
    return "$autogen$";
}

// A CREATE TRIGGER / FUNCTION / PROCEDURE statement, wrapped in DELIMITER lines when its body holds ';'.
std::vector<std::string> stored_program(std::string definition, const std::string& kind, const std::string& name,
                                        bool or_replace) {
    definition = strip_statement_end(definition);
    const auto tokens = core::tokenize(definition, core::Dialect::mariadb);
    if (tokens.empty() || !core::is_keyword(tokens[0], "CREATE"))
        throw Error(kind + " " + name + ": a MySQL definition is the whole CREATE " + ascii_upper(kind) + " statement",
                    ErrorKind::input)
            .with_backend("mysql");
    if (or_replace && !(tokens.size() > 1 && core::is_keyword(tokens[1], "OR")))
        definition.insert(tokens[0].offset + tokens[0].text.size(), " OR REPLACE");
    if (definition.find(';') == std::string::npos) return {definition + ";"};
    const std::string delimiter = delimiter_for(definition);
    return {"DELIMITER " + delimiter, definition + delimiter, "DELIMITER ;"};
}

std::string view_statement(const core::View& view) {
    if (view.materialized) throw Error("mysql has no materialized views: " + view.name, ErrorKind::unsupported).with_backend("mysql");
    const std::string definition = strip_statement_end(view.definition);
    const auto tokens = core::tokenize(definition, core::Dialect::mariadb);
    if (!tokens.empty() && core::is_keyword(tokens[0], "CREATE")) return definition + ";";
    return "CREATE OR REPLACE VIEW " + qualified_name({view.schema, view.name}) + " AS " + definition + ";";
}

// The CREATE TABLE statement, with IF NOT EXISTS where the server has it.
std::string create_table_text(const core::Table& table, core::Dialect dialect, bool if_not_exists) {
    if (table.partition_by || table.partition_of) throw unsupported("PostgreSQL partitioning (table " + table.name + ")", dialect);
    if (!table.exclusion.empty()) throw unsupported("exclusion constraints (table " + table.name + ")", dialect);
    // A MEMORY table's indexes and unique keys are HASH unless they say otherwise, as the model's "no method"
    // means there (core::resolve): only a stated method gets a USING clause.
    std::vector<std::string> lines;
    for (const auto& column : table.columns) lines.push_back(column_definition(column, dialect));
    if (table.primary_key) lines.push_back("PRIMARY KEY (" + column_list(table.primary_key->columns) + ")");
    for (const auto& unique : table.unique) {
        if (unique.nulls_not_distinct) throw unsupported("NULLS NOT DISTINCT", dialect);
        lines.push_back("UNIQUE KEY " + (unique.name ? quote_identifier(*unique.name) + " " : std::string()) + "(" +
                        column_list(unique.columns) + ")");
    }
    for (const auto& index : table.indexes) {
        auto [kind, using_clause] = index_kind(index, dialect);
        lines.push_back(kind + "KEY " + quote_identifier(require_name(index.name, "index", table.qualified())) + " " +
                        index_keys(index, dialect) + using_clause + index_suffix(index, dialect));
    }
    for (const auto& check : table.checks) lines.push_back(check_clause(check));
    for (const auto& fk : table.foreign_keys) lines.push_back(foreign_key_clause(fk, false));
    std::string out = std::string("CREATE TABLE ") + (if_not_exists ? "IF NOT EXISTS " : "") +
                      qualified_name(table.qualified()) + " (\n";
    for (std::size_t i = 0; i < lines.size(); ++i) out += "    " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    out += ")";
    const std::string options = table_options(table);
    if (!options.empty()) out += " " + options;
    return out + ";";
}

// ---- pieces: what each op contributes, before the changes of a table are merged -----------------------------

enum class PieceKind { standalone, internal, foreign_key_drop, foreign_key_add };

// One ALTER TABLE clause; column clauses keep their parts so that merging can rewrite them.
struct Clause {
    enum Kind { other, add_column, drop_column, modify_column, change_column, drop_primary_key, add_primary_key, rename_table };
    Kind kind = other;
    std::string text;        // `other`: the clause as it stands
    std::string column;      // the column as the table names it before the statement
    std::string new_name;    // change_column: the name after it
    core::Column definition;  // add/modify/change: the whole column as it is after the clause
    diff::Placement placement;
    bool placed = false;     // FIRST / AFTER is written
    bool weak = false;       // a restatement another clause on the same column replaces
    bool guarded = true;     // IF NOT EXISTS may be written: not when the same statement drops the name first
    bool regenerated = false;  // drop/add: a generated column dropped and added again (its storage changes)
    std::string adds;        // "column:x", "index:x", "constraint:x": the name an ADD creates
    std::string drops;       // the name a DROP removes
};

struct Piece {
    PieceKind kind = PieceKind::standalone;
    core::QualifiedName table;       // internal and foreign key pieces: the table (named as after this plan's renames)
    core::QualifiedName referenced;  // foreign key pieces: the table the key references
    std::vector<Clause> clauses;
    std::vector<std::string> statements;  // standalone pieces
    std::optional<core::QualifiedName> renamed_from;  // a table rename: the old name
};

class PieceBuilder {
public:
    explicit PieceBuilder(core::Dialect dialect) : dialect_(dialect), maria_(dialect == core::Dialect::mariadb) {}

    Piece operator()(const diff::CreateTable& op) const {
        return standalone({create_table_text(op.object, dialect_, maria_)});
    }
    Piece operator()(const diff::DropTable& op) const {
        return standalone({"DROP TABLE " + if_exists() + qualified_name(op.object.qualified()) + ";"});
    }
    Piece operator()(const diff::RenameTable& op) const {
        Piece p = internal(op.to.qualified());
        p.renamed_from = op.from.qualified();
        Clause c;
        c.kind = Clause::rename_table;
        c.text = "RENAME TO " + qualified_name(op.to.qualified());
        p.clauses.push_back(c);
        return p;
    }
    Piece operator()(const diff::RebuildTable&) const {
        throw Error("mysql alters tables in place; lower() makes no rebuild for it", ErrorKind::internal);
    }
    Piece operator()(const diff::AlterTable& op) const {
        Piece p = internal(op.owner);
        const auto& from = op.from.options.mysql;
        const auto& to = op.to.options.mysql;
        if (op.changed & diff::change_options) {
            if (to.engine && !same_word(from.engine, to.engine)) p.clauses.push_back(other("ENGINE=" + *to.engine));
            const bool charset = to.charset && !same_word(from.charset, to.charset);
            const bool collation = to.collation && !same_word(from.collation, to.collation);
            if (charset || collation) {
                // The model's columns without a charset follow the table's: the new default applies to them through
                // a MODIFY of each character column (CONVERT TO would also rewrite the columns that state one, and
                // turn TEXT into MEDIUMTEXT).
                std::string text = "DEFAULT";
                if (to.charset) text += " CHARACTER SET " + *to.charset;
                if (to.collation) text += " COLLATE " + *to.collation;
                p.clauses.push_back(other(text));
                for (const auto& column : op.to.columns) {
                    if (!is_character_type(column.type) || column.generated) continue;
                    Clause c = column_clause(Clause::modify_column, column.name, column);
                    c.weak = true;
                    p.clauses.push_back(c);
                }
            }
            if (to.row_format && !same_word(from.row_format, to.row_format))
                p.clauses.push_back(other("ROW_FORMAT=" + ascii_upper(*to.row_format)));
        }
        if (op.changed & diff::change_comment) p.clauses.push_back(other("COMMENT=" + quote_literal(op.to.comment.value_or(""))));
        if (op.changed & diff::change_partition) throw unsupported("partitioning changes (table " + op.owner.name + ")", dialect_);
        return p;
    }

    Piece operator()(const diff::AddColumn& op) const {
        Piece p = internal(op.owner);
        Clause c = column_clause(Clause::add_column, op.object.name, op.object);
        c.placement = op.placement;
        c.placed = op.placement.first || op.placement.after.has_value();
        p.clauses.push_back(c);
        return p;
    }
    Piece operator()(const diff::DropColumn& op) const {
        Piece p = internal(op.owner);
        Clause c;
        c.kind = Clause::drop_column;
        c.column = op.object.name;
        c.drops = name_key("column", c.column);
        p.clauses.push_back(c);
        return p;
    }
    Piece operator()(const diff::AlterColumn& op) const {
        Piece p = internal(op.owner);
        const bool generated_reshaped =
            op.from.generated.has_value() != op.to.generated.has_value() ||
            (op.from.generated && op.to.generated && op.from.generated->stored != op.to.generated->stored);
        if ((op.changed & diff::change_generated) && generated_reshaped) {
            // MariaDB cannot MODIFY a column into or out of being generated, nor change its storage: the column is
            // dropped and added again where it stands (its values are computed, or lost: the hazard says so).
            Clause drop;
            drop.kind = Clause::drop_column;
            drop.column = op.from.name;
            drop.drops = name_key("column", drop.column);
            Clause add = column_clause(Clause::add_column, op.to.name, op.to);
            add.placement = op.placement;
            add.placed = op.placement.first || op.placement.after.has_value();
            drop.regenerated = add.regenerated = true;
            p.clauses.push_back(drop);
            p.clauses.push_back(add);
            return p;
        }
        Clause c = column_clause(Clause::modify_column, op.from.name, op.to);
        if (op.changed & diff::change_position) {
            c.placement = op.placement;
            c.placed = true;
        }
        p.clauses.push_back(c);
        return p;
    }
    Piece operator()(const diff::RenameColumn& op) const {
        Piece p = internal(op.owner);
        Clause c = column_clause(Clause::change_column, op.from.name, op.to);
        c.new_name = op.to.name;
        c.drops = name_key("column", op.from.name);  // the old name is free for an ADD in the same statement
        p.clauses.push_back(c);
        return p;
    }

    Piece operator()(const diff::AddPrimaryKey& op) const {
        Piece p = internal(op.owner);
        Clause c;
        c.kind = Clause::add_primary_key;
        c.text = "ADD PRIMARY KEY (" + column_list(op.object.columns) + ")";
        p.clauses.push_back(c);
        return p;
    }
    Piece operator()(const diff::DropPrimaryKey& op) const {
        Piece p = internal(op.owner);
        Clause c;
        c.kind = Clause::drop_primary_key;
        c.text = maria_ ? "DROP INDEX IF EXISTS `PRIMARY`" : "DROP PRIMARY KEY";
        p.clauses.push_back(c);
        return p;
    }
    Piece operator()(const diff::AddForeignKey& op) const {
        Piece p = foreign_key(PieceKind::foreign_key_add, op.owner, op.object);
        p.clauses.push_back(other("ADD " + foreign_key_clause(op.object, maria_), name_key("constraint", op.object.name)));
        return p;
    }
    Piece operator()(const diff::DropForeignKey& op) const {
        Piece p = foreign_key(PieceKind::foreign_key_drop, op.owner, op.object);
        p.clauses.push_back(other("DROP FOREIGN KEY " + if_exists() +
                                      quote_identifier(require_name(op.object.name, "foreign key", op.owner)),
                                  "", name_key("constraint", op.object.name)));
        return p;
    }
    Piece operator()(const diff::RenameForeignKey& op) const {
        throw unsupported("RENAME of a foreign key (" + op.from.name.value_or("") + ")", dialect_);
    }
    Piece operator()(const diff::AddUnique& op) const {
        Piece p = internal(op.owner);
        if (op.object.nulls_not_distinct) throw unsupported("NULLS NOT DISTINCT", dialect_);
        p.clauses.push_back(other("ADD UNIQUE INDEX " + if_not_exists() +
                                      quote_identifier(require_name(op.object.name, "unique constraint", op.owner)) +
                                      " (" + column_list(op.object.columns) + ")",
                                  name_key("index", op.object.name)));
        return p;
    }
    Piece operator()(const diff::DropUnique& op) const {
        Piece p = internal(op.owner);
        p.clauses.push_back(other("DROP INDEX " + if_exists() +
                                      quote_identifier(require_name(op.object.name, "unique constraint", op.owner)),
                                  "", name_key("index", op.object.name)));
        return p;
    }
    Piece operator()(const diff::RenameUnique& op) const {
        Piece p = internal(op.owner);
        p.clauses.push_back(other("RENAME INDEX " + if_exists() + quote_identifier(op.from.name.value_or("")) + " TO " +
                                  quote_identifier(op.to.name.value_or(""))));
        return p;
    }
    Piece operator()(const diff::AddCheck& op) const {
        Piece p = internal(op.owner);
        std::string text = "ADD ";
        if (op.object.name) text += "CONSTRAINT " + if_not_exists() + quote_identifier(*op.object.name) + " ";
        p.clauses.push_back(other(text + "CHECK (" + op.object.expression + ")", name_key("constraint", op.object.name)));
        return p;
    }
    Piece operator()(const diff::DropCheck& op) const {
        Piece p = internal(op.owner);
        const std::string name = quote_identifier(require_name(op.object.name, "check constraint", op.owner));
        p.clauses.push_back(other(maria_ ? "DROP CONSTRAINT IF EXISTS " + name : "DROP CHECK " + name, "",
                                  name_key("constraint", op.object.name)));
        return p;
    }
    Piece operator()(const diff::RenameCheck& op) const {
        throw unsupported("RENAME of a check constraint (" + op.from.name.value_or("") + ")", dialect_);
    }
    Piece operator()(const diff::AddExclusion&) const { throw unsupported("exclusion constraints", dialect_); }
    Piece operator()(const diff::DropExclusion&) const { throw unsupported("exclusion constraints", dialect_); }

    Piece operator()(const diff::CreateIndex& op) const {
        Piece p = internal(op.owner);
        const auto [kind, using_clause] = index_kind(op.object, dialect_);
        p.clauses.push_back(other("ADD " + kind + "INDEX " + if_not_exists() +
                                      quote_identifier(require_name(op.object.name, "index", op.owner)) + " " +
                                      index_keys(op.object, dialect_) + using_clause + index_suffix(op.object, dialect_),
                                  name_key("index", op.object.name)));
        return p;
    }
    Piece operator()(const diff::DropIndex& op) const {
        Piece p = internal(op.owner);
        p.clauses.push_back(other("DROP INDEX " + if_exists() + quote_identifier(require_name(op.object.name, "index", op.owner)),
                                  "", name_key("index", op.object.name)));
        return p;
    }
    Piece operator()(const diff::RenameIndex& op) const {
        Piece p = internal(op.owner);
        p.clauses.push_back(other("RENAME INDEX " + if_exists() + quote_identifier(op.from.name.value_or("")) + " TO " +
                                  quote_identifier(op.to.name.value_or(""))));
        return p;
    }

    Piece operator()(const diff::CreateView& op) const { return standalone({view_statement(op.object)}); }
    Piece operator()(const diff::AlterView& op) const { return standalone({view_statement(op.to)}); }
    Piece operator()(const diff::DropView& op) const {
        return standalone({"DROP VIEW " + if_exists() + qualified_name({op.object.schema, op.object.name}) + ";"});
    }
    Piece operator()(const diff::RenameView& op) const {
        return standalone({"RENAME TABLE " + qualified_name({op.from.schema, op.from.name}) + " TO " +
                           qualified_name({op.to.schema, op.to.name}) + ";"});
    }

    Piece operator()(const diff::CreateTrigger& op) const { return trigger(op.object); }
    Piece operator()(const diff::AlterTrigger& op) const { return trigger(op.to); }
    Piece operator()(const diff::DropTrigger& op) const {
        return standalone({"DROP TRIGGER " + if_exists() + qualified_name({op.object.schema, op.object.name}) + ";"});
    }
    Piece operator()(const diff::CreateRoutine& op) const { return routine(op.object); }
    Piece operator()(const diff::AlterRoutine& op) const { return routine(op.to); }
    Piece operator()(const diff::DropRoutine& op) const {
        return standalone({"DROP " + routine_word(op.object) + " " + if_exists() +
                           qualified_name({op.object.schema, op.object.name}) + ";"});
    }

    template <class Op>
    Piece operator()(const Op& op) const {
        // Enums, sequences, domains and extensions are PostgreSQL objects; lower() never leaves them for MySQL.
        throw Error(core::to_string(dialect_) + " cannot " + diff::describe(diff::Op{op}) + ": the kind does not exist there",
                    ErrorKind::unsupported)
            .with_backend("mysql");
    }

    Clause column_clause(Clause::Kind kind, const std::string& column, const core::Column& definition) const {
        Clause c;
        c.kind = kind;
        c.column = column;
        c.definition = definition;
        if (kind == Clause::add_column) c.adds = name_key("column", column);
        return c;
    }

private:
    core::Dialect dialect_;
    bool maria_;

    std::string if_exists() const { return maria_ ? "IF EXISTS " : ""; }
    // Where IF NOT EXISTS goes; clause_text() writes it unless the statement drops the same name first.
    std::string if_not_exists() const { return maria_ ? std::string(guard_marker) : ""; }

    static bool same_word(const std::optional<std::string>& a, const std::optional<std::string>& b) {
        return a.has_value() == b.has_value() && (!a || same_ascii(*a, *b));
    }
    static Clause other(std::string text, std::string adds = "", std::string drops = "") {
        Clause c;
        c.text = std::move(text);
        c.adds = std::move(adds);
        c.drops = std::move(drops);
        return c;
    }
    static std::string name_key(const char* space, const std::optional<std::string>& name) {
        return name ? std::string(space) + ":" + ascii_lower(*name) : std::string();
    }
    static Piece standalone(std::vector<std::string> statements) {
        Piece p;
        p.statements = std::move(statements);
        return p;
    }
    static Piece internal(const core::QualifiedName& table) {
        Piece p;
        p.kind = PieceKind::internal;
        p.table = table;
        return p;
    }
    static Piece foreign_key(PieceKind kind, const core::QualifiedName& table, const core::ForeignKey& fk) {
        Piece p;
        p.kind = kind;
        p.table = table;
        p.referenced = {fk.references.schema, fk.references.table};
        return p;
    }
    Piece trigger(const core::Trigger& trigger) const {
        Piece p;
        // MySQL has no CREATE OR REPLACE TRIGGER: the old one is dropped first.
        if (!maria_) p.statements.push_back("DROP TRIGGER IF EXISTS " + qualified_name({trigger.schema, trigger.name}) + ";");
        for (auto& s : stored_program(trigger.definition, "trigger", trigger.name, maria_)) p.statements.push_back(s);
        return p;
    }
    static std::string routine_word(const core::Routine& routine) {
        return same_ascii(routine.kind, "procedure") ? "PROCEDURE" : "FUNCTION";
    }
    Piece routine(const core::Routine& routine) const {
        Piece p;
        if (!maria_)
            p.statements.push_back("DROP " + routine_word(routine) + " IF EXISTS " +
                                   qualified_name({routine.schema, routine.name}) + ";");
        for (auto& s : stored_program(routine.definition, ascii_lower(routine_word(routine)), routine.name, maria_))
            p.statements.push_back(s);
        return p;
    }

};

// ---- merging the pieces of one table into one ALTER TABLE ---------------------------------------------------

std::string clause_text(const Clause& c, core::Dialect dialect) {
    const bool maria = dialect == core::Dialect::mariadb;
    auto placement = [&]() -> std::string {
        if (!c.placed) return "";
        if (c.placement.first) return " FIRST";
        if (c.placement.after) return " AFTER " + quote_identifier(*c.placement.after);
        return "";
    };
    const std::string exists = maria ? "IF EXISTS " : "";
    const std::string not_exists = maria && c.guarded ? "IF NOT EXISTS " : "";
    switch (c.kind) {
        case Clause::add_column: return "ADD COLUMN " + not_exists + column_definition(c.definition, dialect) + placement();
        case Clause::drop_column: return "DROP COLUMN " + exists + quote_identifier(c.column);
        case Clause::modify_column: return "MODIFY COLUMN " + exists + column_definition(c.definition, dialect) + placement();
        case Clause::change_column:
            return "CHANGE COLUMN " + exists + quote_identifier(c.column) + " " + column_definition(c.definition, dialect) +
                   placement();
        default: {
            std::string text = c.text;
            if (const auto at = text.find(guard_marker); at != std::string::npos)
                text.replace(at, guard_marker.size(), maria && c.guarded ? "IF NOT EXISTS " : "");
            return text;
        }
    }
}

// The column a clause leaves in the table under its final name, if it places one.
std::optional<std::string> placed_column(const Clause& c) {
    if (c.kind == Clause::add_column || (c.kind == Clause::modify_column && c.placed)) return c.column;
    if (c.kind == Clause::change_column) return c.new_name;
    return std::nullopt;
}

std::string key_of(const std::string& column) { return ascii_lower(column); }

// Rewrites the clauses of one statement so that MySQL accepts them together: a rename and a change of the same
// column become one CHANGE, restatements give way, and a column placed AFTER another comes after that one's clause.
std::vector<Clause> finish_clauses(std::vector<Clause> clauses, bool maria) {
    // A generated column renamed and dropped and added again (its storage changes) in one statement: the server
    // refuses a CHANGE beside a DROP or ADD of the same name, so the column is dropped under the name it has and
    // added under the one it gets (soak seed 1729). An upgrade renames first, a downgrade (reversed ops) last.
    for (auto& change : clauses) {
        if (change.kind != Clause::change_column) continue;
        for (auto& drop : clauses) {
            if (drop.kind != Clause::drop_column || !drop.regenerated) continue;
            const bool renamed_first = key_of(drop.column) == key_of(change.new_name);
            const bool renamed_last = key_of(drop.column) == key_of(change.column);
            if (!renamed_first && !renamed_last) continue;
            const auto add = std::find_if(clauses.begin(), clauses.end(), [&](const Clause& c) {
                return c.kind == Clause::add_column && c.regenerated && key_of(c.column) == key_of(drop.column);
            });
            if (add == clauses.end()) continue;
            if (renamed_first) {
                drop.column = change.column;
                drop.drops = "column:" + key_of(change.column);
            } else {
                add->column = change.new_name;
                add->definition.name = change.new_name;
                add->adds = "column:" + key_of(change.new_name);
            }
            change.kind = Clause::other;
            change.text.clear();
            break;
        }
    }
    // MODIFY names the column as it was before the statement: after a CHANGE of it, MODIFY must fold into the CHANGE.
    for (auto& change : clauses) {
        if (change.kind != Clause::change_column) continue;
        for (auto& modify : clauses) {
            if (&modify == &change || modify.kind != Clause::modify_column || modify.weak) continue;
            // An upgrade alters the column under its new name, a downgrade (reversed ops) under its old one.
            if (key_of(modify.column) != key_of(change.new_name) && key_of(modify.column) != key_of(change.column)) continue;
            change.definition = modify.definition;
            change.definition.name = change.new_name;
            if (modify.placed) {
                change.placement = modify.placement;
                change.placed = true;
            }
            modify.kind = Clause::other;
            modify.text.clear();
        }
    }
    // A column the statement drops needs no MODIFY (the server refuses the pair: unknown column).
    std::set<std::string> dropped_columns;
    for (const auto& c : clauses)
        if (c.kind == Clause::drop_column) dropped_columns.insert(key_of(c.column));
    for (auto& c : clauses)
        if (c.kind == Clause::modify_column && dropped_columns.count(key_of(c.column))) {
            c.kind = Clause::other;
            c.text.clear();
        }
    // A weak restatement gives way to any other clause on its column.
    std::set<std::string> touched;
    for (const auto& c : clauses)
        if (!c.weak && (c.kind == Clause::modify_column || c.kind == Clause::change_column || c.kind == Clause::drop_column))
            touched.insert(key_of(c.column));
    std::vector<Clause> kept;
    for (auto& c : clauses) {
        if (c.kind == Clause::other && c.text.empty()) continue;
        if (c.weak && touched.count(key_of(c.column))) continue;
        kept.push_back(std::move(c));
    }
    // IF NOT EXISTS looks at the table as it was before the statement: an ADD of a name the same statement drops
    // would be skipped, so it goes without.
    std::set<std::string> dropped;
    for (const auto& c : kept)
        if (!c.drops.empty()) dropped.insert(c.drops);
    for (auto& c : kept)
        if (!c.adds.empty() && dropped.count(c.adds)) c.guarded = false;
    // An added primary key replaces any left over from a failed run, so that the statement can be run again.
    if (maria) {
        const bool drops = std::any_of(kept.begin(), kept.end(), [](const Clause& c) { return c.kind == Clause::drop_primary_key; });
        for (std::size_t i = 0; i < kept.size() && !drops; ++i) {
            if (kept[i].kind != Clause::add_primary_key) continue;
            Clause drop;
            drop.kind = Clause::drop_primary_key;
            drop.text = "DROP INDEX IF EXISTS `PRIMARY`";
            kept.insert(kept.begin() + static_cast<std::ptrdiff_t>(i), drop);
            break;
        }
    }
    // A table rename is written last; column placements after the clause that places the column they follow.
    std::vector<Clause> ordered;
    std::vector<bool> done(kept.size(), false);
    auto depends_on_pending = [&](std::size_t i) {
        const Clause& c = kept[i];
        if (c.kind == Clause::rename_table) {
            for (std::size_t j = 0; j < kept.size(); ++j)
                if (!done[j] && j != i && kept[j].kind != Clause::rename_table) return true;
            return false;
        }
        if (!c.placed || !c.placement.after) return false;
        for (std::size_t j = 0; j < kept.size(); ++j) {
            if (done[j] || j == i) continue;
            const auto placed = placed_column(kept[j]);
            if (placed && key_of(*placed) == key_of(*c.placement.after)) return true;
        }
        return false;
    };
    while (ordered.size() < kept.size()) {
        bool progressed = false;
        for (std::size_t i = 0; i < kept.size(); ++i) {
            if (done[i] || depends_on_pending(i)) continue;
            done[i] = true;
            ordered.push_back(kept[i]);
            progressed = true;
            break;
        }
        if (!progressed) {  // placements that follow each other in a circle: keep the order given
            for (std::size_t i = 0; i < kept.size(); ++i)
                if (!done[i]) {
                    done[i] = true;
                    ordered.push_back(kept[i]);
                }
        }
    }
    return ordered;
}

// The ALTER TABLE statements of one table's clauses. A table rename is a statement of its own after the others:
// MariaDB 10.11 leaves the old table in place, beside the renamed copy, when one ALTER both copies a table whose
// name is encoded on disk (a space, a '-') and renames it (fixture mysql/pairs/rename_with_copy).
std::vector<std::string> alter_statements(const std::string& table, const std::vector<Clause>& clauses,
                                          core::Dialect dialect, bool if_exists) {
    const bool maria = dialect == core::Dialect::mariadb;
    const std::string head = "ALTER TABLE " + std::string(if_exists && maria ? "IF EXISTS " : "") + table + "\n    ";
    std::vector<std::string> texts, renames;
    for (const auto& c : clauses) (c.kind == Clause::rename_table ? renames : texts).push_back(clause_text(c, dialect));
    std::vector<std::string> out;
    if (!texts.empty()) out.push_back(head + join(texts, ",\n    ") + ";");
    if (!renames.empty()) out.push_back(head + join(renames, ",\n    ") + ";");
    return out;
}


std::string table_key(const core::QualifiedName& name) { return name.schema + '\x1f' + ascii_lower(name.name); }

}  // namespace

bool is_reserved(std::string_view word) {
    const std::string upper = ascii_upper(word);
    return std::binary_search(reserved_words.begin(), reserved_words.end(), std::string_view(upper));
}

std::string quote_identifier(std::string_view name) {
    bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
        if (!ok) plain = false;
    }
    if (plain && !is_reserved(name)) return std::string(name);
    return enclose(name, '`');
}

std::string qualified_name(const core::QualifiedName& name) {
    if (name.schema.empty()) return quote_identifier(name.name);
    return quote_identifier(name.schema) + "." + quote_identifier(name.name);
}

std::string quote_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "''";
        else if (c == '\\') out += "\\\\";
        else out += c;
    }
    return out + "'";
}

std::string column_definition(const core::Column& column, core::Dialect dialect) {
    if (column.identity) throw unsupported("identity columns (column " + column.name + "): write autoincrement: true", dialect);
    std::string out = quote_identifier(column.name) + " " + column.type;
    if (column.charset) out += " CHARACTER SET " + *column.charset;
    if (column.collation) out += " COLLATE " + *column.collation;
    if (column.generated) {
        out += " GENERATED ALWAYS AS (" + column.generated->expression + ")" + (column.generated->stored ? " STORED" : " VIRTUAL");
    } else {
        // A TIMESTAMP column may be NOT NULL by itself where explicit_defaults_for_timestamp is off: say it.
        if (!column.nullable) out += " NOT NULL";
        else if (base_of(column.type) == "timestamp") out += " NULL";
        if (column.default_value) out += " DEFAULT " + default_clause(*column.default_value);
        if (column.on_update) out += " ON UPDATE " + *column.on_update;
        if (column.autoincrement) out += " AUTO_INCREMENT";
    }
    if (column.hidden) out += " INVISIBLE";
    if (column.comment) out += " COMMENT " + quote_literal(*column.comment);
    return out;
}

std::string create_table_statement(const core::Table& table, core::Dialect dialect) {
    return create_table_text(table, dialect, false);
}

MysqlRenderer::MysqlRenderer(core::Dialect dialect) : dialect_(dialect) {
    if (!core::is_mysql_family(dialect)) throw Error("MysqlRenderer renders mysql or mariadb", ErrorKind::internal);
}

RenderedStep MysqlRenderer::render(const diff::Step& step) const {
    RenderedStep out;
    out.comment = step_comment(step);
    PieceBuilder builder(dialect_);
    Piece piece = std::visit(builder, step.op);
    const bool maria = dialect_ == core::Dialect::mariadb;
    if (piece.kind == PieceKind::standalone) {
        out.statements = std::move(piece.statements);
        return out;
    }
    const core::QualifiedName addressed = piece.renamed_from ? *piece.renamed_from : piece.table;
    out.statements = alter_statements(qualified_name(addressed), finish_clauses(piece.clauses, maria), dialect_,
                                      piece.renamed_from.has_value());
    return out;
}

Script MysqlRenderer::render_all(const std::vector<diff::Step>& steps) const {
    Script script;
    if (steps.empty()) return script;
    const bool maria = dialect_ == core::Dialect::mariadb;
    PieceBuilder builder(dialect_);

    struct Group {
        PieceKind kind = PieceKind::standalone;
        core::QualifiedName table;
        std::vector<std::size_t> members;  // indexes into steps / pieces
    };
    std::vector<Piece> pieces;
    pieces.reserve(steps.size());
    for (const auto& step : steps) pieces.push_back(std::visit(builder, step.op));

    // The changes of a renamed table name it by its new name in an upgrade and by its old one in a downgrade
    // (reversed ops): both are keyed by the name the rename gives, so that they merge with it.
    std::map<std::string, core::QualifiedName> renamed_to;  // old name key -> new name
    std::set<std::string> new_names;
    for (const auto& piece : pieces)
        if (piece.renamed_from) {
            renamed_to[table_key(*piece.renamed_from)] = piece.table;
            new_names.insert(table_key(piece.table));
        }
    auto final_name = [&](const core::QualifiedName& name) {
        const auto it = renamed_to.find(table_key(name));
        return it != renamed_to.end() && !new_names.count(table_key(name)) ? it->second : name;
    };
    for (auto& piece : pieces) {
        if (piece.kind == PieceKind::standalone || piece.renamed_from) continue;
        piece.table = final_name(piece.table);
        if (piece.kind != PieceKind::internal) piece.referenced = final_name(piece.referenced);
    }

    // Groups in the order of their first step; a table's own changes join its open group, foreign key changes
    // join only the group right before them, and a foreign key change closes the groups of both its tables (what
    // follows it on them must stay after it).
    std::vector<Group> groups;
    std::map<std::string, std::size_t> open;  // table key -> index of its open internal group
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece& piece = pieces[i];
        if (piece.kind == PieceKind::standalone) {
            groups.push_back(Group{PieceKind::standalone, {}, {i}});
            // A table created or dropped with foreign keys closes the groups of the tables they reference: a change
            // after it there (dropping a referenced column or key after the referencing table goes, MariaDB soak
            // seed 1024) must stay after it.
            const core::Table* table = nullptr;
            if (const auto* d = std::get_if<diff::DropTable>(&steps[i].op)) table = &d->object;
            if (const auto* c = std::get_if<diff::CreateTable>(&steps[i].op)) table = &c->object;
            if (table)
                for (const auto& fk : table->foreign_keys) {
                    const core::QualifiedName referenced{fk.references.schema, fk.references.table};
                    open.erase(table_key(referenced));
                    open.erase(table_key(final_name(referenced)));
                }
            continue;
        }
        const std::string key = table_key(piece.table);
        if (piece.kind == PieceKind::internal) {
            // A table rename joins only a group right before it: moved up past other statements it could run
            // before the drop of another table of the name it takes (property seed 28).
            const auto it = open.find(key);
            if (it != open.end() && (!piece.renamed_from || it->second + 1 == groups.size())) {
                groups[it->second].members.push_back(i);
            } else {
                open[key] = groups.size();
                groups.push_back(Group{PieceKind::internal, piece.table, {i}});
            }
            continue;
        }
        if (!groups.empty() && groups.back().kind == piece.kind && table_key(groups.back().table) == key) {
            groups.back().members.push_back(i);
        } else {
            groups.push_back(Group{piece.kind, piece.table, {i}});
        }
        open.erase(key);
        open.erase(table_key(piece.referenced));
    }

    // Statements that run before a table's rename in this plan name it by its old name.
    std::map<std::string, core::QualifiedName> old_name;  // new name key -> old name
    for (const auto& piece : pieces)
        if (piece.renamed_from) old_name[table_key(piece.table)] = *piece.renamed_from;

    Block block;
    block.transactional = false;
    block.before = {"-- MySQL/MariaDB DDL is not transactional: every statement below commits on its own" +
                    std::string(maria ? "; IF [NOT] EXISTS lets a section that failed part-way run again" : "")};
    for (const auto& group : groups) {
        std::vector<RenderedStep> rendered;
        for (std::size_t member : group.members) rendered.push_back(RenderedStep{step_comment(steps[member]), {}});
        if (group.kind == PieceKind::standalone) {
            rendered.back().statements = pieces[group.members.front()].statements;
        } else {
            std::vector<Clause> clauses;
            bool renames = false;
            for (std::size_t member : group.members) {
                for (const auto& c : pieces[member].clauses) clauses.push_back(c);
                renames = renames || pieces[member].renamed_from.has_value();
            }
            const std::string key = table_key(group.table);
            core::QualifiedName addressed = group.table;
            if (const auto it = old_name.find(key); it != old_name.end()) {
                addressed = it->second;
                if (renames) old_name.erase(it);  // later statements use the new name
            }
            rendered.back().statements =
                alter_statements(qualified_name(addressed), finish_clauses(std::move(clauses), maria), dialect_, renames);
        }
        for (auto& r : rendered) block.steps.push_back(std::move(r));
    }
    script.blocks.push_back(std::move(block));
    return script;
}

}  // namespace autogen::emit::mysql
