#include "plan/call_plan.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/api_request_parser.hpp"
#include "plan/function_lookup.hpp"
#include "query/call_query.hpp"
#include "response/call_response.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

FunctionParam param(std::string name, TypeOid type, std::string type_name, char mode = 'i') {
    FunctionParam p;
    p.name = std::move(name);
    p.type = type;
    p.type_name = type_name;
    p.sql_type = "\"pg_catalog\".\"" + type_name + "\"";
    p.mode = mode;
    return p;
}

Function function(std::string name, std::vector<FunctionParam> params, int defaults = 0,
                  TypeOid returns = 23, std::string returns_name = "integer") {
    static uint32_t next_oid = 1000;
    Function f;
    f.schema = "api";
    f.name = std::move(name);
    f.oid = next_oid++;
    f.params = std::move(params);
    f.defaults = defaults;
    f.return_type = returns;
    f.return_type_name = std::move(returns_name);
    f.return_type_kind = 'b';
    return f;
}

class CallPlanTest : public ::testing::Test {
  protected:
    CallPlanTest() {
        cache.add_function(
            function("add_them", {param("a", 23, "integer"), param("b", 23, "integer")}));
        // b has a default
        cache.add_function(
            function("with_default", {param("a", 23, "integer"), param("b", 23, "integer")}, 1));
        cache.add_function(function("only_optional", {param("x", 25, "text")}, 1));
        cache.add_function(function("no_args", {}));
        // overloads told apart by names, and two that cannot be
        cache.add_function(function("over", {param("a", 23, "integer")}));
        cache.add_function(function("over", {param("b", 25, "text")}));
        cache.add_function(function("clash", {param("a", 23, "integer")}));
        cache.add_function(function("clash", {param("a", 25, "text")}));
        cache.add_function(
            function("clash_default", {param("a", 23, "integer"), param("b", 23, "integer")}, 1));
        cache.add_function(function("clash_default", {param("a", 23, "integer")}));
        cache.add_function(function("sum_all", {param("v", 1007, "integer[]", 'v')}));
        cache.add_function(function("body_json", {param("", 114, "json")}, 0, 114, "json"));
        cache.add_function(function("body_text", {param("", 25, "text")}, 0, 25, "text"));
        cache.add_function(function("body_bytea", {param("", 17, "bytea")}, 0, 17, "bytea"));
        Function nums = function("nums", {param("n", 23, "integer")});
        nums.returns_set = true;
        cache.add_function(nums);
        Function nothing = function("nothing", {}, 0, 2278, "void");
        nothing.return_type_kind = 'p';
        cache.add_function(nothing);
        Function table = function("pairs",
                                  {param("n", 23, "integer"), param("k", 23, "integer", 't'),
                                   param("v", 25, "text", 't')},
                                  0, 2249, "record");
        table.return_type_kind = 'p';
        table.returns_set = true;
        cache.add_function(table);
    }

    CallKeys keys(std::set<std::string> names, bool post = true,
                  MediaType::Kind content = MediaType::Kind::ApplicationJson) {
        CallKeys k;
        k.names = std::move(names);
        k.post = post;
        k.content = content;
        return k;
    }

    const Function& find(const std::string& name, const CallKeys& k) {
        return find_function(cache, "api", name, k);
    }

    ApiError not_found(const std::string& name, const CallKeys& k) {
        return catch_api_error([&] { find(name, k); });
    }

    CallPlan plan(const std::string& target, const std::string& method = "GET",
                  const std::string& body = "",
                  const std::string& content_type = "application/json") {
        Request request;
        request.method = method;
        const size_t q = target.find('?');
        request.path = target.substr(0, q);
        request.query = q == std::string::npos ? "" : target.substr(q + 1);
        request.headers.push_back({"content-type", content_type});
        Settings settings;
        settings.schemas = {"api"};
        const ApiRequest api = parse_api_request(request, settings);
        return plan_call(api, request.body = body, cache, settings);
    }

    SchemaCache cache;
};

TEST_F(CallPlanTest, RequiredParametersMustAllBeGiven) {
    EXPECT_EQ(find("add_them", keys({"a", "b"})).name, "add_them");
    const ApiError e = not_found("add_them", keys({"a"}));
    EXPECT_EQ(e.status, 404);
    EXPECT_EQ(e.code, "PGRST202");
    EXPECT_EQ(e.message, "Could not find the function api.add_them(a) in the schema cache");
    EXPECT_EQ(e.details,
              "Searched for the function api.add_them with parameter a or with a "
              "single unnamed json/jsonb parameter, but no matches were found in the "
              "schema cache.");
    EXPECT_EQ(e.hint, "Perhaps you meant to call the function api.add_them(a, b)");
}

TEST_F(CallPlanTest, DefaultsMayBeOmittedButNoUnknownNames) {
    EXPECT_EQ(find("with_default", keys({"a"})).name, "with_default");
    EXPECT_EQ(find("with_default", keys({"a", "b"})).name, "with_default");
    EXPECT_EQ(not_found("with_default", keys({"b"})).code, "PGRST202");
    EXPECT_EQ(not_found("with_default", keys({"a", "c"})).code, "PGRST202");
    EXPECT_EQ(find("only_optional", keys({})).name, "only_optional");
    EXPECT_EQ(find("only_optional", keys({"x"})).name, "only_optional");
}

TEST_F(CallPlanTest, MessagesWithoutParametersAndForGet) {
    const ApiError e = not_found("add_them", keys({}, false));
    EXPECT_EQ(e.message,
              "Could not find the function api.add_them without parameters in the "
              "schema cache");
    EXPECT_EQ(e.details,
              "Searched for the function api.add_them without parameters, but no "
              "matches were found in the schema cache.");
    const ApiError two = not_found("add_them", keys({"x", "a", "y"}, false));
    EXPECT_EQ(two.message, "Could not find the function api.add_them(a, x, y) in the schema cache");
    EXPECT_EQ(two.details,
              "Searched for the function api.add_them with parameters a, x, y, but no "
              "matches were found in the schema cache.");
}

TEST_F(CallPlanTest, UnknownFunctionHintsASimilarName) {
    const ApiError e = not_found("add_thm", keys({"a", "b"}));
    EXPECT_EQ(e.hint, "Perhaps you meant to call the function api.add_them");
    EXPECT_EQ(not_found("zzzzzz", keys({})).hint, std::nullopt);
}

TEST_F(CallPlanTest, OverloadsAreChosenByNames) {
    EXPECT_EQ(input_params(find("over", keys({"a"})))[0]->type_name, "integer");
    EXPECT_EQ(input_params(find("over", keys({"b"})))[0]->type_name, "text");
}

TEST_F(CallPlanTest, AmbiguousOverloadsAre300) {
    for (const char* name : {"clash", "clash_default"}) {
        const ApiError e = catch_api_error([&] { find(name, keys({"a"})); });
        EXPECT_EQ(e.status, 300) << name;
        EXPECT_EQ(e.code, "PGRST203") << name;
        EXPECT_EQ(e.hint,
                  "Try renaming the parameters or the function itself in the database so "
                  "function overloading can be resolved");
    }
    const ApiError e = catch_api_error([&] { find("clash", keys({"a"})); });
    EXPECT_EQ(e.message,
              "Could not choose the best candidate function between: "
              "api.clash(a => integer), api.clash(a => text)");
    EXPECT_EQ(find("clash_default", keys({"a", "b"})).params.size(), 2u);
}

TEST_F(CallPlanTest, SingleUnnamedParameterTakesTheBodyByContentType) {
    EXPECT_EQ(find("body_json", keys({"x", "y"})).name, "body_json");
    EXPECT_EQ(find("body_text", keys({}, true, MediaType::Kind::TextPlain)).name, "body_text");
    EXPECT_EQ(find("body_bytea", keys({}, true, MediaType::Kind::OctetStream)).name, "body_bytea");
    EXPECT_EQ(not_found("body_json", keys({}, false)).code, "PGRST202");
    const ApiError e = not_found("body_json", keys({}, true, MediaType::Kind::TextPlain));
    EXPECT_EQ(e.message, "Could not find the function api.body_json in the schema cache");
    EXPECT_EQ(e.details,
              "Searched for the function api.body_json with a single unnamed text "
              "parameter, but no matches were found in the schema cache.");
    EXPECT_EQ(e.hint, std::nullopt);
    // A function without parameters is no match for a raw body.
    EXPECT_EQ(not_found("no_args", keys({}, true, MediaType::Kind::TextPlain)).code, "PGRST202");
}

TEST_F(CallPlanTest, SingleObjectPreferenceWantsOneJsonParameter) {
    CallKeys k = keys({"a", "b"});
    k.single_object = true;
    EXPECT_EQ(find("body_json", k).name, "body_json");
    const ApiError e = not_found("add_them", k);
    EXPECT_EQ(e.message, "Could not find the function api.add_them in the schema cache");
    EXPECT_EQ(e.details,
              "Searched for the function api.add_them with a single json/jsonb "
              "parameter, but no matches were found in the schema cache.");
}

TEST_F(CallPlanTest, PostBuildsJsonToRecordWithTheGivenArgumentsOnly) {
    const CallPlan call = plan("/rpc/with_default", "POST", R"({"a": 5})");
    EXPECT_EQ(call.shape, CallShape::Scalar);
    EXPECT_FALSE(call.read_only);  // a volatile function by POST
    EXPECT_EQ(call.args_json, R"({"a": 5})");
    const ReadStatements statements = build_call_statements(call);
    EXPECT_EQ(statements.main.sql,
              "WITH pgrst_call_rows AS (SELECT pgrst_call.* FROM pg_catalog.json_to_record($1) "
              "AS pgrst_body(\"a\" \"pg_catalog\".\"integer\"), LATERAL (SELECT "
              "\"api\".\"with_default\"(\"a\" := pgrst_body.\"a\") AS pgrst_scalar) pgrst_call), "
              "pgrst_source AS (SELECT \"pgrst_call\".* FROM pgrst_call_rows AS \"pgrst_call\") "
              "SELECT pg_catalog.count(_postgrest_t) AS page_total, null::bigint AS "
              "total_result_set, coalesce((pg_catalog.json_agg(_postgrest_t.pgrst_scalar) -> "
              "0)::text, 'null') AS body FROM (SELECT * FROM pgrst_source) _postgrest_t");
    ASSERT_EQ(statements.main.params.size(), 1u);
    EXPECT_EQ(statements.main.params[0].type, kJsonOid);
    EXPECT_EQ(statements.main.params[0].value, R"({"a": 5})");
}

TEST_F(CallPlanTest, GetArgumentsAreJsonStringsAndRepeatedVariadicsAnArray) {
    const CallPlan call = plan("/rpc/sum_all?v=1&v=2&v=3");
    EXPECT_TRUE(call.read_only);
    EXPECT_EQ(call.args_json, R"({"v":["1","2","3"]})");
    const ReadStatements statements = build_call_statements(call);
    EXPECT_NE(statements.main.sql.find("\"api\".\"sum_all\"(VARIADIC \"v\" := pgrst_body.\"v\")"),
              std::string::npos)
        << statements.main.sql;
    // The last of repeated values for a plain parameter, as PostgREST's fromList.
    EXPECT_EQ(plan("/rpc/add_them?a=1&b=2&a=7").args_json, R"({"a":"7","b":"2"})");
}

TEST_F(CallPlanTest, HostileArgumentValuesStayParameters) {
    const CallPlan call = plan("/rpc/add_them?a=1);DROP%20TABLE%20x;--&b=%22");
    const ReadStatements statements = build_call_statements(call);
    EXPECT_EQ(statements.main.sql.find("DROP"), std::string::npos);
    EXPECT_EQ(statements.main.params[0].value, R"({"a":"1);DROP TABLE x;--","b":"\""})");
}

TEST_F(CallPlanTest, WholeBodyArguments) {
    const CallPlan json = plan("/rpc/body_json", "POST", R"({"x": [1, 2]})");
    EXPECT_TRUE(json.whole_body);
    EXPECT_EQ(json.body_value.type, 114u);
    EXPECT_EQ(json.body_value.value, R"({"x": [1, 2]})");
    const ReadStatements statements = build_call_statements(json);
    EXPECT_NE(statements.main.sql.find("(SELECT \"api\".\"body_json\"($1) AS pgrst_scalar)"),
              std::string::npos);
    const CallPlan bytes =
        plan("/rpc/body_bytea", "POST", std::string("\x00\xff", 2), "application/octet-stream");
    EXPECT_EQ(bytes.body_value.value, "\\x00ff");
    const CallPlan text = plan("/rpc/body_text", "POST", "hello", "text/plain");
    EXPECT_EQ(text.body_value.value, "hello");
}

TEST_F(CallPlanTest, BadBodies) {
    EXPECT_EQ(catch_api_error([&] { plan("/rpc/add_them", "POST", "{nope"); }).message,
              "Empty or invalid json");
    EXPECT_EQ(catch_api_error([&] {
                  plan("/rpc/add_them", "POST", R"([{"a":1,"b":2},{"a":1}])");
              }).message,
              "All object keys must match");
    const ApiError csv = catch_api_error([&] { plan("/rpc/add_them", "POST", "a,b", "text/csv"); });
    EXPECT_EQ(csv.code, "PGRST102");
    EXPECT_EQ(csv.message, "Content-Type not acceptable: text/csv");
}

TEST_F(CallPlanTest, ShapesAndResultColumns) {
    EXPECT_EQ(plan("/rpc/nums?n=3").shape, CallShape::SetOfScalar);
    EXPECT_EQ(plan("/rpc/nums?n=3").read.output.aggregate, BodyAggregate::ScalarArray);
    EXPECT_EQ(plan("/rpc/nothing").shape, CallShape::Void);
    const CallPlan pairs = plan("/rpc/pairs?n=3&select=v&k=gt.1");
    EXPECT_EQ(pairs.shape, CallShape::SetOfComposite);
    ASSERT_EQ(pairs.read.relation->columns.size(), 2u);
    EXPECT_EQ(pairs.read.relation->columns[1].name, "v");
    const ReadStatements statements = build_call_statements(pairs);
    EXPECT_NE(statements.main.sql.find("\"api\".\"pairs\"(\"n\" := pgrst_body.\"n\") pgrst_call)"),
              std::string::npos)
        << statements.main.sql;
    EXPECT_NE(statements.main.sql.find("WHERE \"pgrst_call\".\"k\" > $2"), std::string::npos)
        << statements.main.sql;
    // Columns of the result are checked like a relation's.
    const ApiError e = catch_api_error([&] { plan("/rpc/pairs?n=3&select=nope"); });
    EXPECT_EQ(e.code, "42703");
}

TEST_F(CallPlanTest, StableFunctionsRunReadOnlyEvenByPost) {
    Function stable = function("stable_fn", {});
    stable.volatility = 's';
    cache.add_function(stable);
    EXPECT_TRUE(plan("/rpc/stable_fn", "POST", "{}").read_only);
    EXPECT_FALSE(plan("/rpc/no_args", "POST", "{}").read_only);
}

TEST_F(CallPlanTest, VoidAnswers204WithoutContentTypeAndGucsStillApply) {
    Request request;
    request.method = "POST";
    request.path = "/rpc/nothing";
    request.headers.push_back({"content-profile", "api"});
    Settings settings;
    settings.schemas = {"api"};
    const ApiRequest api = parse_api_request(request, settings);
    const CallPlan call = plan_call(api, "", cache, settings);
    ReadResult result;
    result.page_total = 1;
    Response r = call_response(result, api, call);
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(r.body, "");
    EXPECT_EQ(test::header_value(r.headers, "Content-Range"), "0-0/*");
    EXPECT_EQ(test::header_value(r.headers, "Content-Type"), "<missing>");
    EXPECT_EQ(test::header_value(r.headers, "Content-Profile"), "<missing>");
    result.gucs.status = "201";
    r = call_response(result, api, call);
    EXPECT_EQ(r.status, 201);
}

}  // namespace
}  // namespace pg_resty
