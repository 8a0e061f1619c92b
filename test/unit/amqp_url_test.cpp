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
    for (const char* text :
         {"amqp://h", "amqp://h/", "amqp://h//", "amqp://h/%2f", "amqp://h/%2F"}) {
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
    for (const char* bad :
         {"", "localhost:5672", "http://h", "amqps://h", "amqp://h:0", "amqp://h:65536",
          "amqp://h:x", "amqp://h?heartbeat=10", "amqp://h#frag", "amqp://u:p%zz@h", "amqp://h/%",
          "amqp://h/a b", "amqp://[::1", "amqp://[::1]x", "amqp://[]", "amqp://[a]",
          "amqp://[::1%25eth0]"}) {
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

namespace pg_resty {
namespace {

// Mutated URLs (fixed seed): parsed or refused with AmqpUrlError, never anything else; what
// parses shows a display form that parses back to the same broker.
TEST(ParseAmqpUrl, MutatedUrlsParseOrFailCleanly) {
    const std::vector<std::string> seeds = {"amqp://user:p%40ss@rabbit.example:5673/my%2fvhost",
                                            "amqp://[::1]:5672/", "amqp://h//", "amqp://"};
    const std::string alphabet = "amqps:/@[]%2fF09:?# \x01\xC3\xA9.-_~";
    uint64_t state = 0x2545F4914F6CDD1DULL;
    const auto next = [&state]() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (int round = 0; round < 20000; ++round) {
        std::string text = seeds[next() % seeds.size()];
        const int edits = 1 + static_cast<int>(next() % 3);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const size_t at = next() % text.size();
            const char c = alphabet[next() % alphabet.size()];
            switch (next() % 3) {
                case 0:
                    text[at] = c;
                    break;
                case 1:
                    text.insert(text.begin() + static_cast<long>(at), c);
                    break;
                default:
                    text.erase(at, 1);
            }
        }
        AmqpUrl url;
        try {
            url = parse_amqp_url(text);
        } catch (const AmqpUrlError&) {
            continue;
        }
        AmqpUrl again;
        try {
            again = parse_amqp_url(url.display());
        } catch (const AmqpUrlError& error) {
            ADD_FAILURE() << text << " -> " << url.display() << ": " << error.what();
            continue;
        }
        EXPECT_EQ(again.user, url.user) << text;
        EXPECT_EQ(again.host, url.host) << text;
        EXPECT_EQ(again.port, url.port) << text;
        EXPECT_EQ(again.vhost, url.vhost) << text;
    }
}

}  // namespace
}  // namespace pg_resty
