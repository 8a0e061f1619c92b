#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pg_resty {

// Standard base64 with padding, as ngx.encode_base64 / ngx.decode_base64.
std::string encode_base64(std::string_view bytes);

// nullopt when `text` is not valid base64 (ngx.decode_base64 then returns nil).
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace pg_resty
