#include "api/logic_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

LogicTree parse(std::string_view key, std::string_view value) {
    LogicParam p = parse_logic_param(key, value);
    EXPECT_TRUE(p.embed.empty());
    return p.tree;
}

TEST(LogicParser, SimpleOr) {
    const LogicTree t = parse("or", "(id.eq.1,id.eq.2)");
    EXPECT_EQ(t.kind, LogicTree::Kind::Or);
    EXPECT_FALSE(t.negated);
    ASSERT_EQ(t.children.size(), 2u);
    EXPECT_EQ(t.children[0].kind, LogicTree::Kind::Filter);
    EXPECT_EQ(t.children[0].filter.column, "id");
    EXPECT_EQ(t.children[0].filter.op, FilterOp::Eq);
    EXPECT_EQ(t.children[0].filter.value, "1");
    EXPECT_EQ(t.children[1].filter.value, "2");
}

TEST(LogicParser, NegatedKeys) {
    const LogicTree t = parse("not.and", "(a.gt.1)");
    EXPECT_EQ(t.kind, LogicTree::Kind::And);
    EXPECT_TRUE(t.negated);
}

TEST(LogicParser, NestedAndNegatedExpressions) {
    const LogicTree t =
        parse("or", "(not.and(name.eq.a,id.eq.2),and(name.eq.b,not.or(x.is.null)))");
    ASSERT_EQ(t.children.size(), 2u);
    EXPECT_EQ(t.children[0].kind, LogicTree::Kind::And);
    EXPECT_TRUE(t.children[0].negated);
    EXPECT_FALSE(t.children[1].negated);
    ASSERT_EQ(t.children[1].children.size(), 2u);
    const LogicTree& inner = t.children[1].children[1];
    EXPECT_EQ(inner.kind, LogicTree::Kind::Or);
    EXPECT_TRUE(inner.negated);
    EXPECT_EQ(inner.children[0].filter.op, FilterOp::Is);
}

TEST(LogicParser, OperatorsInsideTrees) {
    const LogicTree t =
        parse("and",
              "(id.not.in.(1,3),arr.cs.{1,2,3},r.adj.(3,t.fts(english).a b,j->a->>b.eq.x,"
              "n.like(any).{a*,b*},d.isdistinct.{1,2},f.not.is.not_null)");
    ASSERT_EQ(t.children.size(), 8u);
    const Filter& in = t.children[0].filter;
    EXPECT_TRUE(in.negated);
    EXPECT_EQ(in.op, FilterOp::In);
    EXPECT_EQ(in.list, (std::vector<std::string>{"1", "3"}));
    // A {...} array literal keeps its commas.
    EXPECT_EQ(t.children[1].filter.op, FilterOp::Cs);
    EXPECT_EQ(t.children[1].filter.value, "{1,2,3}");
    // A plain value ends at the first ',' (ranges are quoted, see below).
    EXPECT_EQ(t.children[2].filter.op, FilterOp::Adj);
    EXPECT_EQ(t.children[2].filter.value, "(3");
    EXPECT_EQ(t.children[3].filter.op, FilterOp::Fts);
    EXPECT_EQ(t.children[3].filter.language, std::optional<std::string>("english"));
    EXPECT_EQ(t.children[3].filter.value, "a b");
    EXPECT_EQ(t.children[4].filter.column, "j");
    ASSERT_EQ(t.children[4].filter.json_path.size(), 2u);
    EXPECT_EQ(t.children[5].filter.quantifier, Quantifier::Any);
    EXPECT_EQ(t.children[5].filter.value, "{a*,b*}");
    EXPECT_EQ(t.children[6].filter.op, FilterOp::IsDistinct);
    EXPECT_EQ(t.children[6].filter.value, "{1,2}");
    EXPECT_EQ(t.children[7].filter.is_value, IsValue::NotNull);
    EXPECT_TRUE(t.children[7].filter.negated);
}

TEST(LogicParser, RangeValuesNeedQuotes) {
    // As in PostgREST, a range with a comma is quoted inside a logic tree.
    const LogicTree t = parse("or", "(r.ov.\"(1,10)\",r.adj.\"[3,4]\")");
    EXPECT_EQ(t.children[0].filter.value, "(1,10)");
    EXPECT_EQ(t.children[1].filter.value, "[3,4]");
}

TEST(LogicParser, QuotedValuesWithEscapes) {
    const LogicTree t =
        parse("or", R"x((name.eq."(grandchild,entity,4)",name.like."*ity,4*",n.eq."a\"b\\c"))x");
    EXPECT_EQ(t.children[0].filter.value, "(grandchild,entity,4)");
    EXPECT_EQ(t.children[1].filter.value, "*ity,4*");
    EXPECT_EQ(t.children[2].filter.value, "a\"b\\c");
}

TEST(LogicParser, QuoteNotFollowedBySeparatorIsLiteral) {
    const LogicTree t = parse("or", R"((n.eq."a"b,n.eq.c))");
    EXPECT_EQ(t.children[0].filter.value, "\"a\"b");
}

TEST(LogicParser, WhitespaceIsAllowedAroundItems) {
    // PostgREST's AndOrParamsSpec: "allows whitespace".
    const LogicTree t =
        parse("and", "( and ( id.in.( 1, 2, 3 ) , id.eq.3 ) , or ( id.eq.2 , id.eq.3 ) )");
    ASSERT_EQ(t.children.size(), 2u);
    EXPECT_EQ(t.children[0].children[0].filter.list, (std::vector<std::string>{"1", " 2", " 3 "}));
    EXPECT_EQ(t.children[0].children[1].filter.value, "3 ");
}

TEST(LogicParser, TextAfterTheTreeIsIgnored) {
    // PostgREST's AndOrParamsSpec: "?and=(id.eq.1,id.neq.2))" works.
    const LogicTree t = parse("and", "(id.eq.1,id.neq.2))");
    EXPECT_EQ(t.children.size(), 2u);
}

TEST(LogicParser, ColumnsStartingWithAndOr) {
    const LogicTree t = parse("or", "(and_starting_col.eq.smth, or_starting_col.eq.smth)");
    EXPECT_EQ(t.children[0].filter.column, "and_starting_col");
    EXPECT_EQ(t.children[1].filter.column, "or_starting_col");
}

TEST(LogicParser, EmbeddedKeys) {
    const LogicParam p = parse_logic_param("clients.projects.not.or", "(id.eq.1)");
    EXPECT_EQ(p.embed, (std::vector<std::string>{"clients", "projects"}));
    EXPECT_TRUE(p.tree.negated);
}

// --- errors: PostgREST's doctests and specs
// -------------------------------------------------------

struct ErrorCase {
    const char* key;
    const char* value;
    const char* message;
    const char* details;
};

void PrintTo(const ErrorCase& c, std::ostream* os) {
    *os << c.key << "=" << c.value;
}

class LogicParserErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(LogicParserErrors, AsPostgrestReportsThem) {
    const ErrorCase& c = GetParam();
    const ApiError e = catch_api_error([&] { parse_logic_param(c.key, c.value); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, c.message);
    EXPECT_EQ(e.details, c.details);
}

INSTANTIATE_TEST_SUITE_P(
    Doctests, LogicParserErrors,
    ::testing::Values(
        ErrorCase{"or", "()", "\"failed to parse logic tree (())\" (line 1, column 4)",
                  "unexpected \")\" expecting field name (* or [a..z0..9_$]), negation operator "
                  "(not) or logic operator (and, or)"},
        ErrorCase{"or", "(id.in.1,2,id.eq.3)",
                  "\"failed to parse logic tree ((id.in.1,2,id.eq.3))\" (line 1, column 10)",
                  "unexpected \"1\" expecting \"(\""},
        ErrorCase{"or", ")(", "\"failed to parse logic tree ()()\" (line 1, column 3)",
                  "unexpected \")\" expecting \"(\""},
        ErrorCase{"and", "(ord(id.eq.1,id.eq.1),id.eq.2)",
                  "\"failed to parse logic tree ((ord(id.eq.1,id.eq.1),id.eq.2))\" (line 1, "
                  "column 7)",
                  "unexpected \"d\" expecting \"(\""},
        ErrorCase{"or", "(id.eq.1,not.xor(id.eq.2,id.eq.3))",
                  "\"failed to parse logic tree ((id.eq.1,not.xor(id.eq.2,id.eq.3)))\" (line 1, "
                  "column 16)",
                  "unexpected \"x\" expecting logic operator (and, or)"},
        ErrorCase{"or", "(a.eq.1", "\"failed to parse logic tree ((a.eq.1)\" (line 1, column 10)",
                  "unexpected end of input expecting \",\" or \")\""},
        ErrorCase{"or", "(a.noop.1)",
                  "\"failed to parse logic tree ((a.noop.1))\" (line 1, column 6)",
                  "unexpected \"o\" expecting \"not\" or operator (eq, gt, ...)"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) {
        return "case_" + std::to_string(info.index);
    });

TEST(LogicParserLimits, NestingDeeperThan32LevelsIsAParseError) {
    const auto nested = [](int depth) {
        std::string value = "(";
        for (int i = 1; i < depth; ++i) {
            value += "and(";
        }
        value += "id.eq.1" + std::string(static_cast<size_t>(depth), ')');
        return value;
    };
    EXPECT_NO_THROW(parse_logic_param("or", nested(32)));
    const ApiError e = catch_api_error([&] { parse_logic_param("or", nested(33)); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "logic trees nest at most 32 levels deep");
    // The message points at the 33rd "and(".
    EXPECT_EQ(e.message, "\"failed to parse logic tree (" + nested(33) + ")\" (line 1, column " +
                             std::to_string(3 + 1 + 4 * 31) + ")");
}

TEST(LogicParserLimits, HugeNestingNeverRecursesDeep) {
    // 100000 levels: refused at level 33, long before the stack could suffer.
    std::string value = "(";
    for (int i = 0; i < 100000; ++i) {
        value += "or(";
    }
    const ApiError e = catch_api_error([&] { parse_logic_param("and", value); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.details, "logic trees nest at most 32 levels deep");
}

TEST(LogicParserLimits, ManySiblingsAreFine) {
    std::string value = "(";
    for (int i = 0; i < 2000; ++i) {
        value += (i ? "," : "") + std::string("id.eq.") + std::to_string(i);
    }
    value += ")";
    EXPECT_EQ(parse("or", value).children.size(), 2000u);
}

}  // namespace
}  // namespace pg_resty
