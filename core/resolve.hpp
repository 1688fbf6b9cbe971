// Bringing a model into one dialect's vocabulary before it is compared.
#pragma once

#include "core/model.hpp"

namespace autogen::core {

/// Returns `schema` read in `dialect`: portable types translated and canonical, defaults and names normalized.
/// A model already in `dialect` (or in mysql when dialect is mariadb) is only canonicalized.
/// Throws autogen::Error naming table, column and type when the dialect lacks a type.
Schema resolve(const Schema& schema, Dialect dialect);

/// The same, reading `schema` in place: no copy of a model that the caller no longer needs.
Schema resolve(Schema&& schema, Dialect dialect);

/// Brings a model to its canonical form in its own dialect, as load_schema does: types spelled canonically,
/// serial columns as their integer type with autoincrement, default-schema names cleared, default index
/// method and NULLS position dropped, MariaDB json columns given the json_valid CHECK the server adds.
/// Idempotent. With `check_type_names` (load_schema's case) a PostgreSQL or portable model may use an
/// unqualified type name only when it declares it (enums, domains) or lists extensions; a model already in
/// memory was checked when it was loaded or introspected. Throws autogen::Error with the JSON path of a bad type.
void canonicalize(Schema& schema, bool check_type_names = false);

}  // namespace autogen::core
