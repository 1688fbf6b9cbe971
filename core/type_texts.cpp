#include "core/type_texts.hpp"

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

}  // namespace autogen::core
