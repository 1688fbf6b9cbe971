// The rows of the catalog queries as plain text, and the model built from them (no driver needed).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace autogen::introspect::postgres {

/// One result row: each field's text, std::nullopt for SQL NULL.
using Row = std::vector<std::optional<std::string>>;

/// The rows of one query.
using Rows = std::vector<Row>;

/// The results of every catalog query of queries.hpp, by kind.
struct CatalogRows {
    Rows schemas;
    Rows tables;
    Rows columns;
    Rows constraints;
    Rows indexes;
    Rows sequences;
    Rows enums;
    Rows domains;
    Rows extensions;
    Rows views;
    Rows routines;
    Rows triggers;
    Rows dependencies;
    Rows not_compared;
};

/// Builds the model (dialect postgresql, default schema as "") from the rows; serial columns become
/// `autoincrement` and their sequences are not listed, identity columns take their sequence's options; a
/// partition holds only what is its own (not its parent's columns, CHECKs, indexes and keys).
/// Throws autogen::Error(internal) when rows do not have the shape queries.hpp promises.
core::Schema build_schema(const CatalogRows& rows);

/// The same, freeing each kind's rows as soon as they are read (the largest first), to keep the peak memory low.
core::Schema build_schema(CatalogRows&& rows);

}  // namespace autogen::introspect::postgres
