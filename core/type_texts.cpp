#include "core/type_texts.hpp"

#include <map>

#include "core/rename_hints.hpp"
#include "core/sql_lexer.hpp"
#include "core/types.hpp"

namespace autogen::core {

void rename_type_references(Schema& schema, const std::string& from, const std::string& to) {
    auto rename = [&](std::string& text, bool is_type) {
        if (!is_type) text = with_casts_renamed(text, from, to);
        else if (auto type = retyped(text, from, to)) text = *type;
    };
    if (schema.tables)
        for (auto& table : *schema.tables) for_each_type_text_of_table(table, rename);
    if (schema.views)
        for (auto& view : *schema.views) for_each_type_text_of_view(view, rename);
    if (schema.domains)
        for (auto& domain : *schema.domains) for_each_type_text_of_domain(domain, rename);
}

std::vector<std::pair<std::string, std::string>> renamed_enums(const Schema& current, const Schema& target) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!current.enums || !target.enums) return out;
    const auto& cur = *current.enums;
    const auto& tgt = *target.enums;
    std::map<QualifiedName, std::size_t> cur_index;
    for (std::size_t i = 0; i < cur.size(); ++i) cur_index.emplace(QualifiedName{cur[i].schema, cur[i].name}, i);
    const auto renames = apply_rename_hints(
        cur.size(), tgt.size(), cur_index,
        [&](std::size_t j) -> std::optional<QualifiedName> { return QualifiedName{tgt[j].schema, tgt[j].name}; },
        [&](std::size_t j) -> std::optional<QualifiedName> {
            if (!tgt[j].renamed_from) return std::nullopt;
            return QualifiedName{tgt[j].schema, *tgt[j].renamed_from};
        });
    for (std::size_t j = 0; j < tgt.size(); ++j)
        if (renames[j])
            out.emplace_back(type_reference(cur[*renames[j]].schema, cur[*renames[j]].name),
                             type_reference(tgt[j].schema, tgt[j].name));
    return out;
}

}  // namespace autogen::core
