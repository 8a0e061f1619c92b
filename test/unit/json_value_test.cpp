#include "common/json_value.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pg_resty {
namespace {

TEST(ParseJson, ScalarsKeepTheirText) {
    EXPECT_EQ(parse_json("null").kind, JsonValue::Kind::Null);
    const JsonValue t = parse_json(" true ");
    EXPECT_EQ(t.kind, JsonValue::Kind::Bool);
    EXPECT_TRUE(t.boolean);
    EXPECT_FALSE(parse_json("false").boolean);
    const JsonValue n = parse_json("-12.50e+3");
    EXPECT_EQ(n.kind, JsonValue::Kind::Number);
    EXPECT_EQ(n.text, "-12.50e+3");
    const JsonValue s = parse_json(R"("a\"b\\c\/\n\u00e9\ud83d\ude00")");
    EXPECT_EQ(s.kind, JsonValue::Kind::String);
    EXPECT_EQ(s.text, "a\"b\\c/\n\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(ParseJson, ObjectsKeepOrderAndFindFirst) {
    const JsonValue v = parse_json(R"({"b": 1, "a": [true, null, {"x": "y"}], "b": 2})");
    ASSERT_EQ(v.kind, JsonValue::Kind::Object);
    ASSERT_EQ(v.members.size(), 3u);
    EXPECT_EQ(v.members[0].first, "b");
    EXPECT_EQ(v.members[1].first, "a");
    ASSERT_NE(v.find("b"), nullptr);
    EXPECT_EQ(v.find("b")->text, "1");
    EXPECT_EQ(v.find("missing"), nullptr);
    const JsonValue& a = *v.find("a");
    ASSERT_EQ(a.items.size(), 3u);
    EXPECT_EQ(a.items[2].find("x")->text, "y");
    EXPECT_TRUE(parse_json("{}").members.empty());
    EXPECT_TRUE(parse_json("[ ]").items.empty());
}

TEST(ParseJson, RejectsInvalidDocuments) {
    for (const char* bad : {"",          " ",       "{",          "[1,]",        "{\"a\":}",
                            "{\"a\" 1}", "{a:1}",   "01",         "1.",          ".5",
                            "-",         "1e",      "+1",         "tru",         "nul",
                            "\"abc",     "\"\\x\"", "\"\\u12\"",  "\"\\ud800\"", "\"\\udc00\"",
                            "\"a\tb\"",  "[1] 2",   "{\"a\":1,}", "\"\xC3\"",    "\"\xC0\xAF\"",
                            "NaN",       "'a'"}) {
        EXPECT_THROW(parse_json(bad), JsonError) << bad;
        EXPECT_FALSE(is_json(bad)) << bad;
    }
}

TEST(ParseJson, ErrorsSayWhere) {
    try {
        parse_json("{\"a\": tx}");
        FAIL();
    } catch (const JsonError& error) {
        EXPECT_STREQ(error.what(), "unexpected character at byte 6");
    }
}

TEST(ParseJson, DepthIsBounded) {
    EXPECT_NO_THROW(parse_json("[[[1]]]", 3));
    EXPECT_THROW(parse_json("[[[[1]]]]", 3), JsonError);
    EXPECT_THROW(parse_json(std::string(100000, '['), 64), JsonError);
}

TEST(IsJson, AcceptsValidDocumentsOfAnyDepth) {
    for (const char* good : {"0", "-0.5E-7", "\"\"", "[]", "{}", " {\"a\" : [1, {\"b\": null}]} ",
                             "[true,false,null]", "\"\xF0\x9F\x98\x80\""}) {
        EXPECT_TRUE(is_json(good)) << good;
        EXPECT_NO_THROW(parse_json(good)) << good;
    }
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_TRUE(is_json(deep));
    EXPECT_FALSE(is_json(std::string(100000, '[') + std::string(99999, ']')));
    EXPECT_FALSE(is_json("plain text"));
    EXPECT_FALSE(is_json("{\"a\":1} trailing"));
}

TEST(IsJson, RejectsEmbeddedNul) {
    EXPECT_FALSE(is_json(std::string("[1,\0 2]", 7)));
    EXPECT_FALSE(is_json(std::string("\"a\0\"", 4)));
}

}  // namespace
}  // namespace pg_resty

namespace pg_resty {
namespace {

// Mutations of valid documents (fixed seed): the validator and the tree builder never crash
// and always agree on what is JSON.
TEST(JsonReaders, AgreeOnMutatedDocuments) {
    const std::vector<std::string> seeds = {
        R"({"a": [1, 2.5e-3, -0, true, false, null], "b": {"c": "d\"\\\/\b\f\n\r\t\u00e9"}})",
        R"([{"x": "\ud83d\ude00"}, [], {}, "", 0])",
        "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"",
        "  123  ",
    };
    const std::string alphabet = "{}[]\":,.-+eE0123456789tfnrulas\\/ \t\n\x80\xC3\xA9\xFF\x00";
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    const auto next = [&state]() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (int round = 0; round < 20000; ++round) {
        std::string text = seeds[next() % seeds.size()];
        const int edits = 1 + static_cast<int>(next() % 4);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const size_t at = next() % text.size();
            const char c = alphabet[next() % alphabet.size()];
            switch (next() % 3) {
                case 0:
                    text[at] = c;
                    break;
                case 1:
                    text.insert(text.begin() + static_cast<long>(at), c);
                    break;
                default:
                    text.erase(at, 1);
            }
        }
        bool parsed = true;
        try {
            parse_json(text, 64);
        } catch (const JsonError&) {
            parsed = false;
        }
        EXPECT_EQ(is_json(text), parsed) << text;
    }
}

}  // namespace
}  // namespace pg_resty
