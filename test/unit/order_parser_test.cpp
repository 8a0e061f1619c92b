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
    const auto terms = parse_order(R"( a , "x.y".asc)");
    ASSERT_EQ(terms.size(), 2u);
    EXPECT_EQ(terms[0].column, "a");
    EXPECT_EQ(terms[1].column, "x.y");
    EXPECT_EQ(terms[1].descending, std::optional<bool>(false));
}

// PostgREST's grammar checks for ',' or the end right after the modifiers, before the spaces
// that `lexeme` would skip: "a.desc , b" is an error there, and so here.
TEST(OrderParserErrors, SpaceAfterAModifier) {
    const ApiError e = catch_api_error([] { parse_order(" a.desc , b"); });
    EXPECT_EQ(e.message, "\"failed to parse order ( a.desc , b)\" (line 1, column 8)");
    EXPECT_EQ(e.details, "unexpected ' ' expecting delimiter (.), \",\" or end of input");
}

TEST(OrderParser, JsonPaths) {
    const auto terms = parse_order("data->>name.desc,data->0->x.nullsfirst,n->-1");
    ASSERT_EQ(terms.size(), 3u);
    EXPECT_EQ(terms[0].column, "data");
    ASSERT_EQ(terms[0].json_path.size(), 1u);
    EXPECT_TRUE(terms[0].json_path[0].as_text);
    EXPECT_EQ(terms[0].json_path[0].key, "name");
    EXPECT_EQ(terms[0].descending, std::optional<bool>(true));
    ASSERT_EQ(terms[1].json_path.size(), 2u);
    EXPECT_TRUE(terms[1].json_path[0].index);
    EXPECT_EQ(terms[1].json_path[0].key, "0");
    EXPECT_FALSE(terms[1].json_path[1].index);
    EXPECT_EQ(terms[1].nulls, NullsOrder::First);
    ASSERT_EQ(terms[2].json_path.size(), 1u);
    EXPECT_TRUE(terms[2].json_path[0].index);
    EXPECT_EQ(terms[2].json_path[0].key, "-1");
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
    EXPECT_EQ(e.details,
              "unexpected \"c\" expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
}

TEST(OrderParserErrors, UnknownNullsModifierAfterDirection) {
    const ApiError e = catch_api_error([] { parse_order("id.asc.nlsfst"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse order (id.asc.nlsfst)\" (line 1, column 8)");
    EXPECT_EQ(e.details, "unexpected \"l\" expecting \"nullsfirst\" or \"nullslast\"");
}

TEST(OrderParserErrors, TrailingGarbageAfterModifier) {
    const ApiError e = catch_api_error([] { parse_order("id.descc"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse order (id.descc)\" (line 1, column 8)");
    EXPECT_EQ(e.details, "unexpected 'c' expecting delimiter (.), \",\" or end of input");

    const ApiError e2 = catch_api_error([] { parse_order("id.nullslasttt"); });
    EXPECT_EQ(e2.message, "\"failed to parse order (id.nullslasttt)\" (line 1, column 13)");
}

TEST(OrderParserErrors, MissingFieldName) {
    const ApiError e = catch_api_error([] { parse_order("id,"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse order (id,)\" (line 1, column 4)");
    EXPECT_EQ(e.details, "unexpected end of input expecting field name (* or [a..z0..9_$])");

    const ApiError e2 = catch_api_error([] { parse_order(".desc"); });
    EXPECT_EQ(e2.message, "\"failed to parse order (.desc)\" (line 1, column 1)");
    EXPECT_EQ(e2.details, "unexpected \".\" expecting field name (* or [a..z0..9_$])");
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

TEST(OrderParser, EmbeddedResourceTerms) {
    const std::vector<OrderTerm> terms = parse_order("name,clients(data->x).desc.nullslast,id");
    ASSERT_EQ(terms.size(), 3u);
    EXPECT_TRUE(terms[0].relation.empty());
    EXPECT_EQ(terms[1].relation, "clients");
    EXPECT_EQ(terms[1].column, "data");
    ASSERT_EQ(terms[1].json_path.size(), 1u);
    EXPECT_EQ(terms[1].json_path[0].key, "x");
    EXPECT_EQ(terms[1].descending, std::optional<bool>(true));
    EXPECT_EQ(terms[1].nulls, NullsOrder::Last);
    EXPECT_EQ(terms[2].column, "id");
    EXPECT_TRUE(terms[2].relation.empty());
}

// PostgREST's doctest: a relation term takes one field.
TEST(OrderParserErrors, RelationTermWithTwoFields) {
    const ApiError e = catch_api_error([] { parse_order("clients(name,id)"); });
    EXPECT_EQ(e.message, "\"failed to parse order (clients(name,id))\" (line 1, column 8)");
    EXPECT_EQ(e.details,
              "unexpected '(' expecting letter, digit, \"-\", \"->>\", \"->\", delimiter (.), "
              "\",\" or end of input");
}

}  // namespace
}  // namespace pg_resty
