#pragma once

#include "config/settings.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

// PostgREST's answer to OPTIONS on a resource (not a CORS preflight): 200, an empty body and
// an Allow header listing the methods the resource takes. Throws ApiError for unknown ones.
Response options_response(const Request& request, const SchemaCache& cache,
                          const Settings& settings);

}  // namespace pg_resty
