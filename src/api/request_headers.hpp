#pragma once

#include "api/api_request.hpp"
#include "http/request.hpp"

namespace pg_resty {

// Stage 4, the headers a read depends on: Range (combined with the limit/offset already
// parsed from the query string), Prefer and Accept. Throws ApiError 416 PGRST103 for a range
// PostgREST refuses.
void parse_read_headers(const Request& request, ApiRequest& api);

}  // namespace pg_resty
