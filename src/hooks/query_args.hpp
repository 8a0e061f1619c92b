#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/request_target.hpp"

namespace pg_resty {

// Query arguments as hooks see them (ngx.req.get_uri_args): decoded name → values in order.
using ArgMap = std::map<std::string, std::vector<std::string>>;

ArgMap group_args(const std::vector<QueryPair>& pairs);

// Percent-encodes everything but RFC 3986 unreserved characters and the few PostgREST's
// grammar uses unescaped, so a rewritten query string parses back to the same values.
std::string percent_encode(std::string_view text, bool keep_slash);

// The query string for `args`: arguments keep the order they had in `original` (so an
// unchanged request reaches the API byte for byte), new names follow in sorted order.
std::string encode_query(std::string_view original, const ArgMap& args);

}  // namespace pg_resty
