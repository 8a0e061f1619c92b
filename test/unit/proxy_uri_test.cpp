#include "config/proxy_uri.hpp"

#include <gtest/gtest.h>

namespace pg_resty {
namespace {

TEST(ProxyUri, SchemeHostPortAndPath) {
    const std::optional<ProxyUri> uri = parse_proxy_uri("HTTPS://example.org:8443/api/v1#top");
    ASSERT_TRUE(uri.has_value());
    EXPECT_EQ(uri->scheme, "https");
    EXPECT_EQ(uri->host, "example.org");
    EXPECT_EQ(uri->port, 8443);
    EXPECT_EQ(uri->path, "/api/v1");
}

TEST(ProxyUri, DefaultsPerScheme) {
    const std::optional<ProxyUri> https = parse_proxy_uri("https://example.org");
    ASSERT_TRUE(https.has_value());
    EXPECT_EQ(https->port, 443);
    EXPECT_EQ(https->path, "/");
    const std::optional<ProxyUri> http = parse_proxy_uri("http://[::1]/");
    ASSERT_TRUE(http.has_value());
    EXPECT_EQ(http->host, "[::1]");
    EXPECT_EQ(http->port, 80);
    EXPECT_EQ(http->path, "/");
}

TEST(ProxyUri, MalformedAsPostgrestSeesIt) {
    for (const char* text :
         {"", "example.org", "ftp://example.org", "https:/example.org", "https://",
          "https://user:pw@example.org", "https://example.org?x=1", "https://example.org/?",
          "https://example.org:0", "https://example.org:65536",
          "https://example.org:", "https://example.org:12a", "https://exa mple.org",
          "https://example.org/a b", "https://[::1", "https://example.org:123456"}) {
        EXPECT_FALSE(parse_proxy_uri(text).has_value()) << text;
    }
}

}  // namespace
}  // namespace pg_resty
