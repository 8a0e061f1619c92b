#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pg_resty {

std::string to_lower_ascii(std::string_view text);

bool iequals_ascii(std::string_view a, std::string_view b);

std::string_view trim_ascii(std::string_view text);

// Splits on `sep`, trimming spaces around each part; empty parts are dropped.
std::vector<std::string> split_list(std::string_view text, char sep);

// Parses a non-negative decimal integer that fits in int64; nothing else (no sign, no spaces).
bool parse_non_negative_int64(std::string_view text, long long& out);

}  // namespace pg_resty
