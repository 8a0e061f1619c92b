#pragma once

#include "plan/read_plan.hpp"
#include "query/read_tail.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// Stage 6: the read plan as statements in PostgREST's shape (query/read_tail.hpp).
ReadStatements build_read_statements(const ReadPlan& plan);

// Where a read takes its rows from: a relation, or a function call's rows.
struct ReadSource {
    std::string with;  // CTEs the source needs ("name AS (...)"), or empty
    std::string from;  // the FROM item
    std::string ref;   // how its columns are qualified
};

// The same from `source`, continuing `stmt` (which already holds the source's parameters).
ReadStatements build_read_statements_from(const ReadPlan& plan, const ReadSource& source,
                                          Statement stmt);

// Just the main statement.
Statement build_read_statement(const ReadPlan& plan);

}  // namespace pg_resty
