#pragma once

#include "pipeline/request_context.hpp"

namespace pg_resty {

// pg_resty.legacy_gucs: sets, transaction-local, the per-item settings of PostgREST < 9
// (pipeline/legacy_locals.hpp) for the request in `ctx`. Needs an open Transaction.
void apply_legacy_request_locals(const RequestContext& ctx);

}  // namespace pg_resty
