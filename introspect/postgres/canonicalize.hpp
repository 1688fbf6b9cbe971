// Canonicalizing a target's expression texts through the server: the temporary objects to create, and the
// mapping of what the server prints back onto the target.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace autogen::introspect::postgres {

/// One target text sent to the server, and where its canonical form goes back.
struct CanonicalItem {
    enum class Kind { column_default, generated, check, index, exclusion, view, routine, trigger };
    Kind kind;
    std::size_t table = 0;  // index in target.tables (target.views, .routines, .triggers for those kinds)
    std::size_t item = 0;   // index of the column, check, index or exclusion in that table
};

/// The work of one canonicalization: a DO block that creates a temporary table per target table (each statement
/// in its own subtransaction, so that one failure leaves only its own text as written) and the items it covers.
struct CanonicalizationPlan {
    std::string do_block;
    std::vector<CanonicalItem> items;
};

/// The temporary objects' names: table `_autogen_t<t>`, check `_autogen_c<t>_<k>`, index `_autogen_i<t>_<k>`,
/// exclusion `_autogen_x<t>_<k>`, view `_autogen_v<v>_0`, routine `_autogen_r<r>_0`, a trigger's table
/// `_autogen_g<g>_0`.
std::string temp_table_name(std::size_t table);
std::string temp_object_name(char kind, std::size_t table, std::size_t item);

/// Plans the canonicalization of `target`; texts that already read the same as `current`'s (token for token)
/// and texts that are not self-contained expressions are left out. An empty plan needs no server.
CanonicalizationPlan plan_canonicalization(const core::Schema& target, const core::Schema* current);

/// A function or procedure definition with its name replaced by `replacement`; std::nullopt when the text is not
/// a CREATE [OR REPLACE] FUNCTION | PROCEDURE statement.
std::optional<std::string> renamed_routine(const std::string& definition, const std::string& replacement);

/// A trigger definition with the table after ON replaced by `replacement`; std::nullopt when the text is not a
/// CREATE [OR REPLACE] TRIGGER statement.
std::optional<std::string> retargeted_trigger(const std::string& definition, const std::string& replacement);

/// Copies the canonical texts the server printed for the temporary objects (`temp`, read back with the
/// catalog queries) into `target`; returns how many items came back. Items that failed are left as written.
std::size_t apply_canonical(core::Schema& target, const CanonicalizationPlan& plan, const core::Schema& temp);

}  // namespace autogen::introspect::postgres
