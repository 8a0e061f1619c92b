#include "api/api_request_parser.hpp"
#include "api/field_name.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

Request get(std::string path, std::string query = "", std::string method = "GET") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.query = std::move(query);
    return r;
}

Settings settings_with_schemas(std::vector<std::string> schemas) {
    Settings s;
    s.schemas = std::move(schemas);
    return s;
}

// --- method and path --------------------------------------------------------------------------

TEST(ApiRequestParser, GetIsARead) {
    const ApiRequest api = parse_api_request(get("/items"), settings_with_schemas({"api"}));
    EXPECT_EQ(api.action, Action::Read);
    EXPECT_FALSE(api.head);
    EXPECT_EQ(api.schema, "api");
    EXPECT_EQ(api.relation, "items");
}

TEST(ApiRequestParser, HeadIsAReadWithoutBody) {
    const ApiRequest api = parse_api_request(get("/items", "", "HEAD"), Settings{});
    EXPECT_EQ(api.action, Action::Read);
    EXPECT_TRUE(api.head);
}

TEST(ApiRequestParser, DefaultSchemaIsTheFirstConfiguredOneElsePublic) {
    EXPECT_EQ(parse_api_request(get("/t"), settings_with_schemas({"v2", "v1"})).schema, "v2");
    EXPECT_EQ(parse_api_request(get("/t"), Settings{}).schema, "public");
}

TEST(ApiRequestParser, RelationNameIsTheDecodedPathSegment) {
    // The HTTP layer percent-decodes the path before this stage.
    const ApiRequest api = parse_api_request(get("/Order Items"), Settings{});
    EXPECT_EQ(api.relation, "Order Items");
}

TEST(ApiRequestParser, OptionsIsAnsweredBeforeThisStage) {
    const ApiError e = catch_api_error([&] { parse_api_request(get("/t", "", "OPTIONS"), {}); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST127");
}

TEST(ApiRequestParser, UnknownMethodIs405) {
    const ApiError e = catch_api_error([] { parse_api_request(get("/t", "", "BREW"), {}); });
    EXPECT_EQ(e.status, 405);
    EXPECT_EQ(e.code, "PGRST117");
    EXPECT_EQ(e.message, "Unsupported HTTP method: BREW");
}

TEST(ApiRequestParser, MethodIsCaseSensitive) {
    const ApiError e = catch_api_error([] { parse_api_request(get("/t", "", "get"), {}); });
    EXPECT_EQ(e.status, 405);
    EXPECT_EQ(e.code, "PGRST117");
}

TEST(ApiRequestParser, RootPathInspectsTheDefaultSchema) {
    const ApiRequest api = parse_api_request(get("/"), settings_with_schemas({"api", "other"}));
    EXPECT_EQ(api.action, Action::Inspect);
    EXPECT_FALSE(api.head);
    EXPECT_EQ(api.schema, "api");
    EXPECT_TRUE(api.relation.empty());

    const ApiRequest head = parse_api_request(get("/", "", "HEAD"), {});
    EXPECT_EQ(head.action, Action::Inspect);
    EXPECT_TRUE(head.head);
    EXPECT_EQ(head.schema, "public");
}

TEST(ApiRequestParser, InvalidPaths) {
    for (const char* path : {"", "items", "/a/b", "/items/"}) {
        const ApiError e = catch_api_error([&] { parse_api_request(get(path), {}); });
        EXPECT_EQ(e.status, 404) << path;
        EXPECT_EQ(e.code, "PGRST125") << path;
        EXPECT_EQ(e.message, "Invalid path specified in request URL") << path;
    }
}

TEST(ApiRequestParser, RpcGetIsACallWithPlainParamsAsArguments) {
    const ApiRequest api = parse_api_request(get("/rpc/fn", "a=1&b=x&id=eq.3&select=id"), {});
    EXPECT_EQ(api.action, Action::Call);
    EXPECT_EQ(api.function, "fn");
    EXPECT_FALSE(api.invoke_post);
    ASSERT_EQ(api.plain_params.size(), 2u);
    EXPECT_EQ(api.plain_params[0], (std::pair<std::string, std::string>{"a", "1"}));
    EXPECT_EQ(api.plain_params[1], (std::pair<std::string, std::string>{"b", "x"}));
    ASSERT_EQ(api.filters.size(), 1u);
    EXPECT_EQ(api.filters[0].column, "id");
}

TEST(ApiRequestParser, RpcPostReadsTheContentType) {
    Request request = get("/rpc/fn");
    request.method = "POST";
    request.headers.push_back({"content-type", "text/plain; charset=utf-8"});
    const ApiRequest api = parse_api_request(request, {});
    EXPECT_EQ(api.action, Action::Call);
    EXPECT_TRUE(api.invoke_post);
    EXPECT_EQ(api.content_type.kind, MediaType::Kind::TextPlain);
}

TEST(ApiRequestParser, RpcWithOtherMethodsIs405) {
    for (const char* method : {"PATCH", "PUT", "DELETE"}) {
        Request request = get("/rpc/fn");
        request.method = method;
        const ApiError e = catch_api_error([&] { parse_api_request(request, {}); });
        EXPECT_EQ(e.status, 405);
        EXPECT_EQ(e.code, "PGRST101");
        EXPECT_EQ(e.message, std::string("Cannot use the ") + method + " method on RPC");
    }
}

TEST(ApiRequestParser, RpcWithoutAFunctionNameIsAnInvalidPath) {
    for (const char* path : {"/rpc/", "/rpc/a/b"}) {
        const ApiError e = catch_api_error([&] { parse_api_request(get(path), {}); });
        EXPECT_EQ(e.code, "PGRST125") << path;
    }
}

// --- query string classification --------------------------------------------------------------

TEST(ApiRequestParser, DefaultsWithoutQueryString) {
    const ApiRequest api = parse_api_request(get("/items"), Settings{});
    ASSERT_EQ(api.select.size(), 1u);
    EXPECT_TRUE(api.select[0].star);
    EXPECT_TRUE(api.filters.empty());
    EXPECT_TRUE(api.order.empty());
    EXPECT_FALSE(api.limit.has_value());
    EXPECT_EQ(api.offset, 0);
}

TEST(ApiRequestParser, ClassifiesSelectOrderLimitOffsetAndFilters) {
    const ApiRequest api = parse_api_request(
        get("/items", "select=id,name&id=gt.1&order=name.desc&limit=10&offset=20&name=like.a*"),
        Settings{});
    ASSERT_EQ(api.select.size(), 2u);
    EXPECT_EQ(api.select[0].column, "id");
    EXPECT_EQ(api.select[1].column, "name");
    ASSERT_EQ(api.filters.size(), 2u);
    EXPECT_EQ(api.filters[0].column, "id");
    EXPECT_EQ(api.filters[0].op, FilterOp::Gt);
    EXPECT_EQ(api.filters[0].value, "1");
    EXPECT_EQ(api.filters[1].column, "name");
    EXPECT_EQ(api.filters[1].op, FilterOp::Like);
    ASSERT_EQ(api.order.size(), 1u);
    EXPECT_EQ(api.order[0].column, "name");
    EXPECT_EQ(api.order[0].descending, std::optional<bool>(true));
    EXPECT_EQ(api.limit, std::optional<long long>(10));
    EXPECT_EQ(api.offset, 20);
}

TEST(ApiRequestParser, QueryStringIsDecoded) {
    const ApiRequest api = parse_api_request(
        get("/t", "Unit+Price=lt.200&name=in.(%22Hebdon,John%22,x)&select=a%3Ab"), Settings{});
    ASSERT_EQ(api.filters.size(), 2u);
    EXPECT_EQ(api.filters[0].column, "Unit Price");
    EXPECT_EQ(api.filters[0].value, "200");
    EXPECT_EQ(api.filters[1].list, (std::vector<std::string>{"Hebdon,John", "x"}));
    ASSERT_EQ(api.select.size(), 1u);
    EXPECT_EQ(api.select[0].alias, "a");
    EXPECT_EQ(api.select[0].column, "b");
}

TEST(ApiRequestParser, RepeatedFiltersOnOneColumnAreAllKept) {
    const ApiRequest api = parse_api_request(get("/t", "id=gte.1&id=lte.9"), Settings{});
    ASSERT_EQ(api.filters.size(), 2u);
    EXPECT_EQ(api.filters[0].op, FilterOp::Gte);
    EXPECT_EQ(api.filters[1].op, FilterOp::Lte);
}

TEST(ApiRequestParser, FirstSelectWins) {
    const ApiRequest api = parse_api_request(get("/t", "select=a&select=b,c"), Settings{});
    ASSERT_EQ(api.select.size(), 1u);
    EXPECT_EQ(api.select[0].column, "a");
}

TEST(ApiRequestParser, LastOrderLimitAndOffsetWin) {
    const ApiRequest api =
        parse_api_request(get("/t", "order=a&order=b.desc&limit=1&limit=2&offset=3&offset=4"), {});
    ASSERT_EQ(api.order.size(), 1u);
    EXPECT_EQ(api.order[0].column, "b");
    EXPECT_EQ(api.limit, std::optional<long long>(2));
    EXPECT_EQ(api.offset, 4);
}

TEST(ApiRequestParser, PlainParametersAreIgnored) {
    const ApiRequest api =
        parse_api_request(get("/t", "foo=bar&flag&x=1&columns=a,b&on_conflict=id"), Settings{});
    EXPECT_TRUE(api.filters.empty());
    ASSERT_EQ(api.select.size(), 1u);
    EXPECT_TRUE(api.select[0].star);
}

TEST(ApiRequestParser, EmptyReservedValuesAreIgnored) {
    const ApiRequest api = parse_api_request(get("/t", "order=&limit=&offset=&and=&or="), {});
    EXPECT_TRUE(api.order.empty());
    EXPECT_FALSE(api.limit.has_value());
    EXPECT_EQ(api.offset, 0);
}

TEST(ApiRequestParser, InvalidLimitAndOffsetAreIgnored) {
    for (const char* q : {"limit=abc&offset=x", "limit=1.5&offset=2.5", "limit=%2B3&offset=%2B1",
                          "limit=0x10&offset=1e3", "limit=99999999999999999999"}) {
        const ApiRequest api = parse_api_request(get("/t", q), Settings{});
        EXPECT_FALSE(api.limit.has_value()) << q;
        EXPECT_EQ(api.offset, 0) << q;
    }
}

TEST(ApiRequestParser, LimitAndOffsetAllowSurroundingSpaces) {
    const ApiRequest api = parse_api_request(get("/t", "limit=+5+&offset=%207"), Settings{});
    EXPECT_EQ(api.limit, std::optional<long long>(5));
    EXPECT_EQ(api.offset, 7);
}

TEST(ApiRequestParser, ZeroLimitIsAccepted) {
    const ApiRequest api = parse_api_request(get("/t", "limit=0"), Settings{});
    EXPECT_EQ(api.limit, std::optional<long long>(0));
}

TEST(ApiRequestParser, NegativeLimitIs416) {
    const ApiError e = catch_api_error([] { parse_api_request(get("/t", "limit=-1"), {}); });
    EXPECT_EQ(e.status, 416);
    EXPECT_EQ(e.code, "PGRST103");
    EXPECT_EQ(e.message, "Requested range not satisfiable");
    EXPECT_EQ(e.details, "Limit should be greater than or equal to zero.");
}

TEST(ApiRequestParser, NegativeOffsetIsPassedOn) {
    // Left to the database, which rejects a negative OFFSET itself.
    const ApiRequest api = parse_api_request(get("/t", "offset=-3"), Settings{});
    EXPECT_EQ(api.offset, -3);
}

TEST(ApiRequestParser, EmbeddedOrderLimitAndOffsetAreCollectedByPath) {
    const ApiRequest api = parse_api_request(
        get("/t",
            "clients.order=name.desc&clients.limit=2&a.b.offset=1&clients.offset=x&"
            "clients.offset=3&a.b.limit=nope"),
        {});
    ASSERT_EQ(api.embed_order.size(), 1u);
    EXPECT_EQ(api.embed_order[0].path, std::vector<std::string>{"clients"});
    ASSERT_EQ(api.embed_order[0].value.size(), 1u);
    EXPECT_EQ(api.embed_order[0].value[0].column, "name");
    EXPECT_EQ(api.embed_order[0].value[0].descending, std::optional<bool>(true));
    ASSERT_EQ(api.embed_ranges.size(), 2u);
    EXPECT_EQ(api.embed_ranges[0].path, std::vector<std::string>{"clients"});
    EXPECT_EQ(api.embed_ranges[0].value.limit, std::optional<long long>(2));
    EXPECT_EQ(api.embed_ranges[0].value.offset, 3);  // "x" is ignored, as PostgREST's readMaybe
    EXPECT_EQ(api.embed_ranges[1].path, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(api.embed_ranges[1].value.limit, std::nullopt);
    EXPECT_EQ(api.embed_ranges[1].value.offset, 1);
    EXPECT_FALSE(api.limit.has_value());
    EXPECT_TRUE(api.order.empty());
}

TEST(ApiRequestParser, EmbeddedFiltersAndLogicAreCollectedByPath) {
    const ApiRequest api = parse_api_request(
        get("/t", "clients.projects.name=eq.x&clients.not.or=(id.eq.1,id.eq.2)&id=eq.1"), {});
    ASSERT_EQ(api.embed_filters.size(), 1u);
    EXPECT_EQ(api.embed_filters[0].path, (std::vector<std::string>{"clients", "projects"}));
    EXPECT_EQ(api.embed_filters[0].value.column, "name");
    ASSERT_EQ(api.embed_logic.size(), 1u);
    EXPECT_EQ(api.embed_logic[0].path, std::vector<std::string>{"clients"});
    EXPECT_TRUE(api.embed_logic[0].value.negated);
    ASSERT_EQ(api.filters.size(), 1u);
    EXPECT_TRUE(api.logic.empty());
}

TEST(ApiRequestParser, EmbeddedOrderKeyIsATreePath) {
    const ApiError e = catch_api_error([] { parse_api_request(get("/t", "a..order=id"), {}); });
    EXPECT_EQ(e.code, "PGRST100");
}

TEST(ApiRequestParser, LogicTreesAreCollected) {
    const ApiRequest api = parse_api_request(
        get("/t", "or=(a.eq.1,b.eq.2)&and=(a.eq.1)&not.or=(c.is.null,and(d.gt.1,e.lt.2))&a=eq.9"),
        {});
    ASSERT_EQ(api.logic.size(), 3u);
    EXPECT_EQ(api.logic[0].kind, LogicTree::Kind::Or);
    EXPECT_FALSE(api.logic[0].negated);
    ASSERT_EQ(api.logic[0].children.size(), 2u);
    EXPECT_EQ(api.logic[0].children[1].filter.column, "b");
    EXPECT_EQ(api.logic[1].kind, LogicTree::Kind::And);
    EXPECT_EQ(api.logic[2].kind, LogicTree::Kind::Or);
    EXPECT_TRUE(api.logic[2].negated);
    ASSERT_EQ(api.logic[2].children.size(), 2u);
    EXPECT_EQ(api.logic[2].children[1].kind, LogicTree::Kind::And);
    ASSERT_EQ(api.filters.size(), 1u);
}

TEST(ApiRequestParser, LogicTreeErrorsNameTheValue) {
    const ApiError e = catch_api_error([] { parse_api_request(get("/t", "or=()"), {}); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse logic tree (())\" (line 1, column 4)");
    // not.or counts its columns from "not.or(".
    const ApiError n = catch_api_error([] { parse_api_request(get("/t", "not.or=(a)"), {}); });
    EXPECT_EQ(n.message, "\"failed to parse logic tree ((a))\" (line 1, column 9)");
}

TEST(ApiRequestParser, FilterKeysMayHoldJsonPaths) {
    const ApiRequest api = parse_api_request(get("/t", "data->a->>b=eq.1&arr->0=gt.2"), {});
    ASSERT_EQ(api.filters.size(), 2u);
    EXPECT_EQ(api.filters[0].column, "data");
    ASSERT_EQ(api.filters[0].json_path.size(), 2u);
    EXPECT_EQ(api.filters[0].json_path[0].key, "a");
    EXPECT_FALSE(api.filters[0].json_path[0].as_text);
    EXPECT_TRUE(api.filters[0].json_path[1].as_text);
    EXPECT_EQ(api.filters[1].column, "arr");
    ASSERT_EQ(api.filters[1].json_path.size(), 1u);
    EXPECT_TRUE(api.filters[1].json_path[0].index);
}

TEST(ApiRequestParser, EmbeddedKeyWithAMalformedValueIsAParseErrorFirst) {
    // PostgREST parses every filter before planning, so the parse error wins over PGRST108.
    const ApiError e = catch_api_error([] { parse_api_request(get("/t", "a.b=eq"), {}); });
    EXPECT_EQ(e.code, "PGRST100");
}

TEST(ApiRequestParser, FilterParseErrorsPropagate) {
    const ApiError e = catch_api_error([] { parse_api_request(get("/t", "id=in.1"), {}); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse filter (in.1)\" (line 1, column 4)");
}

TEST(ApiRequestParser, SelectAndOrderParseErrorsPropagate) {
    const ApiError s = catch_api_error([] { parse_api_request(get("/t", "select=a;"), {}); });
    EXPECT_EQ(s.code, "PGRST100");
    EXPECT_EQ(s.message, "\"failed to parse select parameter (a;)\" (line 1, column 2)");

    const ApiError o = catch_api_error([] { parse_api_request(get("/t", "order=a.up"), {}); });
    EXPECT_EQ(o.code, "PGRST100");
    EXPECT_EQ(o.message, "\"failed to parse order (a.up)\" (line 1, column 3)");
}

TEST(ApiRequestParser, NegativeLimitIsCheckedAfterTheWholeQueryString) {
    // A later parse error wins over the range error, which is only checked at the end.
    const ApiError e =
        catch_api_error([] { parse_api_request(get("/t", "limit=-1&select=a;"), {}); });
    EXPECT_EQ(e.code, "PGRST100");
}

TEST(ApiRequestParser, TooManyQueryParameters) {
    std::string q = "a=1";
    for (int i = 0; i < 1000; ++i) {
        q += "&a=1";
    }
    const ApiError e = catch_api_error([&] { parse_api_request(get("/t", q), {}); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "too many query parameters");
    EXPECT_EQ(e.details, "at most 1000 query parameters are accepted");
    // Exactly 1000 is fine.
    EXPECT_NO_THROW(parse_api_request(get("/t", q.substr(4)), Settings{}));
}

TEST(ApiRequestParser, NotNegatedFilterViaQueryString) {
    const ApiRequest api = parse_api_request(get("/t", "status=not.is.null"), Settings{});
    ASSERT_EQ(api.filters.size(), 1u);
    EXPECT_TRUE(api.filters[0].negated);
    EXPECT_EQ(api.filters[0].op, FilterOp::Is);
    EXPECT_EQ(api.filters[0].is_value, IsValue::Null);
}

// PostgREST parses a filter key as a field name, so a column whose name holds a reserved
// character is written in double quotes (its docs: /vulnerabilities?%22information.cpe%22=...).
TEST(ApiRequestParser, QuotedFilterKeyNamesAColumn) {
    const ApiRequest api =
        parse_api_request(get("/vulnerabilities", "%22information.cpe%22=like.*MS*"), {});
    ASSERT_EQ(api.filters.size(), 1u);
    EXPECT_EQ(api.filters[0].column, "information.cpe");

    const ApiRequest api2 = parse_api_request(get("/t", "%22id%22=eq.1"), Settings{});
    ASSERT_EQ(api2.filters.size(), 1u);
    EXPECT_EQ(api2.filters[0].column, "id");
}

// Quantified filters (eq(any).{1,2}) are filters, never plain parameters (which reads would
// ignore, returning every row).
TEST(ApiRequestParser, QuantifiedFiltersAreFilters) {
    const ApiRequest api =
        parse_api_request(get("/t", "id=eq(any).%7B1,2%7D&name=like(all).%7Ba*,*b%7D"), {});
    ASSERT_EQ(api.filters.size(), 2u);
    EXPECT_EQ(api.filters[0].quantifier, Quantifier::Any);
    EXPECT_EQ(api.filters[0].value, "{1,2}");
    EXPECT_EQ(api.filters[1].op, FilterOp::Like);
    EXPECT_EQ(api.filters[1].quantifier, Quantifier::All);
}

// --- filter keys: PostgREST's pTreePath --------------------------------------------------------

TEST(TreePath, PlainQuotedAndEmbeddedKeys) {
    EXPECT_EQ(parse_tree_path("id").field.name, "id");
    EXPECT_EQ(parse_tree_path("\"information.cpe\"").field.name, "information.cpe");
    const TreePath embedded = parse_tree_path("clients.projects.name");
    EXPECT_EQ(embedded.embed, (std::vector<std::string>{"clients", "projects"}));
    EXPECT_EQ(embedded.field.name, "name");
    EXPECT_EQ(parse_tree_path(" spaced name ").field.name, "spaced name");
}

TEST(TreePath, JsonPathsAfterTheField) {
    const TreePath p = parse_tree_path("a.data->0->>x");
    EXPECT_EQ(p.embed, (std::vector<std::string>{"a"}));
    EXPECT_EQ(p.field.name, "data");
    ASSERT_EQ(p.field.json_path.size(), 2u);
    EXPECT_TRUE(p.field.json_path[0].index);
    EXPECT_TRUE(p.field.json_path[1].as_text);
    EXPECT_EQ(p.field.json_path[1].key, "x");
}

TEST(TreePath, TextAfterTheFieldIsIgnoredAsInPostgrest) {
    EXPECT_EQ(parse_tree_path("a;b").field.name, "a");
}

TEST(TreePath, Errors) {
    const ApiError e = catch_api_error([] { parse_tree_path(""); });
    EXPECT_EQ(e.code, "PGRST100");
    EXPECT_EQ(e.message, "\"failed to parse tree path ()\" (line 1, column 1)");
    EXPECT_EQ(e.details, "unexpected end of input expecting field name (* or [a..z0..9_$])");
    const ApiError j = catch_api_error([] { parse_tree_path("data->>-x"); });
    EXPECT_EQ(j.message, "\"failed to parse tree path (data->>-x)\" (line 1, column 9)");
    EXPECT_EQ(j.details, "unexpected \"x\" expecting digit");
}

}  // namespace
}  // namespace pg_resty
