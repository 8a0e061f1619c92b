#pragma once

#include <string>

#include "common/rows.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

// The catalog query whose rows schema_cache_from_rows reads; $1 is the text[] of schemas.
extern const char* const kSchemaCacheQuery;

// Every foreign key of the database (outside the system schemas), one row per column pair.
extern const char* const kForeignKeysQuery;

// The functions of the exposed schemas ($1: text[]), one row per parameter (or one row with
// NULL parameter fields for a function without any).
extern const char* const kFunctionsQuery;

std::vector<ForeignKey> foreign_keys_from_rows(const Rows& rows);
void add_functions_from_rows(SchemaCache& cache, const Rows& rows);

// Builds the cache from kSchemaCacheQuery's rows. Throws std::runtime_error on a malformed row
// (a query/reader mismatch, never user input).
SchemaCache schema_cache_from_rows(const Rows& rows);

}  // namespace pg_resty
