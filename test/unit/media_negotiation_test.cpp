#include "plan/media_negotiation.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

NegotiatedMedia negotiate(const std::string& header, bool head = false) {
    return negotiate_read_media(parse_accept(&header), head);
}

TEST(NegotiateReadMedia, JsonForAnythingOrJson) {
    for (const char* header :
         {"*/*", "application/json", "application/json;charset=utf-8", "text/html, */*;q=0.8"}) {
        const NegotiatedMedia n = negotiate(header);
        EXPECT_EQ(content_type(n.media), "application/json; charset=utf-8") << header;
        EXPECT_EQ(n.aggregate, BodyAggregate::JsonArray) << header;
    }
    EXPECT_EQ(negotiate_read_media(parse_accept(nullptr), false).aggregate,
              BodyAggregate::JsonArray);
}

TEST(NegotiateReadMedia, OtherProducibleTypes) {
    EXPECT_EQ(negotiate("text/csv").aggregate, BodyAggregate::Csv);
    EXPECT_EQ(negotiate("application/geo+json").aggregate, BodyAggregate::GeoJson);
    EXPECT_EQ(negotiate("application/vnd.pgrst.object+json").aggregate, BodyAggregate::JsonObject);
    EXPECT_EQ(negotiate("application/vnd.pgrst.object+json;nulls=stripped").aggregate,
              BodyAggregate::JsonObjectStripNulls);
    EXPECT_EQ(negotiate("application/vnd.pgrst.array+json;nulls=stripped").aggregate,
              BodyAggregate::JsonArrayStripNulls);
    EXPECT_TRUE(negotiate("application/vnd.pgrst.object").media.is_singular());
}

TEST(NegotiateReadMedia, FirstProducibleWins) {
    EXPECT_EQ(negotiate("text/html, text/csv, application/json").aggregate, BodyAggregate::Csv);
    EXPECT_EQ(negotiate("text/csv;q=0.1, application/json").aggregate, BodyAggregate::JsonArray);
}

TEST(NegotiateReadMedia, HeadBuildsNoBodyButKeepsTheType) {
    const NegotiatedMedia n = negotiate("text/csv", true);
    EXPECT_EQ(n.aggregate, BodyAggregate::None);
    EXPECT_EQ(content_type(n.media), "text/csv; charset=utf-8");
}

TEST(NegotiateReadMedia, NothingProducibleIs406) {
    const ApiError e = test::catch_api_error(
        [] { negotiate("text/html, application/xml;q=0.9, application/*;q=0.8"); });
    EXPECT_EQ(e.status, 406);
    EXPECT_EQ(e.code, "PGRST107");
    EXPECT_EQ(e.message,
              "None of these media types are available: text/html, application/xml, "
              "application/*");
    EXPECT_FALSE(e.details.has_value());
    EXPECT_FALSE(e.hint.has_value());
}

TEST(NegotiateReadMedia, PlansAreDisabled) {
    const ApiError e = test::catch_api_error([] { negotiate("application/vnd.pgrst.plan+json"); });
    EXPECT_EQ(e.message,
              "None of these media types are available: application/vnd.pgrst.plan+json; "
              "for=\"application/json\"");
}

TEST(NegotiateReadMedia, EmptyAcceptIs406) {
    const ApiError e = test::catch_api_error([] { negotiate(""); });
    EXPECT_EQ(e.message, "None of these media types are available: ");
}

TEST(NegotiateOpenApiMedia, OpenApiJsonOrAny) {
    for (std::string header : {"*/*", "application/json", "application/openapi+json",
                               "text/csv, application/json;q=0.1", ""}) {
        if (header.empty()) {
            EXPECT_NO_THROW(negotiate_openapi_media(parse_accept(nullptr)));
            continue;
        }
        EXPECT_NO_THROW(negotiate_openapi_media(parse_accept(&header))) << header;
    }
    const std::string csv = "text/csv, application/vnd.pgrst.object+json";
    const ApiError e = test::catch_api_error([&] { negotiate_openapi_media(parse_accept(&csv)); });
    EXPECT_EQ(e.status, 406);
    EXPECT_EQ(e.code, "PGRST107");
    EXPECT_EQ(e.message,
              "None of these media types are available: text/csv, "
              "application/vnd.pgrst.object+json");
}

}  // namespace
}  // namespace pg_resty
