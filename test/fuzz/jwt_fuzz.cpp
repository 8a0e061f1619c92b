// Fuzz target: JWT authentication (stage 3) and the pieces it is built from. The first byte
// of the input chooses what the rest is:
//   'T' "<role claim key>\n<token>": Authorization: Bearer <token> through an Authenticator
//       whose secret is a JWKS holding an HS256 secret, an RS256 and an ES256 public key;
//   'S' "<role claim key>\n<header JSON>\n<claims JSON>": the same, with a token the harness
//       signs with the HS256 secret, so that the claim checks and the role claim path are
//       reached with any JSON the fuzzer writes;
//   'K' "<jwt_secret>": the secret as a JWK / JWKS / plain secret, plain and base64, and as a
//       role claim path.
// Everything must end in an AuthResult or an ApiError.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "auth/auth.hpp"
#include "common/base64.hpp"
#include "auth/jwt_keys.hpp"
#include "auth/role_claim_path.hpp"
#include "common/json_value.hpp"
#include "fuzz_input.hpp"
#include "response/read_response.hpp"

namespace pg_resty::fuzz {
namespace {

constexpr size_t kMaxInput = 32 * 1024;
constexpr long long kNow = 1735689600;  // 2025-01-01: some seeds' claims are expired, some not
constexpr std::string_view kHmacSecret = "reallyreallyreallyreallyverysafe";
// The public halves of throwaway keys: the RS256 and ES256 seed tokens in corpus/jwt were
// signed with their private halves, which were then discarded (new such seeds need new keys).
constexpr const char* kJwks =
    R"({"keys":[{"kty":"oct","kid":"hs","k":"cmVhbGx5cmVhbGx5cmVhbGx5cmVhbGx5dmVyeXNhZmU"},)"
    R"({"kty":"RSA","kid":"rs","alg":"RS256","n":"1IdIi_1JsPhtqNVdtC9KCJ-SnLVNZxxZy-SnZWda9g147)"
    R"(eNEkrbGgCvTNiNR60frSl30wWewgFaEMjfX0P6Z0UPoEoXjW61B4HX1Sqp3_HxxAT_Jna6_wQ2bti-MjNw24JPDefc)"
    R"(ewOzUXLhIJud0AQjygY6fPoHGqepwwk6od50","e":"AQAB"},)"
    R"({"kty":"EC","kid":"es","crv":"P-256","x":"sXyz5yv84rKLgak8PpbEYPIjTptBo47LKFt58-ODW6k",)"
    R"("y":"zThYmdpe8Efx1aTkUbwIFm0ddYefTHbz9Uodw_osjDo"}]})";

std::string hs256_token(std::string_view header, std::string_view claims) {
    std::string token = base64url_encode(header) + "." + base64url_encode(claims);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    if (HMAC(EVP_sha256(), kHmacSecret.data(), static_cast<int>(kHmacSecret.size()),
             reinterpret_cast<const unsigned char*>(token.data()), token.size(), mac,
             &mac_size) == nullptr) {
        fail("HMAC failed", token);
    }
    token.push_back('.');
    token += base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), mac_size));
    return token;
}

void authenticate_token(std::string_view role_claim_key, const std::string& token) {
    Settings settings;
    settings.jwt_secret = kJwks;
    settings.jwt_aud = "pg_resty";
    settings.anon_role = "anon";
    settings.jwt_role_claim_key = std::string(role_claim_key);
    Request request;
    request.method = "GET";
    request.path = "/";
    request.headers.push_back(Header{"authorization", "Bearer " + token});
    Authenticator authenticator;
    try {
        const AuthResult first = authenticator.authenticate(request, settings, kNow);
        // The second time comes from the token cache and must say the same.
        const AuthResult second = authenticator.authenticate(request, settings, kNow);
        if (first.role != second.role || first.claims_json != second.claims_json) {
            fail("cached authentication differs", token);
        }
        if (!first.claims_json.empty() && !try_parse_json(first.claims_json)) {
            fail("claims are not JSON", first.claims_json);
        }
        if (verbose()) {
            std::fprintf(stderr, "role %s claims %s\n", first.role.c_str(),
                         first.claims_json.c_str());
        }
    } catch (const ApiError& error) {
        error_response(error);
        if (verbose()) {
            std::fprintf(stderr, "%s %s %s\n", error.code.c_str(), error.message.c_str(),
                         error.details.value_or("").c_str());
        }
    }
}

void parse_secret(std::string_view text) {
    parse_jwt_secret(text, false);
    parse_jwt_secret(text, true);
    if (const auto path = parse_role_claim_path(text)) {
        if (const auto claims = try_parse_json(R"({"role":"a","x":{"y":["b","c"]}})")) {
            walk_role_claim_path(*claims, *path);
        }
    }
}

}  // namespace
}  // namespace pg_resty::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace pg_resty;
    if (size < 1 || size > fuzz::kMaxInput) {
        return -1;
    }
    const char mode = static_cast<char>(data[0]);
    const std::string_view rest = fuzz::as_text(data + 1, size - 1);
    if (mode == 'K') {
        fuzz::parse_secret(rest);
        return 0;
    }
    const std::vector<std::string_view> lines = fuzz::split_lines(rest);
    const std::string_view role_claim_key = lines.empty() ? std::string_view() : lines[0];
    if (mode == 'T' && lines.size() == 2) {
        fuzz::authenticate_token(role_claim_key, std::string(lines[1]));
    } else if (mode == 'S' && lines.size() == 3) {
        fuzz::authenticate_token(role_claim_key, fuzz::hs256_token(lines[1], lines[2]));
    } else {
        return -1;
    }
    return 0;
}
