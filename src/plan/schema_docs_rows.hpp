#pragma once

#include "common/rows.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

// The catalog queries behind SchemaDocs; each takes $1, the text[] of exposed schemas. Kept
// apart from the planner's queries: only the OpenAPI description reads their results.

// One row per relation: schema, name, description, insertable, updatable, deletable.
extern const char* const kRelationDocsQuery;

// One row per column: schema, relation, column, description, default expression, PostgREST's
// data type text, maximum character length, enum labels (text[]).
extern const char* const kColumnDocsQuery;

// Comments on the exposed schemas and their functions: kind ('schema' or 'function'), key
// (schema name or function oid), description.
extern const char* const kCommentsQuery;

// Builds SchemaDocs from the three queries' rows. Throws std::runtime_error on a malformed row
// (a query/reader mismatch, never user input).
SchemaDocs schema_docs_from_rows(const Rows& relations, const Rows& columns, const Rows& comments);

}  // namespace pg_resty
