#pragma once

#include <string>

#include "plan/schema_cache.hpp"

namespace pg_resty {

// The relationship `origin?select=target!hint(...)` names, by PostgREST's rules: the target is
// a relation (or, for tables, a foreign key name or column), the hint a foreign key name, a
// column of either side or a junction table. Throws ApiError: 400 PGRST200 when none matches,
// 300 PGRST201 (with the candidates) when several do.
const Relationship& find_relationship(const SchemaCache& cache, const Relation& origin,
                                      const std::string& target, const std::string& hint);

}  // namespace pg_resty
