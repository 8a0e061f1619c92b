#include "auth/auth.hpp"

#include "api/api_error.hpp"
#include "common/json_text.hpp"
#include "common/text.hpp"

namespace pg_resty {

AuthResult authenticate(const Request& request, const Settings& settings) {
    if (const std::string* header = request.header("authorization")) {
        const std::string_view value = trim_ascii(*header);
        if (value.size() >= 6 && iequals_ascii(value.substr(0, 6), "bearer")) {
            const std::string_view token = trim_ascii(value.substr(6));
            if (token.empty()) {
                ApiError error(401, "PGRST301", "Empty JWT is sent in Authorization header");
                error.headers.push_back(Header{
                    "WWW-Authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"Empty JWT is sent in "
                    "Authorization header\""});
                throw error;
            }
            // JWT verification arrives with pg_resty.jwt_secret; until then no token is valid.
            throw ApiError(500, "PGRST300", "Server lacks JWT secret");
        }
    }
    if (settings.anon_role.empty()) {
        ApiError error(401, "PGRST302", "Anonymous access is disabled");
        error.headers.push_back(Header{"WWW-Authenticate", "Bearer"});
        throw error;
    }
    AuthResult result;
    result.role = settings.anon_role;
    result.claims_json = "{\"role\":" + json_string(settings.anon_role) + "}";
    return result;
}

}  // namespace pg_resty
