#include "auth/jwt_keys.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "common/base64.hpp"
#include "common/json_value.hpp"

namespace pg_resty {

namespace {

struct ParamBldDeleter {
    void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamDeleter {
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct CtxDeleter {
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct BnDeleter {
    void operator()(BIGNUM* p) const { BN_free(p); }
};

std::optional<std::string> member_bytes(const JsonValue& jwk, std::string_view name) {
    const JsonValue* value = jwk.find(name);
    if (value == nullptr || !value->is_string()) {
        return std::nullopt;
    }
    return base64url_decode(value->text);
}

std::shared_ptr<EVP_PKEY> key_from_params(const char* type, OSSL_PARAM_BLD* builder) {
    std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(builder));
    std::unique_ptr<EVP_PKEY_CTX, CtxDeleter> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) {
        return nullptr;
    }
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
        return nullptr;
    }
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

std::shared_ptr<EVP_PKEY> rsa_key(const JsonValue& jwk) {
    const auto n = member_bytes(jwk, "n");
    const auto e = member_bytes(jwk, "e");
    if (!n || !e || n->empty() || e->empty()) {
        return nullptr;
    }
    std::unique_ptr<BIGNUM, BnDeleter> bn_n(BN_bin2bn(
        reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()), nullptr));
    std::unique_ptr<BIGNUM, BnDeleter> bn_e(BN_bin2bn(
        reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()), nullptr));
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> builder(OSSL_PARAM_BLD_new());
    if (!bn_n || !bn_e || !builder ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
        return nullptr;
    }
    return key_from_params("RSA", builder.get());
}

std::shared_ptr<EVP_PKEY> ec_key(const JsonValue& jwk) {
    const JsonValue* crv = jwk.find("crv");
    if (crv == nullptr || !crv->is_string() || crv->text != "P-256") {
        return nullptr;  // ES256 only
    }
    const auto x = member_bytes(jwk, "x");
    const auto y = member_bytes(jwk, "y");
    if (!x || !y || x->size() != 32 || y->size() != 32) {
        return nullptr;
    }
    std::string point = "\x04" + *x + *y;  // uncompressed SEC1 point
    static char group[] = "prime256v1";
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                          point.size())) {
        return nullptr;
    }
    return key_from_params("EC", builder.get());
}

std::optional<JwtKey> key_from_jwk(const JsonValue& jwk) {
    if (!jwk.is_object()) {
        return std::nullopt;
    }
    const JsonValue* kty = jwk.find("kty");
    if (kty == nullptr || !kty->is_string()) {
        return std::nullopt;
    }
    JwtKey key;
    if (const JsonValue* alg = jwk.find("alg"); alg != nullptr && alg->is_string()) {
        key.alg = alg->text;
    }
    if (const JsonValue* kid = jwk.find("kid"); kid != nullptr && kid->is_string()) {
        key.kid = kid->text;
    }
    if (kty->text == "oct") {
        auto k = member_bytes(jwk, "k");
        if (!k || k->empty()) {
            return std::nullopt;
        }
        key.kind = JwtKey::Kind::Hmac;
        key.secret = std::move(*k);
    } else if (kty->text == "RSA") {
        key.kind = JwtKey::Kind::Rsa;
        key.pkey = rsa_key(jwk);
    } else if (kty->text == "EC") {
        key.kind = JwtKey::Kind::Ec;
        key.pkey = ec_key(jwk);
    } else {
        return std::nullopt;
    }
    if (key.kind != JwtKey::Kind::Hmac && !key.pkey) {
        return std::nullopt;
    }
    return key;
}

}  // namespace

JwtKeySet parse_jwt_secret(std::string_view secret, bool is_base64) {
    JwtKeySet set;
    if (secret.empty()) {
        return set;
    }
    if (secret.front() == '{') {
        if (std::optional<JsonValue> json = try_parse_json(secret, 16); json && json->is_object()) {
            if (const JsonValue* keys = json->find("keys"); keys != nullptr && keys->is_array()) {
                for (const JsonValue& jwk : keys->items) {
                    if (auto key = key_from_jwk(jwk)) {
                        set.keys.push_back(std::move(*key));
                    }
                }
                return set;
            }
            if (auto key = key_from_jwk(*json)) {
                set.keys.push_back(std::move(*key));
            }
            return set;
        }
    }
    JwtKey key;
    if (is_base64) {
        std::optional<std::string> decoded = base64_decode_secret(secret);
        if (!decoded || decoded->empty()) {
            return set;
        }
        key.secret = std::move(*decoded);
    } else {
        key.secret.assign(secret);
    }
    set.keys.push_back(std::move(key));
    return set;
}

}  // namespace pg_resty
