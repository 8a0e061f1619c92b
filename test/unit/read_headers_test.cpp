// The request headers a read depends on, through the whole stage-4 parser: Range with
// limit/offset, Prefer, Accept, Accept-Profile.
#include <gtest/gtest.h>

#include <string>

#include "api/api_request_parser.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

Request request(std::string method, std::string query, std::vector<Header> headers = {}) {
    Request r;
    r.method = std::move(method);
    r.path = "/items";
    r.query = std::move(query);
    r.headers = std::move(headers);
    return r;
}

Settings exposing(std::vector<std::string> schemas) {
    Settings s;
    s.schemas = std::move(schemas);
    return s;
}

const Settings kApi = exposing({"api"});

TEST(ReadHeaders, NothingAskedMeansAllRowsAsJson) {
    const ApiRequest api = parse_api_request(request("GET", ""), kApi);
    EXPECT_EQ(api.range, all_rows());
    EXPECT_FALSE(api.preferences.count.has_value());
    ASSERT_EQ(api.accept.size(), 1u);
    EXPECT_EQ(api.accept[0].kind, MediaType::Kind::Any);
    EXPECT_FALSE(api.negotiated_by_profile);
}

TEST(ReadHeaders, RangeHeaderMeetsLimitAndOffset) {
    EXPECT_EQ(parse_api_request(request("GET", "", {{"range", "0-9"}}), kApi).range,
              (RowRange{0, 9}));
    EXPECT_EQ(
        parse_api_request(request("GET", "limit=10&offset=5", {{"range", "0-9"}}), kApi).range,
        (RowRange{5, 9}));
    EXPECT_EQ(parse_api_request(request("GET", "offset=3", {{"range", "1-"}}), kApi).range,
              (RowRange{3, std::nullopt}));
    // Range-Unit is accepted and, as in PostgREST, changes nothing.
    EXPECT_EQ(
        parse_api_request(request("GET", "", {{"range-unit", "items"}, {"range", "2-3"}}), kApi)
            .range,
        (RowRange{2, 3}));
}

TEST(ReadHeaders, HeadIgnoresTheRangeHeader) {
    const ApiRequest api = parse_api_request(request("HEAD", "limit=2", {{"range", "5-9"}}), kApi);
    EXPECT_EQ(api.range, (RowRange{0, 1}));
}

TEST(ReadHeaders, RangeErrorsAre416AfterQueryParsing) {
    const ApiError reversed = catch_api_error([] {
        parse_api_request(request("GET", "", {{"range", "9-3"}}), kApi);
    });
    EXPECT_EQ(reversed.status, 416);
    EXPECT_EQ(reversed.details,
              std::optional<std::string>("The lower boundary must be lower than or equal to the "
                                         "upper boundary in the Range header."));
    const ApiError negative =
        catch_api_error([] { parse_api_request(request("GET", "limit=-2"), kApi); });
    EXPECT_EQ(negative.details,
              std::optional<std::string>("Limit should be greater than or equal to zero."));
    // A malformed query string is reported first.
    const ApiError parse = catch_api_error([] {
        parse_api_request(request("GET", "id=in.(1", {{"range", "9-3"}}), kApi);
    });
    EXPECT_EQ(parse.code, "PGRST100");
}

TEST(ReadHeaders, LimitZeroWithOffsetIs416LikePostgrest) {
    EXPECT_EQ(parse_api_request(request("GET", "limit=0"), kApi).range.limit(),
              std::optional<long long>(0));
    const ApiError e =
        catch_api_error([] { parse_api_request(request("GET", "limit=0&offset=2"), kApi); });
    EXPECT_EQ(e.status, 416);
}

TEST(ReadHeaders, PreferAndAccept) {
    const ApiRequest api = parse_api_request(
        request("GET", "",
                {{"prefer", "count=exact"}, {"accept", "text/csv, application/json;q=0.5"}}),
        kApi);
    EXPECT_EQ(api.preferences.count, PreferCount::Exact);
    ASSERT_EQ(api.accept.size(), 2u);
    EXPECT_EQ(api.accept[0].kind, MediaType::Kind::TextCsv);
}

TEST(ReadHeaders, AcceptProfileChoosesTheSchema) {
    const Settings two = exposing({"api", "v2"});
    const ApiRequest v2 = parse_api_request(request("GET", "", {{"accept-profile", "v2"}}), two);
    EXPECT_EQ(v2.schema, "v2");
    EXPECT_TRUE(v2.negotiated_by_profile);
    const ApiRequest plain = parse_api_request(request("GET", ""), two);
    EXPECT_EQ(plain.schema, "api");
    EXPECT_TRUE(plain.negotiated_by_profile);
}

TEST(ReadHeaders, UnknownProfileIs406BeforeTheQueryIsParsed) {
    const ApiError e = catch_api_error([] {
        parse_api_request(request("GET", "id=in.(1", {{"accept-profile", "v3"}}),
                          exposing({"api", "v2"}));
    });
    EXPECT_EQ(e.status, 406);
    EXPECT_EQ(e.code, "PGRST106");
    EXPECT_EQ(e.message, "The schema must be one of the following: api, v2");
}

}  // namespace
}  // namespace pg_resty
