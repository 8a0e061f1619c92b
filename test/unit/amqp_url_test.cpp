#include "events/amqp_url.hpp"

#include <gtest/gtest.h>

namespace pg_resty {
namespace {

TEST(ParseAmqpUrl, FullUrl) {
    const AmqpUrl url = parse_amqp_url("amqp://user:p%40ss@rabbit.example:5673/my%2fvhost");
    EXPECT_EQ(url.user, "user");
    EXPECT_EQ(url.password, "p@ss");
    EXPECT_EQ(url.host, "rabbit.example");
    EXPECT_EQ(url.port, 5673);
    EXPECT_EQ(url.vhost, "my/vhost");
}

TEST(ParseAmqpUrl, DefaultsForMissingParts) {
    const AmqpUrl url = parse_amqp_url("amqp://");
    EXPECT_EQ(url.user, "guest");
    EXPECT_EQ(url.password, "guest");
    EXPECT_EQ(url.host, "localhost");
    EXPECT_EQ(url.port, 5672);
    EXPECT_EQ(url.vhost, "/");
    EXPECT_EQ(parse_amqp_url("AMQP://host").host, "host");
    EXPECT_EQ(parse_amqp_url("amqp://host:").port, 5672);
    EXPECT_EQ(parse_amqp_url("amqp://u@host").user, "u");
    EXPECT_EQ(parse_amqp_url("amqp://u@host").password, "");
}

TEST(ParseAmqpUrl, DefaultVirtualHostSpellings) {
    for (const char* text : {"amqp://h", "amqp://h/", "amqp://h//", "amqp://h/%2f", "amqp://h/%2F"}) {
        EXPECT_EQ(parse_amqp_url(text).vhost, "/") << text;
    }
    EXPECT_EQ(parse_amqp_url("amqp://h/prod").vhost, "prod");
}

TEST(ParseAmqpUrl, Ipv6Hosts) {
    const AmqpUrl url = parse_amqp_url("amqp://[::1]:5674/v");
    EXPECT_EQ(url.host, "::1");
    EXPECT_EQ(url.port, 5674);
    EXPECT_EQ(url.vhost, "v");
    EXPECT_EQ(parse_amqp_url("amqp://[::1]").port, 5672);
    EXPECT_EQ(url.display(), "amqp://guest@[::1]:5674/v");
}

TEST(ParseAmqpUrl, RejectsWhatItCannotUse) {
    for (const char* bad : {"", "localhost:5672", "http://h", "amqps://h", "amqp://h:0",
                            "amqp://h:65536", "amqp://h:x", "amqp://h?heartbeat=10",
                            "amqp://h#frag", "amqp://u:p%zz@h", "amqp://h/%", "amqp://h/a b",
                            "amqp://[::1", "amqp://[::1]x", "amqp://[]"}) {
        EXPECT_THROW(parse_amqp_url(bad), AmqpUrlError) << bad;
    }
}

TEST(ParseAmqpUrl, ErrorMessagesNameTheProblem) {
    try {
        parse_amqp_url("amqps://h");
        FAIL();
    } catch (const AmqpUrlError& error) {
        EXPECT_STREQ(error.what(), "amqps:// (TLS) is not supported yet; use amqp://");
    }
    try {
        parse_amqp_url("amqp://h:99999");
        FAIL();
    } catch (const AmqpUrlError& error) {
        EXPECT_STREQ(error.what(), "invalid port \"99999\" (1 to 65535)");
    }
}

TEST(AmqpUrlDisplay, HidesThePassword) {
    const AmqpUrl url = parse_amqp_url("amqp://app:secret@localhost:56721/%2f");
    EXPECT_EQ(url.display(), "amqp://app@localhost:56721/%2F");
    EXPECT_EQ(url.display().find("secret"), std::string::npos);
    EXPECT_EQ(parse_amqp_url("amqp://a%20b@h/x%20y%21").display(), "amqp://a%20b@h:5672/x%20y%21");
}

}  // namespace
}  // namespace pg_resty
