#include "http/request_target.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http/request.hpp"

namespace pg_resty {
namespace {

// --- split_request_target ---------------------------------------------------------------------

TEST(SplitRequestTarget, SplitsPathAndRawQuery) {
    std::string path, query;
    split_request_target("/items?id=eq.1&select=id,name", path, query);
    EXPECT_EQ(path, "/items");
    EXPECT_EQ(query, "id=eq.1&select=id,name");
}

TEST(SplitRequestTarget, NoQueryStringGivesEmptyQuery) {
    std::string path = "stale", query = "stale";
    split_request_target("/items", path, query);
    EXPECT_EQ(path, "/items");
    EXPECT_EQ(query, "");
}

TEST(SplitRequestTarget, PathIsPercentDecodedButPlusIsKept) {
    std::string path, query;
    split_request_target("/Order%20Items+x?a=b", path, query);
    EXPECT_EQ(path, "/Order Items+x");
}

TEST(SplitRequestTarget, QueryStaysEncoded) {
    std::string path, query;
    split_request_target("/t?name=eq.a%20b+c", path, query);
    EXPECT_EQ(query, "name=eq.a%20b+c");
}

TEST(SplitRequestTarget, OnlyTheFirstQuestionMarkSplits) {
    std::string path, query;
    split_request_target("/t?a=1?2", path, query);
    EXPECT_EQ(path, "/t");
    EXPECT_EQ(query, "a=1?2");
}

TEST(SplitRequestTarget, FragmentIsDropped) {
    std::string path, query;
    split_request_target("/t?a=1#frag?x", path, query);
    EXPECT_EQ(path, "/t");
    EXPECT_EQ(query, "a=1");

    split_request_target("/t#frag?a=1", path, query);
    EXPECT_EQ(path, "/t");
    EXPECT_EQ(query, "");
}

TEST(SplitRequestTarget, EncodedQuestionMarkStaysInPath) {
    std::string path, query;
    split_request_target("/a%3Fb?c=d", path, query);
    EXPECT_EQ(path, "/a?b");
    EXPECT_EQ(query, "c=d");
}

// --- percent_decode -------------------------------------------------------------------------

TEST(PercentDecode, DecodesUpperAndLowerCaseHex) {
    EXPECT_EQ(percent_decode("%41%62%2c%2C", false), "Ab,,");
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
    EXPECT_EQ(percent_decode("a+b", true), "a b");
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
}

TEST(PercentDecode, EncodedPlusIsAlwaysAPlus) {
    EXPECT_EQ(percent_decode("a%2Bb", true), "a+b");
    EXPECT_EQ(percent_decode("a%2Bb", false), "a+b");
}

TEST(PercentDecode, MalformedEscapesAreKeptLiterally) {
    EXPECT_EQ(percent_decode("100%", false), "100%");
    EXPECT_EQ(percent_decode("%4", false), "%4");
    EXPECT_EQ(percent_decode("%zz", false), "%zz");
    EXPECT_EQ(percent_decode("%4g", false), "%4g");
    EXPECT_EQ(percent_decode("%g4", false), "%g4");
    EXPECT_EQ(percent_decode("%%41", false), "%A");
}

TEST(PercentDecode, MalformedEscapeStillDecodesPlusAfterIt) {
    EXPECT_EQ(percent_decode("%+1", true), "% 1");
}

TEST(PercentDecode, EscapeAtTheVeryEnd) {
    EXPECT_EQ(percent_decode("ab%21", false), "ab!");
}

TEST(PercentDecode, DecodesToArbitraryBytesIncludingNul) {
    const std::string decoded = percent_decode("a%00b%FF", false);
    ASSERT_EQ(decoded.size(), 4u);
    EXPECT_EQ(decoded[0], 'a');
    EXPECT_EQ(decoded[1], '\0');
    EXPECT_EQ(decoded[2], 'b');
    EXPECT_EQ(static_cast<unsigned char>(decoded[3]), 0xFF);
}

TEST(PercentDecode, Utf8Sequences) {
    EXPECT_EQ(percent_decode("%D9%85", false), "\xD9\x85");
}

TEST(PercentDecode, EmptyInput) {
    EXPECT_EQ(percent_decode("", true), "");
}

// --- parse_query_string ---------------------------------------------------------------------

TEST(ParseQueryString, PairsInOrder) {
    const std::vector<QueryPair> expected{{"a", "1"}, {"b", "2"}};
    EXPECT_EQ(parse_query_string("a=1&b=2"), expected);
}

TEST(ParseQueryString, RepeatedKeysAreKept) {
    const std::vector<QueryPair> expected{{"id", "gt.1"}, {"id", "lt.5"}, {"x", "y"}};
    EXPECT_EQ(parse_query_string("id=gt.1&id=lt.5&x=y"), expected);
}

TEST(ParseQueryString, KeyWithoutEqualsHasEmptyValue) {
    const std::vector<QueryPair> expected{{"flag", ""}, {"a", "1"}};
    EXPECT_EQ(parse_query_string("flag&a=1"), expected);
}

TEST(ParseQueryString, EmptyValueAndEmptyKey) {
    const std::vector<QueryPair> expected{{"a", ""}, {"", "v"}};
    EXPECT_EQ(parse_query_string("a=&=v"), expected);
}

TEST(ParseQueryString, EmptyItemsAreSkipped) {
    const std::vector<QueryPair> expected{{"a", "1"}, {"b", "2"}};
    EXPECT_EQ(parse_query_string("&&a=1&&b=2&"), expected);
    EXPECT_TRUE(parse_query_string("").empty());
    EXPECT_TRUE(parse_query_string("&").empty());
}

TEST(ParseQueryString, OnlyTheFirstEqualsSeparates) {
    const std::vector<QueryPair> expected{{"a", "b=c"}};
    EXPECT_EQ(parse_query_string("a=b=c"), expected);
}

TEST(ParseQueryString, KeysAndValuesAreDecodedWithPlusAsSpace) {
    const std::vector<QueryPair> expected{{"Unit Price", "lt.200"}, {"name", "eq.a b+c&d"}};
    EXPECT_EQ(parse_query_string("Unit+Price=lt.200&name=eq.a+b%2Bc%26d"), expected);
}

TEST(ParseQueryString, EncodedSeparatorsDoNotSplit) {
    const auto pairs = parse_query_string("k%3Dx=v%3D1%261");
    ASSERT_EQ(pairs.size(), 1u);
    EXPECT_EQ(pairs[0].first, "k=x");
    EXPECT_EQ(pairs[0].second, "v=1&1");
}

// --- Request::header --------------------------------------------------------------------------

TEST(RequestHeader, FirstHeaderWithTheNameWins) {
    Request request;
    request.headers = {{"accept", "a"}, {"prefer", "p"}, {"accept", "b"}};
    ASSERT_NE(request.header("accept"), nullptr);
    EXPECT_EQ(*request.header("accept"), "a");
    EXPECT_EQ(*request.header("prefer"), "p");
    EXPECT_EQ(request.header("missing"), nullptr);
}

TEST(RequestHeader, LookupIsExactLowerCase) {
    Request request;
    request.headers = {{"authorization", "Bearer x"}};
    EXPECT_EQ(request.header("Authorization"), nullptr);
    EXPECT_NE(request.header("authorization"), nullptr);
}

}  // namespace
}  // namespace pg_resty
