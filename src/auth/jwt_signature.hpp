#pragma once

#include <string_view>

#include "auth/jwt_keys.hpp"

namespace pg_resty {

enum class JwtAlg { HS256, HS384, HS512, RS256, ES256 };

// The algorithms pg_resty verifies; "none" and anything else are refused by the caller.
bool jwt_alg_from_name(std::string_view name, JwtAlg& alg);

// Whether `key` may verify `alg` at all (HMAC keys for HS*, RSA for RS256, EC for ES256, and
// the JWK's own "alg" when it names one).
bool jwt_key_fits(const JwtKey& key, JwtAlg alg, std::string_view alg_name);

// Verifies `signature` (raw bytes, JWS form) over `signing_input`. HMAC compares in constant
// time. Never throws for bad input: a malformed signature simply does not verify.
bool jwt_signature_valid(const JwtKey& key, JwtAlg alg, std::string_view signing_input,
                         std::string_view signature);

}  // namespace pg_resty
