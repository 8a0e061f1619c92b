#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pg_resty {

// Strict base64url without padding (RFC 7515 §2): only A-Z a-z 0-9 - _, no '=', no spaces,
// no impossible length, and unused trailing bits must be zero, so every token has exactly one
// encoding. nullopt otherwise.
std::optional<std::string> base64url_decode(std::string_view text);

// A secret given in base64 (pg_resty.jwt_secret_is_base64): the standard or the URL alphabet,
// '=' padding optional. nullopt if it is not base64.
std::optional<std::string> base64_decode_secret(std::string_view text);

std::string base64url_encode(std::string_view bytes);

}  // namespace pg_resty
