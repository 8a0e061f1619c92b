#pragma once

#include <string>
#include <string_view>

namespace pg_resty {

// Appends `text` as a JSON string literal (with quotes). Bytes that are not valid UTF-8 become
// U+FFFD, so whatever arrives from the network always yields valid JSON.
void append_json_string(std::string& out, std::string_view text);

std::string json_string(std::string_view text);

// Length of the valid UTF-8 sequence starting at text[i] (not overlong, no surrogates), or 0.
size_t utf8_sequence_length(std::string_view text, size_t i);

}  // namespace pg_resty
