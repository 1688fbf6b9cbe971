#include "diff/op.hpp"

#include <array>

namespace autogen::diff {
namespace {

// The noun and the creating verb of each model kind, for op names and descriptions.
template <class T> struct Kind;
template <> struct Kind<core::Table> { static constexpr const char* noun = "table"; static constexpr const char* create = "create"; };
template <> struct Kind<core::Column> { static constexpr const char* noun = "column"; static constexpr const char* create = "add"; };
template <> struct Kind<core::PrimaryKey> { static constexpr const char* noun = "primary_key"; static constexpr const char* create = "add"; };
template <> struct Kind<core::ForeignKey> { static constexpr const char* noun = "foreign_key"; static constexpr const char* create = "add"; };
template <> struct Kind<core::UniqueConstraint> { static constexpr const char* noun = "unique"; static constexpr const char* create = "add"; };
template <> struct Kind<core::CheckConstraint> { static constexpr const char* noun = "check"; static constexpr const char* create = "add"; };
template <> struct Kind<core::ExclusionConstraint> { static constexpr const char* noun = "exclusion"; static constexpr const char* create = "add"; };
template <> struct Kind<core::Index> { static constexpr const char* noun = "index"; static constexpr const char* create = "create"; };
template <> struct Kind<core::Enum> { static constexpr const char* noun = "enum"; static constexpr const char* create = "create"; };
template <> struct Kind<core::Sequence> { static constexpr const char* noun = "sequence"; static constexpr const char* create = "create"; };
template <> struct Kind<core::View> { static constexpr const char* noun = "view"; static constexpr const char* create = "create"; };
template <> struct Kind<core::Extension> { static constexpr const char* noun = "extension"; static constexpr const char* create = "create"; };
template <> struct Kind<core::Domain> { static constexpr const char* noun = "domain"; static constexpr const char* create = "create"; };
template <> struct Kind<core::Routine> { static constexpr const char* noun = "routine"; static constexpr const char* create = "create"; };
template <> struct Kind<core::Trigger> { static constexpr const char* noun = "trigger"; static constexpr const char* create = "create"; };

std::string display(const core::QualifiedName& name) {
    return name.schema.empty() ? name.name : name.schema + "." + name.name;
}

// The name an object is known by; unnamed constraints are described by their columns.
template <class T>
std::string object_label(const T& object) {
    if constexpr (requires { object.name; }) {
        if constexpr (std::is_same_v<decltype(object.name), std::optional<std::string>>) {
            if (object.name) return *object.name;
            if constexpr (requires { object.columns; }) {
                std::string cols;
                for (const auto& c : object.columns) cols += (cols.empty() ? "" : ", ") + c;
                return "(" + cols + ")";
            }
            if constexpr (requires { object.keys; }) return "(unnamed)";
            if constexpr (requires { object.expression; }) return "(" + object.expression + ")";
            return "(unnamed)";
        } else {
            return object.name;
        }
    } else {
        return "(unnamed)";
    }
}

template <class T>
constexpr bool is_top_level = !std::is_same_v<T, core::Column> && !std::is_same_v<T, core::PrimaryKey> &&
                              !std::is_same_v<T, core::ForeignKey> && !std::is_same_v<T, core::UniqueConstraint> &&
                              !std::is_same_v<T, core::CheckConstraint> &&
                              !std::is_same_v<T, core::ExclusionConstraint> && !std::is_same_v<T, core::Index>;

template <class T>
std::vector<std::string> id_of(const core::QualifiedName& owner, const T& object) {
    if constexpr (std::is_same_v<T, core::Table>) {
        return {"table", object.schema, object.name};
    } else if constexpr (std::is_same_v<T, core::Trigger>) {
        return {"trigger", object.schema, object.table, object.name};
    } else if constexpr (is_top_level<T>) {
        return {Kind<T>::noun, object.schema, object.name};
    } else {
        return {"table", owner.schema, owner.name, Kind<T>::noun, object_label(object)};
    }
}

template <class T>
std::string where(const core::QualifiedName& owner, const T& object) {
    if constexpr (std::is_same_v<T, core::Table>) return display(object.qualified());
    else if constexpr (std::is_same_v<T, core::Trigger>) return object.name + " on " + display({object.schema, object.table});
    else if constexpr (is_top_level<T>) return display({object.schema, object.name});
    else if constexpr (std::is_same_v<T, core::Column>) return display(owner) + "." + object.name;
    else if constexpr (std::is_same_v<T, core::PrimaryKey>) return "on " + display(owner);
    else return object_label(object) + " on " + display(owner);
}

std::string words(std::string snake) {
    for (auto& c : snake)
        if (c == '_') c = ' ';
    return snake;
}

struct Namer {
    template <class T> std::string operator()(const Create<T>&) const { return std::string(Kind<T>::create) + "_" + Kind<T>::noun; }
    template <class T> std::string operator()(const Drop<T>&) const { return std::string("drop_") + Kind<T>::noun; }
    template <class T> std::string operator()(const Alter<T>&) const { return std::string("alter_") + Kind<T>::noun; }
    template <class T> std::string operator()(const Rename<T>&) const { return std::string("rename_") + Kind<T>::noun; }
    std::string operator()(const RebuildTable&) const { return "rebuild_table"; }
};

struct Identifier {
    template <class T> std::vector<std::string> operator()(const Create<T>& op) const { return id_of(op.owner, op.object); }
    template <class T> std::vector<std::string> operator()(const Drop<T>& op) const { return id_of(op.owner, op.object); }
    template <class T> std::vector<std::string> operator()(const Alter<T>& op) const { return id_of(op.owner, op.to); }
    template <class T> std::vector<std::string> operator()(const Rename<T>& op) const { return id_of(op.owner, op.to); }
    std::vector<std::string> operator()(const RebuildTable& op) const { return {"table", op.to.schema, op.to.name}; }
};

struct Describer {
    template <class T> std::string operator()(const Create<T>& op) const {
        return words(Namer{}(op)) + " " + where(op.owner, op.object);
    }
    template <class T> std::string operator()(const Drop<T>& op) const {
        return words(Namer{}(op)) + " " + where(op.owner, op.object);
    }
    template <class T> std::string operator()(const Alter<T>& op) const {
        std::string out = words(Namer{}(op)) + " " + where(op.owner, op.to);
        const auto names = change_names(op.changed);
        if (!names.empty()) {
            out += " (";
            for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
            out += ")";
        }
        return out;
    }
    template <class T> std::string operator()(const Rename<T>& op) const {
        return words(Namer{}(op)) + " " + where(op.owner, op.from) + " to " + object_label(op.to);
    }
    std::string operator()(const RebuildTable& op) const {
        std::string out = "rebuild table " + display(op.to.qualified());
        for (std::size_t i = 0; i < op.replaces.size(); ++i) out += (i ? "; " : " to ") + op.replaces[i];
        return out;
    }
};

}  // namespace

std::vector<std::string> change_names(Changes changes) {
    static const std::array<const char*, 19> names = {
        "type",    "nullable",   "default", "identity",   "autoincrement", "generated", "collation",
        "charset", "on_update",  "comment", "position",   "options",       "definition", "values",
        "version", "checks",     "partition", "sequence", "hidden"};
    std::vector<std::string> out;
    for (std::size_t bit = 0; bit < names.size(); ++bit)
        if (changes & (1u << bit)) out.emplace_back(names[bit]);
    return out;
}

std::string op_name(const Op& op) { return std::visit(Namer{}, op); }
std::vector<std::string> object_id(const Op& op) { return std::visit(Identifier{}, op); }
namespace {

struct RenamedFrom {
    template <class T>
    std::optional<std::vector<std::string>> operator()(const Rename<T>& op) const { return id_of(op.owner, op.from); }
    template <class Other>
    std::optional<std::vector<std::string>> operator()(const Other&) const { return std::nullopt; }
};

}  // namespace

std::optional<std::vector<std::string>> renamed_object_id(const Op& op) { return std::visit(RenamedFrom{}, op); }

std::string describe(const Op& op) { return std::visit(Describer{}, op); }

}  // namespace autogen::diff
