#pragma once

#include <string>

#include "pipeline/request_context.hpp"

namespace pg_resty {

// Sets, transaction-local, what PostgREST sets before the main statement: search_path, role
// and request.method / path / headers / cookies / jwt.claims. Needs an open Transaction.
void apply_request_locals(const RequestContext& ctx, const std::string& search_path);

}  // namespace pg_resty
