#pragma once

#include <optional>
#include <string_view>

#include "api/preferences.hpp"
#include "response/read_response.hpp"

namespace pg_resty {

// "Plan Rows" of the top plan node in PostgreSQL's EXPLAIN (FORMAT JSON) output: the
// planner's estimate that count=planned reports. nullopt if the text holds none.
std::optional<long long> plan_rows_from_explain(std::string_view explain_json);

// The total of Content-Range, as PostgREST settles it: exact counts as counted, planned ones
// as estimated, estimated ones as counted unless the count went past db-max-rows and the
// EXPLAIN ran (then the larger of the two). None without a count preference.
std::optional<long long> resolve_total(std::optional<PreferCount> count, const ReadResult& result);

}  // namespace pg_resty
