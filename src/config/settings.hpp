#pragma once

#include <string>
#include <vector>

namespace pg_resty {

// PostgREST's openapi-mode: what GET / describes.
enum class OpenApiMode { FollowPrivileges, IgnorePrivileges, Disabled };

// The reloadable pg_resty.* settings as the request stages see them: a plain snapshot taken
// from the GUC variables at start and after each SIGHUP, so pure code never reads GUCs.
struct Settings {
    std::string anon_role;                       // pg_resty.anon_role; empty: anonymous gets 401
    std::vector<std::string> schemas;            // pg_resty.schemas; the first is the default
    std::vector<std::string> extra_search_path;  // pg_resty.extra_search_path
    long long max_rows = -1;                     // pg_resty.max_rows; -1: unlimited
    std::string pre_request;                     // pg_resty.pre_request; empty: none
    std::string listen_addresses = "localhost";  // pg_resty.listen_addresses (restart only)
    int port = 3000;                             // pg_resty.port (restart only)
    std::string jwt_secret;                      // pg_resty.jwt_secret: secret, JWK or JWKS
    bool jwt_secret_is_base64 = false;           // pg_resty.jwt_secret_is_base64
    std::string jwt_aud;                         // pg_resty.jwt_aud; empty: any audience
    std::string jwt_role_claim_key = ".role";    // pg_resty.jwt_role_claim_key
    // pg_resty.cors_allowed_origins; empty: any origin
    std::vector<std::string> cors_allowed_origins;
    // pg_resty.max_body_size, in bytes; larger bodies get 413
    long long max_body_size = 10 * 1024 * 1024;
    std::string hooks;  // pg_resty.hooks: Lua hooks file; empty: none
    // pg_resty.path_prefix: the API lives below it ("/rest"); empty: at the root. Normalised
    // by the setting's check: starts with '/', no trailing '/'.
    std::string path_prefix;
    // pg_resty.legacy_gucs: also set PostgREST < 9's request.jwt.claim.* / request.header.* /
    // request.cookie.* settings
    bool legacy_gucs = false;
    // pg_resty.client_timeout, seconds: a client that sends nothing for this long, or takes
    // longer to send a whole request, is disconnected
    int client_timeout = 30;
    int max_connections_per_worker = 1000;  // pg_resty.max_connections_per_worker (restart)
    int rate_limit = 0;        // pg_resty.rate_limit: requests per second per address; 0: off
    int rate_limit_burst = 0;  // pg_resty.rate_limit_burst; 0: rate_limit
    OpenApiMode openapi_mode = OpenApiMode::FollowPrivileges;  // pg_resty.openapi_mode
    // pg_resty.openapi_server_proxy_uri (checked when set); empty: the listening address
    std::string openapi_server_proxy_uri;
};

}  // namespace pg_resty
