#include "pipeline/request_context.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pg_resty {
namespace {

Request with_headers(std::vector<Header> headers) {
    Request r;
    r.method = "GET";
    r.path = "/items";
    r.headers = std::move(headers);
    return r;
}

TEST(HeadersJson, EmptyObjectWithoutHeaders) {
    EXPECT_EQ(headers_json(Request{}), "{}");
}

TEST(HeadersJson, LowerCaseNamesInArrivalOrder) {
    // The HTTP server lower-cases names when it collects them; headers_json keeps them as given.
    const Request r =
        with_headers({{"accept", "application/json"}, {"x-forwarded-for", "1.2.3.4"}});
    EXPECT_EQ(headers_json(r), R"({"accept":"application/json","x-forwarded-for":"1.2.3.4"})");
}

TEST(HeadersJson, LastDuplicateWinsAtTheFirstPosition) {
    const Request r = with_headers({{"a", "1"}, {"b", "2"}, {"a", "3"}});
    EXPECT_EQ(headers_json(r), R"({"a":"3","b":"2"})");
}

TEST(HeadersJson, ValuesAreJsonEscaped) {
    const Request r = with_headers({{"x-q", "say \"hi\"\\\n"}, {"x-bin", "\xFF"}});
    EXPECT_EQ(headers_json(r), "{\"x-q\":\"say \\\"hi\\\"\\\\\\n\",\"x-bin\":\"\xEF\xBF\xBD\"}");
}

TEST(HeadersJson, NamesAreNotCaseFoldedHere) {
    const Request r = with_headers({{"X-Up", "1"}, {"x-up", "2"}});
    EXPECT_EQ(headers_json(r), R"({"X-Up":"1","x-up":"2"})");
}

TEST(CookiesJson, NoCookieHeader) {
    EXPECT_EQ(cookies_json(with_headers({{"accept", "*/*"}})), "{}");
}

TEST(CookiesJson, ParsesPairsTrimmingSpaces) {
    const Request r = with_headers({{"cookie", "session=abc;  theme = dark ; lang=en"}});
    EXPECT_EQ(cookies_json(r), R"({"session":"abc","theme":"dark","lang":"en"})");
}

TEST(CookiesJson, QuotedValuesAreUnquoted) {
    const Request r = with_headers({{"cookie", "a=\"quoted value\"; b=\"; c=\"\""}});
    EXPECT_EQ(cookies_json(r), R"({"a":"quoted value","b":"\"","c":""})");
}

TEST(CookiesJson, ValueMayContainEquals) {
    const Request r = with_headers({{"cookie", "token=a=b=c"}});
    EXPECT_EQ(cookies_json(r), R"({"token":"a=b=c"})");
}

TEST(CookiesJson, PartsWithoutNameOrEqualsAreSkipped) {
    const Request r = with_headers({{"cookie", "=nameless; flag; ok=1;;"}});
    EXPECT_EQ(cookies_json(r), R"({"ok":"1"})");
}

TEST(CookiesJson, EmptyValue) {
    const Request r = with_headers({{"cookie", "a=; b=2"}});
    EXPECT_EQ(cookies_json(r), R"({"a":"","b":"2"})");
}

TEST(CookiesJson, SeveralCookieHeadersAndDuplicates) {
    const Request r = with_headers({{"cookie", "a=1; b=2"}, {"accept", "x"}, {"cookie", "a=3"}});
    EXPECT_EQ(cookies_json(r), R"({"a":"3","b":"2"})");
}

TEST(CookiesJson, OnlyTheLowerCaseCookieHeader) {
    const Request r = with_headers({{"Cookie", "a=1"}});
    EXPECT_EQ(cookies_json(r), "{}");
}

TEST(CookiesJson, NamesAndValuesAreJsonEscaped) {
    const Request r = with_headers({{"cookie", "k\\=v\"x"}});
    EXPECT_EQ(cookies_json(r), R"({"k\\":"v\"x"})");
}

TEST(MakeRequestContext, CopiesEverything) {
    Request r = with_headers({{"cookie", "s=1"}, {"accept", "a"}});
    r.method = "HEAD";
    r.path = "/Order Items";
    AuthResult auth;
    auth.role = "web_anon";
    auth.claims_json = R"({"role":"web_anon"})";

    Settings settings;
    const RequestContext ctx = make_request_context(r, auth, settings, true);
    EXPECT_EQ(ctx.role, "web_anon");
    EXPECT_EQ(ctx.claims_json, R"({"role":"web_anon"})");
    EXPECT_EQ(ctx.method, "HEAD");
    EXPECT_EQ(ctx.path, "/Order Items");
    EXPECT_EQ(ctx.headers_json, R"({"cookie":"s=1","accept":"a"})");
    EXPECT_EQ(ctx.cookies_json, R"({"s":"1"})");
    EXPECT_TRUE(ctx.read_only);
    EXPECT_FALSE(ctx.legacy_gucs);

    EXPECT_FALSE(make_request_context(r, auth, settings, false).read_only);
    settings.legacy_gucs = true;
    EXPECT_TRUE(make_request_context(r, auth, settings, false).legacy_gucs);
}

}  // namespace
}  // namespace pg_resty
