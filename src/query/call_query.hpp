#pragma once

#include "plan/call_plan.hpp"
#include "query/read_tail.hpp"

namespace pg_resty {

// Stage 6 for a call: the function's rows in a CTE (evaluated once, whatever reads them), read
// like a relation's in PostgREST's shape. The arguments are parameters: the whole body, or a
// JSON object read by json_to_record with the parameters' own types.
ReadStatements build_call_statements(const CallPlan& plan);

}  // namespace pg_resty
