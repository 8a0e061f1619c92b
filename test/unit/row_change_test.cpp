#include "events/row_change.hpp"

#include <gtest/gtest.h>

#include "events/event_checks.hpp"

namespace pg_resty {
namespace {

TEST(RowChangeConfig, DefaultsSendEverythingToAmqTopic) {
    const RowChangeConfig config;
    EXPECT_EQ(config.exchange, "amq.topic");
    EXPECT_FALSE(config.filters());
    EXPECT_TRUE(config.keeps("anything"));
}

TEST(RowChangeConfig, ParsesExchangeIncludeExclude) {
    const RowChangeConfig config = parse_row_change_config(
        R"({"exchange": "events", "include": ["id", "name", "secret"], "exclude": ["secret"]})");
    EXPECT_EQ(config.exchange, "events");
    EXPECT_TRUE(config.filters());
    EXPECT_TRUE(config.keeps("id"));
    EXPECT_TRUE(config.keeps("name"));
    EXPECT_FALSE(config.keeps("secret"));
    EXPECT_FALSE(config.keeps("other"));
}

TEST(RowChangeConfig, ExcludeAlone) {
    const RowChangeConfig config = parse_row_change_config(R"({"exclude": ["password"]})");
    EXPECT_TRUE(config.filters());
    EXPECT_TRUE(config.keeps("id"));
    EXPECT_FALSE(config.keeps("password"));
    EXPECT_EQ(config.exchange, "amq.topic");
}

TEST(RowChangeConfig, EmptyIncludeKeepsNothing) {
    const RowChangeConfig config = parse_row_change_config(R"({"include": []})");
    EXPECT_TRUE(config.filters());
    EXPECT_FALSE(config.keeps("id"));
}

TEST(RowChangeConfig, RejectsMistakes) {
    for (const char* bad :
         {"not json", "[]", "\"events\"", R"({"exchange": 1})", R"({"include": "id"})",
          R"({"include": [1]})", R"({"exclude": {"a": 1}})", R"({"includes": ["id"]})"}) {
        try {
            parse_row_change_config(bad);
            ADD_FAILURE() << bad;
        } catch (const EventError& error) {
            EXPECT_EQ(error.sqlstate, "22023");
            EXPECT_EQ(
                std::string(error.what()).rfind("invalid pg_resty.on_row_change() argument: ", 0),
                0u)
                << error.what();
        }
    }
    EXPECT_THROW(parse_row_change_config("{\"exchange\": \"" + std::string(300, 'x') + "\"}"),
                 EventError);
}

TEST(ClaimsUserId, PrefersUserIdThenSub) {
    EXPECT_EQ(claims_user_id(R"({"role": "webuser", "user_id": 42, "sub": "x"})"), "42");
    EXPECT_EQ(claims_user_id(R"({"role": "webuser", "sub": "alice"})"), "alice");
    EXPECT_EQ(claims_user_id(R"({"user_id": "7"})"), "7");
    EXPECT_EQ(claims_user_id(R"({"user_id": null, "sub": "bob"})"), "bob");
    EXPECT_EQ(claims_user_id(R"({"user_id": "", "sub": "bob"})"), "bob");
}

TEST(ClaimsUserId, NoneWithoutAUsableClaim) {
    EXPECT_EQ(claims_user_id(R"({"role": "web_anon"})"), std::nullopt);
    EXPECT_EQ(claims_user_id(R"({"user_id": true})"), std::nullopt);
    EXPECT_EQ(claims_user_id(R"({"sub": {"id": 1}})"), std::nullopt);
    EXPECT_EQ(claims_user_id("[1]"), std::nullopt);
    EXPECT_EQ(claims_user_id("not json"), std::nullopt);
    EXPECT_EQ(claims_user_id(""), std::nullopt);
}

TEST(RowChangeRoutingKey, StarterKitShape) {
    EXPECT_EQ(row_change_routing_key("items", "INSERT", std::nullopt),
              "row_change.table-items.event-INSERT");
    EXPECT_EQ(row_change_routing_key("items", "DELETE", std::string("42")),
              "row_change.table-items.event-DELETE.user-42");
}

TEST(RowChangeRoutingKey, TooLongIsAnError) {
    EXPECT_NO_THROW(row_change_routing_key("t", "UPDATE", std::string(200, 'u')));
    try {
        row_change_routing_key("t", "UPDATE", std::string(300, 'u'));
        FAIL();
    } catch (const EventError& error) {
        EXPECT_EQ(error.sqlstate, "22023");
    }
}

}  // namespace
}  // namespace pg_resty
