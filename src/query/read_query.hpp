#pragma once

#include "plan/read_plan.hpp"
#include "query/read_tail.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// Stage 6: the read plan as statements in PostgREST's shape (query/read_tail.hpp).
ReadStatements build_read_statements(const ReadPlan& plan);

// Just the main statement.
Statement build_read_statement(const ReadPlan& plan);

}  // namespace pg_resty
