#include "common/array_text.hpp"

#include <gtest/gtest.h>

namespace pg_resty {
namespace {

using Strings = std::vector<std::string>;

TEST(ArrayText, PlainAndQuotedElements) {
    EXPECT_EQ(parse_text_array("{}"), Strings{});
    EXPECT_EQ(parse_text_array("{a}"), Strings{"a"});
    EXPECT_EQ(parse_text_array("{foo,bar}"), (Strings{"foo", "bar"}));
    EXPECT_EQ(parse_text_array(R"({"a b","c,d","e\"f","g\\h",""})"),
              (Strings{"a b", "c,d", "e\"f", "g\\h", ""}));
}

TEST(ArrayText, NullElementsAreDroppedButTheQuotedWordIsKept) {
    EXPECT_EQ(parse_text_array(R"({a,NULL,"NULL"})"), (Strings{"a", "NULL"}));
}

TEST(ArrayText, MalformedTextIsRefused) {
    for (const char* text : {"", "a", "{", "{a", R"({"a)", "{a,}", "{{a}}", R"({"a"b})"}) {
        EXPECT_EQ(parse_text_array(text), std::nullopt) << text;
    }
}

}  // namespace
}  // namespace pg_resty
