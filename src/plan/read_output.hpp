#pragma once

#include "api/api_request.hpp"
#include "config/settings.hpp"
#include "plan/read_plan.hpp"

namespace pg_resty {

// The part of stage 5 after the relation and columns are resolved, in PostgREST's order: the
// rows to fetch (the request's range within db-max-rows), the media type (406 PGRST107), the
// count, and last the check of `handling=strict` (400 PGRST122).
void plan_read_output(const ApiRequest& request, const Settings& settings, ReadPlan& plan);

}  // namespace pg_resty
