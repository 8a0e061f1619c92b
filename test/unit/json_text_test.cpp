#include "common/json_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pg_resty {
namespace {

TEST(JsonString, PlainTextIsQuoted) {
    EXPECT_EQ(json_string("hello"), "\"hello\"");
    EXPECT_EQ(json_string(""), "\"\"");
}

TEST(JsonString, EscapesQuoteAndBackslash) {
    EXPECT_EQ(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
}

TEST(JsonString, ShortEscapesForCommonControlCharacters) {
    EXPECT_EQ(json_string("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
}

TEST(JsonString, OtherControlCharactersUseUnicodeEscapes) {
    EXPECT_EQ(json_string(std::string("\0", 1)), "\"\\u0000\"");
    EXPECT_EQ(json_string("\x01\x1f"), "\"\\u0001\\u001f\"");
    EXPECT_EQ(json_string("\x7f"), "\"\\u007f\"");
}

TEST(JsonString, RunsOfPlainTextBetweenEscapesAndUtf8) {
    EXPECT_EQ(json_string("ab\ncd\xC3\xA9"
                          "ef\"gh\x7f"
                          "ij"),
              "\"ab\\ncd\xC3\xA9"
              "ef\\\"gh\\u007fij\"");
}

TEST(JsonString, SlashAndPrintableAsciiAreNotEscaped) {
    EXPECT_EQ(json_string("a/b <>&' ~"), "\"a/b <>&' ~\"");
}

TEST(JsonString, ValidUtf8IsCopied) {
    // 2, 3 and 4 byte sequences: é, €, 😀
    EXPECT_EQ(json_string("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
              "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
    // U+10FFFF, the highest code point.
    EXPECT_EQ(json_string("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");
}

constexpr const char* kFFFD = "\xEF\xBF\xBD";

TEST(JsonString, InvalidBytesBecomeReplacementCharacter) {
    EXPECT_EQ(json_string("a\xFF"
                          "b"),
              std::string("\"a") + kFFFD + "b\"");
    // A lone continuation byte.
    EXPECT_EQ(json_string("\x80"), std::string("\"") + kFFFD + "\"");
}

TEST(JsonString, TruncatedSequenceReplacesEachByte) {
    // E2 82 is the start of a 3-byte sequence cut short: both bytes are replaced.
    EXPECT_EQ(json_string("\xE2\x82"), std::string("\"") + kFFFD + kFFFD + "\"");
    // A lead byte followed by ASCII: the lead is replaced, the ASCII kept.
    EXPECT_EQ(json_string("\xC3"
                          "A"),
              std::string("\"") + kFFFD + "A\"");
}

TEST(JsonString, OverlongEncodingsAreRejected) {
    // C0 AF is an overlong '/', E0 80 80 an overlong NUL.
    EXPECT_EQ(json_string("\xC0\xAF"), std::string("\"") + kFFFD + kFFFD + "\"");
    EXPECT_EQ(json_string("\xE0\x80\x80"), std::string("\"") + kFFFD + kFFFD + kFFFD + "\"");
}

TEST(JsonString, SurrogatesAndOutOfRangeCodePointsAreRejected) {
    // ED A0 80 encodes U+D800 (a surrogate).
    EXPECT_EQ(json_string("\xED\xA0\x80"), std::string("\"") + kFFFD + kFFFD + kFFFD + "\"");
    // F4 90 80 80 would be U+110000.
    EXPECT_EQ(json_string("\xF4\x90\x80\x80"),
              std::string("\"") + kFFFD + kFFFD + kFFFD + kFFFD + "\"");
}

TEST(JsonString, ReplacementAlsoAppliesToTheByteAfterAnInvalidLead) {
    // F8 is never a valid lead byte; the following valid 'x' survives.
    EXPECT_EQ(json_string("\xF8x"), std::string("\"") + kFFFD + "x\"");
}

TEST(AppendJsonString, AppendsToExistingText) {
    std::string out = "{\"k\":";
    append_json_string(out, "v\"");
    out.push_back('}');
    EXPECT_EQ(out, "{\"k\":\"v\\\"\"}");
}

}  // namespace
}  // namespace pg_resty
