#include "response/openapi.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_json.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::Json;
using test::parse_json;
using Strings = std::vector<std::string>;

Column column(std::string name, std::string type_name, bool nullable = true, bool pk = false) {
    Column c;
    c.name = std::move(name);
    c.type_name = std::move(type_name);
    c.nullable = nullable;
    c.primary_key = pk;
    return c;
}

Relation relation(std::string name, RelationKind kind, std::vector<Column> columns,
                  std::string schema = "api") {
    Relation r;
    r.schema = std::move(schema);
    r.name = std::move(name);
    r.kind = kind;
    r.columns = std::move(columns);
    return r;
}

ColumnDocs docs(std::string type, std::optional<std::string> description = std::nullopt) {
    ColumnDocs d;
    d.type = std::move(type);
    d.description = std::move(description);
    return d;
}

Function function(std::string name, uint32_t oid, char volatility,
                  std::vector<FunctionParam> params, int defaults = 0, std::string schema = "api") {
    Function f;
    f.schema = std::move(schema);
    f.name = std::move(name);
    f.oid = oid;
    f.return_type = 23;
    f.volatility = volatility;
    f.params = std::move(params);
    f.defaults = defaults;
    return f;
}

FunctionParam param(std::string name, std::string type_name, char mode = 'i') {
    FunctionParam p;
    p.name = std::move(name);
    p.type_name = std::move(type_name);
    p.mode = mode;
    return p;
}

Relationship link(Cardinality cardinality, std::string from, std::string to, std::string from_col,
                  std::string to_col, bool from_is_referenced = false) {
    Relationship r;
    r.cardinality = cardinality;
    r.from = RelationRef{"api", std::move(from)};
    r.to = RelationRef{"api", std::move(to)};
    r.constraint = "fk";
    r.columns = {{std::move(from_col), std::move(to_col)}};
    r.from_is_referenced = from_is_referenced;
    return r;
}

class OpenApiTest : public ::testing::Test {
  protected:
    OpenApiTest() {
        cache.add(relation("items", RelationKind::Table,
                           {
                               column("id", "integer", false, true),
                               column("name", "text", false),
                               column("price", "numeric(10,2)"),
                               column("tags", "text[]"),
                               column("data", "jsonb"),
                               column("code", "character(3)"),
                               column("owner_id", "integer"),
                               column("mood", "api.mood"),
                               column("created", "timestamp with time zone", false),
                           }));
        cache.add(relation("owners", RelationKind::Table, {column("id", "bigint", false, true)}));
        cache.add(relation("owners_view", RelationKind::View, {column("id", "bigint")}));
        cache.add(relation("report", RelationKind::View, {column("total", "numeric")}));
        cache.add(relation("people", RelationKind::Table, {column("id", "integer", false, true)}));
        cache.add(
            relation("passports", RelationKind::Table, {column("person_id", "integer", false)}));
        cache.add(relation("secrets", RelationKind::Table, {column("id", "integer")}));
        cache.add(relation("elsewhere", RelationKind::Table, {column("id", "integer")}, "other"));
        cache.set_relationships({
            // A view and its table both qualify: the table is named.
            link(Cardinality::ManyToOne, "items", "owners_view", "owner_id", "id"),
            link(Cardinality::ManyToOne, "items", "owners", "owner_id", "id"),
            link(Cardinality::OneToMany, "owners", "items", "id", "owner_id", true),
            link(Cardinality::OneToOne, "passports", "people", "person_id", "id"),
            link(Cardinality::OneToOne, "people", "passports", "id", "person_id", true),
        });

        cache.add_function(function("add_one", 100, 's', {param("n", "integer")}));
        cache.add_function(function(
            "log_it", 101, 'v',
            {param("msg", "text"), param("level", "character"), param("result", "integer", 'o')},
            1));
        cache.add_function(function("overloaded", 102, 'i', {param("a", "integer")}));
        cache.add_function(
            function("overloaded", 103, 'i', {param("a", "integer"), param("b", "integer")}));
        cache.add_function(function("body_fn", 104, 'v', {param("", "json")}));
        cache.add_function(function("unnamed_int", 105, 'v', {param("", "integer")}));
        Function trigger = function("on_change", 106, 'v', {});
        trigger.return_type = 2279;
        cache.add_function(trigger);
        cache.add_function(function("private_fn", 107, 'v', {}));
        cache.add_function(function("sum_all", 108, 'i', {param("xs", "integer[]", 'v')}));
        cache.add_function(function("other_fn", 109, 'v', {}, 0, "other"));

        SchemaDocs schema_docs;
        RelationDocs& items = schema_docs.relations[RelationRef{"api", "items"}];
        items.description = "Items\n\nThings for sale\nin the shop";
        items.insertable = items.updatable = items.deletable = true;
        items.columns["id"] = docs("integer");
        items.columns["name"] = docs("text", "The name");
        items.columns["price"] = docs("numeric");
        items.columns["price"].default_expr = "0.5";
        items.columns["tags"] = docs("text[]");
        items.columns["data"] = docs("jsonb");
        items.columns["code"] = docs("character", "A code");
        items.columns["code"].max_length = 3;
        items.columns["code"].default_expr = "'abc'::bpchar";
        items.columns["owner_id"] = docs("integer", "Who owns it");
        items.columns["mood"] = docs("api.mood");
        items.columns["mood"].enum_values = {"happy", "sad"};
        items.columns["created"] = docs("timestamp with time zone");
        items.columns["created"].default_expr = "now()";
        RelationDocs& owners = schema_docs.relations[RelationRef{"api", "owners"}];
        owners.insertable = owners.updatable = owners.deletable = true;
        owners.columns["id"] = docs("bigint");
        RelationDocs& report = schema_docs.relations[RelationRef{"api", "report"}];
        report.description = "Totals";
        report.columns["total"] = docs("numeric");
        schema_docs.function_descriptions[100] = "Adds one\nto a number";
        schema_docs.function_descriptions[101] = "Logs";
        cache.set_docs(std::move(schema_docs));

        access.relations = {"items", "owners", "owners_view", "report", "people", "passports"};
        access.functions = {100, 101, 102, 103, 104, 105, 106, 108, 109};
    }

    Json document() {
        const std::string text = openapi_document(cache, "api", access, server);
        return parse_json(text);
    }

    SchemaCache cache;
    AccessibleObjects access;
    OpenApiServer server;
};

TEST_F(OpenApiTest, TopLevelIsSwagger2WithPostgrestDefaults) {
    server.host = "api.example";
    server.port = 8080;
    const Json doc = document();
    EXPECT_EQ(doc.keys(),
              (Strings{"swagger", "info", "host", "basePath", "schemes", "consumes", "produces",
                       "paths", "definitions", "parameters", "externalDocs"}));
    EXPECT_EQ(doc["swagger"].text, "2.0");
    EXPECT_EQ(doc["info"]["title"].text, "PostgREST API");
    EXPECT_EQ(doc["info"]["description"].text, "This is a dynamic API generated by PostgREST");
    EXPECT_FALSE(doc["info"]["version"].text.empty());
    EXPECT_EQ(doc["host"].text, "api.example:8080");
    EXPECT_EQ(doc["basePath"].text, "/");
    EXPECT_EQ(doc["schemes"].strings(), Strings{"http"});
    const Strings media{"application/json", "application/vnd.pgrst.object+json;nulls=stripped",
                        "application/vnd.pgrst.object+json", "text/csv"};
    EXPECT_EQ(doc["consumes"].strings(), media);
    EXPECT_EQ(doc["produces"].strings(), media);
    EXPECT_EQ(doc["externalDocs"]["url"].text, "https://postgrest.org/en/v12/references/api.html");
    EXPECT_FALSE(doc.has("security"));
    EXPECT_FALSE(doc.has("securityDefinitions"));
}

TEST_F(OpenApiTest, SchemaCommentGivesTitleAndDescription) {
    SchemaDocs d = cache.docs();
    d.schema_descriptions["api"] = "My API\n\nDoes things\nwell";
    cache.set_docs(d);
    Json doc = document();
    EXPECT_EQ(doc["info"]["title"].text, "My API");
    EXPECT_EQ(doc["info"]["description"].text, "Does things\nwell");

    d.schema_descriptions["api"] = "Just a title";
    cache.set_docs(d);
    doc = document();
    EXPECT_EQ(doc["info"]["title"].text, "Just a title");
    EXPECT_EQ(doc["info"]["description"].text, "");
}

TEST_F(OpenApiTest, PathsListRootThenAccessibleRelationsThenFunctions) {
    const Json doc = document();
    EXPECT_EQ(doc["paths"].keys(), (Strings{"/", "/items", "/owners", "/owners_view", "/passports",
                                            "/people", "/report", "/rpc/add_one", "/rpc/body_fn",
                                            "/rpc/log_it", "/rpc/overloaded", "/rpc/sum_all"}));
    const Json& root = doc["paths"]["/"]["get"];
    EXPECT_EQ(root["tags"].strings(), Strings{"Introspection"});
    EXPECT_EQ(root["summary"].text, "OpenAPI description (this document)");
    EXPECT_EQ(root["produces"].strings(),
              (Strings{"application/openapi+json", "application/json"}));
    EXPECT_EQ(root["responses"]["200"]["description"].text, "OK");
}

TEST_F(OpenApiTest, NothingAccessibleLeavesTheRootPath) {
    access = AccessibleObjects{};
    const Json doc = document();
    EXPECT_EQ(doc["paths"].keys(), Strings{"/"});
    EXPECT_TRUE(doc["definitions"].keys().empty());
    EXPECT_FALSE(doc["parameters"].has("body.items"));
}

TEST_F(OpenApiTest, WritableRelationsGetEveryMethod) {
    const Json doc = document();
    const Json& items = doc["paths"]["/items"];
    EXPECT_EQ(items.keys(), (Strings{"get", "post", "patch", "delete"}));

    const Json& get = items["get"];
    EXPECT_EQ(get["tags"].strings(), Strings{"items"});
    EXPECT_EQ(get["summary"].text, "Items");
    EXPECT_EQ(get["description"].text, "Things for sale\nin the shop");
    Strings refs;
    for (const Json& p : get["parameters"].items) {
        refs.push_back(p["$ref"].text);
    }
    EXPECT_EQ(refs.front(), "#/parameters/rowFilter.items.id");
    EXPECT_EQ(refs.size(), 9u + 7u);
    EXPECT_EQ(Strings(refs.end() - 7, refs.end()),
              (Strings{"#/parameters/select", "#/parameters/order", "#/parameters/range",
                       "#/parameters/rangeUnit", "#/parameters/offset", "#/parameters/limit",
                       "#/parameters/preferCount"}));
    EXPECT_EQ(get["responses"]["200"]["description"].text, "OK");
    EXPECT_EQ(get["responses"]["200"]["schema"]["type"].text, "array");
    EXPECT_EQ(get["responses"]["200"]["schema"]["items"]["$ref"].text, "#/definitions/items");
    EXPECT_EQ(get["responses"]["206"]["description"].text, "Partial Content");

    const Json& post = items["post"];
    EXPECT_EQ(post["parameters"][0]["$ref"].text, "#/parameters/body.items");
    EXPECT_EQ(post["parameters"][1]["$ref"].text, "#/parameters/select");
    EXPECT_EQ(post["parameters"][2]["$ref"].text, "#/parameters/preferPost");
    EXPECT_EQ(post["responses"]["201"]["description"].text, "Created");

    const Json& patch = items["patch"];
    EXPECT_EQ(patch["parameters"].items.size(), 9u + 2u);
    EXPECT_EQ(patch["parameters"][9]["$ref"].text, "#/parameters/body.items");
    EXPECT_EQ(patch["parameters"][10]["$ref"].text, "#/parameters/preferReturn");
    EXPECT_EQ(patch["responses"]["204"]["description"].text, "No Content");

    const Json& del = items["delete"];
    EXPECT_EQ(del["parameters"].items.size(), 9u + 1u);
    EXPECT_EQ(del["parameters"][9]["$ref"].text, "#/parameters/preferReturn");
    EXPECT_EQ(del["responses"]["204"]["description"].text, "No Content");
}

TEST_F(OpenApiTest, ReadOnlyRelationsOnlyGet) {
    const Json doc = document();
    const Json& report = doc["paths"]["/report"];
    EXPECT_EQ(report.keys(), Strings{"get"});
    // A one-line comment is a summary without description.
    EXPECT_EQ(report["get"]["summary"].text, "Totals");
    EXPECT_FALSE(report["get"].has("description"));
    // No comment, no summary.
    EXPECT_FALSE(doc["paths"]["/owners"]["get"].has("summary"));
}

TEST_F(OpenApiTest, DefinitionsDescribeColumns) {
    const Json doc = document();
    EXPECT_EQ(doc["definitions"].keys(),
              (Strings{"items", "owners", "owners_view", "passports", "people", "report"}));
    const Json& items = doc["definitions"]["items"];
    EXPECT_EQ(items["type"].text, "object");
    EXPECT_EQ(items["description"].text, "Items\n\nThings for sale\nin the shop");
    // PostgREST lists every NOT NULL column, defaults or not.
    EXPECT_EQ(items["required"].strings(), (Strings{"id", "name", "created"}));
    const Json& p = items["properties"];
    EXPECT_EQ(p.keys(), (Strings{"id", "name", "price", "tags", "data", "code", "owner_id", "mood",
                                 "created"}));

    EXPECT_EQ(p["id"]["type"].text, "integer");
    EXPECT_EQ(p["id"]["format"].text, "integer");
    EXPECT_EQ(p["id"]["description"].text, "Note:\nThis is a Primary Key.<pk/>");

    EXPECT_EQ(p["name"]["type"].text, "string");
    EXPECT_EQ(p["name"]["format"].text, "text");
    EXPECT_EQ(p["name"]["description"].text, "The name");

    EXPECT_EQ(p["price"]["type"].text, "number");
    EXPECT_EQ(p["price"]["format"].text, "numeric");
    EXPECT_EQ(p["price"]["default"].number, 0.5);

    EXPECT_EQ(p["tags"]["type"].text, "array");
    EXPECT_EQ(p["tags"]["format"].text, "text[]");
    EXPECT_EQ(p["tags"]["items"]["type"].text, "string");

    EXPECT_FALSE(p["data"].has("type"));
    EXPECT_EQ(p["data"]["format"].text, "jsonb");

    EXPECT_EQ(p["code"]["maxLength"].number, 3);
    EXPECT_EQ(p["code"]["format"].text, "character");
    // The cast is bpchar, not the data type's name: PostgREST keeps it whole, and so do we.
    EXPECT_EQ(p["code"]["default"].text, "'abc'::bpchar");

    EXPECT_EQ(p["owner_id"]["description"].text,
              "Who owns it\n\nNote:\nThis is a Foreign Key to `owners.id`."
              "<fk table='owners' column='id'/>");

    EXPECT_EQ(p["mood"]["type"].text, "string");
    EXPECT_EQ(p["mood"]["format"].text, "api.mood");
    EXPECT_EQ(p["mood"]["enum"].strings(), (Strings{"happy", "sad"}));

    EXPECT_EQ(p["created"]["type"].text, "string");
    EXPECT_EQ(p["created"]["format"].text, "timestamp with time zone");
    EXPECT_EQ(p["created"]["default"].text, "now()");
}

TEST_F(OpenApiTest, DefinitionWithoutRequiredColumnsOmitsRequired) {
    const Json doc = document();
    EXPECT_FALSE(doc["definitions"]["report"].has("required"));
    EXPECT_FALSE(doc["definitions"]["report"].has("description") &&
                 doc["definitions"]["report"]["description"].text.empty());
}

TEST_F(OpenApiTest, OnlyTheReferencingSideOfAOneToOneIsAForeignKey) {
    const Json doc = document();
    EXPECT_EQ(doc["definitions"]["passports"]["properties"]["person_id"]["description"].text,
              "Note:\nThis is a Foreign Key to `people.id`.<fk table='people' column='id'/>");
    EXPECT_EQ(doc["definitions"]["people"]["properties"]["id"]["description"].text,
              "Note:\nThis is a Primary Key.<pk/>");
}

TEST_F(OpenApiTest, MissingDocsFallBackToTheCacheType) {
    const Json doc = document();
    const Json& id = doc["definitions"]["people"]["properties"]["id"];
    EXPECT_EQ(id["format"].text, "integer");
    EXPECT_EQ(id["type"].text, "integer");
    // Unknown writability: read only.
    EXPECT_EQ(doc["paths"]["/people"].keys(), Strings{"get"});
}

TEST_F(OpenApiTest, SharedParameters) {
    const Json doc = document();
    const Json& params = doc["parameters"];
    const Strings keys = params.keys();
    EXPECT_EQ(Strings(keys.begin(), keys.begin() + 11),
              (Strings{"preferParams", "preferReturn", "preferCount", "preferPost", "select",
                       "on_conflict", "order", "range", "rangeUnit", "offset", "limit"}));
    EXPECT_EQ(params["preferReturn"]["name"].text, "Prefer");
    EXPECT_EQ(params["preferReturn"]["in"].text, "header");
    EXPECT_EQ(params["preferReturn"]["enum"].strings(),
              (Strings{"return=representation", "return=minimal", "return=none"}));
    EXPECT_EQ(params["preferCount"]["enum"].strings(), Strings{"count=none"});
    EXPECT_EQ(params["preferParams"]["enum"].strings(), Strings{"params=single-object"});
    EXPECT_EQ(params["preferPost"]["enum"].items.size(), 5u);
    EXPECT_EQ(params["select"]["in"].text, "query");
    EXPECT_EQ(params["select"]["description"].text, "Filtering Columns");
    EXPECT_FALSE(params["select"]["required"].boolean);
    EXPECT_EQ(params["range"]["name"].text, "Range");
    EXPECT_EQ(params["rangeUnit"]["name"].text, "Range-Unit");
    EXPECT_EQ(params["rangeUnit"]["default"].text, "items");
    EXPECT_EQ(params["limit"]["description"].text, "Limiting and Pagination");

    EXPECT_EQ(params["body.items"]["name"].text, "items");
    EXPECT_EQ(params["body.items"]["in"].text, "body");
    EXPECT_EQ(params["body.items"]["schema"]["$ref"].text, "#/definitions/items");
    EXPECT_EQ(params["rowFilter.items.name"]["name"].text, "name");
    EXPECT_EQ(params["rowFilter.items.name"]["description"].text, "The name");
    EXPECT_EQ(params["rowFilter.items.name"]["in"].text, "query");
    EXPECT_EQ(params["rowFilter.items.name"]["type"].text, "string");
    EXPECT_FALSE(params["rowFilter.items.id"].has("description"));
    EXPECT_FALSE(params.has("rowFilter.secrets.id"));
}

TEST_F(OpenApiTest, StableFunctionsGetAndPost) {
    const Json doc = document();
    const Json& path = doc["paths"]["/rpc/add_one"];
    EXPECT_EQ(path.keys(), (Strings{"get", "post"}));
    const Json& get = path["get"];
    EXPECT_EQ(get["tags"].strings(), Strings{"(rpc) add_one"});
    EXPECT_EQ(get["summary"].text, "Adds one");
    EXPECT_EQ(get["description"].text, "to a number");
    EXPECT_EQ(get["produces"].items.size(), 3u);
    const Json& n = get["parameters"][0];
    EXPECT_EQ(n["name"].text, "n");
    EXPECT_TRUE(n["required"].boolean);
    EXPECT_EQ(n["in"].text, "query");
    EXPECT_EQ(n["format"].text, "integer");
    EXPECT_EQ(n["type"].text, "integer");

    const Json& args = path["post"]["parameters"][0];
    EXPECT_EQ(args["name"].text, "args");
    EXPECT_EQ(args["in"].text, "body");
    EXPECT_TRUE(args["required"].boolean);
    EXPECT_EQ(args["schema"]["type"].text, "object");
    EXPECT_EQ(args["schema"]["description"].text, "Adds one\nto a number");
    EXPECT_EQ(args["schema"]["required"].strings(), Strings{"n"});
    EXPECT_EQ(args["schema"]["properties"]["n"]["type"].text, "integer");
    EXPECT_EQ(path["post"]["parameters"][1]["$ref"].text, "#/parameters/preferParams");
    EXPECT_EQ(path["post"]["responses"]["200"]["description"].text, "OK");
}

TEST_F(OpenApiTest, VolatileFunctionsOnlyPost) {
    const Json doc = document();
    const Json& path = doc["paths"]["/rpc/log_it"];
    EXPECT_EQ(path.keys(), Strings{"post"});
    const Json& schema = path["post"]["parameters"][0]["schema"];
    // Only input parameters; the one with a default is optional; character is called varying.
    EXPECT_EQ(schema["properties"].keys(), (Strings{"msg", "level"}));
    EXPECT_EQ(schema["required"].strings(), Strings{"msg"});
    EXPECT_EQ(schema["properties"]["level"]["format"].text, "character varying");
}

TEST_F(OpenApiTest, FunctionsPostgrestCannotCallAreLeftOut) {
    const Json doc = document();
    EXPECT_TRUE(doc["paths"].has("/rpc/body_fn"));       // one unnamed json parameter
    EXPECT_FALSE(doc["paths"].has("/rpc/unnamed_int"));  // unnamed, not a body type
    EXPECT_FALSE(doc["paths"].has("/rpc/on_change"));    // a trigger
    EXPECT_FALSE(doc["paths"].has("/rpc/private_fn"));   // no EXECUTE
    EXPECT_FALSE(doc["paths"].has("/rpc/other_fn"));     // another schema
}

TEST_F(OpenApiTest, OverloadsShareOnePathDescribedByTheLongest) {
    const Json doc = document();
    const Json& get = doc["paths"]["/rpc/overloaded"]["get"];
    EXPECT_EQ(get["parameters"].items.size(), 2u);
}

TEST_F(OpenApiTest, VariadicParametersRepeatInTheQuery) {
    const Json doc = document();
    const Json& xs = doc["paths"]["/rpc/sum_all"]["get"]["parameters"][0];
    EXPECT_EQ(xs["name"].text, "xs");
    EXPECT_EQ(xs["type"].text, "array");
    EXPECT_EQ(xs["collectionFormat"].text, "multi");
    EXPECT_EQ(xs["items"]["type"].text, "integer");
    EXPECT_EQ(xs["items"]["format"].text, "integer");
}

TEST_F(OpenApiTest, TextIsEscaped) {
    SchemaDocs d = cache.docs();
    d.relations[RelationRef{"api", "items"}].columns["name"].description = "say \"hi\"\t\\";
    cache.set_docs(d);
    const Json doc = document();
    EXPECT_EQ(doc["definitions"]["items"]["properties"]["name"]["description"].text,
              "say \"hi\"\t\\");
}

TEST(OpenApiHost, FirstListenAddressWithWildcardsAsPostgrestNamesThem) {
    EXPECT_EQ(openapi_host("localhost"), "localhost");
    EXPECT_EQ(openapi_host("10.0.0.1, localhost"), "10.0.0.1");
    EXPECT_EQ(openapi_host("*"), "0.0.0.0");
    EXPECT_EQ(openapi_host(""), "0.0.0.0");
}

TEST(OpenApiResponse, ContentTypeIsOpenApiJson) {
    const Response r = openapi_response("{}");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(test::header_value(r.headers, "Content-Type"),
              "application/openapi+json; charset=utf-8");
    EXPECT_EQ(test::header_value(r.headers, "Content-Range"), "<missing>");
    EXPECT_EQ(r.body, "{}");
}

}  // namespace
}  // namespace pg_resty
