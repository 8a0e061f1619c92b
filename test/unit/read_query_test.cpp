#include "query/read_query.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "api/api_request_parser.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

constexpr const char* kPrefix = "WITH pgrst_source AS (SELECT ";
// A plain JSON read without a count: one row_to_json per row, joined by the database layer.
constexpr const char* kSuffix =
    ") SELECT pg_catalog.row_to_json(_postgrest_t)::text AS body "
    "FROM (SELECT * FROM pgrst_source) _postgrest_t";

// The statement for a query string, through the real parser and planner.
class ReadQueryTest : public ::testing::Test {
  protected:
    ReadQueryTest() {
        Relation items;
        items.schema = "public";
        items.name = "items";
        items.columns = {column("id", 23, 1007),      column("name", 25, 1009),
                         column("price", 1700, 1231), column("tags", 1009, 0),
                         column("we\"ird", 25, 1009), column("done", 16, 1000)};
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

    static std::string wrap(const std::string& inner) { return kPrefix + inner + kSuffix; }

    SchemaCache cache;
    Settings settings;
    ReadPlan plan;  // holds pointers into `cache`
};

constexpr const char* kFrom = " FROM \"public\".\"items\"";

TEST_F(ReadQueryTest, SelectStar) {
    const Statement stmt = statement_for("");
    EXPECT_EQ(stmt.sql, wrap(std::string("\"public\".\"items\".*") + kFrom));
    EXPECT_TRUE(stmt.params.empty());
}

TEST_F(ReadQueryTest, FullShape) {
    const Statement stmt = statement_for(
        "select=id,label:name,price::text&id=eq.5&name=like.*abc*"
        "&order=name.desc.nullslast,id&limit=10&offset=20");
    const std::string t = "\"public\".\"items\".";
    EXPECT_EQ(stmt.sql, wrap(t + "\"id\", " + t + "\"name\" AS \"label\", " + t +
                             "\"price\"::\"text\" AS \"price\"" + kFrom + " WHERE " + t +
                             "\"id\" = $1 AND " + t + "\"name\" LIKE $2 ORDER BY " + t +
                             "\"name\" DESC NULLS LAST, " + t + "\"id\" LIMIT $3 OFFSET $4"));
    ASSERT_EQ(stmt.params.size(), 4u);
    EXPECT_EQ(stmt.params[0].type, 23u);  // the column's type
    EXPECT_EQ(stmt.params[0].value, "5");
    EXPECT_EQ(stmt.params[1].type, 25u);
    EXPECT_EQ(stmt.params[1].value, "%abc%");  // '*' is PostgREST's URL-friendly '%'
    EXPECT_EQ(stmt.params[2].type, kInt8Oid);
    EXPECT_EQ(stmt.params[2].value, "10");
    EXPECT_EQ(stmt.params[3].type, kInt8Oid);
    EXPECT_EQ(stmt.params[3].value, "20");
}

TEST_F(ReadQueryTest, ComparisonOperators) {
    const Statement stmt =
        statement_for("id=neq.1&id=gt.2&id=gte.3&id=lt.4&id=lte.5&name=ilike.A*&select=id");
    const std::string c = "\"public\".\"items\".\"id\"";
    const std::string n = "\"public\".\"items\".\"name\"";
    EXPECT_EQ(stmt.sql,
              wrap(c + kFrom + " WHERE " + c + " <> $1 AND " + c + " > $2 AND " + c +
                   " >= $3 AND " + c + " < $4 AND " + c + " <= $5 AND " + n + " ILIKE $6"));
    ASSERT_EQ(stmt.params.size(), 6u);
    EXPECT_EQ(stmt.params[4].value, "5");
    EXPECT_EQ(stmt.params[5].value, "A%");
}

TEST_F(ReadQueryTest, InUsesAnyWithAnArrayTypedParameter) {
    const Statement stmt = statement_for("select=id&id=in.(1,2,3)");
    const std::string c = "\"public\".\"items\".\"id\"";
    EXPECT_EQ(stmt.sql, wrap(c + kFrom + " WHERE " + c + " = ANY($1)"));
    ASSERT_EQ(stmt.params.size(), 1u);
    EXPECT_EQ(stmt.params[0].type, 1007u);  // int4[]
    EXPECT_EQ(stmt.params[0].value, "{\"1\",\"2\",\"3\"}");
}

TEST_F(ReadQueryTest, InQuotedValuesAreEscapedInTheArrayLiteral) {
    const Statement stmt = statement_for("select=id&name=in.(%22a,b%22,%22q%5C%22x%22,c%5Cd)");
    ASSERT_EQ(stmt.params.size(), 1u);
    EXPECT_EQ(stmt.params[0].type, 1009u);  // text[]
    EXPECT_EQ(stmt.params[0].value, R"({"a,b","q\"x","c\\d"})");
}

TEST_F(ReadQueryTest, InOnAColumnWithoutArrayTypeComparesAsText) {
    const Statement stmt = statement_for("select=id&tags=in.(x,y)");
    EXPECT_EQ(stmt.sql, wrap("\"public\".\"items\".\"id\"" + std::string(kFrom) +
                             " WHERE \"public\".\"items\".\"tags\"::text = ANY($1)"));
    ASSERT_EQ(stmt.params.size(), 1u);
    EXPECT_EQ(stmt.params[0].type, kTextArrayOid);
    EXPECT_EQ(stmt.params[0].value, "{\"x\",\"y\"}");
}

TEST_F(ReadQueryTest, IsConditionsBindNothing) {
    const Statement stmt = statement_for(
        "select=id&name=is.null&name=is.not_null&done=is.true&done=is.false&done=is.unknown");
    const std::string n = "\"public\".\"items\".\"name\"";
    const std::string d = "\"public\".\"items\".\"done\"";
    EXPECT_EQ(stmt.sql, wrap("\"public\".\"items\".\"id\"" + std::string(kFrom) + " WHERE " + n +
                             " IS NULL AND " + n + " IS NOT NULL AND " + d + " IS TRUE AND " + d +
                             " IS FALSE AND " + d + " IS UNKNOWN"));
    EXPECT_TRUE(stmt.params.empty());
}

TEST_F(ReadQueryTest, NegationWrapsTheCondition) {
    const Statement stmt = statement_for("select=id&id=not.eq.1&name=not.is.null");
    const std::string c = "\"public\".\"items\".\"id\"";
    const std::string n = "\"public\".\"items\".\"name\"";
    EXPECT_EQ(stmt.sql,
              wrap(c + kFrom + " WHERE NOT (" + c + " = $1) AND NOT (" + n + " IS NULL)"));
}

TEST_F(ReadQueryTest, OrderVariants) {
    const Statement stmt = statement_for("select=id&order=id.asc,name.nullsfirst,price.desc");
    const std::string t = "\"public\".\"items\".";
    EXPECT_EQ(stmt.sql, wrap(t + "\"id\"" + kFrom + " ORDER BY " + t + "\"id\" ASC, " + t +
                             "\"name\" NULLS FIRST, " + t + "\"price\" DESC"));
}

TEST_F(ReadQueryTest, OffsetWithoutLimitAndZeroOffsetIsOmitted) {
    const Statement with_offset = statement_for("select=id&offset=3");
    EXPECT_EQ(with_offset.sql,
              wrap("\"public\".\"items\".\"id\"" + std::string(kFrom) + " OFFSET $1"));
    ASSERT_EQ(with_offset.params.size(), 1u);
    EXPECT_EQ(with_offset.params[0].value, "3");

    const Statement zero = statement_for("select=id&limit=0&offset=0");
    EXPECT_EQ(zero.sql, wrap("\"public\".\"items\".\"id\"" + std::string(kFrom) + " LIMIT $1"));
    ASSERT_EQ(zero.params.size(), 1u);
    EXPECT_EQ(zero.params[0].value, "0");
}

TEST_F(ReadQueryTest, MaxRowsLimitIsBound) {
    settings.max_rows = 50;
    const Statement stmt = statement_for("select=id");
    EXPECT_EQ(stmt.sql, wrap("\"public\".\"items\".\"id\"" + std::string(kFrom) + " LIMIT $1"));
    ASSERT_EQ(stmt.params.size(), 1u);
    EXPECT_EQ(stmt.params[0].type, kInt8Oid);
    EXPECT_EQ(stmt.params[0].value, "50");
}

TEST_F(ReadQueryTest, IdentifierWithDoubleQuoteIsDoubled) {
    const Statement stmt = statement_for("select=%22we%5C%22ird%22&%22we%5C%22ird%22=eq.1");
    // Both the select item and the filter key are quoted field names (we\"ird → we"ird).
    const std::string c = "\"public\".\"items\".\"we\"\"ird\"";
    EXPECT_EQ(stmt.sql, wrap(c + kFrom + " WHERE " + c + " = $1"));
}

TEST_F(ReadQueryTest, CastWithoutAliasKeepsTheColumnName) {
    const Statement stmt = statement_for("select=id::integer,n:name::varchar");
    const std::string t = "\"public\".\"items\".";
    EXPECT_EQ(stmt.sql, wrap(t + "\"id\"::\"int4\" AS \"id\", " + t +
                             "\"name\"::\"varchar\" AS \"n\"" + kFrom));
}

TEST_F(ReadQueryTest, AliasIsQuoted) {
    const Statement stmt = statement_for("select=%22x%5C%22%3B drop%22:id");
    EXPECT_EQ(stmt.sql,
              wrap("\"public\".\"items\".\"id\" AS \"x\"\"; drop\"" + std::string(kFrom)));
}

TEST_F(ReadQueryTest, AliasWithNulByteIsRejected) {
    const ApiError e = test::catch_api_error([&] { statement_for("select=%22a%00b%22:id"); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "22021");
}

TEST_F(ReadQueryTest, UserValuesOnlyEverReachParams) {
    const std::vector<std::string> hostile{"'; DROP TABLE items; --", "\" OR 1=1 --",
                                           "x') OR ('1'='1", "\\", "E'\\x00'"};
    for (const std::string& value : hostile) {
        for (const char* op : {"eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike"}) {
            std::string encoded;
            for (unsigned char ch : value) {
                char buf[4];
                snprintf(buf, sizeof buf, "%%%02X", ch);
                encoded += buf;
            }
            const Statement stmt =
                statement_for(std::string("select=id&name=") + op + "." + encoded);
            ASSERT_EQ(stmt.params.size(), 1u) << op << " " << value;
            EXPECT_EQ(stmt.params[0].value, value) << op;
            EXPECT_EQ(stmt.sql.find(value), std::string::npos) << op << " " << value;
            // Whatever the value, the SQL text is the same.
            EXPECT_EQ(stmt.sql, statement_for(std::string("select=id&name=") + op + ".x").sql);
        }
    }
}

TEST_F(ReadQueryTest, InValuesOnlyReachParams) {
    const Statement stmt = statement_for("select=id&name=in.(%22%27)%3B drop table x%3B--%22,b)");
    ASSERT_EQ(stmt.params.size(), 1u);
    EXPECT_EQ(stmt.sql.find("drop"), std::string::npos);
    EXPECT_EQ(stmt.params[0].value, R"({"'); drop table x;--","b"})");
}

TEST_F(ReadQueryTest, LimitAndOffsetAreParameters) {
    const Statement stmt = statement_for("select=id&limit=7&offset=9");
    EXPECT_EQ(stmt.sql.find('7'), std::string::npos);
    EXPECT_EQ(stmt.sql.find('9'), std::string::npos);
}

TEST(ReadQueryPlan, HandBuiltPlanInOtherSchema) {
    Relation rel;
    rel.schema = "api v1";
    rel.name = "Order Items";
    Column qty;
    qty.name = "qty";
    qty.type = 21;
    qty.array_type = 1005;
    rel.columns.push_back(qty);

    ReadPlan plan;
    plan.relation = &rel;
    plan.select.push_back(ReadPlan::Output{});  // "*"
    ReadPlan::Condition cond;
    cond.column = &rel.columns[0];
    cond.filter.column = "qty";
    cond.filter.op = FilterOp::Gte;
    cond.filter.value = "2";
    plan.where.push_back(cond);

    const Statement stmt = build_read_statement(plan);
    EXPECT_EQ(stmt.sql, std::string(kPrefix) +
                            "\"api v1\".\"Order Items\".* FROM \"api v1\".\"Order Items\" WHERE "
                            "\"api v1\".\"Order Items\".\"qty\" >= $1" +
                            kSuffix);
    ASSERT_EQ(stmt.params.size(), 1u);
    EXPECT_EQ(stmt.params[0].type, 21u);
    EXPECT_EQ(stmt.params[0].value, "2");
}

}  // namespace
}  // namespace pg_resty
