#pragma once

#include <string>

#include "common/rows.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

// The catalog query whose rows schema_cache_from_rows reads; $1 is the text[] of schemas.
extern const char* const kSchemaCacheQuery;

// Builds the cache from kSchemaCacheQuery's rows. Throws std::runtime_error on a malformed row
// (a query/reader mismatch, never user input).
SchemaCache schema_cache_from_rows(const Rows& rows);

}  // namespace pg_resty
