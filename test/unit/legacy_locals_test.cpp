#include "pipeline/legacy_locals.hpp"

#include <gtest/gtest.h>

namespace pg_resty {
namespace {

std::string claim(const std::string& json) {
    return legacy_claim_text(parse_json(json));
}

TEST(LegacyClaimText, AsPostgrestBefore9) {
    EXPECT_EQ(claim(R"("webuser")"), "webuser");
    EXPECT_EQ(claim(R"("a \"b\"")"), "a \"b\"");
    EXPECT_EQ(claim("1"), "1");
    EXPECT_EQ(claim("-42"), "-42");
    EXPECT_EQ(claim("1.0"), "1");
    EXPECT_EQ(claim("1e2"), "100");
    EXPECT_EQ(claim("1.5"), "1.5");
    EXPECT_EQ(claim("1.250"), "1.25");
    EXPECT_EQ(claim("-1.5e-3"), "-0.0015");
    EXPECT_EQ(claim("12.5E+1"), "125");
    EXPECT_EQ(claim("0"), "0");
    EXPECT_EQ(claim("-0.0"), "0");
    EXPECT_EQ(claim("1e999999999"), "1e999999999");  // no 1 GB of zeros
    EXPECT_EQ(claim("true"), "True");
    EXPECT_EQ(claim("false"), "False");
    EXPECT_EQ(claim("null"), "null");
    EXPECT_EQ(claim(R"({"a":[1,"x"]})"), R"({"a":[1,"x"]})");
}

TEST(CustomSettingName, AsPostgres15) {
    EXPECT_TRUE(is_custom_setting_name("request.jwt.claim.user_id"));
    EXPECT_TRUE(is_custom_setting_name("request.header.x_a$1"));
    EXPECT_TRUE(is_custom_setting_name("a.b"));
    EXPECT_FALSE(is_custom_setting_name("request"));
    EXPECT_FALSE(is_custom_setting_name("request.header.x-forwarded-for"));
    EXPECT_FALSE(is_custom_setting_name("request.header."));
    EXPECT_FALSE(is_custom_setting_name("request..x"));
    EXPECT_FALSE(is_custom_setting_name(".a"));
    EXPECT_FALSE(is_custom_setting_name("request.header.1a"));
    EXPECT_FALSE(is_custom_setting_name("request.header.$a"));
    EXPECT_FALSE(is_custom_setting_name("request.header.a b"));
    EXPECT_FALSE(is_custom_setting_name("request.header.a'; drop table x; --"));
    EXPECT_FALSE(is_custom_setting_name("request.header.\xc3\xa9"));
    EXPECT_FALSE(is_custom_setting_name(std::string("request.header.a\0b", 18)));
}

TEST(LegacyRequestLocals, ClaimsHeadersAndCookies) {
    RequestContext ctx;
    ctx.claims_json = R"({"role":"webuser","user_id":1,"admin":false,"x-y":"skipped",)"
                      R"("https://a.io/claims":{"k":1},"groups":["a","b"]})";
    ctx.headers_json = R"({"accept":"*/*","x-forwarded-for":"1.2.3.4","x_ok":"v",)"
                       R"("cookie":"a=1","authorization":"Bearer t"})";
    ctx.cookies_json = R"({"session":"abc","bad name":"x","a.b":"nested"})";
    const std::vector<RequestLocal> locals = legacy_request_locals(ctx);
    const std::vector<RequestLocal> expected = {
        {"request.jwt.claim.role", "webuser"},
        {"request.jwt.claim.user_id", "1"},
        {"request.jwt.claim.admin", "False"},
        {"request.jwt.claim.groups", R"(["a","b"])"},
        {"request.header.accept", "*/*"},
        {"request.header.x_ok", "v"},
        {"request.header.authorization", "Bearer t"},
        {"request.cookie.session", "abc"},
        {"request.cookie.a.b", "nested"},
    };
    EXPECT_EQ(locals, expected);
}

TEST(LegacyRequestLocals, OverlongAndMalformedAreLeftOut) {
    RequestContext ctx;
    ctx.claims_json = "{\"" + std::string(300, 'a') + "\":1}";
    ctx.headers_json = "not json";
    ctx.cookies_json = "[]";
    EXPECT_TRUE(legacy_request_locals(ctx).empty());
}

}  // namespace
}  // namespace pg_resty
