#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pg_resty {

using QueryPair = std::pair<std::string, std::string>;

// Splits a raw request-target into its percent-decoded path and its raw query string
// (a fragment, which clients should not send, is dropped).
void split_request_target(std::string_view target, std::string& path, std::string& query);

// Percent-decodes `text`; with plus_is_space, '+' decodes to ' ' (query strings).
// Malformed escapes are kept literally, as PostgREST's (Warp's) decoder does.
std::string percent_decode(std::string_view text, bool plus_is_space);

// Decodes "a=1&b=2" into pairs in order, keeping repeated keys. A key without '=' has an
// empty value.
std::vector<QueryPair> parse_query_string(std::string_view query);

}  // namespace pg_resty
