#pragma once

#include "api/api_error.hpp"
#include "auth/auth.hpp"
#include "config/settings.hpp"
#include "hooks/hooks.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "pipeline/database.hpp"

namespace pg_resty {

// Runs one request through the stages of DESIGN.md, in order, and always returns a response:
// every failure becomes PostgREST's JSON error.
class RequestPipeline {
  public:
    RequestPipeline(Hooks& hooks, Database& database, const Settings& settings)
        : hooks_(hooks), database_(database), settings_(settings) {}

    Response handle(Request& request) noexcept;

    // The answer to a request the HTTP server refuses before it is read whole (413, 429):
    // the error with the CORS headers, so a browser can read it. No hooks run: a refused
    // client should cost as little as possible.
    Response refuse(const Request& request, const ApiError& error) noexcept;

  private:
    Response handle_without_cors(Request& request) noexcept;
    // Every stage but the response hook; `auth` is filled in once authentication ran.
    Response answer(Request& request, AuthResult& auth) noexcept;
    // The API's stages after on_rest_request (which may answer by itself).
    Response run_stages(Request& request, AuthResult& auth);
    Response outside_prefix() noexcept;

    Hooks& hooks_;
    Database& database_;
    const Settings& settings_;
    Authenticator authenticator_;  // this worker's JWT keys and verified-token cache
};

}  // namespace pg_resty
