// Bringing a model into one dialect's vocabulary before it is compared.
#pragma once

#include "core/model.hpp"

namespace autogen::core {

/// Returns `schema` read in `dialect`: portable types translated and canonical, defaults and names normalized.
/// A model already in `dialect` (or in mysql when dialect is mariadb) is only canonicalized.
/// Throws autogen::Error naming table, column and type when the dialect lacks a type.
Schema resolve(const Schema& schema, Dialect dialect);

}  // namespace autogen::core
