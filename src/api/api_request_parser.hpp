#pragma once

#include "api/api_request.hpp"
#include "config/settings.hpp"
#include "http/request.hpp"

namespace pg_resty {

// Stage 4: method, path and query string → ApiRequest. Throws ApiError for anything PostgREST
// rejects at this stage (bad path, unsupported method, malformed query string).
ApiRequest parse_api_request(const Request& request, const Settings& settings);

}  // namespace pg_resty
