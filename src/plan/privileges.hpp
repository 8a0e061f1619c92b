#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "common/rows.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

// What the request's role may reach in one schema: what PostgREST's OpenAPI description lists
// in its default mode (openapi-mode = follow-privileges).
struct AccessibleObjects {
    std::set<std::string> relations;  // names of tables, views, ... of the schema
    std::set<uint32_t> functions;     // pg_proc oids
};

// Run as the request's role; $1 is the schema. One row per object: kind ('relation' or
// 'function') and name or oid. A relation counts when the role owns it (through membership)
// or holds any privilege on it or on any of its columns, as in PostgREST; partitions are left
// out, as PostgREST leaves them out of its schema cache.
extern const char* const kAccessibleObjectsQuery;

// Everything of `schema` in the cache: what openapi-mode = ignore-privileges describes.
AccessibleObjects all_objects(const SchemaCache& cache, const std::string& schema);

// Throws std::runtime_error on a malformed row (a query/reader mismatch, never user input).
AccessibleObjects accessible_objects_from_rows(const Rows& rows);

}  // namespace pg_resty
