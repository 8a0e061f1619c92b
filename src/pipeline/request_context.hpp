#pragma once

#include <string>

#include "auth/auth.hpp"
#include "config/settings.hpp"
#include "http/request.hpp"

namespace pg_resty {

// What the request's transaction sets before the main statement, as PostgREST sets it:
// the role, and request.method / path / headers / cookies / jwt.claims, all transaction-local.
struct RequestContext {
    std::string role;
    std::string schema;  // the request's schema: first in search_path
    std::string claims_json;
    std::string method;
    std::string path;
    std::string headers_json;  // {"name":"value",...}, lower-case names, the last one wins
    std::string cookies_json;  // {"name":"value",...} from the Cookie header
    std::string timezone;      // Prefer: timezone=, when accepted; empty: the server's
    bool read_only = true;
    bool legacy_gucs = false;  // pg_resty.legacy_gucs: also the per-item settings of PostgREST < 9
};

RequestContext make_request_context(const Request& request, const AuthResult& auth,
                                    const Settings& settings, bool read_only);

std::string headers_json(const Request& request);
std::string cookies_json(const Request& request);

}  // namespace pg_resty
