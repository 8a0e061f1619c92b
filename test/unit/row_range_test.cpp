#include "api/row_range.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

RowRange range(std::optional<long long> lower, std::optional<long long> upper) {
    return RowRange{lower, upper};
}

TEST(RowRange, LimitAndOffset) {
    EXPECT_EQ(range(0, 9).limit(), std::optional<long long>(10));
    EXPECT_EQ(range(5, 5).limit(), std::optional<long long>(1));
    EXPECT_EQ(range(0, -1).limit(), std::optional<long long>(0));
    EXPECT_FALSE(range(3, std::nullopt).limit().has_value());
    EXPECT_EQ(range(3, std::nullopt).offset(), 3);
    EXPECT_EQ(all_rows().offset(), 0);
}

TEST(RowRange, EmptyRangesAreAllEqual) {
    EXPECT_TRUE(range(5, 4).is_empty());
    EXPECT_TRUE(range(0, -1).is_empty());
    EXPECT_FALSE(range(std::nullopt, -1).is_empty());
    EXPECT_EQ(range(5, 4), range(9, 0));
    EXPECT_NE(range(0, 4), range(0, 5));
    EXPECT_EQ(all_rows(), range(0, std::nullopt));
}

TEST(RowRange, Intersection) {
    EXPECT_EQ(intersect(range(0, 9), range(5, 14)), range(5, 9));
    EXPECT_EQ(intersect(all_rows(), range(std::nullopt, 4)), range(0, 4));
    EXPECT_EQ(intersect(range(2, std::nullopt), range(0, std::nullopt)), range(2, std::nullopt));
    // Empty inputs give the canonical empty range, which does not pass for limit=0.
    const RowRange empty = intersect(range(5, 4), all_rows());
    EXPECT_TRUE(empty.is_empty());
    EXPECT_FALSE(has_limit_zero(empty));
    // A non-empty pair can meet in an empty range that keeps its bounds (limit=0 relies on it).
    EXPECT_TRUE(has_limit_zero(intersect(all_rows(), range(std::nullopt, -1))));
}

TEST(RangeHeader, PostgrestsRegexOnly) {
    EXPECT_EQ(parse_range_header("0-9"), range(0, 9));
    EXPECT_EQ(parse_range_header("5-"), range(5, std::nullopt));
    EXPECT_EQ(parse_range_header("10-20"), range(10, 20));
    EXPECT_TRUE(parse_range_header("9-0").is_empty());
    for (const char* ignored : {"", "-9", "items=0-9", "0-9 ", " 0-9", "a-b", "1-2-3", "0", "--",
                                "0--1", "+1-2", "1-+2", "0x1-2"}) {
        EXPECT_EQ(parse_range_header(ignored), all_rows()) << ignored;
    }
}

TEST(RangeHeader, HugeNumbersSaturate) {
    const RowRange r = parse_range_header("99999999999999999999999999-");
    EXPECT_EQ(r.lower, std::optional<long long>(kMaxRowNumber));
    EXPECT_EQ(parse_range_header("0-99999999999999999999999999").upper,
              std::optional<long long>(kMaxRowNumber));
}

TEST(QueryRange, LimitAndOffsetUnite) {
    EXPECT_EQ(query_range(std::nullopt, 0), all_rows());
    EXPECT_EQ(query_range(std::nullopt, 7), range(7, std::nullopt));
    EXPECT_EQ(query_range(10, 0), range(0, 9));
    EXPECT_EQ(query_range(10, 20), range(20, 29));
    EXPECT_TRUE(has_limit_zero(query_range(0, 0)));
    EXPECT_FALSE(has_limit_zero(query_range(0, 5)));  // [5, 4]: empty, but not limit=0
    EXPECT_EQ(query_range(std::nullopt, -3), range(-3, std::nullopt));
}

TEST(TopLevelRange, CombinesHeaderAndQueryForGet) {
    const std::string header = "0-9";
    EXPECT_EQ(top_level_range(all_rows(), &header, true), range(0, 9));
    EXPECT_EQ(top_level_range(query_range(10, 5), &header, true), range(5, 9));
    EXPECT_EQ(top_level_range(query_range(3, 0), &header, true), range(0, 2));
    EXPECT_EQ(top_level_range(query_range(std::nullopt, 2), nullptr, true), range(2, std::nullopt));
}

TEST(TopLevelRange, HeaderIsIgnoredForOtherMethods) {
    const std::string header = "0-1";
    EXPECT_EQ(top_level_range(all_rows(), &header, false), all_rows());
    const std::string reversed = "5-2";
    EXPECT_EQ(top_level_range(all_rows(), &reversed, false), all_rows());
}

TEST(TopLevelRange, LimitZeroBypassesEverything) {
    const std::string header = "3-9";
    EXPECT_EQ(top_level_range(query_range(0, 0), &header, true), limit_zero_range());
    const std::string reversed = "9-3";
    EXPECT_EQ(top_level_range(query_range(0, 0), &reversed, true), limit_zero_range());
    EXPECT_EQ(top_level_range(query_range(0, 0), nullptr, true).limit(),
              std::optional<long long>(0));
}

void expect_416(const RowRange& query, const std::string* header, const std::string& details) {
    const ApiError e = test::catch_api_error([&] { top_level_range(query, header, true); });
    EXPECT_EQ(e.status, 416);
    EXPECT_EQ(e.code, "PGRST103");
    EXPECT_EQ(e.message, "Requested range not satisfiable");
    EXPECT_EQ(e.details, details);
    EXPECT_FALSE(e.hint.has_value());
}

TEST(TopLevelRange, EmptyRangesAre416) {
    const std::string negative = "Limit should be greater than or equal to zero.";
    const std::string lower_gt_upper =
        "The lower boundary must be lower than or equal to the upper boundary in the Range "
        "header.";
    expect_416(query_range(-1, 0), nullptr, negative);
    // limit=0 with an offset is not limit=0 to PostgREST: [5, 4] is just empty.
    expect_416(query_range(0, 5), nullptr, negative);
    const std::string reversed = "9-3";
    expect_416(all_rows(), &reversed, lower_gt_upper);
    expect_416(query_range(-1, 0), &reversed, lower_gt_upper);
    // Disjoint header and query windows.
    const std::string late = "10-20";
    expect_416(query_range(5, 0), &late, negative);
}

TEST(MaxRows, RestrictsFromTheOffset) {
    EXPECT_EQ(restrict_to_max_rows(all_rows(), -1), all_rows());
    EXPECT_EQ(restrict_to_max_rows(all_rows(), 100), range(0, 99));
    EXPECT_EQ(restrict_to_max_rows(range(20, std::nullopt), 10), range(20, 29));
    EXPECT_EQ(restrict_to_max_rows(range(20, 24), 10), range(20, 24));
    EXPECT_EQ(restrict_to_max_rows(range(0, 999), 10), range(0, 9));
    // db-max-rows = 0: no rows, from the same offset.
    const RowRange none = restrict_to_max_rows(range(3, std::nullopt), 0);
    EXPECT_EQ(none.offset(), 3);
    EXPECT_EQ(none.limit(), std::optional<long long>(0));
    // limit=0 stays limit=0.
    EXPECT_EQ(restrict_to_max_rows(limit_zero_range(), 10).limit(), std::optional<long long>(0));
    EXPECT_EQ(restrict_to_max_rows(limit_zero_range(), 10).offset(), 0);
}

}  // namespace
}  // namespace pg_resty
