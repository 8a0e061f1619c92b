#pragma once

#include <optional>
#include <string>

#include "auth/jwt_cache.hpp"
#include "auth/jwt_keys.hpp"
#include "auth/role_claim_path.hpp"
#include "config/settings.hpp"
#include "http/request.hpp"

namespace pg_resty {

// Who the request runs as (stage 3).
struct AuthResult {
    std::string role;            // transaction-local role
    std::string claims_json;     // request.jwt.claims
    bool authenticated = false;  // a verified JWT was presented (401 vs 403 on 42501)
};

// Stage 3 for one worker: keeps the key set and role claim path built from the settings
// (rebuilt, and the token cache emptied, when they change) and the cache of verified tokens.
class Authenticator {
  public:
    // Throws ApiError (PGRST300/301/302/303) as PostgREST answers. `now`: seconds since the
    // epoch.
    AuthResult authenticate(const Request& request, const Settings& settings, long long now);

  private:
    void configure(const Settings& settings);
    AuthResult from_claims(JsonValue claims, const Settings& settings) const;

    bool configured_ = false;
    std::string secret_;
    bool secret_is_base64_ = false;
    std::string audience_;
    std::string role_claim_key_;
    std::string anon_role_;
    JwtKeySet keys_;
    std::optional<RoleClaimPath> role_path_;
    JwtCache cache_;
};

// One-off authentication at the current time, without a cache.
AuthResult authenticate(const Request& request, const Settings& settings);

}  // namespace pg_resty
