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
    // Byte offset 2 of "eq" is Parsec's column 3.
    const ApiError e = query_parse_error("filter", "eq", "eq", 2, "why");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (eq)\" (line 1, column 3)");
    EXPECT_EQ(e.details, "why");
    EXPECT_EQ(e.hint, std::nullopt);
}

// Parsec's `show` of a SourcePos wraps the source name in quotes without escaping it.
TEST(QueryParseError, InputIsShownVerbatim) {
    const ApiError e = query_parse_error("order", "a\"b\\c", "a\"b\\c", 0, "d");
    EXPECT_EQ(e.message, R"x("failed to parse order (a"b\c)" (line 1, column 1))x");
}

TEST(QueryParseError, PositionCountsCharactersLinesAndTabsLikeParsec) {
    // Columns count characters, not bytes; a newline starts line 2; a tab advances to the
    // next multiple of 8 (plus one).
    EXPECT_EQ(query_parse_error("filter", "x", "\xC3\xA9\xC3\xA9x", 4, "d").message,
              "\"failed to parse filter (x)\" (line 1, column 3)");
    EXPECT_EQ(query_parse_error("filter", "x", "ab\ncd", 4, "d").message,
              "\"failed to parse filter (x)\" (line 2, column 2)");
    EXPECT_EQ(query_parse_error("filter", "x", "a\tb", 2, "d").message,
              "\"failed to parse filter (x)\" (line 1, column 9)");
}

TEST(QueryParseError, SourceAndParsedTextMayDiffer) {
    // Logic trees name the value but count columns in "or" + value, as PostgREST does.
    const ApiError e = query_parse_error("logic tree", "()", "or()", 3, "d");
    EXPECT_EQ(e.message, "\"failed to parse logic tree (())\" (line 1, column 4)");
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
