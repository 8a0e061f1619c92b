#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "common/json_value.hpp"
#include "auth/jwt_keys.hpp"

namespace pg_resty {

// Tokens longer than this are refused before any decoding (PostgREST has no limit; a bound
// keeps a hostile header from costing more than a few microseconds).
constexpr size_t kMaxJwtBytes = 16 * 1024;

// PostgREST's allowance for clocks that disagree, on exp, nbf and iat.
constexpr long long kJwtClockSkewSeconds = 30;

// Decodes `token`, verifies its signature with one of `keys`, and checks exp / nbf / iat /
// aud at `now` (seconds since the epoch). Returns the claims object. Throws ApiError as
// PostgREST answers: PGRST301 (decoding, algorithm, key, signature) or PGRST303 (claims),
// 401 with a WWW-Authenticate header.
JsonValue verify_jwt(std::string_view token, const JwtKeySet& keys,
                     const std::optional<std::string>& audience, long long now);

// The earliest time at which the verified claims stop being valid (exp + skew), if any.
std::optional<long long> jwt_valid_until(const JsonValue& claims);

// PostgREST's WWW-Authenticate value for a rejected token.
std::string invalid_token_challenge(const std::string& message);

// A 401 JWT error with PostgREST's invalid_token challenge.
ApiError jwt_error(const char* code, std::string message,
                   std::optional<std::string> details = std::nullopt);

}  // namespace pg_resty
