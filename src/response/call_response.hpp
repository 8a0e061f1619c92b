#pragma once

#include "api/api_request.hpp"
#include "http/response.hpp"
#include "plan/call_plan.hpp"
#include "response/read_response.hpp"

namespace pg_resty {

// Stage 8 for a call: a read's response (Content-Range, Content-Type, ...), except that a void
// function answers 204 without a body or Content-Type, as PostgREST does since v10. The
// response GUCs apply last.
Response call_response(ReadResult result, const ApiRequest& api, const CallPlan& plan);

}  // namespace pg_resty
