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
    EXPECT_EQ(content_range(0, 3, 0), "*/0");  // PostgREST prints no rows for a zero total
    EXPECT_EQ(content_range(0, 0, 0), "*/0");
    EXPECT_EQ(content_range(50, 0, 10), "*/10");
}

ReadResult page(long long rows, std::string body, std::optional<long long> total = std::nullopt) {
    ReadResult result;
    result.total = total;
    result.page_total = rows;
    result.body = std::move(body);
    return result;
}

// A read of `offset`.. with the given count preference and media, as the planner leaves it.
struct ReadSetup {
    ApiRequest api;
    ReadPlan plan;

    explicit ReadSetup(long long offset = 0, std::optional<PreferCount> count = std::nullopt) {
        api.schema = "api";
        api.range = RowRange{offset, std::nullopt};
        api.preferences.count = count;
        plan.count = count;
        plan.offset = offset;
    }
};

TEST(ReadResponse, OkWithJsonBodyAndRange) {
    const ReadSetup read(4);
    const Response r = read_response(page(2, R"([{"id":1},{"id":2}])"), read.api, read.plan);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"([{"id":1},{"id":2}])");
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_EQ(r.headers[0].name, "Content-Range");
    EXPECT_EQ(r.headers[0].value, "4-5/*");
    EXPECT_EQ(r.headers[1].name, "Content-Type");
    EXPECT_EQ(r.headers[1].value, "application/json; charset=utf-8");
}

TEST(ReadResponse, EmptyResult) {
    const ReadSetup read;
    const Response r = read_response(page(0, "[]"), read.api, read.plan);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "[]");
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "*/*");
}

TEST(RangeStatus, PostgrestRules) {
    EXPECT_EQ(range_status(0, 5, std::nullopt), 200);  // no total: never partial
    EXPECT_EQ(range_status(0, 5, 5), 200);
    EXPECT_EQ(range_status(0, 2, 5), 206);
    EXPECT_EQ(range_status(3, 2, 5), 206);
    EXPECT_EQ(range_status(5, 0, 5), 206);  // starting right at the end is not out of bounds
    EXPECT_EQ(range_status(6, 0, 5), 416);
    EXPECT_EQ(range_status(0, 0, 0), 200);
    EXPECT_EQ(range_status(0, 7, 5), 200);  // a planned total may be below the page
}

TEST(ReadResponse, ExactCountCoveringEverythingIs200) {
    const ReadSetup read(0, PreferCount::Exact);
    const Response r = read_response(page(5, "[...]", 5), read.api, read.plan);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "0-4/5");
    EXPECT_EQ(header_value(r.headers, "Preference-Applied"), "count=exact");
}

TEST(ReadResponse, PartialPageWithKnownTotalIs206) {
    const ReadSetup read(2, PreferCount::Exact);
    const Response r = read_response(page(2, "[...]", 100), read.api, read.plan);
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "2-3/100");
    EXPECT_EQ(r.body, "[...]");
}

TEST(ReadResponse, OffsetPastTheTotalIs416WithTheReadsHeaders) {
    const ReadSetup read(10, PreferCount::Exact);
    const Response r = read_response(page(0, "[]", 5), read.api, read.plan);
    EXPECT_EQ(r.status, 416);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "*/5");
    EXPECT_EQ(header_value(r.headers, "Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(header_value(r.headers, "Proxy-Status"), "<missing>");
    EXPECT_EQ(r.body,
              R"({"code":"PGRST103","details":"An offset of 10 was requested, but there are only )"
              R"(5 rows.","hint":null,"message":"Requested range not satisfiable"})");
}

TEST(ReadResponse, ZeroTotal) {
    const ReadSetup read(0, PreferCount::Exact);
    const Response r = read_response(page(0, "[]", 0), read.api, read.plan);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "*/0");
}

TEST(ReadResponse, PlannedTotalComesFromTheExplain) {
    const ReadSetup read(0, PreferCount::Planned);
    ReadResult result = page(3, "[...]");
    result.explain = R"([{"Plan": {"Node Type": "Seq Scan", "Plan Rows": 1210, "Plan Width": 4}}])";
    const Response r = read_response(std::move(result), read.api, read.plan);
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "0-2/1210");
    EXPECT_EQ(header_value(r.headers, "Preference-Applied"), "count=planned");
}

TEST(ReadResponse, SingularObjectNeedsExactlyOneRow) {
    ReadSetup read;
    read.plan.output.media = decode_media_type("application/vnd.pgrst.object+json");
    read.plan.output.aggregate = BodyAggregate::JsonObject;
    const Response one = read_response(page(1, R"({"id":1})"), read.api, read.plan);
    EXPECT_EQ(one.status, 200);
    EXPECT_EQ(one.body, R"({"id":1})");
    EXPECT_EQ(header_value(one.headers, "Content-Type"),
              "application/vnd.pgrst.object+json; charset=utf-8");
    for (long long rows : {0LL, 2LL}) {
        const ApiError e =
            test::catch_api_error([&] { read_response(page(rows, "x"), read.api, read.plan); });
        EXPECT_EQ(e.status, 406);
        EXPECT_EQ(e.code, "PGRST116");
        EXPECT_EQ(e.message, "JSON object requested, multiple (or no) rows returned");
        EXPECT_EQ(e.details, "The result contains " + std::to_string(rows) + " rows");
    }
}

TEST(ReadResponse, CsvContentType) {
    ReadSetup read;
    read.plan.output.media = decode_media_type("text/csv");
    const Response r = read_response(page(1, "id\n1"), read.api, read.plan);
    EXPECT_EQ(header_value(r.headers, "Content-Type"), "text/csv; charset=utf-8");
}

TEST(ReadResponse, ContentProfileWhenNegotiated) {
    ReadSetup read;
    EXPECT_EQ(
        header_value(read_response(page(0, "[]"), read.api, read.plan).headers, "Content-Profile"),
        "<missing>");
    read.api.negotiated_by_profile = true;
    read.api.schema = "v2";
    EXPECT_EQ(
        header_value(read_response(page(0, "[]"), read.api, read.plan).headers, "Content-Profile"),
        "v2");
}

TEST(ReadResponse, HandlingIsEchoed) {
    ReadSetup read;
    read.api.preferences.handling = PreferHandling::Lenient;
    EXPECT_EQ(header_value(read_response(page(0, "[]"), read.api, read.plan).headers,
                           "Preference-Applied"),
              "handling=lenient");
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
