#include "query/condition_sql.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "api/api_request_parser.hpp"
#include "query/read_query.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

constexpr const char* kT = "\"public\".\"items\".";

std::string col(const char* name) {
    return std::string(kT) + "\"" + name + "\"";
}

// The WHERE, ORDER BY and select parts of the statement for a query string, through the real
// parser and planner, with the parameters they bound.
class ConditionSqlTest : public ::testing::Test {
  protected:
    ConditionSqlTest() {
        Relation items;
        items.schema = "public";
        items.name = "items";
        items.columns = {column("id", 23, 1007),       column("name", 25, 1009),
                         column("tags", 1009, 0),      column("data", kJsonbOid, 3807),
                         column("doc", kJsonOid, 199), column("body", kTsvectorOid, 3643),
                         column("during", 3904, 3905), column("nums", 1007, 0),
                         column("price", 1700, 1231),  column("pt", 16400, 16399)};
        cache.add(items);
    }

    static Column column(std::string name, TypeOid type, TypeOid array_type) {
        Column c;
        c.name = std::move(name);
        c.type = type;
        c.array_type = array_type;
        return c;
    }

    Statement statement_for(const std::string& query) {
        Request request;
        request.method = "GET";
        request.path = "/items";
        request.query = query;
        const ApiRequest api = parse_api_request(request, settings);
        plan = plan_read(api, cache, settings);
        return build_read_statement(plan);
    }

    // " WHERE ..." of a read with `select=id`.
    std::string where(const std::string& query) {
        stmt = statement_for("select=id&" + query);
        const std::string from = " FROM \"public\".\"items\"";
        const size_t start = stmt.sql.find(from);
        const size_t end = stmt.sql.find(") SELECT pg_catalog.row_to_json");
        if (start == std::string::npos || end == std::string::npos) {
            return "<unexpected statement: " + stmt.sql + ">";
        }
        return stmt.sql.substr(start + from.size(), end - start - from.size());
    }

    std::string select_list(const std::string& query) {
        stmt = statement_for(query);
        const std::string prefix = "WITH pgrst_source AS (SELECT ";
        const size_t end = stmt.sql.find(" FROM \"public\".\"items\"");
        return stmt.sql.substr(prefix.size(), end - prefix.size());
    }

    void expect_params(const std::vector<std::pair<TypeOid, std::string>>& expected) {
        ASSERT_EQ(stmt.params.size(), expected.size()) << stmt.sql;
        for (size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(stmt.params[i].type, expected[i].first) << "$" << i + 1 << " " << stmt.sql;
            EXPECT_EQ(stmt.params[i].value, expected[i].second) << "$" << i + 1;
        }
    }

    SchemaCache cache;
    Settings settings;
    ReadPlan plan;
    Statement stmt;
};

// --- every operator ---------------------------------------------------------------------------

struct OperatorCase {
    const char* filter;
    std::string sql;
    TypeOid type;
    const char* value;
};

void PrintTo(const OperatorCase& c, std::ostream* os) {
    *os << c.filter;
}

class ConditionSqlOperators : public ConditionSqlTest,
                              public ::testing::WithParamInterface<OperatorCase> {};

TEST_P(ConditionSqlOperators, OneParameterTypedForTheOperator) {
    const OperatorCase& c = GetParam();
    EXPECT_EQ(where(c.filter), " WHERE " + c.sql);
    expect_params({{c.type, c.value}});
}

INSTANTIATE_TEST_SUITE_P(
    AllOperators, ConditionSqlOperators,
    ::testing::Values(
        OperatorCase{"id=eq.1", col("id") + " = $1", 23, "1"},
        OperatorCase{"id=neq.1", col("id") + " <> $1", 23, "1"},
        OperatorCase{"id=gt.1", col("id") + " > $1", 23, "1"},
        OperatorCase{"id=gte.1", col("id") + " >= $1", 23, "1"},
        OperatorCase{"id=lt.1", col("id") + " < $1", 23, "1"},
        OperatorCase{"id=lte.1", col("id") + " <= $1", 23, "1"},
        // Pattern operators take text whatever the column's type.
        OperatorCase{"name=like.*a*", col("name") + " LIKE $1", kTextOid, "%a%"},
        OperatorCase{"name=ilike.A*", col("name") + " ILIKE $1", kTextOid, "A%"},
        OperatorCase{"id=like.1*", col("id") + " LIKE $1", kTextOid, "1%"},
        OperatorCase{"name=match.^a.*$", col("name") + " ~ $1", kTextOid, "^a.*$"},
        OperatorCase{"name=imatch.^A", col("name") + " ~* $1", kTextOid, "^A"},
        OperatorCase{"id=isdistinct.1", col("id") + " IS DISTINCT FROM $1", 23, "1"},
        // Array and range operators: the value is read as the column's own type.
        OperatorCase{"tags=cs.{a,b}", col("tags") + " @> $1", 1009, "{a,b}"},
        OperatorCase{"tags=cd.{a,b}", col("tags") + " <@ $1", 1009, "{a,b}"},
        OperatorCase{"tags=ov.{a,b}", col("tags") + " && $1", 1009, "{a,b}"},
        OperatorCase{"during=ov.(1,10)", col("during") + " && $1", 3904, "(1,10)"},
        OperatorCase{"during=cs.[1,2]", col("during") + " @> $1", 3904, "[1,2]"},
        OperatorCase{"during=sl.(10,20)", col("during") + " << $1", 3904, "(10,20)"},
        OperatorCase{"during=sr.(10,20)", col("during") + " >> $1", 3904, "(10,20)"},
        OperatorCase{"during=nxr.(10,20)", col("during") + " &< $1", 3904, "(10,20)"},
        OperatorCase{"during=nxl.(10,20)", col("during") + " &> $1", 3904, "(10,20)"},
        OperatorCase{"during=adj.(10,20)", col("during") + " -|- $1", 3904, "(10,20)"},
        OperatorCase{"data=cs.{\"a\":1}", col("data") + " @> $1", kJsonbOid, "{\"a\":1}"},
        // Full-text search on a tsvector column.
        OperatorCase{"body=fts.cat", col("body") + " @@ to_tsquery($1)", kTextOid, "cat"},
        OperatorCase{"body=plfts.fat cat", col("body") + " @@ plainto_tsquery($1)", kTextOid,
                     "fat cat"},
        OperatorCase{"body=phfts.fat cat", col("body") + " @@ phraseto_tsquery($1)", kTextOid,
                     "fat cat"},
        OperatorCase{"body=wfts.fat or cat", col("body") + " @@ websearch_to_tsquery($1)", kTextOid,
                     "fat or cat"},
        // And on any other column, through to_tsvector().
        OperatorCase{"name=fts.cat", "to_tsvector(" + col("name") + ") @@ to_tsquery($1)", kTextOid,
                     "cat"}),
    [](const ::testing::TestParamInfo<OperatorCase>& info) {
        return "case_" + std::to_string(info.index);
    });

TEST_F(ConditionSqlTest, FtsWithALanguageBindsARegconfig) {
    EXPECT_EQ(where("body=fts(english).cats"), " WHERE " + col("body") + " @@ to_tsquery($1, $2)");
    expect_params({{kRegconfigOid, "english"}, {kTextOid, "cats"}});
    // On a text column the same configuration is used for to_tsvector().
    EXPECT_EQ(where("name=wfts(french).chats"),
              " WHERE to_tsvector($1, " + col("name") + ") @@ websearch_to_tsquery($1, $2)");
    expect_params({{kRegconfigOid, "french"}, {kTextOid, "chats"}});
}

TEST_F(ConditionSqlTest, QuantifiersBindAnArrayOfTheColumnsArrayType) {
    EXPECT_EQ(where("id=eq(any).{1,2}"), " WHERE " + col("id") + " = ANY($1)");
    expect_params({{1007, "{1,2}"}});
    EXPECT_EQ(where("id=gt(all).{1,2}"), " WHERE " + col("id") + " > ALL($1)");
    expect_params({{1007, "{1,2}"}});
    EXPECT_EQ(where("price=lte(any).{1.5}"), " WHERE " + col("price") + " <= ANY($1)");
    expect_params({{1231, "{1.5}"}});
}

TEST_F(ConditionSqlTest, QuantifiedPatternsBindTextArraysWithStarsAsPercent) {
    EXPECT_EQ(where("name=like(any).{a*,*b}"), " WHERE " + col("name") + " LIKE ANY($1)");
    expect_params({{kTextArrayOid, "{a%,%b}"}});
    EXPECT_EQ(where("name=ilike(all).{A*}"), " WHERE " + col("name") + " ILIKE ALL($1)");
    expect_params({{kTextArrayOid, "{A%}"}});
    EXPECT_EQ(where("name=match(any).{^a,b$}"), " WHERE " + col("name") + " ~ ANY($1)");
    expect_params({{kTextArrayOid, "{^a,b$}"}});
    EXPECT_EQ(where("name=imatch(all).{x}"), " WHERE " + col("name") + " ~* ALL($1)");
}

TEST_F(ConditionSqlTest, QuantifierOnAColumnWithoutArrayTypeBindsText) {
    // An array column has no array-of-array type; PostgreSQL then reports the mismatch.
    EXPECT_EQ(where("nums=eq(any).{1}"), " WHERE " + col("nums") + " = ANY($1)");
    expect_params({{kTextArrayOid, "{1}"}});
}

TEST_F(ConditionSqlTest, InAndTheEmptyList) {
    EXPECT_EQ(where("id=in.(1,2)"), " WHERE " + col("id") + " = ANY($1)");
    expect_params({{1007, "{\"1\",\"2\"}"}});
    // in.() is the empty list, as in PostgREST (not one empty string).
    EXPECT_EQ(where("id=in.()"), " WHERE " + col("id") + " = ANY('{}')");
    expect_params({});
    EXPECT_EQ(where("id=not.in.()"), " WHERE NOT (" + col("id") + " = ANY('{}'))");
    EXPECT_EQ(where("nums=in.()"), " WHERE " + col("nums") + "::text = ANY('{}')");
}

TEST_F(ConditionSqlTest, IsValues) {
    EXPECT_EQ(where("name=is.not_null&id=not.is.null"),
              " WHERE " + col("name") + " IS NOT NULL AND NOT (" + col("id") + " IS NULL)");
    expect_params({});
}

TEST_F(ConditionSqlTest, NegationWrapsEveryOperator) {
    EXPECT_EQ(where("tags=not.cs.{a}"), " WHERE NOT (" + col("tags") + " @> $1)");
    EXPECT_EQ(where("body=not.fts(english).x"),
              " WHERE NOT (" + col("body") + " @@ to_tsquery($1, $2))");
    EXPECT_EQ(where("id=not.eq(any).{1}"), " WHERE NOT (" + col("id") + " = ANY($1))");
    EXPECT_EQ(where("id=not.isdistinct.1"), " WHERE NOT (" + col("id") + " IS DISTINCT FROM $1)");
}

// --- JSON paths -------------------------------------------------------------------------------

TEST_F(ConditionSqlTest, JsonPathFilterBindsKeysAndIndexes) {
    EXPECT_EQ(where("data->a->>b=eq.x"), " WHERE " + col("data") + "->$1->>$2 = $3");
    expect_params({{kTextOid, "a"}, {kTextOid, "b"}, {kTextOid, "x"}});
    EXPECT_EQ(where("data->0->-1=eq.{\"k\":1}"), " WHERE " + col("data") + "->$1->$2 = $3");
    expect_params({{kInt4Oid, "0"}, {kInt4Oid, "-1"}, {kJsonbOid, "{\"k\":1}"}});
}

TEST_F(ConditionSqlTest, JsonPathExpressionTypes) {
    // "->" on json stays json; "->>" is text; on a non-json column the path goes through
    // to_jsonb(), as PostgREST does for composites and arrays.
    EXPECT_EQ(where("doc->a=isdistinct.1"), " WHERE " + col("doc") + "->$1 IS DISTINCT FROM $2");
    expect_params({{kTextOid, "a"}, {kJsonOid, "1"}});
    EXPECT_EQ(where("pt->>x=gt.1"), " WHERE to_jsonb(" + col("pt") + ")->>$1 > $2");
    expect_params({{kTextOid, "x"}, {kTextOid, "1"}});
    EXPECT_EQ(where("nums->0=eq.1"), " WHERE to_jsonb(" + col("nums") + ")->$1 = $2");
    expect_params({{kInt4Oid, "0"}, {kJsonbOid, "1"}});
}

TEST_F(ConditionSqlTest, JsonPathWithListsAndFullTextSearch) {
    EXPECT_EQ(where("data->>a=in.(x,y)"), " WHERE " + col("data") + "->>$1 = ANY($2)");
    expect_params({{kTextOid, "a"}, {kTextArrayOid, "{\"x\",\"y\"}"}});
    EXPECT_EQ(where("data->a=in.(1)"), " WHERE " + col("data") + "->$1 = ANY($2)");
    expect_params({{kTextOid, "a"}, {kJsonbArrayOid, "{\"1\"}"}});
    EXPECT_EQ(where("data->>a=fts.cat"),
              " WHERE to_tsvector(" + col("data") + "->>$1) @@ to_tsquery($2)");
    EXPECT_EQ(where("data->>a=eq(any).{x}"), " WHERE " + col("data") + "->>$1 = ANY($2)");
    expect_params({{kTextOid, "a"}, {kTextArrayOid, "{x}"}});
}

TEST_F(ConditionSqlTest, JsonPathInSelectIsNamedLikePostgrest) {
    EXPECT_EQ(select_list("select=data->>name,data->0,data->0->a->>2,x:data->b"),
              col("data") + "->>$1 AS \"name\", " + col("data") + "->$2 AS \"data\", " +
                  col("data") + "->$3->$4->>$5 AS \"a\", " + col("data") + "->$6 AS \"x\"");
    expect_params({{kTextOid, "name"},
                   {kInt4Oid, "0"},
                   {kInt4Oid, "0"},
                   {kTextOid, "a"},
                   {kInt4Oid, "2"},
                   {kTextOid, "b"}});
}

TEST_F(ConditionSqlTest, JsonPathInSelectWithACastIsParenthesised) {
    EXPECT_EQ(select_list("select=data->>n::int,v:doc->>m::text"),
              "(" + col("data") + "->>$1)::\"int4\" AS \"n\", (" + col("doc") +
                  "->>$2)::\"text\" AS \"v\"");
}

TEST_F(ConditionSqlTest, JsonPathInOrder) {
    stmt = statement_for("select=id&order=data->>a.desc.nullslast,pt->x");
    const std::string sql = stmt.sql;
    EXPECT_NE(sql.find(" ORDER BY " + col("data") + "->>$1 DESC NULLS LAST, to_jsonb(" + col("pt") +
                       ")->$2"),
              std::string::npos)
        << sql;
    expect_params({{kTextOid, "a"}, {kTextOid, "x"}});
}

TEST_F(ConditionSqlTest, ParametersAreNumberedInTextOrder) {
    // select, then filters, then logic trees, then order, then limit.
    stmt = statement_for(
        "select=data->>s&data->>f=eq.1&or=(id.eq.2,data->>l.eq.3)&"
        "order=data->>o&limit=5");
    expect_params({{kTextOid, "s"},
                   {kTextOid, "f"},
                   {kTextOid, "1"},
                   {23, "2"},
                   {kTextOid, "l"},
                   {kTextOid, "3"},
                   {kTextOid, "o"},
                   {kInt8Oid, "5"}});
    for (int i = 1; i <= 8; ++i) {
        EXPECT_NE(stmt.sql.find("$" + std::to_string(i)), std::string::npos) << i;
    }
}

// --- logic trees --------------------------------------------------------------------------------

TEST_F(ConditionSqlTest, LogicTrees) {
    EXPECT_EQ(where("or=(id.eq.1,name.like.a*)"),
              " WHERE (" + col("id") + " = $1 OR " + col("name") + " LIKE $2)");
    expect_params({{23, "1"}, {kTextOid, "a%"}});
    EXPECT_EQ(where("id=gt.0&and=(id.lt.9,or(name.is.null,not.and(id.eq.1,id.eq.2)))"),
              " WHERE " + col("id") + " > $1 AND (" + col("id") + " < $2 AND (" + col("name") +
                  " IS NULL OR NOT (" + col("id") + " = $3 AND " + col("id") + " = $4)))");
    EXPECT_EQ(where("not.or=(id.eq.1,id.in.(2,3))"),
              " WHERE NOT (" + col("id") + " = $1 OR " + col("id") + " = ANY($2))");
    expect_params({{23, "1"}, {1007, "{\"2\",\"3\"}"}});
}

TEST_F(ConditionSqlTest, LogicTreeLeavesUseEveryOperator) {
    EXPECT_EQ(where("or=(tags.cs.{a,b},body.fts(english).cat,id.not.isdistinct.1,"
                    "data->>k.eq(any).{x,y},name.not.is.null)"),
              " WHERE (" + col("tags") + " @> $1 OR " + col("body") +
                  " @@ to_tsquery($2, $3) OR NOT (" + col("id") + " IS DISTINCT FROM $4) OR " +
                  col("data") + "->>$5 = ANY($6) OR NOT (" + col("name") + " IS NULL))");
    expect_params({{1009, "{a,b}"},
                   {kRegconfigOid, "english"},
                   {kTextOid, "cat"},
                   {23, "1"},
                   {kTextOid, "k"},
                   {kTextArrayOid, "{x,y}"}});
}

TEST_F(ConditionSqlTest, QuotedLogicValuesAreUnquoted) {
    where("or=(name.eq.%22a,b%22,name.eq.%22(c)%22,name.in.(%22d,e%22,f))");
    expect_params({{kTextOid, "a,b"}, {kTextOid, "(c)"}, {1009, "{\"d,e\",\"f\"}"}});
}

TEST_F(ConditionSqlTest, UnknownColumnInALogicTreeIs42703) {
    const ApiError e = test::catch_api_error([&] { where("or=(id.eq.1,nope.eq.2)"); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "42703");
    EXPECT_EQ(e.message, "column items.nope does not exist");
}

TEST_F(ConditionSqlTest, JsonKeyNamingTheOutputIsAQuotedIdentifier) {
    // The key is bound as a parameter for the path and quoted as the output name.
    EXPECT_EQ(select_list("select=data->%22x%5C%22%3B drop%22"),
              col("data") + "->$1 AS \"x\"\"; drop\"");
    expect_params({{kTextOid, "x\"; drop"}});
}

// --- values never reach the SQL text ------------------------------------------------------------

TEST_F(ConditionSqlTest, HostileValuesAndKeysOnlyReachParams) {
    const std::vector<std::string> hostile{"'; DROP TABLE items; --", "\" OR 1=1 --",
                                           "x') OR ('1'='1", "\\", "E'\\x00'"};
    const auto encode = [](const std::string& text) {
        std::string out;
        for (unsigned char ch : text) {
            char buf[4];
            snprintf(buf, sizeof buf, "%%%02X", ch);
            out += buf;
        }
        return out;
    };
    // A quoted key: PostgREST's double quotes, with backslash escapes.
    const auto quoted = [](const std::string& text) {
        std::string out = "\"";
        for (char ch : text) {
            if (ch == '"' || ch == '\\') {
                out.push_back('\\');
            }
            out.push_back(ch);
        }
        return out + "\"";
    };
    for (const std::string& value : hostile) {
        const std::string v = encode(value);
        const std::string k = encode(quoted(value));
        for (const std::string& query :
             {"name=match." + v, "name=like(any).%7B" + v + "%7D", "id=isdistinct." + v,
              "tags=cs." + v, "body=fts(english)." + v, "data->" + k + "=eq." + v,
              "or=(name.eq." + k + ",data->>" + k + ".fts." + v + ")", "order=data->>" + k}) {
            stmt = statement_for("select=id&" + query);
            EXPECT_EQ(stmt.sql.find(value), std::string::npos) << query << "\n" << stmt.sql;
            EXPECT_EQ(stmt.sql.find("DROP"), std::string::npos) << query;
        }
    }
}

}  // namespace
}  // namespace pg_resty
