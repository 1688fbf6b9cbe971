// What a dialect can do in place; lower() turns everything else into rebuilds.
#pragma once

#include "core/model.hpp"

namespace autogen::diff {

/// A plain description of a dialect's DDL abilities.
struct Capabilities {
    core::Dialect dialect = core::Dialect::portable;
    bool transactional_ddl = false;
    bool alter_column = false;            // ALTER COLUMN type / nullability / default
    bool add_constraint = false;          // ALTER TABLE ADD/DROP CONSTRAINT (pk, fk, unique, check)
    bool drop_column = false;             // ALTER TABLE DROP COLUMN (SQLite: under restrictions)
    bool rename_column = false;
    bool rename_table = false;
    bool rename_index = false;
    bool rename_constraint = false;
    bool replace_view = false;            // CREATE OR REPLACE VIEW
    bool column_position = false;         // FIRST / AFTER
    bool fk_targets_exist_at_create = false;  // CREATE TABLE refuses an FK to a missing table
    bool alter_table_comment = false;
};

/// The capabilities of a dialect (portable: those of PostgreSQL).
Capabilities capabilities_for(core::Dialect dialect);

}  // namespace autogen::diff
