#pragma once

#include <vector>

#include "common/rows.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

// Every primary key column of the database (outside the system schemas): schema, table,
// column. Base tables of exposed views may live in private schemas the cache does not hold.
extern const char* const kPrimaryKeysQuery;

// Marks the view columns that show a base table's primary key as primary key columns, as
// PostgREST does: only when the view shows every column of that key (through any nesting of
// views, as `sources` traced them); a key column shown twice counts once, by its first column.
void mark_view_primary_keys(SchemaCache& cache, const std::vector<ColumnSource>& sources,
                            const Rows& primary_keys);

}  // namespace pg_resty
