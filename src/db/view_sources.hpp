#pragma once

#include <vector>

#include "plan/schema_cache.hpp"

namespace pg_resty {

// The base-table column behind each column of the cache's views, read from the views' stored
// queries (so embedding works through views, as in PostgREST). Needs an open Transaction.
std::vector<ColumnSource> load_view_sources(const SchemaCache& cache);

}  // namespace pg_resty
