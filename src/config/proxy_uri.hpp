#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pg_resty {

// PostgREST's openapi-server-proxy-uri: where clients reach the API when a proxy stands in
// front of it; the OpenAPI document names it instead of the listening address.
struct ProxyUri {
    std::string scheme;  // "http" or "https", lower-case
    std::string host;
    int port = 80;           // the scheme's default when the URI names none
    std::string path = "/";  // "/" when the URI has none
};

// Parses an absolute http(s) URI as PostgREST accepts it: a host, an optional port in
// 1..65535, no user info, no query (a fragment is ignored). nullopt when malformed.
std::optional<ProxyUri> parse_proxy_uri(std::string_view text);

}  // namespace pg_resty
