#pragma once

#include <vector>

#include "plan/schema_cache.hpp"

namespace pg_resty {

// PostgREST's relationships between the exposed relations of `cache`: each foreign key gives a
// many-to-one (or one-to-one) and its reverse between the tables and every exposed view that
// shows all of its columns; two foreign keys that are part of a table's primary key make that
// table a junction for a many-to-many.
std::vector<Relationship> derive_relationships(const SchemaCache& cache,
                                               const std::vector<ForeignKey>& foreign_keys,
                                               const std::vector<ColumnSource>& sources);

}  // namespace pg_resty
