#pragma once

#include <string>
#include <string_view>

namespace pg_resty {

// Appends `text` as a JSON string literal (with quotes). Bytes that are not valid UTF-8 become
// U+FFFD, so whatever arrives from the network always yields valid JSON.
void append_json_string(std::string& out, std::string_view text);

std::string json_string(std::string_view text);

}  // namespace pg_resty
