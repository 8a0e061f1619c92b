#include "auth/jwt_verify.hpp"

#include <vector>

#include "common/base64.hpp"
#include "auth/jwt_signature.hpp"

namespace pg_resty {

namespace {

constexpr int kMaxJsonDepth = 32;

ApiError decode_error(std::string message, std::optional<std::string> details = std::nullopt) {
    return jwt_error("PGRST301", std::move(message), std::move(details));
}

ApiError claims_error(std::string message) {
    return jwt_error("PGRST303", std::move(message));
}

// The claim checks of PostgREST's Auth/Jwt.hs, in its order: exp, nbf, iat, aud.
void check_claims(const JsonValue& claims, const std::optional<std::string>& audience,
                  long long now) {
    struct TimeClaim {
        const char* name;
        bool past;  // must lie in the past (nbf, iat) or the future (exp)
        const char* failure;
    };
    const TimeClaim checks[] = {
        {"exp", false, "JWT expired"},
        {"nbf", true, "JWT not yet valid"},
        {"iat", true, "JWT issued at future"},
    };
    for (const TimeClaim& check : checks) {
        const JsonValue* value = claims.find(check.name);
        if (value == nullptr || value->kind == JsonValue::Kind::Null) {
            continue;
        }
        const std::optional<long long> seconds = json_number_as_int64(*value);
        if (!seconds) {
            throw claims_error(std::string("The JWT '") + check.name + "' claim must be a number");
        }
        // Compared as now ± skew so that extreme claim values cannot overflow.
        const bool invalid = check.past ? now + kJwtClockSkewSeconds < *seconds
                                        : now - kJwtClockSkewSeconds > *seconds;
        if (invalid) {
            throw claims_error(check.failure);
        }
    }
    const JsonValue* aud = claims.find("aud");
    if (aud == nullptr || aud->kind == JsonValue::Kind::Null) {
        return;
    }
    const char* const aud_type = "The JWT 'aud' claim must be a string or an array of strings";
    if (aud->is_string()) {
        if (audience && aud->text != *audience) {
            throw claims_error("JWT not in audience");
        }
        return;
    }
    if (!aud->is_array()) {
        throw claims_error(aud_type);
    }
    bool found = false;
    for (const JsonValue& item : aud->items) {
        if (!item.is_string()) {
            throw claims_error(aud_type);
        }
        found = found || (audience && item.text == *audience);
    }
    if (audience && !aud->items.empty() && !found) {
        throw claims_error("JWT not in audience");
    }
}

}  // namespace

std::string invalid_token_challenge(const std::string& message) {
    // Haskell's `show` of the message: quoted, with " and \ escaped.
    std::string out = "Bearer error=\"invalid_token\", error_description=\"";
    for (char c : message) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

ApiError jwt_error(const char* code, std::string message, std::optional<std::string> details) {
    ApiError error(401, code, std::move(message), std::move(details));
    error.headers.push_back(Header{"WWW-Authenticate", invalid_token_challenge(error.message)});
    return error;
}

JsonValue verify_jwt(std::string_view token, const JwtKeySet& keys,
                     const std::optional<std::string>& audience, long long now) {
    if (token.size() > kMaxJwtBytes) {
        throw decode_error("JWT couldn't be decoded",
                           "The JWT is longer than " + std::to_string(kMaxJwtBytes) + " bytes");
    }
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        const size_t dot = token.find('.', start);
        if (dot == std::string_view::npos) {
            parts.push_back(token.substr(start));
            break;
        }
        parts.push_back(token.substr(start, dot - start));
        start = dot + 1;
    }
    if (parts.size() != 3) {
        throw decode_error("Expected 3 parts in JWT; got " + std::to_string(parts.size()));
    }
    const std::optional<std::string> header_text = base64url_decode(parts[0]);
    const std::optional<std::string> signature = base64url_decode(parts[2]);
    if (!header_text || !signature) {
        throw decode_error("JWT cryptographic operation failed");
    }
    const std::optional<JsonValue> header = try_parse_json(*header_text, kMaxJsonDepth);
    const JsonValue* alg_value = header && header->is_object() ? header->find("alg") : nullptr;
    if (alg_value == nullptr || !alg_value->is_string()) {
        throw decode_error("JWT cryptographic operation failed");
    }
    JwtAlg alg{};
    if (!jwt_alg_from_name(alg_value->text, alg)) {
        // "none" lands here too: an unsigned token is never accepted.
        throw decode_error("Wrong or unsupported encoding algorithm",
                           "Unsupported algorithm: " + alg_value->text);
    }
    const JsonValue* kid = header->find("kid");
    const std::string_view signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
    bool verified = false;
    for (const JwtKey& key : keys.keys) {
        if (!jwt_key_fits(key, alg, alg_value->text)) {
            continue;
        }
        if (kid != nullptr && kid->is_string() && key.kid && *key.kid != kid->text) {
            continue;
        }
        if (jwt_signature_valid(key, alg, signing_input, *signature)) {
            verified = true;
            break;
        }
    }
    if (!verified) {
        throw decode_error("No suitable key or wrong key type",
                           "None of the keys was able to decode the JWT");
    }
    const std::optional<std::string> payload = base64url_decode(parts[1]);
    std::optional<JsonValue> claims;
    if (payload) {
        claims = try_parse_json(*payload, kMaxJsonDepth);
    }
    if (!claims || !claims->is_object()) {
        throw claims_error("Parsing claims failed");
    }
    check_claims(*claims, audience, now);
    return std::move(*claims);
}

std::optional<long long> jwt_valid_until(const JsonValue& claims) {
    const JsonValue* exp = claims.find("exp");
    if (exp == nullptr) {
        return std::nullopt;
    }
    const std::optional<long long> seconds = json_number_as_int64(*exp);
    if (!seconds || *seconds > (1LL << 62)) {
        return std::nullopt;
    }
    return *seconds + kJwtClockSkewSeconds;
}

}  // namespace pg_resty
