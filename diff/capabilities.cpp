#include "diff/capabilities.hpp"

namespace autogen::diff {

Capabilities capabilities_for(core::Dialect dialect) {
    Capabilities caps;
    caps.dialect = dialect;
    switch (dialect) {
        case core::Dialect::sqlite:
            // https://www.sqlite.org/lang_altertable.html: only RENAME TABLE, RENAME COLUMN, ADD COLUMN and a
            // restricted DROP COLUMN exist; everything else is a rebuild.
            caps.transactional_ddl = true;
            caps.drop_column = true;
            caps.rename_column = true;
            caps.rename_table = true;
            break;
        case core::Dialect::mysql:
        case core::Dialect::mariadb:
            caps.alter_column = true;
            caps.add_constraint = true;
            caps.drop_column = true;
            caps.rename_column = true;
            caps.rename_table = true;
            caps.rename_index = true;
            caps.replace_view = true;
            caps.column_position = true;
            caps.fk_targets_exist_at_create = true;
            caps.alter_table_comment = true;
            break;
        case core::Dialect::postgresql:
        case core::Dialect::portable:
            caps.transactional_ddl = true;
            caps.alter_column = true;
            caps.add_constraint = true;
            caps.drop_column = true;
            caps.rename_column = true;
            caps.rename_table = true;
            caps.rename_index = true;
            caps.rename_constraint = true;
            caps.replace_view = true;
            caps.fk_targets_exist_at_create = true;
            caps.alter_table_comment = true;
            break;
    }
    return caps;
}

}  // namespace autogen::diff
