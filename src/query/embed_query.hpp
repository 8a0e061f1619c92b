#pragma once

#include <string>
#include <vector>

#include "plan/read_plan.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// The select list and lateral joins of one level of a read: its columns, and each embedded
// resource as PostgREST builds it (a to-one as row_to_json of a LATERAL subquery, a to-many as
// json_agg of one, a spread as the subquery's columns).
struct LevelSql {
    std::string select;  // "expr AS name, ..."
    std::string joins;   // " LEFT JOIN LATERAL (...) AS ... ON TRUE ..."
};

// `ref` is how this level's relation is referred to ("api"."books" or "authors_1"), `depth`
// its nesting level (1 for the top), used to name the subqueries.
LevelSql level_sql(const std::vector<ReadPlan::Output>& select,
                   const std::vector<ReadPlan::Embed>& embeds, const Relation& relation,
                   const std::string& ref, size_t depth, Statement& stmt);

}  // namespace pg_resty
