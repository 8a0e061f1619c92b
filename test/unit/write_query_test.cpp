#include "query/write_query.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/api_request_parser.hpp"
#include "response/write_response.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;
using test::header_value;

// Writes through the real parser, planner and SQL builder.
class WriteQueryTest : public ::testing::Test {
  protected:
    WriteQueryTest() {
        Relation items;
        items.schema = "api";
        items.name = "items";
        items.columns = {column("id", 23, "integer", true), column("name", 25, "text", false),
                         column("qty", 23, "integer", false)};
        cache.add(items);
        SchemaDocs docs;
        docs.relations[RelationRef{"api", "items"}].columns["id"].default_expr =
            "nextval('api.items_id_seq'::regclass)";
        cache.set_docs(std::move(docs));
        settings.schemas = {"api"};
    }

    static Column column(std::string name, TypeOid type, std::string type_name, bool pk) {
        Column c;
        c.name = std::move(name);
        c.type = type;
        c.type_name = std::move(type_name);
        c.primary_key = pk;
        return c;
    }

    WriteStatements build(const std::string& method, const std::string& query,
                          const std::string& body, std::vector<Header> headers = {}) {
        Request request;
        request.method = method;
        request.path = "/items";
        request.query = query;
        request.body = body;
        request.headers = std::move(headers);
        api = parse_api_request(request, settings);
        plan = plan_write(api, cache, settings);
        return build_write_statements(plan, api.preferences);
    }

    SchemaCache cache;
    Settings settings;
    ApiRequest api;
    WritePlan plan;
};

constexpr const char* kBody =
    "(SELECT $1 AS json_data) pgrst_payload, LATERAL (SELECT CASE WHEN "
    "pg_catalog.json_typeof(pgrst_payload.json_data) = 'array' THEN pgrst_payload.json_data ELSE "
    "pg_catalog.json_build_array(pgrst_payload.json_data) END AS val) pgrst_uniform_json, ";

TEST_F(WriteQueryTest, InsertObjectMinimal) {
    const WriteStatements w = build("POST", "", R"({"name":"a","id":1})");
    // return=minimal: the bare statement, whose row count SPI reports.
    EXPECT_TRUE(w.count_only);
    EXPECT_EQ(w.main.sql,
              std::string("INSERT INTO \"api\".\"items\"(\"id\", "
                          "\"name\") SELECT pgrst_body.\"id\", pgrst_body.\"name\" FROM ") +
                  kBody +
                  "LATERAL (SELECT * FROM pg_catalog.json_to_recordset(pgrst_uniform_json.val) AS "
                  "_ (\"id\" integer, \"name\" text)) pgrst_body RETURNING 1");
    ASSERT_EQ(w.main.params.size(), 1u);
    EXPECT_EQ(w.main.params[0].type, kJsonOid);
    EXPECT_EQ(w.main.params[0].value, R"({"name":"a","id":1})");
    EXPECT_FALSE(w.singular);
    EXPECT_FALSE(w.rollback);
}

TEST_F(WriteQueryTest, InsertWithoutColumnsUsesDefaults) {
    const WriteStatements w = build("POST", "", "{}");
    EXPECT_NE(w.main.sql.find("INSERT INTO \"api\".\"items\" SELECT  FROM "), std::string::npos);
    EXPECT_NE(w.main.sql.find("pg_catalog.json_array_elements(pgrst_uniform_json.val) _"),
              std::string::npos);
}

TEST_F(WriteQueryTest, UnknownKeyIsPgrst204) {
    const ApiError e = catch_api_error([&] { build("POST", "", R"({"id":1,"nope":2})"); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST204");
    EXPECT_EQ(e.message, "Could not find the 'nope' column of 'items' in the schema cache");
}

TEST_F(WriteQueryTest, ColumnsParameterDecidesAndIsChecked) {
    const WriteStatements w = build("POST", "columns=name", R"([{"name":"a"},{"id":3}])");
    EXPECT_NE(w.main.sql.find("INSERT INTO \"api\".\"items\"(\"name\") SELECT pgrst_body.\"name\""),
              std::string::npos);
    const ApiError e =
        catch_api_error([&] { build("POST", "columns=name,\"x\\\"; DROP TABLE t; --\"", "{}"); });
    EXPECT_EQ(e.code, "PGRST204");
    EXPECT_EQ(e.message,
              "Could not find the 'x\"; DROP TABLE t; --' column of 'items' in the schema cache");
}

TEST_F(WriteQueryTest, RepresentationSelectsFromTheMutation) {
    const WriteStatements w =
        build("POST", "select=name", R"({"name":"a"})", {{"prefer", "return=representation"}});
    EXPECT_NE(w.main.sql.find("RETURNING \"api\".\"items\".\"name\", \"api\".\"items\".\"id\")"),
              std::string::npos)
        << w.main.sql;
    EXPECT_NE(w.main.sql.find("pgrst_source AS (SELECT \"pgrst_mutation\".\"name\" FROM "
                              "\"pgrst_mutation\")"),
              std::string::npos)
        << w.main.sql;
    EXPECT_NE(w.main.sql.find("coalesce(pg_catalog.json_agg(_postgrest_t), '[]')::text AS body"),
              std::string::npos);
}

TEST_F(WriteQueryTest, HeadersOnlyComputesTheLocation) {
    const WriteStatements w =
        build("POST", "", R"({"name":"a"})", {{"prefer", "return=headers-only"}});
    EXPECT_NE(w.main.sql.find("RETURNING \"api\".\"items\".*"), std::string::npos);
    EXPECT_NE(w.main.sql.find("CASE WHEN pg_catalog.count(_postgrest_t) = 1 THEN"),
              std::string::npos);
    EXPECT_EQ(w.main.params.back().type, kTextArrayOid);
    EXPECT_EQ(w.main.params.back().value, "{\"id\"}");
}

TEST_F(WriteQueryTest, UpsertMergeAndIgnore) {
    WriteStatements w =
        build("POST", "", R"({"id":1,"name":"a"})", {{"prefer", "resolution=merge-duplicates"}});
    EXPECT_NE(w.main.sql.find(" ON CONFLICT(\"id\") DO UPDATE SET \"id\" = EXCLUDED.\"id\", "
                              "\"name\" = EXCLUDED.\"name\" RETURNING 1"),
              std::string::npos)
        << w.main.sql;
    w = build("POST", "on_conflict=name", R"({"id":1,"name":"a"})",
              {{"prefer", "resolution=ignore-duplicates"}});
    EXPECT_NE(w.main.sql.find(" ON CONFLICT(\"name\") DO NOTHING RETURNING 1"), std::string::npos);
    // Without a resolution, on_conflict alone adds nothing.
    w = build("POST", "on_conflict=name", R"({"id":1})");
    EXPECT_EQ(w.main.sql.find("ON CONFLICT"), std::string::npos);
    // As PostgREST's parser, the list ends where the grammar stops: what follows never
    // reaches the SQL.
    w = build("POST", "on_conflict=name);DROP", R"({"id":1})",
              {{"prefer", "resolution=ignore-duplicates"}});
    EXPECT_NE(w.main.sql.find(" ON CONFLICT(\"name\") DO NOTHING RETURNING 1"), std::string::npos);
    const ApiError e = catch_api_error([&] {
        build("POST", "on_conflict=\"name\\\");DROP\"", R"({"id":1})",
              {{"prefer", "resolution=ignore-duplicates"}});
    });
    EXPECT_EQ(e.code, "PGRST204");
    EXPECT_EQ(e.message, "Could not find the 'name\");DROP' column of 'items' in the schema cache");
}

TEST_F(WriteQueryTest, MissingDefaultMergesColumnDefaults) {
    const WriteStatements w =
        build("POST", "columns=id,name", R"([{"name":"a"}])", {{"prefer", "missing=default"}});
    EXPECT_NE(w.main.sql.find("LATERAL (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object("
                              "$2::text, nextval('api.items_id_seq'::regclass)) || elem) AS val "
                              "FROM pg_catalog.jsonb_array_elements(pgrst_uniform_json.val) elem) "
                              "pgrst_json_defs, LATERAL (SELECT * FROM "
                              "pg_catalog.jsonb_to_recordset(pgrst_json_defs.val)"),
              std::string::npos)
        << w.main.sql;
    EXPECT_EQ(w.main.params[0].type, kJsonbOid);
    EXPECT_EQ(w.main.params[1].value, "id");
}

TEST_F(WriteQueryTest, UpdateWithFilters) {
    const WriteStatements w = build("PATCH", "id=gt.2&or=(name.eq.x,qty.is.null)", R"({"qty":5})");
    EXPECT_NE(w.main.sql.find("UPDATE \"api\".\"items\" SET \"qty\" = pgrst_body.\"qty\" FROM "),
              std::string::npos);
    EXPECT_NE(w.main.sql.find(" LIMIT 1) pgrst_body WHERE \"api\".\"items\".\"id\" > $2 AND "
                              "(\"api\".\"items\".\"name\" = $3 OR \"api\".\"items\".\"qty\" IS "
                              "NULL) RETURNING 1"),
              std::string::npos)
        << w.main.sql;
    EXPECT_EQ(w.main.params[1].value, "2");
    EXPECT_EQ(w.main.params[2].value, "x");
}

TEST_F(WriteQueryTest, UpdateWithEmptyBodyChangesNothing) {
    const WriteStatements w = build("PATCH", "id=eq.1", "{}");
    EXPECT_NE(w.main.sql.find("SELECT NULL FROM \"api\".\"items\" WHERE false"), std::string::npos);
}

TEST_F(WriteQueryTest, LimitedUpdateAndDelete) {
    WriteStatements w = build("PATCH", "order=id&limit=2&name=eq.a", R"({"qty":1})");
    EXPECT_NE(w.main.sql.find(", (SELECT \"api\".\"items\".\"id\" FROM \"api\".\"items\" WHERE "
                              "\"api\".\"items\".\"name\" = $2 ORDER BY \"api\".\"items\".\"id\" "
                              "LIMIT $3) pgrst_affected_rows WHERE \"api\".\"items\".\"id\" = "
                              "pgrst_affected_rows.\"id\" RETURNING 1"),
              std::string::npos)
        << w.main.sql;
    EXPECT_EQ(w.max_changes, 2);
    w = build("DELETE", "order=id.desc&limit=1", "");
    EXPECT_NE(w.main.sql.find("DELETE FROM \"api\".\"items\" USING (SELECT \"api\".\"items\"."
                              "\"id\" FROM \"api\".\"items\" ORDER BY \"api\".\"items\".\"id\" "
                              "DESC LIMIT $1) pgrst_affected_rows WHERE"),
              std::string::npos)
        << w.main.sql;
}

TEST_F(WriteQueryTest, LimitWithoutOrderIsPgrst109) {
    for (const char* method : {"PATCH", "DELETE"}) {
        const ApiError e = catch_api_error([&] { build(method, "limit=1", "{}"); });
        EXPECT_EQ(e.status, 400);
        EXPECT_EQ(e.code, "PGRST109");
        EXPECT_EQ(e.message, "A 'limit' was applied without an explicit 'order'");
        EXPECT_EQ(e.hint, "Apply an 'order' using unique column(s)");
    }
}

TEST_F(WriteQueryTest, DeleteWithFilters) {
    const WriteStatements w = build("DELETE", "name=in.(a,b)", "ignored body");
    EXPECT_TRUE(w.count_only);
    EXPECT_EQ(w.main.sql,
              "DELETE FROM \"api\".\"items\" WHERE "
              "\"api\".\"items\".\"name\"::text = ANY($1) RETURNING 1");
}

TEST_F(WriteQueryTest, PutNeedsExactlyThePrimaryKeyAsEq) {
    const WriteStatements w = build("PUT", "id=eq.4", R"({"id":4,"name":"x"})");
    EXPECT_NE(w.main.sql.find(" pgrst_body WHERE pgrst_body.\"id\" = $2 ON CONFLICT(\"id\") DO "
                              "UPDATE SET \"id\" = EXCLUDED.\"id\", \"name\" = EXCLUDED.\"name\""),
              std::string::npos)
        << w.main.sql;
    EXPECT_TRUE(w.put);
    for (const char* query : {"", "name=eq.x", "id=gt.4", "id=eq.4&name=eq.x", "id=not.eq.4",
                              "id=eq.4&or=(id.eq.1)", "id=eq(any).{4}"}) {
        const ApiError e = catch_api_error([&] { build("PUT", query, R"({"id":4,"name":"x"})"); });
        EXPECT_EQ(e.status, 405) << query;
        EXPECT_EQ(e.code, "PGRST105") << query;
        EXPECT_EQ(e.message,
                  "Filters must include all and only primary key columns with 'eq' operators");
    }
    const ApiError limit = catch_api_error([&] { build("PUT", "id=eq.4&limit=1", "{}"); });
    EXPECT_EQ(limit.code, "PGRST114");
    EXPECT_EQ(limit.message, "limit/offset querystring parameters are not allowed for PUT");
    const ApiError missing = catch_api_error([&] { build("PUT", "id=eq.4", R"({"name":"x"})"); });
    EXPECT_EQ(missing.code, "PGRST115");
}

TEST_F(WriteQueryTest, ChecksFollowPostgrest) {
    WriteStatements w = build("PATCH", "id=eq.1", R"({"qty":1})",
                              {{"prefer", "handling=strict, max-affected=2"},
                               {"accept", "application/vnd.pgrst.object+json"}});
    EXPECT_TRUE(w.singular);
    EXPECT_EQ(w.max_affected, 2);
    EXPECT_NO_THROW(check_write_result(w, 1));
    ApiError e = catch_api_error([&] { check_write_result(w, 0); });
    EXPECT_EQ(e.status, 406);
    EXPECT_EQ(e.code, "PGRST116");
    EXPECT_EQ(e.details, "The result contains 0 rows");
    w.singular = false;
    e = catch_api_error([&] { check_write_result(w, 3); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST124");
    EXPECT_EQ(e.message, "Query result exceeds max-affected preference constraint");
    EXPECT_EQ(e.details, "The query affects 3 rows");
    // Lenient (or no) handling ignores max-affected.
    w = build("DELETE", "id=eq.1", "", {{"prefer", "max-affected=0"}});
    EXPECT_FALSE(w.max_affected);
    w = build("PUT", "id=eq.1", R"({"id":1})", {{"prefer", "tx=rollback"}});
    EXPECT_TRUE(w.rollback);
    e = catch_api_error([&] { check_write_result(w, 0); });
    EXPECT_EQ(e.code, "PGRST115");
    EXPECT_EQ(e.message, "Payload values do not match URL in primary key column(s)");
}

// --- responses ----------------------------------------------------------------------------------

TEST_F(WriteQueryTest, CreateResponse) {
    build("POST", "", R"({"name":"a"})",
          {{"prefer", "return=headers-only, count=exact, resolution=merge-duplicates"}});
    WriteResult result;
    result.page_total = 1;
    result.location = parse_location(R"([["id","eq.1"],["name","eq.a b/&"]])");
    const Response r = write_response(result, api, plan);
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(header_value(r.headers, "Location"), "/items?id=eq.1&name=eq.a+b%2F%26");
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "*/1");
    EXPECT_EQ(header_value(r.headers, "Preference-Applied"),
              "resolution=merge-duplicates, return=headers-only, count=exact");
    EXPECT_EQ(header_value(r.headers, "Content-Type"), "<missing>");
    EXPECT_EQ(r.body, "");
}

TEST_F(WriteQueryTest, UpdateAndDeleteResponses) {
    build("PATCH", "id=eq.1", R"({"qty":1})", {{"prefer", "return=representation"}});
    WriteResult result;
    result.page_total = 2;
    result.body = "[]";
    Response r = write_response(result, api, plan);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "0-1/*");
    EXPECT_EQ(header_value(r.headers, "Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(r.body, "[]");
    build("DELETE", "id=eq.1", "", {{"prefer", "handling=strict, max-affected=05, tx=commit"}});
    r = write_response(result, api, plan);
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "*/*");
    EXPECT_EQ(header_value(r.headers, "Preference-Applied"),
              "tx=commit, handling=strict, max-affected=5");
    build("PUT", "id=eq.1", R"({"id":1})");
    r = write_response(result, api, plan);
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "<missing>");
}

}  // namespace
}  // namespace pg_resty
