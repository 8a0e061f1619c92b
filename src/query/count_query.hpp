#pragma once

#include <string>

#include "plan/read_plan.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// PostgREST's count query (readPlanToCountQuery): "SELECT 1 FROM <relation> WHERE ..." with the
// top level's filters, an EXISTS for each `!inner` embedded resource and [NOT] EXISTS for each
// null filter on one, so that the total counts the rows the page filters; without order or
// range. Binds its values in `stmt`.
std::string count_query_sql(const ReadPlan& plan, Statement& stmt);

// The same over another FROM item (a function call's rows), its columns qualified by `ref`.
std::string count_query_sql(const ReadPlan& plan, const std::string& from_item,
                            const std::string& ref, Statement& stmt);

}  // namespace pg_resty
