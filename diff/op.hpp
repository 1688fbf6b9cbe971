// Operations: plain data describing one schema change each, carrying enough to be reversed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/model.hpp"
#include "core/type_texts.hpp"

namespace autogen::diff {

/// What an Alter op changes, as a bitmask; renderers read it instead of re-diffing.
enum Change : std::uint32_t {
    change_type = 1u << 0,
    change_nullable = 1u << 1,
    change_default = 1u << 2,
    change_identity = 1u << 3,
    change_autoincrement = 1u << 4,
    change_generated = 1u << 5,
    change_collation = 1u << 6,
    change_charset = 1u << 7,
    change_on_update = 1u << 8,
    change_comment = 1u << 9,
    change_position = 1u << 10,
    change_options = 1u << 11,
    change_definition = 1u << 12,
    change_values = 1u << 13,
    change_version = 1u << 14,
    change_checks = 1u << 15,
    change_partition = 1u << 16,
    change_sequence = 1u << 17,
    change_hidden = 1u << 18,
};
using Changes = std::uint32_t;

/// The names of the bits set in a Change mask, in bit order ("type", "nullable", ...).
std::vector<std::string> change_names(Changes changes);

/// Where a column stands (MySQL/MariaDB FIRST / AFTER); ignored by dialects that cannot place columns.
struct Placement {
    bool first = false;
    std::optional<std::string> after;
    bool operator==(const Placement&) const = default;
};

/// Creates an object (a table, or a column/constraint/index of `owner`).
template <class T>
struct Create {
    core::QualifiedName owner;  // the table for table parts; the object itself otherwise
    T object;
    Placement placement;  // columns only
    bool operator==(const Create&) const = default;
};

/// Drops an object; carries the whole object so that the drop can be undone.
template <class T>
struct Drop {
    core::QualifiedName owner;
    T object;
    Placement placement;  // columns only: where it stood, for the downgrade
    bool operator==(const Drop&) const = default;
};

/// Changes an object in place from one state to another.
template <class T>
struct Alter {
    core::QualifiedName owner;
    T from;
    T to;
    Changes changed = 0;
    Placement placement;  // columns only, when change_position is set
    Placement from_placement;
    bool operator==(const Alter&) const = default;
};

/// Renames an object, keeping its data; `from` and `to` differ only by name.
template <class T>
struct Rename {
    core::QualifiedName owner;  // for a table rename: the old name
    T from;
    T to;
    bool operator==(const Rename&) const = default;
};

/// Recreates a table under a new definition and copies its rows (SQLite, or any change a dialect cannot ALTER).
struct RebuildTable {
    core::Table from;
    core::Table to;
    /// For each column of `to`, the column of `from` its values come from (std::nullopt: new column).
    std::vector<std::optional<std::string>> sources;
    Changes changed = 0;   // union of what changed in the table's columns
    std::uint32_t hazards = 0;  // hazards of the in-place ops the rebuild replaces
    std::vector<std::string> replaces;  // descriptions of the ops the rebuild carries out, for its comment
    bool operator==(const RebuildTable&) const = default;
};

using CreateTable = Create<core::Table>;
using DropTable = Drop<core::Table>;
using AlterTable = Alter<core::Table>;  // comment, options, partitioning only
using RenameTable = Rename<core::Table>;
using AddColumn = Create<core::Column>;
using DropColumn = Drop<core::Column>;
using AlterColumn = Alter<core::Column>;
using RenameColumn = Rename<core::Column>;
using AddPrimaryKey = Create<core::PrimaryKey>;
using DropPrimaryKey = Drop<core::PrimaryKey>;
using AddForeignKey = Create<core::ForeignKey>;
using DropForeignKey = Drop<core::ForeignKey>;
using RenameForeignKey = Rename<core::ForeignKey>;
using AddUnique = Create<core::UniqueConstraint>;
using DropUnique = Drop<core::UniqueConstraint>;
using RenameUnique = Rename<core::UniqueConstraint>;
using AddCheck = Create<core::CheckConstraint>;
using DropCheck = Drop<core::CheckConstraint>;
using RenameCheck = Rename<core::CheckConstraint>;
using AddExclusion = Create<core::ExclusionConstraint>;
using DropExclusion = Drop<core::ExclusionConstraint>;
using CreateIndex = Create<core::Index>;
using DropIndex = Drop<core::Index>;
using RenameIndex = Rename<core::Index>;
using CreateEnum = Create<core::Enum>;
using DropEnum = Drop<core::Enum>;
using AlterEnum = Alter<core::Enum>;
using RenameEnum = Rename<core::Enum>;
using CreateSequence = Create<core::Sequence>;
using DropSequence = Drop<core::Sequence>;
using AlterSequence = Alter<core::Sequence>;
using RenameSequence = Rename<core::Sequence>;
using CreateView = Create<core::View>;
using DropView = Drop<core::View>;
using AlterView = Alter<core::View>;  // definition or comment replaced
using RenameView = Rename<core::View>;
using CreateExtension = Create<core::Extension>;
using DropExtension = Drop<core::Extension>;
using AlterExtension = Alter<core::Extension>;
using CreateDomain = Create<core::Domain>;
using DropDomain = Drop<core::Domain>;
using AlterDomain = Alter<core::Domain>;
using CreateRoutine = Create<core::Routine>;
using DropRoutine = Drop<core::Routine>;
using AlterRoutine = Alter<core::Routine>;
using CreateTrigger = Create<core::Trigger>;
using DropTrigger = Drop<core::Trigger>;
using AlterTrigger = Alter<core::Trigger>;

/// One schema operation.
using Op = std::variant<
    CreateTable, DropTable, AlterTable, RenameTable, RebuildTable,
    AddColumn, DropColumn, AlterColumn, RenameColumn,
    AddPrimaryKey, DropPrimaryKey,
    AddForeignKey, DropForeignKey, RenameForeignKey,
    AddUnique, DropUnique, RenameUnique,
    AddCheck, DropCheck, RenameCheck,
    AddExclusion, DropExclusion,
    CreateIndex, DropIndex, RenameIndex,
    CreateEnum, DropEnum, AlterEnum, RenameEnum,
    CreateSequence, DropSequence, AlterSequence, RenameSequence,
    CreateView, DropView, AlterView, RenameView,
    CreateExtension, DropExtension, AlterExtension,
    CreateDomain, DropDomain, AlterDomain,
    CreateRoutine, DropRoutine, AlterRoutine,
    CreateTrigger, DropTrigger, AlterTrigger>;

/// Calls f(text, is_type) on each text the DDL of `op` writes that can name a user type (core/type_texts.hpp): the
/// columns, checks, exclusions, indexes, views and domains it creates, or changes to. `O` is Op, const or not.
template <class O, class F>
void for_each_written_type_text(O& op, F&& f) {
    std::visit(
        [&f](auto& o) {
            using T = std::remove_const_t<std::remove_reference_t<decltype(o)>>;
            if constexpr (std::is_same_v<T, CreateTable>) core::for_each_type_text_of_table(o.object, f);
            else if constexpr (std::is_same_v<T, RebuildTable>) core::for_each_type_text_of_table(o.to, f);
            else if constexpr (std::is_same_v<T, AddColumn>) core::for_each_type_text_of_column(o.object, f);
            else if constexpr (std::is_same_v<T, AlterColumn>) core::for_each_type_text_of_column(o.to, f);
            else if constexpr (std::is_same_v<T, AddCheck>) f(o.object.expression, false);
            else if constexpr (std::is_same_v<T, AddExclusion>) f(o.object.definition, false);
            else if constexpr (std::is_same_v<T, CreateIndex>) core::for_each_type_text_of_index(o.object, f);
            else if constexpr (std::is_same_v<T, CreateView>) core::for_each_type_text_of_view(o.object, f);
            else if constexpr (std::is_same_v<T, AlterView>) core::for_each_type_text_of_view(o.to, f);
            else if constexpr (std::is_same_v<T, CreateDomain>) core::for_each_type_text_of_domain(o.object, f);
            else if constexpr (std::is_same_v<T, AlterDomain>) core::for_each_type_text_of_domain(o.to, f);
        },
        op);
}

/// The op's kind in snake case, e.g. "add_column", "create_table", "rebuild_table".
std::string op_name(const Op& op);

/// The id of the object an op touches, as the report's array form: ["table", "public", "users", "column", "email"].
std::vector<std::string> object_id(const Op& op);

/// For a rename, the id of the object under its old name (the name the rename frees); std::nullopt otherwise.
std::optional<std::vector<std::string>> renamed_object_id(const Op& op);

/// A one-line human description, e.g. "add column users.verified_at".
std::string describe(const Op& op);

}  // namespace autogen::diff
