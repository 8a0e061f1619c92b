#include <gtest/gtest.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include <memory>
#include <string>

#include "auth/auth.hpp"
#include "common/base64.hpp"
#include "common/json_value.hpp"
#include "auth/jwt_verify.hpp"
#include "auth/role_claim_path.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;
using test::header_value;

constexpr long long kNow = 1700000000;
const std::string kSecret = "reallyreallyreallyreallyverysafe";

std::string hmac(const EVP_MD* md, const std::string& key, const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    HMAC(md, key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
    return std::string(reinterpret_cast<char*>(out), length);
}

std::string mint(const std::string& claims, const std::string& key = kSecret,
                 const std::string& alg = "HS256", const EVP_MD* md = EVP_sha256()) {
    const std::string input = base64url_encode(R"({"alg":")" + alg + R"(","typ":"JWT"})") + "." +
                              base64url_encode(claims);
    return input + "." + base64url_encode(hmac(md, key, input));
}

Settings jwt_settings() {
    Settings s;
    s.anon_role = "web_anon";
    s.jwt_secret = kSecret;
    return s;
}

Request bearer(const std::string& token) {
    Request r;
    r.method = "GET";
    r.headers.push_back(Header{"authorization", "Bearer " + token});
    return r;
}

ApiError rejected(const std::string& token, const Settings& settings = jwt_settings()) {
    Authenticator auth;
    return catch_api_error([&] { auth.authenticate(bearer(token), settings, kNow); });
}

// --- base64url -------------------------------------------------------------------------------

TEST(Base64Url, DecodesAndEncodesRoundTrip) {
    for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00"}) {
        EXPECT_EQ(base64url_decode(base64url_encode(s)), s);
    }
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(Base64Url, IsStrict) {
    EXPECT_EQ(base64url_decode("Zm9v="), std::nullopt);  // padding
    EXPECT_EQ(base64url_decode("Zm+v"), std::nullopt);   // standard alphabet
    EXPECT_EQ(base64url_decode("Zm9 v"), std::nullopt);  // space
    EXPECT_EQ(base64url_decode("Z"), std::nullopt);      // impossible length
    EXPECT_EQ(base64url_decode("Zh"), std::nullopt);     // non-zero trailing bits
    EXPECT_EQ(base64url_decode("Zg"), std::string("f"));
}

TEST(Base64Secret, AcceptsBothAlphabetsAndPadding) {
    EXPECT_EQ(base64_decode_secret("Zm9vYg=="), std::string("foob"));
    EXPECT_EQ(base64_decode_secret("-_8="), std::string("\xfb\xff"));
    EXPECT_EQ(base64_decode_secret("+/8="), std::string("\xfb\xff"));
    EXPECT_EQ(base64_decode_secret("not base64!"), std::nullopt);
}

// --- JSON ------------------------------------------------------------------------------------

TEST(JsonValue, ParsesAndReemits) {
    const auto v =
        try_parse_json(R"( {"a": [1, -2.5e3, true, null], "b": "x\u00e9\ud83d\ude00\n"} )");
    ASSERT_TRUE(v);
    EXPECT_EQ(to_json(*v), "{\"a\":[1,-2.5e3,true,null],\"b\":\"x\xc3\xa9\xf0\x9f\x98\x80\\n\"}");
}

TEST(JsonValue, RefusesInvalidDocuments) {
    for (const char* text :
         {"", "{", "[1,]", "{\"a\":1,}", "01", "1.", "\"\\x\"", "\"\x01\"", "\"\\ud800\"",
          "\"\\u0000\"", "\"\xc3\"", "\"\xed\xa0\x80\"", "nul", "1 2", "{\"a\" 1}", "'a'"}) {
        EXPECT_FALSE(try_parse_json(text)) << text;
    }
}

TEST(JsonValue, BoundsNesting) {
    EXPECT_TRUE(try_parse_json(std::string(10, '[') + std::string(10, ']'), 16));
    EXPECT_FALSE(try_parse_json(std::string(100000, '[') + std::string(100000, ']'), 64));
}

TEST(JsonValue, NumbersAsSeconds) {
    EXPECT_EQ(json_number_as_int64(*try_parse_json("1700000000.9")), 1700000000);
    EXPECT_EQ(json_number_as_int64(*try_parse_json("1e300")),
              std::numeric_limits<long long>::max());
    EXPECT_EQ(json_number_as_int64(*try_parse_json("-1e300")),
              std::numeric_limits<long long>::min());
    EXPECT_EQ(json_number_as_int64(*try_parse_json("\"1\"")), std::nullopt);
}

// --- HMAC (RFC 4231 test case 2, through the verifier) ---------------------------------------

TEST(JwtVerify, HmacMatchesRfc4231) {
    // The helper and the verifier share OpenSSL; this pins the primitive itself.
    const std::string mac = hmac(EVP_sha256(), "Jefe", "what do ya want for nothing?");
    const unsigned char expected[] = {0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e,
                                      0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
                                      0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83,
                                      0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
    EXPECT_EQ(mac, std::string(reinterpret_cast<const char*>(expected), sizeof expected));
}

// --- Authentication ---------------------------------------------------------------------------

TEST(Jwt, ValidTokenGivesItsRoleAndClaims) {
    Authenticator auth;
    const AuthResult r = auth.authenticate(bearer(mint(R"({"role":"alice","sub":"1","n":1.50})")),
                                           jwt_settings(), kNow);
    EXPECT_EQ(r.role, "alice");
    EXPECT_TRUE(r.authenticated);
    EXPECT_EQ(r.claims_json, R"({"role":"alice","sub":"1","n":1.50})");
}

TEST(Jwt, Hs384AndHs512) {
    Authenticator auth;
    EXPECT_EQ(auth.authenticate(bearer(mint(R"({"role":"a"})", kSecret, "HS384", EVP_sha384())),
                                jwt_settings(), kNow)
                  .role,
              "a");
    EXPECT_EQ(auth.authenticate(bearer(mint(R"({"role":"b"})", kSecret, "HS512", EVP_sha512())),
                                jwt_settings(), kNow)
                  .role,
              "b");
}

TEST(Jwt, NoRoleClaimUsesAnonymousRoleAndAddsIt) {
    Authenticator auth;
    const AuthResult r = auth.authenticate(bearer(mint(R"({"sub":"7"})")), jwt_settings(), kNow);
    EXPECT_EQ(r.role, "web_anon");
    EXPECT_FALSE(r.authenticated);
    EXPECT_EQ(r.claims_json, R"({"sub":"7","role":"web_anon"})");
}

TEST(Jwt, NoRoleClaimAndNoAnonymousRoleIs302) {
    Settings s = jwt_settings();
    s.anon_role.clear();
    const ApiError e = rejected(mint(R"({"sub":"7"})"), s);
    EXPECT_EQ(e.status, 401);
    EXPECT_EQ(e.code, "PGRST302");
    EXPECT_EQ(header_value(e.headers, "WWW-Authenticate"), "Bearer");
}

TEST(Jwt, WithoutSecretIsPGRST300) {
    Settings s = jwt_settings();
    s.jwt_secret.clear();
    const ApiError e = rejected(mint(R"({"role":"a"})"), s);
    EXPECT_EQ(e.status, 500);
    EXPECT_EQ(e.code, "PGRST300");
    EXPECT_EQ(e.message, "Server lacks JWT secret");
}

TEST(Jwt, WrongSignatureIsPGRST301) {
    const ApiError e = rejected(mint(R"({"role":"a"})", "another-secret-another-secret-xx"));
    EXPECT_EQ(e.status, 401);
    EXPECT_EQ(e.code, "PGRST301");
    EXPECT_EQ(e.message, "No suitable key or wrong key type");
    EXPECT_EQ(e.details, "None of the keys was able to decode the JWT");
    EXPECT_EQ(header_value(e.headers, "WWW-Authenticate"),
              "Bearer error=\"invalid_token\", error_description=\"No suitable key or wrong key "
              "type\"");
}

TEST(Jwt, TamperedPayloadIsRejected) {
    std::string token = mint(R"({"role":"a"})");
    const std::string other = base64url_encode(R"({"role":"postgres"})");
    const size_t first = token.find('.');
    const size_t second = token.find('.', first + 1);
    token.replace(first + 1, second - first - 1, other);
    EXPECT_EQ(rejected(token).code, "PGRST301");
}

TEST(Jwt, AlgNoneIsRejected) {
    const std::string token = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                              base64url_encode(R"({"role":"postgres"})") + ".";
    const ApiError e = rejected(token);
    EXPECT_EQ(e.code, "PGRST301");
    EXPECT_EQ(e.message, "Wrong or unsupported encoding algorithm");
}

TEST(Jwt, AlgorithmNotMatchingTheKeyIsRejected) {
    // An RS256 header with an HMAC over the secret (the classic confusion attack).
    const std::string token = mint(R"({"role":"a"})", kSecret, "RS256", EVP_sha256());
    const ApiError e = rejected(token);
    EXPECT_EQ(e.code, "PGRST301");
    EXPECT_EQ(e.message, "No suitable key or wrong key type");
}

TEST(Jwt, MalformedTokens) {
    EXPECT_EQ(rejected("abc").message, "Expected 3 parts in JWT; got 1");
    EXPECT_EQ(rejected("a.b.c.d").message, "Expected 3 parts in JWT; got 4");
    EXPECT_EQ(rejected("!!.b.c").message, "JWT cryptographic operation failed");
    EXPECT_EQ(rejected(base64url_encode("[1]") + ".e30.").message,
              "JWT cryptographic operation failed");
    const ApiError big = rejected(std::string(kMaxJwtBytes + 1, 'a'));
    EXPECT_EQ(big.code, "PGRST301");
    EXPECT_EQ(big.status, 401);
}

TEST(Jwt, ClaimsThatAreNotAnObject) {
    const ApiError e = rejected(mint("[1,2]"));
    EXPECT_EQ(e.code, "PGRST303");
    EXPECT_EQ(e.message, "Parsing claims failed");
}

TEST(Jwt, ExpiryWithThirtySecondsOfSkew) {
    Authenticator auth;
    const std::string recent = mint(R"({"role":"a","exp":)" + std::to_string(kNow - 29) + "}");
    EXPECT_EQ(auth.authenticate(bearer(recent), jwt_settings(), kNow).role, "a");
    const ApiError e = rejected(mint(R"({"role":"a","exp":)" + std::to_string(kNow - 31) + "}"));
    EXPECT_EQ(e.status, 401);
    EXPECT_EQ(e.code, "PGRST303");
    EXPECT_EQ(e.message, "JWT expired");
    EXPECT_EQ(header_value(e.headers, "WWW-Authenticate"),
              "Bearer error=\"invalid_token\", error_description=\"JWT expired\"");
}

TEST(Jwt, NotBeforeAndIssuedAt) {
    EXPECT_EQ(rejected(mint(R"({"nbf":)" + std::to_string(kNow + 31) + "}")).message,
              "JWT not yet valid");
    EXPECT_EQ(rejected(mint(R"({"iat":)" + std::to_string(kNow + 31) + "}")).message,
              "JWT issued at future");
    Authenticator auth;
    EXPECT_NO_THROW(auth.authenticate(bearer(mint(R"({"nbf":)" + std::to_string(kNow + 29) +
                                                  R"(,"iat":)" + std::to_string(kNow + 29) + "}")),
                                      jwt_settings(), kNow));
}

TEST(Jwt, TimeClaimsMustBeNumbers) {
    EXPECT_EQ(rejected(mint(R"({"exp":"soon"})")).message, "The JWT 'exp' claim must be a number");
    EXPECT_EQ(rejected(mint(R"({"nbf":true})")).message, "The JWT 'nbf' claim must be a number");
    EXPECT_EQ(rejected(mint(R"({"iat":[1]})")).message, "The JWT 'iat' claim must be a number");
}

TEST(Jwt, Audience) {
    Settings s = jwt_settings();
    s.jwt_aud = "api";
    Authenticator auth;
    EXPECT_NO_THROW(auth.authenticate(bearer(mint(R"({"aud":"api"})")), s, kNow));
    EXPECT_NO_THROW(auth.authenticate(bearer(mint(R"({"aud":["x","api"]})")), s, kNow));
    EXPECT_NO_THROW(auth.authenticate(bearer(mint(R"({"sub":"no aud"})")), s, kNow));
    EXPECT_EQ(rejected(mint(R"({"aud":"other"})"), s).message, "JWT not in audience");
    EXPECT_EQ(rejected(mint(R"({"aud":["x","y"]})"), s).message, "JWT not in audience");
    EXPECT_EQ(rejected(mint(R"({"aud":5})"), s).message,
              "The JWT 'aud' claim must be a string or an array of strings");
    // Without jwt_aud any audience is accepted.
    EXPECT_NO_THROW(auth.authenticate(bearer(mint(R"({"aud":"other"})")), jwt_settings(), kNow));
}

TEST(Jwt, Base64Secret) {
    Settings s = jwt_settings();
    s.jwt_secret = base64url_encode(kSecret);
    s.jwt_secret_is_base64 = true;
    Authenticator auth;
    EXPECT_EQ(auth.authenticate(bearer(mint(R"({"role":"a"})")), s, kNow).role, "a");
}

TEST(Jwt, RoleClaimKeyPaths) {
    Settings s = jwt_settings();
    Authenticator auth;
    s.jwt_role_claim_key = ".realm_access.roles[1]";
    EXPECT_EQ(
        auth.authenticate(bearer(mint(R"({"realm_access":{"roles":["x","author"]}})")), s, kNow)
            .role,
        "author");
    s.jwt_role_claim_key = R"(."https://x.com/role")";
    const AuthResult r =
        auth.authenticate(bearer(mint(R"({"https://x.com/role":"editor"})")), s, kNow);
    EXPECT_EQ(r.role, "editor");
    EXPECT_EQ(r.claims_json, R"({"https://x.com/role":"editor","role":"editor"})");
    s.jwt_role_claim_key = R"(.roles[?(@ ^== "app_")])";
    EXPECT_EQ(auth.authenticate(bearer(mint(R"({"roles":["x","app_user"]})")), s, kNow).role,
              "app_user");
}

TEST(RoleClaimPath, ParsesPostgrestSyntax) {
    EXPECT_TRUE(parse_role_claim_path(".role"));
    EXPECT_TRUE(parse_role_claim_path(".a.b[0].c"));
    EXPECT_TRUE(parse_role_claim_path(R"(."a.b"."c\"d")"));
    EXPECT_TRUE(parse_role_claim_path(R"(.r[?(@ == "x")])"));
    for (const char* bad : {"", "role", ".", "..a", ".a[", ".a[x]", ".a[0", R"(."open)",
                            R"(.r[?(@ = "x")])", R"(.r[?(@ == "x")].a)"}) {
        EXPECT_FALSE(parse_role_claim_path(bad)) << bad;
    }
}

TEST(RoleClaimPath, WalksLikePostgrest) {
    const JsonValue claims = *try_parse_json(R"({"a":{"b":[{"c":"x"}, 5]},"n":7})");
    EXPECT_EQ(walk_role_claim_path(claims, *parse_role_claim_path(".a.b[0].c"))->text, "x");
    EXPECT_EQ(to_json(*walk_role_claim_path(claims, *parse_role_claim_path(".n"))), "7");
    EXPECT_EQ(walk_role_claim_path(claims, *parse_role_claim_path(".a.b[9]")), nullptr);
    EXPECT_EQ(walk_role_claim_path(claims, *parse_role_claim_path(".n.x")), nullptr);
}

TEST(Jwt, NonStringRoleIsItsJsonText) {
    Authenticator auth;
    EXPECT_EQ(auth.authenticate(bearer(mint(R"({"role":42})")), jwt_settings(), kNow).role, "42");
}

TEST(Jwt, CacheServesUntilExpiry) {
    Authenticator auth;
    const std::string token = mint(R"({"role":"a","exp":)" + std::to_string(kNow + 100) + "}");
    EXPECT_EQ(auth.authenticate(bearer(token), jwt_settings(), kNow).role, "a");
    EXPECT_EQ(auth.authenticate(bearer(token), jwt_settings(), kNow + 120).role, "a");
    // Past exp + skew the cached entry is not used: verification answers "JWT expired".
    const ApiError e =
        catch_api_error([&] { auth.authenticate(bearer(token), jwt_settings(), kNow + 131); });
    EXPECT_EQ(e.message, "JWT expired");
}

TEST(Jwt, CacheIsDroppedWhenTheSecretChanges) {
    Authenticator auth;
    const std::string token = mint(R"({"role":"a"})");
    EXPECT_EQ(auth.authenticate(bearer(token), jwt_settings(), kNow).role, "a");
    Settings s = jwt_settings();
    s.jwt_secret = "a-completely-different-secret-value";
    EXPECT_EQ(catch_api_error([&] { auth.authenticate(bearer(token), s, kNow); }).code, "PGRST301");
}

TEST(JwtCache, IsBounded) {
    JwtCache cache;
    AuthResult r;
    r.role = "a";
    for (size_t i = 0; i < JwtCache::kMaxEntries + 50; ++i) {
        cache.put("token" + std::to_string(i), r, std::nullopt);
    }
    EXPECT_EQ(cache.size(), JwtCache::kMaxEntries);
    EXPECT_EQ(cache.find("token0", kNow), nullptr);
    EXPECT_NE(cache.find("token1049", kNow), nullptr);
}

TEST(Jwt, MutatedTokensNeverPassAndAlwaysAnswerAJwtError) {
    // Every single-byte change of a valid token is refused with a 401 JWT error (under the
    // sanitizer build this also checks the decoder for out-of-bounds reads).
    const std::string token = mint(R"({"role":"a","sub":"x"})");
    const char raw[] = "A_-.=+/\"\x00\xff{";
    const std::string replacements(raw, sizeof raw - 1);  // with the NUL
    Authenticator auth;
    for (size_t i = 0; i < token.size(); ++i) {
        for (char c : replacements) {
            if (token[i] == c) {
                continue;
            }
            std::string mutated = token;
            mutated[i] = c;
            try {
                auth.authenticate(bearer(mutated), jwt_settings(), kNow);
                ADD_FAILURE() << "accepted " << mutated;
            } catch (const ApiError& e) {
                EXPECT_EQ(e.status, 401) << mutated;
            }
        }
        const std::string truncated = token.substr(0, i);
        EXPECT_THROW(auth.authenticate(bearer(truncated + "x"), jwt_settings(), kNow), ApiError);
    }
}

// --- JWK: RS256 and ES256 ---------------------------------------------------------------------

struct PkeyDeleter {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

std::string bn_param(EVP_PKEY* key, const char* name, size_t pad = 0) {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(key, name, &bn);
    std::string out(pad ? pad : static_cast<size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
    BN_free(bn);
    return out;
}

std::string sign(EVP_PKEY* key, const std::string& input) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key);
    size_t length = 0;
    EVP_DigestSign(ctx.get(), nullptr, &length,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string sig(length, '\0');
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &length,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    sig.resize(length);
    return sig;
}

std::string mint_signed(EVP_PKEY* key, const std::string& alg, const std::string& claims,
                        bool raw_ecdsa) {
    const std::string input =
        base64url_encode(R"({"alg":")" + alg + R"("})") + "." + base64url_encode(claims);
    std::string sig = sign(key, input);
    if (raw_ecdsa) {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
        ECDSA_SIG* ecdsa = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
        std::string raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(ecdsa), reinterpret_cast<unsigned char*>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(ecdsa), reinterpret_cast<unsigned char*>(raw.data()) + 32,
                     32);
        ECDSA_SIG_free(ecdsa);
        sig = raw;
    }
    return input + "." + base64url_encode(sig);
}

TEST(JwtJwk, Rs256WithJwkAndJwks) {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
    ASSERT_TRUE(key);
    const std::string jwk =
        R"({"kty":"RSA","n":")" + base64url_encode(bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N)) +
        R"(","e":")" + base64url_encode(bn_param(key.get(), OSSL_PKEY_PARAM_RSA_E)) + "\"}";
    Settings s = jwt_settings();
    s.jwt_secret = jwk;
    Authenticator auth;
    const std::string token = mint_signed(key.get(), "RS256", R"({"role":"rsa"})", false);
    EXPECT_EQ(auth.authenticate(bearer(token), s, kNow).role, "rsa");
    s.jwt_secret = R"({"keys":[{"kty":"oct","k":"c2VjcmV0"},)" + jwk + "]}";
    EXPECT_EQ(auth.authenticate(bearer(token), s, kNow).role, "rsa");
    // An HS256 token signed with the RSA modulus as an HMAC key must not pass.
    const std::string confused =
        mint(R"({"role":"postgres"})", bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N));
    EXPECT_EQ(catch_api_error([&] { auth.authenticate(bearer(confused), s, kNow); }).code,
              "PGRST301");
}

TEST(JwtJwk, Es256) {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    ASSERT_TRUE(key);
    Settings s = jwt_settings();
    s.jwt_secret = R"({"kty":"EC","crv":"P-256","x":")" +
                   base64url_encode(bn_param(key.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32)) +
                   R"(","y":")" +
                   base64url_encode(bn_param(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32)) + "\"}";
    Authenticator auth;
    const std::string token = mint_signed(key.get(), "ES256", R"({"role":"ec"})", true);
    EXPECT_EQ(auth.authenticate(bearer(token), s, kNow).role, "ec");
    std::string bad = token;
    bad.back() = bad.back() == 'A' ? 'B' : 'A';
    EXPECT_EQ(catch_api_error([&] { auth.authenticate(bearer(bad), s, kNow); }).code, "PGRST301");
}

TEST(JwtJwk, OctJwk) {
    Settings s = jwt_settings();
    s.jwt_secret = R"({"kty":"oct","k":")" + base64url_encode(kSecret) + "\"}";
    Authenticator auth;
    EXPECT_EQ(auth.authenticate(bearer(mint(R"({"role":"a"})")), s, kNow).role, "a");
}

}  // namespace
}  // namespace pg_resty
