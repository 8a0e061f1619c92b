#include "api/order_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

TEST(OrderParser, BareColumnHasNoDirectionOrNullsOrder) {
    const auto terms = parse_order("id");
    ASSERT_EQ(terms.size(), 1u);
    EXPECT_EQ(terms[0].column, "id");
    EXPECT_FALSE(terms[0].descending.has_value());
    EXPECT_EQ(terms[0].nulls, NullsOrder::Default);
}

TEST(OrderParser, AscAndDesc) {
    const auto terms = parse_order("a.asc,b.desc");
    ASSERT_EQ(terms.size(), 2u);
    EXPECT_EQ(terms[0].column, "a");
    ASSERT_TRUE(terms[0].descending.has_value());
    EXPECT_FALSE(*terms[0].descending);
    EXPECT_EQ(terms[1].column, "b");
    ASSERT_TRUE(terms[1].descending.has_value());
    EXPECT_TRUE(*terms[1].descending);
}

TEST(OrderParser, NullsFirstAndLastWithoutDirection) {
    const auto terms = parse_order("a.nullsfirst,b.nullslast");
    ASSERT_EQ(terms.size(), 2u);
    EXPECT_FALSE(terms[0].descending.has_value());
    EXPECT_EQ(terms[0].nulls, NullsOrder::First);
    EXPECT_FALSE(terms[1].descending.has_value());
    EXPECT_EQ(terms[1].nulls, NullsOrder::Last);
}

TEST(OrderParser, DirectionAndNulls) {
    const auto terms = parse_order("name.desc.nullsfirst,id.asc.nullslast");
    ASSERT_EQ(terms.size(), 2u);
    EXPECT_EQ(terms[0].column, "name");
    EXPECT_EQ(terms[0].descending, std::optional<bool>(true));
    EXPECT_EQ(terms[0].nulls, NullsOrder::First);
    EXPECT_EQ(terms[1].column, "id");
    EXPECT_EQ(terms[1].descending, std::optional<bool>(false));
    EXPECT_EQ(terms[1].nulls, NullsOrder::Last);
}

TEST(OrderParser, SpacesAroundTermsAndQuotedNames) {
    const auto terms = parse_order(R"( a.desc , "x.y".asc)");
    ASSERT_EQ(terms.size(), 2u);
    EXPECT_EQ(terms[0].column, "a");
    EXPECT_EQ(terms[1].column, "x.y");
    EXPECT_EQ(terms[1].descending, std::optional<bool>(false));
}

TEST(OrderParser, DashedColumn) {
    const auto terms = parse_order("nic-hdl.desc");
    ASSERT_EQ(terms.size(), 1u);
    EXPECT_EQ(terms[0].column, "nic-hdl");
    EXPECT_EQ(terms[0].descending, std::optional<bool>(true));
}

// --- errors, as PostgREST's doctests report them ------------------------------------------------

TEST(OrderParserErrors, UnknownModifier) {
    const ApiError e = catch_api_error([] { parse_order("id.ac"); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse order (id.ac)\" (line 1, column 4)");
    EXPECT_EQ(e.details, "expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
}

TEST(OrderParserErrors, UnknownNullsModifierAfterDirection) {
    const ApiError e = catch_api_error([] { parse_order("id.asc.nlsfst"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse order (id.asc.nlsfst)\" (line 1, column 8)");
    EXPECT_EQ(e.details, "expecting \"nullsfirst\" or \"nullslast\"");
}

TEST(OrderParserErrors, TrailingGarbageAfterModifier) {
    const ApiError e = catch_api_error([] { parse_order("id.descc"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse order (id.descc)\" (line 1, column 8)");
    EXPECT_EQ(e.details, "unexpected 'c' expecting \",\" or end of input");

    const ApiError e2 = catch_api_error([] { parse_order("id.nullslasttt"); });
    EXPECT_EQ(e2.message, "\"failed to parse order (id.nullslasttt)\" (line 1, column 13)");
}

TEST(OrderParserErrors, MissingFieldName) {
    const ApiError e = catch_api_error([] { parse_order("id,"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse order (id,)\" (line 1, column 4)");
    EXPECT_EQ(e.details, "expecting field name (* or [a..z0..9_$])");

    const ApiError e2 = catch_api_error([] { parse_order(".desc"); });
    EXPECT_EQ(e2.message, "\"failed to parse order (.desc)\" (line 1, column 1)");
}

TEST(OrderParserErrors, TooManyTerms) {
    std::string text = "a";
    for (int i = 0; i < 100; ++i) {
        text += ",a";
    }
    const ApiError e = catch_api_error([&] { parse_order(text); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "too many order terms (at most 100)");
    EXPECT_EQ(parse_order(text.substr(2)).size(), 100u);
}

TEST(OrderParserNotImplemented, JsonPathsAndRelations) {
    for (const char* text : {"data->key.desc", "clients(name).desc"}) {
        const ApiError e = catch_api_error([&] { parse_order(text); });
        EXPECT_EQ(e.code, "PGRST127") << text;
        EXPECT_EQ(e.details, "JSON paths and embedded columns in order are not supported yet")
            << text;
    }
}

}  // namespace
}  // namespace pg_resty
