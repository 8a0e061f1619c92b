#pragma once

#include <string>

#include "config/settings.hpp"
#include "http/request.hpp"

namespace pg_resty {

// Who the request runs as (stage 3).
struct AuthResult {
    std::string role;            // transaction-local role
    std::string claims_json;     // request.jwt.claims
    bool authenticated = false;  // a verified JWT was presented (401 vs 403 on 42501)
};

// Throws ApiError (PGRST300/301/302) as PostgREST answers.
AuthResult authenticate(const Request& request, const Settings& settings);

}  // namespace pg_resty
