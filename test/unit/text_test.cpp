#include "common/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pg_resty {
namespace {

TEST(ToLowerAscii, LowersOnlyAsciiLetters) {
    EXPECT_EQ(to_lower_ascii("Content-TYPE 123"), "content-type 123");
    // Non-ASCII bytes are left alone (no locale-dependent folding).
    EXPECT_EQ(to_lower_ascii("\xC3\x89t\xC3\xA9"), "\xC3\x89t\xC3\xA9");
}

TEST(IequalsAscii, CaseInsensitiveSameLength) {
    EXPECT_TRUE(iequals_ascii("Bearer", "bEARER"));
    EXPECT_FALSE(iequals_ascii("Bearer", "Bearers"));
    EXPECT_FALSE(iequals_ascii("abc", "abd"));
    EXPECT_TRUE(iequals_ascii("", ""));
}

TEST(TrimAscii, TrimsSpacesTabsAndNewlinesOnBothEnds) {
    EXPECT_EQ(trim_ascii(" \t\r\n a b \n\t"), "a b");
    EXPECT_EQ(trim_ascii("   "), "");
    EXPECT_EQ(trim_ascii("x"), "x");
    // Vertical tab and form feed are not trimmed.
    EXPECT_EQ(trim_ascii("\va\f"), "\va\f");
}

TEST(SplitList, SplitsTrimsAndDropsEmptyParts) {
    const std::vector<std::string> expected{"a", "b c", "d"};
    EXPECT_EQ(split_list(" a ,, b c ,d,  ", ','), expected);
    EXPECT_TRUE(split_list("", ',').empty());
    EXPECT_TRUE(split_list(" , ,", ',').empty());
}

TEST(SplitList, OtherSeparator) {
    const std::vector<std::string> expected{"a=1", "b=2"};
    EXPECT_EQ(split_list("a=1; b=2;", ';'), expected);
}

TEST(ParseNonNegativeInt64, AcceptsPlainDigits) {
    long long out = -1;
    ASSERT_TRUE(parse_non_negative_int64("0", out));
    EXPECT_EQ(out, 0);
    ASSERT_TRUE(parse_non_negative_int64("00042", out));
    EXPECT_EQ(out, 42);
    ASSERT_TRUE(parse_non_negative_int64("9223372036854775807", out));
    EXPECT_EQ(out, 9223372036854775807LL);
}

TEST(ParseNonNegativeInt64, RejectsEverythingElseAndLeavesOutputAlone) {
    long long out = 7;
    for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1.0", "0x10", "abc", "9223372036854775808",
                            "99999999999999999999"}) {
        EXPECT_FALSE(parse_non_negative_int64(bad, out)) << bad;
        EXPECT_EQ(out, 7) << bad;
    }
}

}  // namespace
}  // namespace pg_resty
