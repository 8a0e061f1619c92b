#pragma once

#include "api/api_request.hpp"
#include "config/settings.hpp"
#include "http/response.hpp"
#include "pipeline/database.hpp"
#include "pipeline/request_context.hpp"

namespace pg_resty {

// GET / and HEAD /: the OpenAPI description of api.schema, listing what the request's role may
// reach (PostgREST's openapi-mode = follow-privileges).
Response describe_schema(const ApiRequest& api, const RequestContext& ctx, Database& database,
                         const Settings& settings);

}  // namespace pg_resty
