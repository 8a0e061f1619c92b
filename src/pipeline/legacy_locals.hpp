#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json_value.hpp"
#include "pipeline/request_context.hpp"

namespace pg_resty {

using RequestLocal = std::pair<std::string, std::string>;  // setting name, value

// pg_resty.legacy_gucs: the per-item settings PostgREST set before version 9, beside the JSON
// ones: request.jwt.claim.<claim> for each top-level claim, request.header.<name> (lower case,
// without Cookie, as PostgREST) and request.cookie.<name>. Taken from the context's JSON
// texts, so every kind of request gets the same. Names PostgreSQL would refuse (a header like
// x-forwarded-for: '-' is not allowed in a setting name) are left out, never passed on.
std::vector<RequestLocal> legacy_request_locals(const RequestContext& ctx);

// Whether PostgreSQL 15 accepts `name` as a custom setting name: dot-separated parts of
// ASCII letters, digits, '_' and '$', each starting with a letter or '_', at least one dot.
// Non-ASCII bytes, which PostgreSQL would also take, are refused here on purpose.
bool is_custom_setting_name(std::string_view name);

// A claim as PostgREST < 9 set it: strings as they are, numbers in fixed notation (integers
// without a fraction: 1.0 and 1e2 are "1" and "100"), booleans as "True"/"False" (Haskell's
// show), anything else as its JSON text.
std::string legacy_claim_text(const JsonValue& value);

}  // namespace pg_resty
