#pragma once

#include <string_view>

#include "api/api_request.hpp"

namespace pg_resty {

// True when a query-string value reads as a filter ("eq.1", "not.in.(1,2)", "is.null"),
// PostgREST's test for telling filters from plain parameters.
bool looks_like_filter(std::string_view value);

// Parses the operator expression of `column=<value>`. Throws ApiError (PGRST100).
Filter parse_filter(std::string column, std::string_view value);

}  // namespace pg_resty
