#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pg_resty {

// Base64 (RFC 4648) in the flavours pg_resty reads and writes: strict base64url for JWTs,
// lenient base64 for secrets, nginx's padded base64 for Lua hooks. One decoder and one encoder,
// the flavour given by the options.

enum class Base64Alphabet {
    Standard,  // A-Z a-z 0-9 + /
    Url,       // A-Z a-z 0-9 - _
    Either,    // decoding only: both, even mixed
};

struct Base64Decoding {
    Base64Alphabet alphabet = Base64Alphabet::Standard;
    // Characters stripped from the end before decoding: "=" makes padding optional; empty
    // refuses any '=' (and every other character outside the alphabet).
    std::string_view ignored_tail;
    // The unused low bits of the last character must be zero, so that every byte string has
    // exactly one encoding (JWTs: a token must not verify under several spellings).
    bool canonical = true;
};

// nullopt when `text` is not base64 under `rules` (including an impossible length: one
// character left over after the last full group of four).
std::optional<std::string> base64_decode(std::string_view text, const Base64Decoding& rules);

// `alphabet` Standard or Url (Either encodes as Standard); `padded` adds '=' to a multiple of 4.
std::string base64_encode(std::string_view bytes, Base64Alphabet alphabet, bool padded);

// --- The flavours in use -------------------------------------------------------------------

// Strict base64url without padding (RFC 7515 §2): only A-Z a-z 0-9 - _, no '=', no spaces,
// no impossible length, and unused trailing bits must be zero.
inline std::optional<std::string> base64url_decode(std::string_view text) {
    return base64_decode(text, {Base64Alphabet::Url, "", true});
}

inline std::string base64url_encode(std::string_view bytes) {
    return base64_encode(bytes, Base64Alphabet::Url, false);
}

// A secret given in base64 (pg_resty.jwt_secret_is_base64): the standard or the URL alphabet,
// '=' padding optional, a trailing newline or space tolerated (pasted from a file).
inline std::optional<std::string> base64_decode_secret(std::string_view text) {
    return base64_decode(text, {Base64Alphabet::Either, "=\n ", true});
}

// Standard base64 with padding, as ngx.encode_base64.
inline std::string encode_base64(std::string_view bytes) {
    return base64_encode(bytes, Base64Alphabet::Standard, true);
}

// As ngx.decode_base64: padding optional, non-zero trailing bits accepted; nullopt (Lua nil)
// for anything else that is not base64.
inline std::optional<std::string> decode_base64(std::string_view text) {
    return base64_decode(text, {Base64Alphabet::Standard, "=", false});
}

}  // namespace pg_resty
