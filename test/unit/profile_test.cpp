#include "api/profile.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

Request request(std::string method, std::vector<Header> headers = {}) {
    Request r;
    r.method = std::move(method);
    r.headers = std::move(headers);
    return r;
}

Settings schemas(std::vector<std::string> names) {
    Settings s;
    s.schemas = std::move(names);
    return s;
}

TEST(NegotiateSchema, DefaultIsTheFirstSchema) {
    const SchemaChoice one = negotiate_schema(request("GET"), schemas({"api"}));
    EXPECT_EQ(one.schema, "api");
    EXPECT_FALSE(one.negotiated);
    // With several schemas the default counts as negotiated: Content-Profile names it.
    const SchemaChoice many = negotiate_schema(request("GET"), schemas({"api", "v2"}));
    EXPECT_EQ(many.schema, "api");
    EXPECT_TRUE(many.negotiated);
}

TEST(NegotiateSchema, AcceptProfilePicksTheSchemaOfReads) {
    for (const char* method : {"GET", "HEAD", "OPTIONS"}) {
        const SchemaChoice c =
            negotiate_schema(request(method, {{"accept-profile", "v2"}}), schemas({"api", "v2"}));
        EXPECT_EQ(c.schema, "v2") << method;
        EXPECT_TRUE(c.negotiated);
    }
    // A single schema asked for by name is negotiated too.
    EXPECT_TRUE(
        negotiate_schema(request("GET", {{"accept-profile", "api"}}), schemas({"api"})).negotiated);
}

TEST(NegotiateSchema, ContentProfilePicksTheSchemaOfWrites) {
    const Settings s = schemas({"api", "v2"});
    EXPECT_EQ(negotiate_schema(request("POST", {{"content-profile", "v2"}}), s).schema, "v2");
    // Writes ignore Accept-Profile, reads Content-Profile.
    EXPECT_EQ(negotiate_schema(request("PATCH", {{"accept-profile", "v2"}}), s).schema, "api");
    EXPECT_EQ(negotiate_schema(request("GET", {{"content-profile", "v2"}}), s).schema, "api");
}

TEST(NegotiateSchema, UnknownProfileIs406) {
    for (const char* profile : {"nope", "", "API", "v2 "}) {
        const ApiError e = test::catch_api_error([&] {
            negotiate_schema(request("GET", {{"accept-profile", profile}}), schemas({"api", "v2"}));
        });
        EXPECT_EQ(e.status, 406) << profile;
        EXPECT_EQ(e.code, "PGRST106");
        EXPECT_EQ(e.message, "The schema must be one of the following: api, v2");
        EXPECT_FALSE(e.details.has_value());
        EXPECT_FALSE(e.hint.has_value());
    }
}

}  // namespace
}  // namespace pg_resty
