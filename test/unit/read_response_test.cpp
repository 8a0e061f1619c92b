#include "response/read_response.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::header_value;

TEST(ContentRange, FirstPage) {
    EXPECT_EQ(content_range(0, 25), "0-24/*");
}

TEST(ContentRange, WithOffset) {
    EXPECT_EQ(content_range(10, 5), "10-14/*");
}

TEST(ContentRange, SingleRow) {
    EXPECT_EQ(content_range(0, 1), "0-0/*");
}

TEST(ContentRange, EmptyPage) {
    EXPECT_EQ(content_range(0, 0), "*/*");
    EXPECT_EQ(content_range(100, 0), "*/*");
}

TEST(ContentRange, KnownTotal) {
    EXPECT_EQ(content_range(0, 25, 100), "0-24/100");
    EXPECT_EQ(content_range(0, 0, 0), "*/0");
    EXPECT_EQ(content_range(50, 0, 10), "*/10");
}

TEST(ReadResponse, OkWithJsonBodyAndRange) {
    const Response r = read_response(ReadResult{2, R"([{"id":1},{"id":2}])"}, 4);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"([{"id":1},{"id":2}])");
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0].name, "Content-Type");
    EXPECT_EQ(r.headers[0].value, "application/json; charset=utf-8");
    EXPECT_EQ(r.headers[1].name, "Content-Range");
    EXPECT_EQ(r.headers[1].value, "4-5/*");
}

TEST(ReadResponse, EmptyResult) {
    const Response r = read_response(ReadResult{0, "[]"}, 0);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "[]");
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "*/*");
}

TEST(ErrorResponse, StatusBodyAndProxyStatus) {
    const ApiError error(404, "PGRST205", "Could not find the table 'public.x' in the schema cache",
                         std::nullopt, "Perhaps you meant the table 'public.y'");
    const Response r = error_response(error);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, error.to_json());
    EXPECT_EQ(
        r.body,
        R"({"code":"PGRST205","details":null,"hint":"Perhaps you meant the table 'public.y'",)"
        R"("message":"Could not find the table 'public.x' in the schema cache"})");
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0].name, "Content-Type");
    EXPECT_EQ(r.headers[0].value, "application/json; charset=utf-8");
    EXPECT_EQ(r.headers[1].name, "Proxy-Status");
    EXPECT_EQ(r.headers[1].value, "PostgREST; error=PGRST205");
}

TEST(ErrorResponse, ProxyStatusCarriesSqlstatesToo) {
    const Response r = error_response(ApiError(409, "23505", "duplicate"));
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(header_value(r.headers, "Proxy-Status"), "PostgREST; error=23505");
}

TEST(ErrorResponse, ErrorHeadersAreAppended) {
    ApiError error(401, "PGRST302", "Anonymous access is disabled");
    error.headers.push_back(Header{"WWW-Authenticate", "Bearer"});
    const Response r = error_response(error);
    EXPECT_EQ(r.status, 401);
    ASSERT_EQ(r.headers.size(), 3u);
    EXPECT_EQ(r.headers[2].name, "WWW-Authenticate");
    EXPECT_EQ(r.headers[2].value, "Bearer");
}

TEST(ResponseType, AddHeaderKeepsOrderAndCase) {
    Response r;
    EXPECT_EQ(r.status, 200);
    r.add_header("X-One", "1");
    r.add_header("x-one", "2");
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0].name, "X-One");
    EXPECT_EQ(r.headers[1].name, "x-one");
    EXPECT_EQ(r.headers[1].value, "2");
}

}  // namespace
}  // namespace pg_resty
