#include "auth/jwt_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <string>

namespace pg_resty {

namespace {

const EVP_MD* digest_for(JwtAlg alg) {
    switch (alg) {
        case JwtAlg::HS384:
            return EVP_sha384();
        case JwtAlg::HS512:
            return EVP_sha512();
        default:
            return EVP_sha256();
    }
}

bool hmac_valid(const JwtKey& key, JwtAlg alg, std::string_view input, std::string_view sig) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    if (HMAC(digest_for(alg), key.secret.data(), static_cast<int>(key.secret.size()),
             reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
             &length) == nullptr) {
        return false;
    }
    // The length is public (it follows from the algorithm); the bytes are compared in
    // constant time so that timing does not reveal how much of a forged MAC matched.
    return sig.size() == length && CRYPTO_memcmp(mac, sig.data(), length) == 0;
}

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct SigDeleter {
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};

// JWS carries ES256 signatures as r || s (32 bytes each); OpenSSL verifies DER.
bool es256_to_der(std::string_view raw, std::string& der) {
    if (raw.size() != 64) {
        return false;
    }
    std::unique_ptr<ECDSA_SIG, SigDeleter> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
    BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
    if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return false;
    }
    const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0) {
        return false;
    }
    der.resize(static_cast<size_t>(length));
    unsigned char* out = reinterpret_cast<unsigned char*>(der.data());
    return i2d_ECDSA_SIG(sig.get(), &out) == length;
}

bool pkey_valid(const JwtKey& key, JwtAlg alg, std::string_view input, std::string_view sig) {
    std::string der;
    if (alg == JwtAlg::ES256) {
        if (!es256_to_der(sig, der)) {
            return false;
        }
        sig = der;
    }
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    if (!ctx ||
        EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.pkey.get()) != 1) {
        return false;
    }
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()),
                            sig.size(), reinterpret_cast<const unsigned char*>(input.data()),
                            input.size()) == 1;
}

}  // namespace

bool jwt_alg_from_name(std::string_view name, JwtAlg& alg) {
    if (name == "HS256")
        alg = JwtAlg::HS256;
    else if (name == "HS384")
        alg = JwtAlg::HS384;
    else if (name == "HS512")
        alg = JwtAlg::HS512;
    else if (name == "RS256")
        alg = JwtAlg::RS256;
    else if (name == "ES256")
        alg = JwtAlg::ES256;
    else
        return false;
    return true;
}

bool jwt_key_fits(const JwtKey& key, JwtAlg alg, std::string_view alg_name) {
    if (key.alg && *key.alg != alg_name) {
        return false;
    }
    switch (alg) {
        case JwtAlg::HS256:
        case JwtAlg::HS384:
        case JwtAlg::HS512:
            return key.kind == JwtKey::Kind::Hmac;
        case JwtAlg::RS256:
            return key.kind == JwtKey::Kind::Rsa;
        case JwtAlg::ES256:
            return key.kind == JwtKey::Kind::Ec;
    }
    return false;
}

bool jwt_signature_valid(const JwtKey& key, JwtAlg alg, std::string_view signing_input,
                         std::string_view signature) {
    if (key.kind == JwtKey::Kind::Hmac) {
        return hmac_valid(key, alg, signing_input, signature);
    }
    return key.pkey && pkey_valid(key, alg, signing_input, signature);
}

}  // namespace pg_resty
