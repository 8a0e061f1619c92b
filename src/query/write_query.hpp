#pragma once

#include <optional>

#include "api/preferences.hpp"
#include "plan/write_plan.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// A write as the database runs it: one statement in PostgREST's shape
//   WITH pgrst_mutation AS (INSERT ... | UPDATE ... | DELETE ... RETURNING ...),
//        pgrst_source AS (SELECT <representation> FROM pgrst_mutation ...)
//   SELECT page_total, location, body FROM (SELECT * FROM pgrst_source) _postgrest_t
// and the checks PostgREST makes of the affected row count before the transaction ends.
struct WriteStatements {
    // One row: page_total (bigint), location (text: a JSON array of [column, "eq.value"]
    // pairs for the Location header, or null), body (text). With count_only, the bare
    // mutation instead, whose row count is page_total (no location, empty body).
    Statement main;
    bool count_only = false;
    bool singular = false;                  // 406 PGRST116 unless exactly one row
    bool put = false;                       // 400 PGRST115 unless exactly one row
    std::optional<long long> max_affected;  // 400 PGRST124 past it (handling=strict)
    std::optional<long long> max_changes;   // 400 PGRST110 past the limit parameter
    bool rollback = false;                  // Prefer: tx=rollback
};

// Stage 6 for writes.
WriteStatements build_write_statements(const WritePlan& plan, const Preferences& preferences);

// The checks, in PostgREST's order; each failure ends the transaction with a rollback.
// Throws ApiError.
void check_write_result(const WriteStatements& statements, long long affected);

}  // namespace pg_resty
