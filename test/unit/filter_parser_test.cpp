#include "api/filter_parser.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

struct SimpleOpCase {
    const char* value;
    FilterOp op;
    const char* operand;
};

void PrintTo(const SimpleOpCase& c, std::ostream* os) {
    *os << c.value;
}

// A test name from the operator ("eq.1" -> "eq").
template <typename Case>
std::string operator_name(const ::testing::TestParamInfo<Case>& info) {
    std::string name;
    for (const char* p = info.param.value; *p != '\0'; ++p) {
        const char c = *p;
        const bool word =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        name.push_back(word ? c : '_');
    }
    return name + "_" + std::to_string(info.index);
}

class FilterParserSimpleOps : public ::testing::TestWithParam<SimpleOpCase> {};

TEST_P(FilterParserSimpleOps, ParsesOperatorAndValue) {
    const SimpleOpCase& c = GetParam();
    const Filter f = parse_filter("col", c.value);
    EXPECT_EQ(f.column, "col");
    EXPECT_FALSE(f.negated);
    EXPECT_EQ(f.op, c.op);
    EXPECT_EQ(f.value, c.operand);
    EXPECT_TRUE(f.list.empty());
}

INSTANTIATE_TEST_SUITE_P(AllSimpleOperators, FilterParserSimpleOps,
                         ::testing::Values(SimpleOpCase{"eq.1", FilterOp::Eq, "1"},
                                           SimpleOpCase{"neq.abc", FilterOp::Neq, "abc"},
                                           SimpleOpCase{"gt.10", FilterOp::Gt, "10"},
                                           SimpleOpCase{"gte.-5", FilterOp::Gte, "-5"},
                                           SimpleOpCase{"lt.2024-01-01", FilterOp::Lt,
                                                        "2024-01-01"},
                                           SimpleOpCase{"lte.3.5", FilterOp::Lte, "3.5"},
                                           SimpleOpCase{"like.*abc*", FilterOp::Like, "*abc*"},
                                           SimpleOpCase{"ilike.A%", FilterOp::Ilike, "A%"}),
                         operator_name<SimpleOpCase>);

TEST(FilterParser, ValueIsEverythingAfterTheFirstDotVerbatim) {
    const Filter f = parse_filter("name", "eq.a.b,c (d) \"e\"");
    EXPECT_EQ(f.op, FilterOp::Eq);
    EXPECT_EQ(f.value, "a.b,c (d) \"e\"");
}

TEST(FilterParser, EmptyValue) {
    const Filter f = parse_filter("name", "eq.");
    EXPECT_EQ(f.op, FilterOp::Eq);
    EXPECT_EQ(f.value, "");
}

TEST(FilterParser, NotNegates) {
    const Filter f = parse_filter("age", "not.gt.18");
    EXPECT_TRUE(f.negated);
    EXPECT_EQ(f.op, FilterOp::Gt);
    EXPECT_EQ(f.value, "18");
}

TEST(FilterParser, InList) {
    const Filter f = parse_filter("id", "in.(1,2,3)");
    EXPECT_EQ(f.op, FilterOp::In);
    EXPECT_FALSE(f.negated);
    EXPECT_EQ(f.list, (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(f.value, "");
}

TEST(FilterParser, InListWithQuotedValuesContainingCommasAndParens) {
    const Filter f = parse_filter("name", R"(in.("Hebdon,John","Williams,Mary","a)b",plain))");
    EXPECT_EQ(f.list, (std::vector<std::string>{"Hebdon,John", "Williams,Mary", "a)b", "plain"}));
}

TEST(FilterParser, InListQuotedValueWithEscapes) {
    const Filter f = parse_filter("name", R"(in.("say \"hi\"","back\\slash"))");
    EXPECT_EQ(f.list, (std::vector<std::string>{"say \"hi\"", "back\\slash"}));
}

TEST(FilterParser, InListQuoteNotFollowedBySeparatorIsTakenLiterally) {
    const Filter f = parse_filter("name", R"(in.("a"b,c))");
    EXPECT_EQ(f.list, (std::vector<std::string>{"\"a\"b", "c"}));
}

TEST(FilterParser, InListKeepsSpacesInsideItemsAndEmptyItems) {
    const Filter f = parse_filter("name", "in.( a b ,,c)");
    EXPECT_EQ(f.list, (std::vector<std::string>{"a b ", "", "c"}));
}

TEST(FilterParser, InEmptyParentheses) {
    const Filter f = parse_filter("id", "in.()");
    EXPECT_EQ(f.list, (std::vector<std::string>{""}));
}

TEST(FilterParser, NotIn) {
    const Filter f = parse_filter("id", "not.in.(1,2)");
    EXPECT_TRUE(f.negated);
    EXPECT_EQ(f.op, FilterOp::In);
    EXPECT_EQ(f.list, (std::vector<std::string>{"1", "2"}));
}

struct IsCase {
    const char* value;
    IsValue expected;
};

void PrintTo(const IsCase& c, std::ostream* os) {
    *os << c.value;
}

class FilterParserIs : public ::testing::TestWithParam<IsCase> {};

TEST_P(FilterParserIs, ParsesTrileanAndNullValues) {
    const Filter f = parse_filter("flag", GetParam().value);
    EXPECT_EQ(f.op, FilterOp::Is);
    EXPECT_EQ(f.is_value, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    AllIsValues, FilterParserIs,
    ::testing::Values(IsCase{"is.null", IsValue::Null}, IsCase{"is.NULL", IsValue::Null},
                      IsCase{"is.not_null", IsValue::NotNull}, IsCase{"is.true", IsValue::True},
                      IsCase{"is.TRUE", IsValue::True}, IsCase{"is.false", IsValue::False},
                      IsCase{"is.unknown", IsValue::Unknown},
                      // A prefix match, as PostgREST's parser does.
                      IsCase{"is.nullish", IsValue::Null}),
    operator_name<IsCase>);

TEST(FilterParser, NotIsNull) {
    const Filter f = parse_filter("c", "not.is.null");
    EXPECT_TRUE(f.negated);
    EXPECT_EQ(f.op, FilterOp::Is);
    EXPECT_EQ(f.is_value, IsValue::Null);
}

// --- errors ---------------------------------------------------------------------------------

TEST(FilterParserErrors, UnknownOperator) {
    const ApiError e = catch_api_error([] { parse_filter("a", "noop.0"); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (noop.0)\" (line 1, column 6)");
    EXPECT_EQ(e.details, "unknown single value operator noop");
}

TEST(FilterParserErrors, MissingDelimiter) {
    const ApiError e = catch_api_error([] { parse_filter("a", "eq"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (eq)\" (line 1, column 3)");
    EXPECT_EQ(e.details, "unexpected end of input expecting delimiter (.)");
}

TEST(FilterParserErrors, InvalidIsValue) {
    const ApiError e = catch_api_error([] { parse_filter("a", "is.maybe"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (is.maybe)\" (line 1, column 4)");
    EXPECT_EQ(e.details, "unexpected \"m\" expecting null or trilean value (unknown, true, false)");
}

TEST(FilterParserErrors, InWithoutParenthesis) {
    const ApiError e = catch_api_error([] { parse_filter("a", "in.1,2"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (in.1,2)\" (line 1, column 4)");
    EXPECT_EQ(e.details, "unexpected \"1\" expecting \"(\"");

    const ApiError end = catch_api_error([] { parse_filter("a", "in."); });
    EXPECT_EQ(end.details, "unexpected end of input expecting \"(\"");
}

TEST(FilterParserErrors, UnterminatedInList) {
    const ApiError e = catch_api_error([] { parse_filter("a", "in.(1,2"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (in.(1,2)\" (line 1, column 8)");
    EXPECT_EQ(e.details, "unexpected end of input expecting \",\" or \")\"");
}

TEST(FilterParserErrors, DoubleNot) {
    const ApiError e = catch_api_error([] { parse_filter("a", "not.not.eq.1"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "unknown single value operator not");
}

TEST(FilterParserErrors, TooManyListValues) {
    std::string value = "in.(0";
    for (int i = 1; i <= 10000; ++i) {
        value += "," + std::to_string(i);
    }
    value += ")";
    const ApiError e = catch_api_error([&] { parse_filter("id", value); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "too many values in list (at most 10000)");
}

// --- operators not served yet -----------------------------------------------------------------

TEST(FilterParserNotImplemented, PendingOperatorsAnswerPGRST127) {
    for (const char* value :
         {"cs.{1,2}", "cd.{1}", "ov.[1,2]", "sl.(1,10)", "sr.(1,10)", "nxl.(1,10)", "nxr.(1,10)",
          "adj.(1,10)", "match.^a", "imatch.^a", "isdistinct.1", "fts.cat", "plfts.cat",
          "phfts.cat", "wfts.cat", "fts(english).cat", "not.cs.{1}"}) {
        const ApiError e = catch_api_error([&] { parse_filter("c", value); });
        EXPECT_EQ(e.status, 400) << value;
        EXPECT_EQ(e.code, "PGRST127") << value;
        EXPECT_EQ(e.message, "Feature not implemented") << value;
    }
    const ApiError e = catch_api_error([] { parse_filter("c", "cs.{1}"); });
    EXPECT_EQ(e.details, "the 'cs' filter operator is not supported yet");
}

// --- looks_like_filter --------------------------------------------------------------------------

TEST(LooksLikeFilter, RecognisesOperators) {
    for (const char* value :
         {"eq.1", "neq.1", "gt.1", "gte.1", "lt.1", "lte.1", "like.a", "ilike.a", "in.(1)",
          "is.null", "not.eq.1", "not.x", "cs.{1}", "isdistinct.1", "fts.a", "fts(english).a",
          "wfts(simple).a", "eq", "is"}) {
        EXPECT_TRUE(looks_like_filter(value)) << value;
    }
}

TEST(LooksLikeFilter, PlainValuesAreNotFilters) {
    for (const char* value :
         {"", "1", "hello", "hello.world", "not", "equal.1", "EQ.1", "(1,2)", "foo(bar).x"}) {
        EXPECT_FALSE(looks_like_filter(value)) << value;
    }
}

}  // namespace
}  // namespace pg_resty
