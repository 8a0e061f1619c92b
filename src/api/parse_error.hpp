#pragma once

#include <string>
#include <string_view>

#include "api/api_error.hpp"

namespace pg_resty {

// PostgREST reports query-string parse failures (PGRST100) the way its parser library does:
// the message names what failed and where ("failed to parse filter (x)" (line 1, column 3)),
// the details say why.
ApiError query_parse_error(std::string_view what, std::string_view input, size_t column,
                           std::string details);

// PGRST127: a documented PostgREST feature this build does not serve yet.
ApiError not_implemented(std::string details);

}  // namespace pg_resty
