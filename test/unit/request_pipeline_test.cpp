#include "pipeline/request_pipeline.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <new>
#include <stdexcept>
#include <string>

#include "common/pg_error.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::header_value;

// A Database that records what the pipeline asked and answers from the test.
class FakeDatabase : public Database {
  public:
    FakeDatabase() {
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

    const SchemaCache& schema_cache() override {
        ++schema_cache_calls;
        if (schema_error) {
            throw *schema_error;
        }
        return cache;
    }

    ReadResult run_read(const ReadStatements& statements, const RequestContext& ctx) override {
        ++run_read_calls;
        return record_read(statements, ctx, R"([{"id":1}])");
    }

    ReadResult run_call(const ReadStatements& statements, const RequestContext& ctx) override {
        ++run_call_calls;
        return record_read(statements, ctx, "2");
    }

    // Keeps what a read or call was asked, and answers with on_read or one row of `body`.
    ReadResult record_read(const ReadStatements& statements, const RequestContext& ctx,
                           const char* body) {
        last_statement = statements.main;
        last_statements = statements;
        last_context = ctx;
        if (on_read) {
            return on_read();
        }
        ReadResult result;
        result.page_total = 1;
        result.body = body;
        return result;
    }

    WriteResult run_write(const WriteStatements& statements, const RequestContext& ctx) override {
        ++run_write_calls;
        last_write = statements;
        last_context = ctx;
        WriteResult result;
        result.page_total = 1;
        return result;
    }

    AccessibleObjects accessible_objects(const std::string& schema,
                                         const RequestContext& ctx) override {
        ++accessible_calls;
        last_access_schema = schema;
        last_context = ctx;
        if (on_access) {
            return on_access();
        }
        AccessibleObjects objects;
        objects.relations.insert("items");
        return objects;
    }

    SchemaCache cache;
    std::optional<ApiError> schema_error;
    std::function<ReadResult()> on_read;
    std::function<AccessibleObjects()> on_access;
    int accessible_calls = 0;
    std::string last_access_schema;
    int schema_cache_calls = 0;
    int run_read_calls = 0;
    int run_call_calls = 0;
    int run_write_calls = 0;
    WriteStatements last_write;
    Statement last_statement;
    ReadStatements last_statements;
    RequestContext last_context;
};

class RequestPipelineTest : public ::testing::Test {
  protected:
    RequestPipelineTest() { settings.anon_role = "web_anon"; }

    Response handle(std::string method, std::string path, std::string query = "",
                    std::vector<Header> headers = {}) {
        Request request;
        request.method = std::move(method);
        request.path = std::move(path);
        request.query = std::move(query);
        request.headers = std::move(headers);
        RequestPipeline pipeline(hooks, db, settings);
        return pipeline.handle(request);
    }

    Hooks hooks;
    FakeDatabase db;
    Settings settings;
};

TEST_F(RequestPipelineTest, SuccessfulRead) {
    const Response r = handle("GET", "/items", "id=eq.1&offset=3", {{"cookie", "c=v"}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"([{"id":1}])");
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "3-3/*");
    EXPECT_EQ(header_value(r.headers, "Content-Type"), "application/json; charset=utf-8");

    EXPECT_EQ(db.run_read_calls, 1);
    ASSERT_EQ(db.last_statement.params.size(), 2u);
    EXPECT_EQ(db.last_statement.params[0].value, "1");
    EXPECT_EQ(db.last_statement.params[1].value, "3");
    EXPECT_EQ(db.last_context.role, "web_anon");
    EXPECT_EQ(db.last_context.claims_json, R"({"role":"web_anon"})");
    EXPECT_EQ(db.last_context.method, "GET");
    EXPECT_EQ(db.last_context.path, "/items");
    EXPECT_EQ(db.last_context.cookies_json, R"({"c":"v"})");
    EXPECT_TRUE(db.last_context.read_only);
}

TEST_F(RequestPipelineTest, WritesRunReadWrite) {
    Request request;
    request.method = "POST";
    request.path = "/items";
    request.body = R"({"id":7})";
    RequestPipeline pipeline(hooks, db, settings);
    const Response r = pipeline.handle(request);
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "*/*");
    EXPECT_EQ(db.run_write_calls, 1);
    EXPECT_EQ(db.run_read_calls, 0);
    EXPECT_FALSE(db.last_context.read_only);
    EXPECT_EQ(db.last_context.method, "POST");
    EXPECT_NE(db.last_write.main.sql.find("INSERT INTO"), std::string::npos);
    ASSERT_FALSE(db.last_write.main.params.empty());
    EXPECT_EQ(db.last_write.main.params[0].value, R"({"id":7})");
}

TEST_F(RequestPipelineTest, InvalidWriteBodyStopsBeforeTheDatabase) {
    Request request;
    request.method = "PATCH";
    request.path = "/items";
    request.body = "{";
    RequestPipeline pipeline(hooks, db, settings);
    const Response r = pipeline.handle(request);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(header_value(r.headers, "Proxy-Status"), "PostgREST; error=PGRST102");
    EXPECT_EQ(db.run_write_calls, 0);
}

TEST_F(RequestPipelineTest, AuthFailureStopsBeforeTheDatabase) {
    settings.anon_role.clear();
    const Response r = handle("GET", "/items");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(header_value(r.headers, "WWW-Authenticate"), "Bearer");
    EXPECT_EQ(header_value(r.headers, "Proxy-Status"), "PostgREST; error=PGRST302");
    EXPECT_EQ(
        r.body,
        R"({"code":"PGRST302","details":null,"hint":null,"message":"Anonymous access is disabled"})");
    EXPECT_EQ(db.schema_cache_calls, 0);
    EXPECT_EQ(db.run_read_calls, 0);
}

TEST_F(RequestPipelineTest, ParseErrorIs400) {
    const Response r = handle("GET", "/items", "id=in.1");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(header_value(r.headers, "Proxy-Status"), "PostgREST; error=PGRST100");
    EXPECT_EQ(db.run_read_calls, 0);
}

TEST_F(RequestPipelineTest, UnknownTableIs404WithHint) {
    const Response r = handle("GET", "/item");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(
        r.body,
        R"({"code":"PGRST205","details":null,"hint":"Perhaps you meant the table 'public.items'",)"
        R"("message":"Could not find the table 'public.item' in the schema cache"})");
    EXPECT_EQ(db.run_read_calls, 0);
}

TEST_F(RequestPipelineTest, SchemaCacheUnavailable) {
    db.schema_error =
        ApiError(503, "PGRST002", "Could not query the database for the schema cache. Retrying.");
    const Response r = handle("GET", "/items");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(header_value(r.headers, "Proxy-Status"), "PostgREST; error=PGRST002");
}

TEST_F(RequestPipelineTest, DatabaseErrorsAreMapped) {
    db.on_read = []() -> ReadResult {
        throw PgError("42501", "permission denied for table items");
    };
    const Response r = handle("GET", "/items");
    // Anonymous: 401, with the Bearer challenge.
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(header_value(r.headers, "WWW-Authenticate"), "Bearer");
    EXPECT_EQ(header_value(r.headers, "Proxy-Status"), "PostgREST; error=42501");
    EXPECT_EQ(
        r.body,
        R"({"code":"42501","details":null,"hint":null,"message":"permission denied for table items"})");
}

TEST_F(RequestPipelineTest, InvalidInputFromTheDatabaseIs400) {
    db.on_read = []() -> ReadResult {
        throw PgError("22P02", "invalid input syntax for type integer: \"abc\"");
    };
    const Response r = handle("GET", "/items", "id=eq.abc");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(header_value(r.headers, "Proxy-Status"), "PostgREST; error=22P02");
}

TEST_F(RequestPipelineTest, OtherExceptionsBecome500) {
    db.on_read = []() -> ReadResult { throw std::runtime_error("disk on fire"); };
    const Response r = handle("GET", "/items");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body, R"({"code":"PGRSTX00","details":null,"hint":null,"message":"disk on fire"})");
}

TEST_F(RequestPipelineTest, OutOfMemoryBecomes500) {
    db.on_read = []() -> ReadResult { throw std::bad_alloc(); };
    const Response r = handle("GET", "/items");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body,
              R"({"code":"PGRSTX00","details":null,"hint":null,"message":"out of memory"})");
}

TEST_F(RequestPipelineTest, NonStandardExceptionsBecomeABare500) {
    db.on_read = []() -> ReadResult { throw 42; };
    const Response r = handle("GET", "/items");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body, "");
    EXPECT_TRUE(r.headers.empty());
}

TEST_F(RequestPipelineTest, HeadRunsTheSameRead) {
    const Response r = handle("HEAD", "/items");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(db.run_read_calls, 1);
    EXPECT_EQ(db.last_context.method, "HEAD");
}

TEST_F(RequestPipelineTest, RootIsTheOpenApiDescriptionOfWhatTheRoleReaches) {
    settings.schemas = {"api", "other"};
    settings.port = 8080;
    db.cache = SchemaCache();
    Relation items;
    items.schema = "api";
    items.name = "items";
    items.columns.push_back(Column{"id", 23, 1007, "integer", false, false, true});
    db.cache.add(items);
    const Response r = handle("GET", "/");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(header_value(r.headers, "Content-Type"), "application/openapi+json; charset=utf-8");
    EXPECT_EQ(db.accessible_calls, 1);
    EXPECT_EQ(db.run_read_calls, 0);
    EXPECT_EQ(db.last_access_schema, "api");
    EXPECT_EQ(db.last_context.role, "web_anon");
    EXPECT_EQ(db.last_context.method, "GET");
    EXPECT_TRUE(db.last_context.read_only);
    EXPECT_NE(r.body.find(R"("host":"localhost:8080")"), std::string::npos);
    EXPECT_NE(r.body.find(R"("/items":{"get")"), std::string::npos);
}

TEST_F(RequestPipelineTest, HeadOnRootAsksTheSame) {
    const Response r = handle("HEAD", "/");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(header_value(r.headers, "Content-Type"), "application/openapi+json; charset=utf-8");
    EXPECT_EQ(db.accessible_calls, 1);
    EXPECT_EQ(db.last_context.method, "HEAD");
}

TEST_F(RequestPipelineTest, RootPrivilegeErrorsAreMapped) {
    db.on_access = []() -> AccessibleObjects {
        throw PgError("42704", "role \"nobody\" does not exist");
    };
    const Response r = handle("GET", "/");
    EXPECT_EQ(header_value(r.headers, "Proxy-Status"), "PostgREST; error=42704");
}

TEST_F(RequestPipelineTest, RootNeedsAuthenticationLikeAnyRequest) {
    settings.anon_role.clear();
    const Response r = handle("GET", "/");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(db.accessible_calls, 0);
}

TEST_F(RequestPipelineTest, ExactCountGivesTotalStatusAndPreferenceApplied) {
    db.on_read = [] {
        ReadResult result;
        result.total = 10;
        result.page_total = 2;
        result.body = "[{},{}]";
        return result;
    };
    const Response r = handle("GET", "/items", "limit=2", {{"prefer", "count=exact"}});
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "0-1/10");
    EXPECT_EQ(header_value(r.headers, "Preference-Applied"), "count=exact");
    EXPECT_NE(db.last_statement.sql.find("pgrst_source_count"), std::string::npos);
}

TEST_F(RequestPipelineTest, RangeHeaderSetsTheWindow) {
    const Response r = handle("GET", "/items", "", {{"range", "3-7"}});
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "3-3/*");
    ASSERT_EQ(db.last_statement.params.size(), 2u);
    EXPECT_EQ(db.last_statement.params[0].value, "5");  // LIMIT
    EXPECT_EQ(db.last_statement.params[1].value, "3");  // OFFSET
}

TEST_F(RequestPipelineTest, PlannedCountRunsTheExplain) {
    db.on_read = [] {
        ReadResult result;
        result.page_total = 1;
        result.body = "[{}]";
        result.explain = R"([{"Plan": {"Plan Rows": 321}}])";
        return result;
    };
    const Response r = handle("HEAD", "/items", "", {{"prefer", "count=planned"}});
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(header_value(r.headers, "Content-Range"), "0-0/321");
    ASSERT_TRUE(db.last_statements.explain.has_value());
    EXPECT_EQ(db.last_statements.explain->sql.rfind("EXPLAIN (FORMAT JSON) SELECT 1 FROM ", 0), 0u);
}

TEST_F(RequestPipelineTest, SingularObjectWithTwoRowsIs406) {
    db.on_read = [] {
        ReadResult result;
        result.page_total = 2;
        result.body = "{}";
        return result;
    };
    const Response r =
        handle("GET", "/items", "", {{"accept", "application/vnd.pgrst.object+json"}});
    EXPECT_EQ(r.status, 406);
    EXPECT_EQ(header_value(r.headers, "Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(r.body, R"({"code":"PGRST116","details":"The result contains 2 rows","hint":null,)"
                      R"("message":"JSON object requested, multiple (or no) rows returned"})");
}

TEST_F(RequestPipelineTest, UnavailableMediaTypeStopsBeforeTheDatabase) {
    const Response r = handle("GET", "/items", "", {{"accept", "text/html"}});
    EXPECT_EQ(r.status, 406);
    EXPECT_EQ(r.body, R"({"code":"PGRST107","details":null,"hint":null,)"
                      R"("message":"None of these media types are available: text/html"})");
    EXPECT_EQ(db.run_read_calls, 0);
}

TEST_F(RequestPipelineTest, AcceptProfileSetsTheSchemaAndContentProfile) {
    settings.schemas = {"public", "v2"};
    Relation v2;
    v2.schema = "v2";
    v2.name = "items";
    db.cache.add(v2);
    const Response r = handle("GET", "/items", "", {{"accept-profile", "v2"}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(header_value(r.headers, "Content-Profile"), "v2");
    EXPECT_EQ(db.last_context.schema, "v2");
    EXPECT_NE(db.last_statement.sql.find("\"v2\".\"items\""), std::string::npos);

    const Response unknown = handle("GET", "/items", "", {{"accept-profile", "v3"}});
    EXPECT_EQ(unknown.status, 406);
    EXPECT_EQ(header_value(unknown.headers, "Proxy-Status"), "PostgREST; error=PGRST106");
}

TEST_F(RequestPipelineTest, PathPrefixServesTheApiBelowIt) {
    settings.path_prefix = "/rest";
    Response r = handle("GET", "/rest/items", "id=eq.1");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(db.run_read_calls, 1);
    EXPECT_EQ(db.last_context.path, "/items");  // request.path: what PostgREST saw behind nginx

    r = handle("GET", "/rest/");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(db.accessible_calls, 1);
    EXPECT_NE(r.body.find(R"("basePath":"/rest")"), std::string::npos);
    EXPECT_NE(r.body.find(R"("/items":{"get")"), std::string::npos);
    EXPECT_EQ(handle("GET", "/rest").status, 200);
    EXPECT_EQ(db.accessible_calls, 2);
}

TEST_F(RequestPipelineTest, OutsideThePathPrefixIs404BeforeAnythingElse) {
    settings.path_prefix = "/rest";
    settings.anon_role.clear();  // not even authentication runs
    for (const char* path : {"/items", "/", "/restaurants", "/res"}) {
        const Response r = handle("GET", path);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_EQ(
            r.body,
            R"({"code":"PGRST125","details":null,"hint":null,"message":"Invalid path specified in request URL"})");
    }
    EXPECT_EQ(db.schema_cache_calls, 0);
    EXPECT_EQ(db.accessible_calls, 0);
}

TEST_F(RequestPipelineTest, LegacyGucsReachTheContext) {
    handle("GET", "/items");
    EXPECT_FALSE(db.last_context.legacy_gucs);
    settings.legacy_gucs = true;
    handle("GET", "/items");
    EXPECT_TRUE(db.last_context.legacy_gucs);
    handle("GET", "/");
    EXPECT_TRUE(db.last_context.legacy_gucs);
}

TEST(HooksDefault, PassEverythingThrough) {
    Hooks hooks;
    Request request;
    request.method = "GET";
    EXPECT_FALSE(hooks.on_rest_request(request).has_value());
    Response response;
    response.status = 201;
    response.body = "b";
    hooks.before_rest_response(request, AuthResult{}, response);
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.body, "b");
    EXPECT_TRUE(response.headers.empty());
}

}  // namespace
}  // namespace pg_resty

namespace pg_resty {
namespace {

TEST(RequestPipelineRefusal, CarriesCorsHeadersAndTheErrorsOwn) {
    Hooks hooks;
    FakeDatabase db;
    Settings settings;
    RequestPipeline pipeline(hooks, db, settings);
    Request request;
    request.method = "POST";
    request.headers = {{"origin", "http://example.com"}};
    ApiError error(429, "PGRSTX29", "Too many requests");
    error.headers.push_back(Header{"Retry-After", "2"});
    const Response r = pipeline.refuse(request, error);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(header_value(r.headers, "Retry-After"), "2");
    EXPECT_EQ(header_value(r.headers, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(db.run_read_calls, 0);
    EXPECT_EQ(db.schema_cache_calls, 0);
}

Function pipeline_function(const char* name, char volatility) {
    Function f;
    f.schema = "public";
    f.name = name;
    f.volatility = volatility;
    f.return_type = 23;
    f.return_type_name = "integer";
    FunctionParam a;
    a.name = "a";
    a.type = 23;
    a.type_name = "integer";
    a.sql_type = "\"pg_catalog\".\"int4\"";
    f.params.push_back(a);
    return f;
}

TEST_F(RequestPipelineTest, CallsRunThroughRunCallReadOnlyAsPostgRESTDecides) {
    db.cache.add_function(pipeline_function("bump", 'v'));
    db.cache.add_function(pipeline_function("peek", 's'));
    Request request;
    request.method = "POST";
    request.path = "/rpc/bump";
    request.body = R"({"a": 1})";
    {
        RequestPipeline pipeline(hooks, db, settings);
        const Response r = pipeline.handle(request);
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.body, "2");
    }
    EXPECT_EQ(db.run_call_calls, 1);
    EXPECT_EQ(db.run_read_calls, 0);
    EXPECT_FALSE(db.last_context.read_only);
    request.path = "/rpc/peek";
    {
        RequestPipeline pipeline(hooks, db, settings);
        EXPECT_EQ(pipeline.handle(request).status, 200);
    }
    EXPECT_TRUE(db.last_context.read_only);
    const Response get = handle("GET", "/rpc/bump", "a=1");
    EXPECT_EQ(get.status, 200);
    EXPECT_TRUE(db.last_context.read_only);
    EXPECT_EQ(db.run_call_calls, 3);
}

TEST_F(RequestPipelineTest, ResponseGucsOverrideReadsAndCalls) {
    db.on_read = [] {
        ReadResult result;
        result.page_total = 1;
        result.body = "[]";
        result.gucs.status = "202";
        result.gucs.headers = R"([{"X-Set": "by sql"}])";
        return result;
    };
    const Response r = handle("GET", "/items");
    EXPECT_EQ(r.status, 202);
    EXPECT_EQ(header_value(r.headers, "X-Set"), "by sql");
    db.on_read = [] {
        ReadResult result;
        result.page_total = 1;
        result.gucs.status = "nope";
        return result;
    };
    const Response bad = handle("GET", "/items");
    EXPECT_EQ(bad.status, 500);
    EXPECT_EQ(header_value(bad.headers, "Proxy-Status"), "PostgREST; error=PGRST112");
}

}  // namespace
}  // namespace pg_resty
