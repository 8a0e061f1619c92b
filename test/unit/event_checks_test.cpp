#include "events/event_checks.hpp"

#include <gtest/gtest.h>

namespace pg_resty {
namespace {

TEST(EventChecks, ShortStringLimits) {
    EXPECT_NO_THROW(check_exchange(""));
    EXPECT_NO_THROW(check_exchange(std::string(255, 'e')));
    EXPECT_THROW(check_exchange(std::string(256, 'e')), EventError);
    EXPECT_NO_THROW(check_routing_key(std::string(255, 'k')));
    EXPECT_THROW(check_routing_key(std::string(256, 'k')), EventError);
}

TEST(EventChecks, PayloadSize) {
    EXPECT_NO_THROW(check_payload_size(5 * 1024 * 1024));
    EXPECT_NO_THROW(check_payload_size(kMaxPayloadBytes));
    try {
        check_payload_size(kMaxPayloadBytes + 1);
        FAIL();
    } catch (const EventError& error) {
        EXPECT_EQ(error.sqlstate, "54000");
    }
}

TEST(EventHeaders, ObjectsOnly) {
    const JsonValue headers =
        parse_event_headers(R"({"x-tenant": "a", "n": 1, "f": [1, {"k": true}]})");
    EXPECT_EQ(headers.members.size(), 3u);
    EXPECT_NO_THROW(parse_event_headers("{}"));
    for (const char* bad : {"[]", "1", "\"x\"", "null", "{", "{\"a\":}"}) {
        try {
            parse_event_headers(bad);
            ADD_FAILURE() << bad;
        } catch (const EventError& error) {
            EXPECT_EQ(error.sqlstate, "22023");
        }
    }
}

TEST(EventHeaders, NamesAndDepthBounded) {
    EXPECT_THROW(parse_event_headers("{\"" + std::string(256, 'h') + "\": 1}"), EventError);
    EXPECT_THROW(parse_event_headers("{\"a\": {\"" + std::string(256, 'h') + "\": 1}}"),
                 EventError);
    EXPECT_THROW(parse_event_headers("{\"a\": [{\"" + std::string(256, 'h') + "\": 1}]}"),
                 EventError);
    std::string deep = "{\"a\":";
    for (int i = 0; i < 20; ++i) {
        deep += "[";
    }
    deep += "1";
    for (int i = 0; i < 20; ++i) {
        deep += "]";
    }
    deep += "}";
    EXPECT_THROW(parse_event_headers(deep), EventError);
}

TEST(PayloadContentType, JsonOrText) {
    EXPECT_STREQ(payload_content_type(R"({"id": 1})"), "application/json");
    EXPECT_STREQ(payload_content_type("[1,2]"), "application/json");
    EXPECT_STREQ(payload_content_type("42"), "application/json");
    EXPECT_STREQ(payload_content_type("hello"), "text/plain; charset=utf-8");
    EXPECT_STREQ(payload_content_type("key|{\"a\":1}"), "text/plain; charset=utf-8");
    EXPECT_STREQ(payload_content_type(""), "text/plain; charset=utf-8");
}

}  // namespace
}  // namespace pg_resty
