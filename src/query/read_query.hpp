#pragma once

#include "plan/read_plan.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// Stage 6: the read plan as one statement in PostgREST's shape. The statement returns one row:
// page_total (bigint) and body (the JSON array as text).
Statement build_read_statement(const ReadPlan& plan);

}  // namespace pg_resty
