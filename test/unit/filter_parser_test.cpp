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
    const Filter f = parse_filter({"col"}, c.value);
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
    const Filter f = parse_filter({"name"}, "eq.a.b,c (d) \"e\"");
    EXPECT_EQ(f.op, FilterOp::Eq);
    EXPECT_EQ(f.value, "a.b,c (d) \"e\"");
}

TEST(FilterParser, EmptyValue) {
    const Filter f = parse_filter({"name"}, "eq.");
    EXPECT_EQ(f.op, FilterOp::Eq);
    EXPECT_EQ(f.value, "");
}

TEST(FilterParser, NotNegates) {
    const Filter f = parse_filter({"age"}, "not.gt.18");
    EXPECT_TRUE(f.negated);
    EXPECT_EQ(f.op, FilterOp::Gt);
    EXPECT_EQ(f.value, "18");
}

TEST(FilterParser, InList) {
    const Filter f = parse_filter({"id"}, "in.(1,2,3)");
    EXPECT_EQ(f.op, FilterOp::In);
    EXPECT_FALSE(f.negated);
    EXPECT_EQ(f.list, (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(f.value, "");
}

TEST(FilterParser, InListWithQuotedValuesContainingCommasAndParens) {
    const Filter f = parse_filter({"name"}, R"(in.("Hebdon,John","Williams,Mary","a)b",plain))");
    EXPECT_EQ(f.list, (std::vector<std::string>{"Hebdon,John", "Williams,Mary", "a)b", "plain"}));
}

TEST(FilterParser, InListQuotedValueWithEscapes) {
    const Filter f = parse_filter({"name"}, R"(in.("say \"hi\"","back\\slash"))");
    EXPECT_EQ(f.list, (std::vector<std::string>{"say \"hi\"", "back\\slash"}));
}

TEST(FilterParser, InListQuoteNotFollowedBySeparatorIsTakenLiterally) {
    const Filter f = parse_filter({"name"}, R"(in.("a"b,c))");
    EXPECT_EQ(f.list, (std::vector<std::string>{"\"a\"b", "c"}));
}

TEST(FilterParser, InListKeepsSpacesInsideItemsAndEmptyItems) {
    const Filter f = parse_filter({"name"}, "in.( a b ,,c)");
    EXPECT_EQ(f.list, (std::vector<std::string>{"a b ", "", "c"}));
}

TEST(FilterParser, InEmptyParentheses) {
    const Filter f = parse_filter({"id"}, "in.()");
    EXPECT_EQ(f.list, (std::vector<std::string>{""}));
}

TEST(FilterParser, NotIn) {
    const Filter f = parse_filter({"id"}, "not.in.(1,2)");
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
    const Filter f = parse_filter({"flag"}, GetParam().value);
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
    const Filter f = parse_filter({"c"}, "not.is.null");
    EXPECT_TRUE(f.negated);
    EXPECT_EQ(f.op, FilterOp::Is);
    EXPECT_EQ(f.is_value, IsValue::Null);
}

// --- the operators beyond comparisons -----------------------------------------------------------

INSTANTIATE_TEST_SUITE_P(
    MoreOperators, FilterParserSimpleOps,
    ::testing::Values(SimpleOpCase{"match.^a.*$", FilterOp::Match, "^a.*$"},
                      SimpleOpCase{"imatch.A", FilterOp::Imatch, "A"},
                      SimpleOpCase{"isdistinct.5", FilterOp::IsDistinct, "5"},
                      SimpleOpCase{"cs.{1,2}", FilterOp::Cs, "{1,2}"},
                      SimpleOpCase{"cd.{1}", FilterOp::Cd, "{1}"},
                      SimpleOpCase{"ov.[1,2]", FilterOp::Ov, "[1,2]"},
                      SimpleOpCase{"sl.(1,10)", FilterOp::Sl, "(1,10)"},
                      SimpleOpCase{"sr.(1,10)", FilterOp::Sr, "(1,10)"},
                      SimpleOpCase{"nxl.(1,10)", FilterOp::Nxl, "(1,10)"},
                      SimpleOpCase{"nxr.(1,10)", FilterOp::Nxr, "(1,10)"},
                      SimpleOpCase{"adj.(1,10)", FilterOp::Adj, "(1,10)"},
                      SimpleOpCase{"fts.cat & dog", FilterOp::Fts, "cat & dog"},
                      SimpleOpCase{"plfts.fat cat", FilterOp::Plfts, "fat cat"},
                      SimpleOpCase{"phfts.fat cat", FilterOp::Phfts, "fat cat"},
                      SimpleOpCase{"wfts.fat or cat", FilterOp::Wfts, "fat or cat"}),
    operator_name<SimpleOpCase>);

TEST(FilterParser, FtsLanguage) {
    const Filter f = parse_filter({"t"}, "fts(english).cats");
    EXPECT_EQ(f.op, FilterOp::Fts);
    EXPECT_EQ(f.language, std::optional<std::string>("english"));
    EXPECT_EQ(f.value, "cats");
    const Filter w = parse_filter({"t"}, "not.wfts(simple).a b");
    EXPECT_TRUE(w.negated);
    EXPECT_EQ(w.op, FilterOp::Wfts);
    EXPECT_EQ(w.language, std::optional<std::string>("simple"));
    EXPECT_EQ(parse_filter({"t"}, "plfts.x").language, std::nullopt);
}

TEST(FilterParser, Quantifiers) {
    for (const char* op : {"eq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch"}) {
        const Filter any = parse_filter({"c"}, std::string(op) + "(any).{1,2}");
        EXPECT_EQ(any.quantifier, Quantifier::Any) << op;
        EXPECT_EQ(any.value, "{1,2}") << op;
        const Filter all = parse_filter({"c"}, std::string("not.") + op + "(all).{a}");
        EXPECT_EQ(all.quantifier, Quantifier::All) << op;
        EXPECT_TRUE(all.negated) << op;
    }
    EXPECT_EQ(parse_filter({"c"}, "eq.{1}").quantifier, Quantifier::None);
}

TEST(FilterParserErrors, QuantifiersOnlyApplyToSomeOperators) {
    // neq and the array/range operators take no quantifier in PostgREST's grammar.
    for (const char* value : {"neq(any).{1}", "cs(any).{1}", "isdistinct(any).{1}"}) {
        const ApiError e = catch_api_error([&] { parse_filter({"c"}, value); });
        EXPECT_EQ(e.code, "PGRST100") << value;
        EXPECT_EQ(e.details, "unexpected \"(\" expecting operator (eq, gt, ...)") << value;
    }
    const ApiError e = catch_api_error([] { parse_filter({"c"}, "eq(some).{1}"); });
    EXPECT_EQ(e.message, "\"failed to parse filter (eq(some).{1})\" (line 1, column 4)");
    EXPECT_EQ(e.details, "unexpected \"s\" expecting operator (eq, gt, ...)");
}

TEST(FilterParser, IsNotNull) {
    const Filter f = parse_filter({"c"}, "is.not_null");
    EXPECT_EQ(f.op, FilterOp::Is);
    EXPECT_EQ(f.is_value, IsValue::NotNull);
    EXPECT_EQ(parse_filter({"c"}, "is.NOT_NULL").is_value, IsValue::NotNull);
}

TEST(FilterParser, TextAfterAnInListOrIsValueIsIgnored) {
    // PostgREST's parser has no end-of-input check.
    EXPECT_EQ(parse_filter({"c"}, "in.(1,2)xyz").list, (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(parse_filter({"c"}, "is.truex").is_value, IsValue::True);
}

TEST(FilterParser, InListIgnoresSpacesAroundParentheses) {
    EXPECT_EQ(parse_filter({"c"}, "in.(    )").list, (std::vector<std::string>{""}));
    EXPECT_EQ(parse_filter({"c"}, "in.( ,3,4)").list, (std::vector<std::string>{"", "3", "4"}));
}

TEST(FilterParser, ValuesKeepTheirBytes) {
    // Invalid UTF-8 is the database's to reject (22021); the parser keeps it as it came.
    EXPECT_EQ(parse_filter({"c"},
                           "eq.a\xFF"
                           "b")
                  .value,
              "a\xFF"
              "b");
    EXPECT_EQ(parse_filter({"c"}, "in.(\"\xC3\xA9\\\"\",\xFF)").list,
              (std::vector<std::string>{"\xC3\xA9\"", "\xFF"}));
}

// --- errors ---------------------------------------------------------------------------------

// PostgREST's doctest: parse False "a.b=noop.0".
TEST(FilterParserErrors, UnknownOperator) {
    const ApiError e = catch_api_error([] { parse_filter({"a"}, "noop.0"); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (noop.0)\" (line 1, column 1)");
    EXPECT_EQ(e.details, "unexpected \"o\" expecting \"not\" or operator (eq, gt, ...)");
}

TEST(FilterParserErrors, MissingDelimiter) {
    // The quantifier and the delimiter fail at the end; `<?>` relabels the whole operation.
    const ApiError e = catch_api_error([] { parse_filter({"a"}, "eq"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (eq)\" (line 1, column 3)");
    EXPECT_EQ(e.details, "unexpected end of input expecting operator (eq, gt, ...)");
}

TEST(FilterParserErrors, InvalidIsValue) {
    const ApiError e = catch_api_error([] { parse_filter({"a"}, "is.maybe"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (is.maybe)\" (line 1, column 4)");
    EXPECT_EQ(e.details,
              "unexpected \"m\" expecting isVal: (null, not_null, true, false, unknown)");

    // A partly matched value fails where it stops matching.
    const ApiError e2 = catch_api_error([] { parse_filter({"a"}, "is.nulx"); });
    EXPECT_EQ(e2.message, "\"failed to parse filter (is.nulx)\" (line 1, column 7)");
    EXPECT_EQ(e2.details,
              "unexpected \"x\" expecting isVal: (null, not_null, true, false, unknown)");
}

// PostgREST's doctests of pOpExpr.
TEST(FilterParserErrors, EmptyParenthesesAfterAnOperator) {
    struct Case {
        const char* value;
        const char* message;
        const char* details;
    };
    for (const Case& c : {
             Case{"fts().value", "\"failed to parse filter (fts().value)\" (line 1, column 5)",
                  "unexpected \")\" expecting operator (eq, gt, ...)"},
             Case{"eq().value", "\"failed to parse filter (eq().value)\" (line 1, column 4)",
                  "unexpected \")\" expecting operator (eq, gt, ...)"},
             Case{"is().value", "\"failed to parse filter (is().value)\" (line 1, column 3)",
                  "unexpected \"(\" expecting operator (eq, gt, ...)"},
             Case{"in().value", "\"failed to parse filter (in().value)\" (line 1, column 3)",
                  "unexpected \"(\" expecting operator (eq, gt, ...)"},
             Case{"val", "\"failed to parse filter (val)\" (line 1, column 1)",
                  "unexpected \"v\" expecting \"not\" or operator (eq, gt, ...)"},
         }) {
        const ApiError e = catch_api_error([&] { parse_filter({"a"}, c.value); });
        EXPECT_EQ(e.code, "PGRST100") << c.value;
        EXPECT_EQ(e.message, c.message) << c.value;
        EXPECT_EQ(e.details, c.details) << c.value;
    }
}

TEST(FilterParserErrors, InWithoutParenthesis) {
    const ApiError e = catch_api_error([] { parse_filter({"a"}, "in.1,2"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (in.1,2)\" (line 1, column 4)");
    EXPECT_EQ(e.details, "unexpected \"1\" expecting \"(\"");

    const ApiError end = catch_api_error([] { parse_filter({"a"}, "in."); });
    EXPECT_EQ(end.details, "unexpected end of input expecting \"(\"");
}

TEST(FilterParserErrors, UnterminatedInList) {
    const ApiError e = catch_api_error([] { parse_filter({"a"}, "in.(1,2"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (in.(1,2)\" (line 1, column 8)");
    EXPECT_EQ(e.details, "unexpected end of input expecting \",\" or \")\"");
}

TEST(FilterParserErrors, DoubleNot) {
    const ApiError e = catch_api_error([] { parse_filter({"a"}, "not.not.eq.1"); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (not.not.eq.1)\" (line 1, column 5)");
    EXPECT_EQ(e.details, "unexpected \"n\" expecting operator (eq, gt, ...)");
}

TEST(FilterParserErrors, TooManyListValues) {
    std::string value = "in.(0";
    for (int i = 1; i <= 10000; ++i) {
        value += "," + std::to_string(i);
    }
    value += ")";
    const ApiError e = catch_api_error([&] { parse_filter({"id"}, value); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "too many values in list (at most 10000)");
}

// --- looks_like_filter --------------------------------------------------------------------------

TEST(LooksLikeFilter, RecognisesOperators) {
    for (const char* value :
         {"eq.1",        "neq.1",        "gt.1",     "gte.1",          "lt.1",           "lte.1",
          "like.a",      "ilike.a",      "in.(1)",   "is.null",        "not.eq.1",       "not.x",
          "cs.{1}",      "isdistinct.1", "fts.a",    "fts(english).a", "wfts(simple).a", "eq",
          "is",          "match.x",      "imatch.x", "cd.{1}",         "ov.{1}",         "sl.x",
          "sr.x",        "nxl.x",        "nxr.x",    "adj.x",          "plfts.x",        "phfts.x",
          "eq(any).{1}", "like(all).{a}"}) {
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
