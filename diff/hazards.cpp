#include "diff/hazards.hpp"

#include <type_traits>

#include "core/sql_lexer.hpp"
#include "core/types.hpp"

namespace autogen::diff {
namespace {

// A NOT NULL column without a default (DEFAULT NULL is none): existing rows cannot hold it unless the renderer
// fills them.
bool needs_fill(const core::Column& column) {
    const bool no_default = !column.default_value || core::is_null_literal(*column.default_value, core::Dialect::portable);
    return !column.nullable && no_default && !column.generated && !column.identity && !column.autoincrement;
}

struct HazardVisitor {
    const Capabilities& caps;

    Hazards operator()(const DropTable&) const { return hazard_data_loss; }
    Hazards operator()(const DropColumn&) const {
        return hazard_data_loss | (caps.dialect == core::Dialect::postgresql ? 0u : hazard_table_rewrite);
    }
    Hazards operator()(const AddColumn& op) const {
        Hazards h = 0;
        if (op.object.generated && op.object.generated->stored) h |= hazard_table_rewrite;
        if (is_mysql_family(caps.dialect) && (op.placement.first || op.placement.after)) h |= hazard_table_rewrite;
        // PostgreSQL fills existing rows with the type's zero as a temporary default; a type without one (an enum,
        // a domain) leaves them NULL, and the ADD COLUMN fails as soon as the table has a row.
        if (caps.dialect == core::Dialect::postgresql && needs_fill(op.object) && !core::postgres_zero_value(op.object.type))
            h |= hazard_may_fail_on_existing_rows;
        // A NOT NULL generated column fails on a row its expression gives NULL for (soak seed 5105: abs() of a
        // nullable column).
        if (op.object.generated && !op.object.nullable) h |= hazard_may_fail_on_existing_rows;
        return h;
    }
    Hazards operator()(const AlterColumn& op) const {
        Hazards h = 0;
        if (op.changed & change_type) h |= hazard_table_rewrite | hazard_may_fail_on_existing_rows | hazard_lock;
        if ((op.changed & change_nullable) && !op.to.nullable) h |= hazard_may_fail_on_existing_rows;
        if (op.changed & change_generated) h |= hazard_table_rewrite | hazard_data_loss;
        if ((op.changed & (change_charset | change_collation)) && is_mysql_family(caps.dialect))
            h |= hazard_table_rewrite | hazard_lock;
        if ((op.changed & change_position) && is_mysql_family(caps.dialect)) h |= hazard_table_rewrite;
        if ((op.changed & change_collation) && caps.dialect == core::Dialect::postgresql)
            h |= hazard_may_fail_on_existing_rows;
        return h;
    }
    Hazards operator()(const AddPrimaryKey&) const { return hazard_may_fail_on_existing_rows | hazard_lock; }
    Hazards operator()(const AddForeignKey& op) const {
        return op.object.valid ? (hazard_may_fail_on_existing_rows | hazard_lock) : 0u;
    }
    Hazards operator()(const AddUnique&) const { return hazard_may_fail_on_existing_rows | hazard_lock; }
    Hazards operator()(const AddCheck& op) const {
        return op.object.valid ? (hazard_may_fail_on_existing_rows | hazard_lock) : 0u;
    }
    Hazards operator()(const AddExclusion&) const { return hazard_may_fail_on_existing_rows | hazard_lock; }
    Hazards operator()(const CreateIndex& op) const {
        return (op.object.unique ? hazard_may_fail_on_existing_rows : 0u) | hazard_lock;
    }
    Hazards operator()(const AlterEnum&) const { return hazard_may_fail_on_existing_rows; }
    Hazards operator()(const DropSequence&) const { return hazard_data_loss; }
    Hazards operator()(const AlterDomain& op) const {
        return (op.changed & (change_type | change_nullable | change_checks)) ? hazard_may_fail_on_existing_rows : 0u;
    }
    Hazards operator()(const AlterTable& op) const {
        Hazards h = (op.changed & change_options) && is_mysql_family(caps.dialect) ? hazard_table_rewrite | hazard_lock : 0u;
        // A partition attached under a new bound is scanned, and refused when a row falls outside it.
        if (op.changed & change_partition) h |= hazard_may_fail_on_existing_rows | hazard_lock;
        return h;
    }
    Hazards operator()(const RebuildTable& op) const { return op.hazards | hazard_table_rewrite; }
    template <class T>
    Hazards operator()(const T&) const {
        return 0;
    }
};

}  // namespace

Hazards hazards_of(const Op& op, const Capabilities& caps) { return std::visit(HazardVisitor{caps}, op); }

std::vector<std::string> hazard_names(Hazards hazards) {
    std::vector<std::string> out;
    if (hazards & hazard_data_loss) out.emplace_back("data_loss");
    if (hazards & hazard_table_rewrite) out.emplace_back("table_rewrite");
    if (hazards & hazard_may_fail_on_existing_rows) out.emplace_back("may_fail_on_existing_rows");
    if (hazards & hazard_lock) out.emplace_back("lock");
    return out;
}

std::string hazard_reason(const Op& op, Hazards hazards) {
    if (std::holds_alternative<DropTable>(op)) return "destructive: the table and all its rows are lost";
    if (std::holds_alternative<DropColumn>(op)) return "destructive: data in this column is lost";
    if (std::holds_alternative<DropSequence>(op)) return "destructive: the sequence's current value is lost";
    if (const auto* alter = std::get_if<AlterColumn>(&op); alter && (alter->changed & change_generated))
        return "destructive: stored values are recomputed";
    if (const auto* add = std::get_if<AddColumn>(&op); add && needs_fill(add->object))
        return hazards & hazard_may_fail_on_existing_rows ? "may fail on existing rows: NOT NULL without a default, and the type has no zero value to fill them"
                                                           : "existing rows are filled with the type's zero value";
    if (const auto* add = std::get_if<AddColumn>(&op); add && add->object.generated && !add->object.nullable)
        return "may fail on existing rows: NOT NULL, where the expression gives NULL for a row";
    if (std::holds_alternative<RebuildTable>(op)) {
        std::string why = "table rebuilt: rows copied to a new table";
        if (hazards & hazard_data_loss) why = "destructive: " + why + ", dropped columns lose their data";
        return why;
    }
    if (hazards & hazard_data_loss) return "destructive";
    if (hazards & hazard_may_fail_on_existing_rows) return "may fail on existing rows";
    return "";
}

}  // namespace autogen::diff
