#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace pg_resty {

// One verification key, as PostgREST builds them from jwt-secret: a plain secret becomes an
// HMAC key; a JWK (kty oct / RSA / EC P-256) or each key of a JWKS is taken as it is.
struct JwtKey {
    enum class Kind { Hmac, Rsa, Ec };
    Kind kind = Kind::Hmac;
    std::string secret;              // HMAC key bytes
    std::shared_ptr<EVP_PKEY> pkey;  // RSA or EC public key
    std::optional<std::string> alg;  // the JWK's "alg", if it names one
    std::optional<std::string> kid;  // the JWK's "kid"
};

struct JwtKeySet {
    std::vector<JwtKey> keys;
    bool empty() const { return keys.empty(); }
};

// Builds the key set from pg_resty.jwt_secret. Text that parses as a JWK or JWKS JSON object
// is one; anything else is a secret (base64-decoded first when `is_base64`). An empty secret,
// or one that cannot be used, gives an empty set (requests with a JWT then get PGRST300).
JwtKeySet parse_jwt_secret(std::string_view secret, bool is_base64);

}  // namespace pg_resty
