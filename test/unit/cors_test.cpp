#include "http/cors.hpp"

#include <gtest/gtest.h>

#include "response/options_response.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;
using test::header_value;

Request request(std::string method, std::vector<Header> headers) {
    Request r;
    r.method = std::move(method);
    r.path = "/items";
    r.headers = std::move(headers);
    return r;
}

TEST(Cors, PreflightFromAnyOrigin) {
    const auto r = cors_preflight(
        request("OPTIONS", {{"origin", "http://example.com"},
                            {"access-control-request-method", "POST"},
                            {"access-control-request-headers", "Content-Type, X-Custom"}}),
        Settings{});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "");
    EXPECT_EQ(header_value(r->headers, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(header_value(r->headers, "Access-Control-Allow-Credentials"), "<missing>");
    EXPECT_EQ(header_value(r->headers, "Access-Control-Allow-Methods"),
              "GET, POST, PATCH, PUT, DELETE, OPTIONS");
    EXPECT_EQ(header_value(r->headers, "Access-Control-Allow-Headers"),
              "Authorization, Content-Type, X-Custom");
    EXPECT_EQ(header_value(r->headers, "Access-Control-Max-Age"), "86400");
}

TEST(Cors, PreflightFromAListedOriginEchoesItWithCredentials) {
    Settings s;
    s.cors_allowed_origins = {"http://a.com", "http://b.com"};
    const auto r = cors_preflight(
        request("OPTIONS", {{"origin", "http://b.com"}, {"access-control-request-method", "GET"}}),
        s);
    ASSERT_TRUE(r);
    EXPECT_EQ(header_value(r->headers, "Access-Control-Allow-Origin"), "http://b.com");
    EXPECT_EQ(header_value(r->headers, "Access-Control-Allow-Credentials"), "true");
}

TEST(Cors, NotAPreflight) {
    Settings s;
    // No request method, no origin, another method, an origin not listed, a method not allowed.
    EXPECT_FALSE(cors_preflight(request("OPTIONS", {{"origin", "http://a.com"}}), s));
    EXPECT_FALSE(cors_preflight(request("OPTIONS", {{"access-control-request-method", "GET"}}), s));
    EXPECT_FALSE(cors_preflight(
        request("GET", {{"origin", "http://a.com"}, {"access-control-request-method", "GET"}}), s));
    EXPECT_FALSE(cors_preflight(request("OPTIONS", {{"origin", "http://a.com"},
                                                    {"access-control-request-method", "TRACE"}}),
                                s));
    s.cors_allowed_origins = {"http://b.com"};
    EXPECT_FALSE(cors_preflight(
        request("OPTIONS", {{"origin", "http://a.com"}, {"access-control-request-method", "GET"}}),
        s));
}

TEST(Cors, NormalResponsesExposeHeaders) {
    Response response;
    add_cors_headers(request("GET", {{"origin", "http://a.com"}}), Settings{}, response);
    EXPECT_EQ(header_value(response.headers, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(header_value(response.headers, "Access-Control-Expose-Headers"),
              "Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, "
              "Server, Transfer-Encoding, Range-Unit");
}

TEST(Cors, NoOriginOrUnlistedOriginGetsNothing) {
    Settings s;
    Response response;
    add_cors_headers(request("GET", {}), s, response);
    EXPECT_TRUE(response.headers.empty());
    s.cors_allowed_origins = {"http://b.com"};
    add_cors_headers(request("GET", {{"origin", "http://a.com"}}), s, response);
    EXPECT_TRUE(response.headers.empty());
}

SchemaCache options_cache() {
    SchemaCache cache;
    Relation table;
    table.schema = "api";
    table.name = "items";
    Column id;
    id.name = "id";
    id.primary_key = true;
    table.columns.push_back(id);
    cache.add(table);
    Relation view;
    view.schema = "api";
    view.name = "items_view";
    view.kind = RelationKind::View;
    cache.add(view);
    Relation updatable = view;
    updatable.name = "updatable_view";
    cache.add(updatable);
    SchemaDocs docs;
    RelationDocs& table_docs = docs.relations[RelationRef{"api", "items"}];
    table_docs.insertable = table_docs.updatable = table_docs.deletable = true;
    RelationDocs& view_docs = docs.relations[RelationRef{"api", "updatable_view"}];
    view_docs.updatable = view_docs.deletable = true;
    cache.set_docs(std::move(docs));
    return cache;
}

TEST(OptionsResponse, AllowByRelationKind) {
    Settings s;
    s.schemas = {"api"};
    const SchemaCache cache = options_cache();
    Request r = request("OPTIONS", {});
    Response table = options_response(r, cache, s);
    EXPECT_EQ(table.status, 200);
    EXPECT_EQ(table.body, "");
    EXPECT_EQ(header_value(table.headers, "Allow"), "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE");
    r.path = "/items_view";
    EXPECT_EQ(header_value(options_response(r, cache, s).headers, "Allow"), "OPTIONS,GET,HEAD");
    // A view takes what pg_relation_is_updatable says; PUT also needs POST and a key.
    r.path = "/updatable_view";
    EXPECT_EQ(header_value(options_response(r, cache, s).headers, "Allow"),
              "OPTIONS,GET,HEAD,PATCH,DELETE");
    r.path = "/nope";
    const ApiError e = catch_api_error([&] { options_response(r, cache, s); });
    EXPECT_EQ(e.status, 404);
    EXPECT_EQ(e.code, "PGRST205");
}

}  // namespace
}  // namespace pg_resty
