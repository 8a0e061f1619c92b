// The count and body parts of the read statement, through the real parser and planner.
#include "query/read_tail.hpp"

#include <gtest/gtest.h>

#include <string>

#include "api/api_request_parser.hpp"
#include "query/read_query.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

constexpr const char* kItems = "\"public\".\"items\"";

class ReadTailTest : public ::testing::Test {
  protected:
    ReadTailTest() {
        Relation items;
        items.schema = "public";
        items.name = "items";
        Column id;
        id.name = "id";
        id.type = 23;
        id.array_type = 1007;
        items.columns.push_back(id);
        cache.add(items);
    }

    ReadStatements build(const std::string& query, std::vector<Header> headers = {},
                         std::string method = "GET") {
        Request request;
        request.method = std::move(method);
        request.path = "/items";
        request.query = query;
        request.headers = std::move(headers);
        const ApiRequest api = parse_api_request(request, settings);
        plan = plan_read(api, cache, settings);
        return build_read_statements(plan);
    }

    SchemaCache cache;
    Settings settings;
    ReadPlan plan;
};

const std::string kWhere = std::string(" WHERE ") + kItems + ".\"id\" > $1";
const std::string kSource =
    std::string("WITH pgrst_source AS (SELECT ") + kItems + ".* FROM " + kItems + kWhere;
const std::string kCounted = "(SELECT pg_catalog.count(*) FROM pgrst_source_count)";

// The final SELECT with `total` as total_result_set.
std::string final_select(const std::string& total) {
    return ") SELECT pg_catalog.count(_postgrest_t) AS page_total, " + total +
           " AS total_result_set, coalesce(pg_catalog.json_agg(_postgrest_t), '[]')::text AS body "
           "FROM (SELECT * FROM pgrst_source) _postgrest_t";
}

TEST_F(ReadTailTest, NoCountByDefaultAndNoAggregateForAPlainJsonArray) {
    const ReadStatements s = build("id=gt.1");
    EXPECT_EQ(s.main.sql, kSource +
                              ") SELECT pg_catalog.row_to_json(_postgrest_t)::text AS body FROM "
                              "(SELECT * FROM pgrst_source) _postgrest_t");
    EXPECT_TRUE(s.rows_as_json);
    EXPECT_FALSE(s.explain.has_value());
}

TEST_F(ReadTailTest, OtherBodiesAndCountsKeepTheAggregateRow) {
    EXPECT_FALSE(build("id=gt.1", {{"prefer", "count=exact"}}).rows_as_json);
    EXPECT_FALSE(build("id=gt.1", {{"prefer", "count=planned"}}).rows_as_json);
    EXPECT_FALSE(build("id=gt.1", {{"prefer", "count=estimated"}}).rows_as_json);
    EXPECT_FALSE(build("", {{"accept", "application/vnd.pgrst.object+json"}}).rows_as_json);
    EXPECT_FALSE(build("", {{"accept", "text/csv"}}).rows_as_json);
    EXPECT_FALSE(build("", {}, "HEAD").rows_as_json);
    // Callers other than the read (writes returning their rows) get the aggregate row.
    Statement stmt;
    EXPECT_FALSE(finish_read_statements(kSource, stmt, plan, CountQuery{}).rows_as_json);
    const ReadStatements one_row = build("id=gt.1");
    EXPECT_EQ(one_row.main.sql.find(" AS page_total"), std::string::npos);
    EXPECT_EQ(finish_read_statements(kSource, stmt, plan, CountQuery{}).main.sql,
              kSource + final_select("null::bigint"));
}

TEST_F(ReadTailTest, JsonAggTextIsJsonAggsBytes) {
    // SELECT json_agg(t) FROM (VALUES (1,'a'),(2,null)) t gives these bytes, separator and all.
    Rows rows;
    rows.push_back(Row{std::string(R"({"column1":1,"column2":"a"})")});
    rows.push_back(Row{std::string(R"({"column1":2,"column2":null})")});
    EXPECT_EQ(json_agg_text(rows),
              "[{\"column1\":1,\"column2\":\"a\"}, \n {\"column1\":2,\"column2\":null}]");
    EXPECT_EQ(json_agg_text(Rows{}), "[]");
    EXPECT_EQ(json_agg_text(Rows{Row{std::string("{}")}}), "[{}]");
    EXPECT_EQ(json_agg_text(Rows{Row{std::nullopt}}), "[null]");
}

TEST_F(ReadTailTest, ExactCountIsACteOverTheSameConditions) {
    const ReadStatements s = build("id=gt.1&limit=2", {{"prefer", "count=exact"}});
    EXPECT_EQ(s.main.sql, kSource + " LIMIT $2), pgrst_source_count AS (SELECT 1 FROM " + kItems +
                              kWhere + final_select(kCounted));
    ASSERT_EQ(s.main.params.size(), 2u);
    EXPECT_EQ(s.main.params[0].value, "1");
    EXPECT_EQ(s.main.params[1].value, "2");
    EXPECT_FALSE(s.explain.has_value());
}

TEST_F(ReadTailTest, PlannedCountExplainsTheCountQuery) {
    const ReadStatements s = build("id=gt.1&limit=2&offset=4", {{"prefer", "count=planned"}});
    EXPECT_EQ(s.main.sql, kSource + " LIMIT $2 OFFSET $3" + final_select("null::bigint"));
    ASSERT_TRUE(s.explain.has_value());
    EXPECT_EQ(s.explain->sql,
              std::string("EXPLAIN (FORMAT JSON) SELECT 1 FROM ") + kItems + kWhere);
    // Only the conditions' parameters, under the same numbers.
    ASSERT_EQ(s.explain->params.size(), 1u);
    EXPECT_EQ(s.explain->params[0].type, 23u);
    EXPECT_EQ(s.explain->params[0].value, "1");
    EXPECT_FALSE(s.explain_above.has_value());
}

TEST_F(ReadTailTest, EstimatedCountWithoutMaxRowsCountsAllAndExplains) {
    const ReadStatements s = build("", {{"prefer", "count=estimated"}});
    EXPECT_NE(s.main.sql.find(std::string("pgrst_source_count AS (SELECT 1 FROM ") + kItems + ")"),
              std::string::npos);
    ASSERT_TRUE(s.explain.has_value());
    EXPECT_EQ(s.explain->sql, std::string("EXPLAIN (FORMAT JSON) SELECT 1 FROM ") + kItems);
    EXPECT_TRUE(s.explain->params.empty());
    EXPECT_FALSE(s.explain_above.has_value());  // always: PostgREST compares with Nothing
}

TEST_F(ReadTailTest, EstimatedCountStopsPastMaxRows) {
    settings.max_rows = 10;
    const ReadStatements s = build("id=gt.1", {{"prefer", "count=estimated"}});
    // The page is capped at db-max-rows ($2), the count one row beyond it ($3).
    EXPECT_EQ(s.main.sql, kSource + " LIMIT $2), pgrst_source_count AS (SELECT 1 FROM " + kItems +
                              kWhere + " LIMIT $3" + final_select(kCounted));
    ASSERT_EQ(s.main.params.size(), 3u);
    EXPECT_EQ(s.main.params[1].value, "10");
    EXPECT_EQ(s.main.params[2].type, kInt8Oid);
    EXPECT_EQ(s.main.params[2].value, "11");
    EXPECT_EQ(s.explain_above, std::optional<long long>(10));
    ASSERT_TRUE(s.explain.has_value());
    EXPECT_EQ(s.explain->params.size(), 1u);
}

TEST_F(ReadTailTest, BodyPerMediaType) {
    const auto body_of = [this](const char* accept, const char* method = "GET") {
        const ReadStatements s = build("", {{"accept", accept}}, method);
        const size_t from = s.main.sql.find("AS total_result_set, ") + 21;
        return s.main.sql.substr(from, s.main.sql.find(" AS body") - from);
    };
    EXPECT_TRUE(build("", {{"accept", "application/json"}}).rows_as_json);
    EXPECT_EQ(body_of("text/csv"), body_sql(BodyAggregate::Csv));
    EXPECT_EQ(body_of("application/vnd.pgrst.object+json"), body_sql(BodyAggregate::JsonObject));
    EXPECT_EQ(body_of("application/vnd.pgrst.object+json;nulls=stripped"),
              "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg(_postgrest_t) -> 0)::text, "
              "'null')");
    EXPECT_EQ(
        body_of("application/vnd.pgrst.array+json;nulls=stripped"),
        "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg(_postgrest_t)), '[]')::text");
    EXPECT_EQ(body_of("application/geo+json"), body_sql(BodyAggregate::GeoJson));
    EXPECT_EQ(body_of("text/csv", "HEAD"), "''::text");
}

TEST_F(ReadTailTest, CsvIsPostgrestsHeaderAndRecordText) {
    EXPECT_EQ(body_sql(BodyAggregate::Csv),
              "(SELECT coalesce(pg_catalog.string_agg(a.k, ','), '') FROM (SELECT "
              "pg_catalog.json_object_keys(r)::text AS k FROM (SELECT pg_catalog.row_to_json(hh) "
              "AS r FROM pgrst_source AS hh LIMIT 1) s) a) || E'\\n' || "
              "coalesce(pg_catalog.string_agg(pg_catalog.substring(_postgrest_t::text, 2, "
              "pg_catalog.length(_postgrest_t::text) - 2), E'\\n'), '')");
}

TEST_F(ReadTailTest, PlanningErrorsComeInPostgrestsOrder) {
    // Unknown column (42703) before media type (406) before strict preferences (400).
    const ApiError column = test::catch_api_error([this] {
        build("select=nope", {{"accept", "text/html"}, {"prefer", "handling=strict, x"}});
    });
    EXPECT_EQ(column.code, "42703");
    const ApiError media = test::catch_api_error([this] {
        build("", {{"accept", "text/html"}, {"prefer", "handling=strict, x"}});
    });
    EXPECT_EQ(media.code, "PGRST107");
    const ApiError prefs = test::catch_api_error([this] {
        build("", {{"prefer", "handling=strict, x"}});
    });
    EXPECT_EQ(prefs.code, "PGRST122");
}

}  // namespace
}  // namespace pg_resty
