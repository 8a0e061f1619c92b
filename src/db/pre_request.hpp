#pragma once

#include "config/settings.hpp"
#include "db/plan_cache.hpp"

namespace pg_resty {

// Calls pg_resty.pre_request's function (PostgREST's db-pre-request), if set, in the open
// request transaction: after the request locals, before the main statement, so it sees the
// role and request.* settings and its errors (RAISE ... 'PT401') become the response.
// Throws PgError.
void run_pre_request(PlanCache& plans, const Settings& settings, bool read_only);

}  // namespace pg_resty
