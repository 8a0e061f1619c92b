#include "api/api_error.hpp"

#include <gtest/gtest.h>

#include <string>

#include "api/parse_error.hpp"

namespace pg_resty {
namespace {

TEST(ApiErrorToJson, KeysInPostgrestOrderWithNulls) {
    const ApiError e(404, "PGRST205", "Could not find the table");
    EXPECT_EQ(
        e.to_json(),
        R"({"code":"PGRST205","details":null,"hint":null,"message":"Could not find the table"})");
}

TEST(ApiErrorToJson, DetailsAndHintAsStrings) {
    const ApiError e(400, "22P02", "invalid input syntax for type integer: \"x\"", "some detail",
                     "a hint");
    EXPECT_EQ(e.to_json(), R"({"code":"22P02","details":"some detail","hint":"a hint",)"
                           R"("message":"invalid input syntax for type integer: \"x\""})");
}

TEST(ApiErrorToJson, StringsAreJsonEscaped) {
    const ApiError e(400, "X", "line1\nline2\t\"q\"\\", std::string("\x01"), std::nullopt);
    EXPECT_EQ(e.to_json(),
              R"({"code":"X","details":"\u0001","hint":null,"message":"line1\nline2\t\"q\"\\"})");
}

TEST(ApiErrorToJson, InvalidUtf8InMessageStillGivesValidJson) {
    const ApiError e(400, "X", "bad \xFF byte");
    EXPECT_EQ(e.to_json(),
              "{\"code\":\"X\",\"details\":null,\"hint\":null,\"message\":\"bad \xEF\xBF\xBD "
              "byte\"}");
}

TEST(ApiErrorToJson, RawJsonDetailsWinOverStringDetails) {
    ApiError e(400, "X", "m", "ignored string", std::nullopt);
    e.details_json = R"({"a":[1,2]})";
    EXPECT_EQ(e.to_json(), R"({"code":"X","details":{"a":[1,2]},"hint":null,"message":"m"})");
}

TEST(ApiError, DefaultsAndWhat) {
    const ApiError e(418, "C", "the message");
    EXPECT_EQ(e.status, 418);
    EXPECT_EQ(e.details, std::nullopt);
    EXPECT_EQ(e.hint, std::nullopt);
    EXPECT_EQ(e.details_json, std::nullopt);
    EXPECT_TRUE(e.headers.empty());
    EXPECT_STREQ(e.what(), "the message");
}

TEST(ApiError, IsAStdException) {
    try {
        throw ApiError(500, "C", "boom");
    } catch (const std::exception& e) {
        EXPECT_STREQ(e.what(), "boom");
        return;
    }
    FAIL() << "not caught as std::exception";
}

TEST(QueryParseError, MessageNamesWhatAndWhere) {
    const ApiError e = query_parse_error("filter", "eq", 3, "why");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (eq)\" (line 1, column 3)");
    EXPECT_EQ(e.details, "why");
    EXPECT_EQ(e.hint, std::nullopt);
}

TEST(QueryParseError, InputIsShownWithQuotesAndBackslashesEscaped) {
    const ApiError e = query_parse_error("order", "a\"b\\c", 1, "d");
    EXPECT_EQ(e.message, R"x("failed to parse order (a\"b\\c)" (line 1, column 1))x");
}

TEST(NotImplemented, IsPGRST127) {
    const ApiError e = not_implemented("the thing");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST127");
    EXPECT_EQ(e.message, "Feature not implemented");
    EXPECT_EQ(e.details, "the thing");
    EXPECT_EQ(
        e.to_json(),
        R"({"code":"PGRST127","details":"the thing","hint":null,"message":"Feature not implemented"})");
}

}  // namespace
}  // namespace pg_resty
