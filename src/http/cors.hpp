#pragma once

#include <optional>

#include "config/settings.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace pg_resty {

// CORS as PostgREST does it (its wai-cors policy): only requests with an Origin header get
// CORS headers; pg_resty.cors_allowed_origins empty allows any origin ("*"), a list echoes
// the origin with Access-Control-Allow-Credentials; an origin not in the list gets no CORS
// headers at all (the request is served as if it had none).

// The answer to a preflight (OPTIONS with Origin and Access-Control-Request-Method) of an
// allowed origin and method; nullopt for anything else.
std::optional<Response> cors_preflight(const Request& request, const Settings& settings);

// Adds Access-Control-Allow-Origin (+ Credentials) and Access-Control-Expose-Headers to a
// normal or error response of a cross-origin request.
void add_cors_headers(const Request& request, const Settings& settings, Response& response);

}  // namespace pg_resty
