#include "plan/read_plan.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

Column column(std::string name, TypeOid type, TypeOid array_type) {
    Column c;
    c.name = std::move(name);
    c.type = type;
    c.array_type = array_type;
    return c;
}

SchemaCache make_cache() {
    SchemaCache cache;
    Relation items;
    items.schema = "public";
    items.name = "items";
    items.columns = {column("id", 23, 1007), column("name", 25, 1009), column("price", 1700, 1231)};
    cache.add(items);
    Relation clients;
    clients.schema = "public";
    clients.name = "clients";
    clients.columns = {column("id", 23, 1007)};
    cache.add(clients);
    Relation other;
    other.schema = "api";
    other.name = "projects";
    other.columns = {column("id", 20, 1016)};
    cache.add(other);
    return cache;
}

ApiRequest request(std::string relation, std::string schema = "public") {
    ApiRequest api;
    api.schema = std::move(schema);
    api.relation = std::move(relation);
    api.select.push_back(SelectItem{true, {}, {}, {}});
    return api;
}

class ReadPlanTest : public ::testing::Test {
  protected:
    SchemaCache cache = make_cache();
    Settings settings;
};

TEST_F(ReadPlanTest, ResolvesTheRelationAndStar) {
    const ReadPlan plan = plan_read(request("items"), cache, settings);
    ASSERT_NE(plan.relation, nullptr);
    EXPECT_EQ(plan.relation, cache.find("public", "items"));
    ASSERT_EQ(plan.select.size(), 1u);
    EXPECT_EQ(plan.select[0].column, nullptr);
    EXPECT_TRUE(plan.where.empty());
    EXPECT_TRUE(plan.order.empty());
    EXPECT_FALSE(plan.limit.has_value());
    EXPECT_EQ(plan.offset, 0);
}

TEST_F(ReadPlanTest, ResolvesColumnsAliasesAndCasts) {
    ApiRequest api = request("items");
    api.select = {SelectItem{false, "name", "label", ""}, SelectItem{false, "id", "", "text"}};
    const ReadPlan plan = plan_read(api, cache, settings);
    const Relation* items = cache.find("public", "items");
    ASSERT_EQ(plan.select.size(), 2u);
    EXPECT_EQ(plan.select[0].column, items->find_column("name"));
    EXPECT_EQ(plan.select[0].alias, "label");
    EXPECT_EQ(plan.select[0].cast, "");
    EXPECT_EQ(plan.select[1].column, items->find_column("id"));
    EXPECT_EQ(plan.select[1].alias, "");
    EXPECT_EQ(plan.select[1].cast, "text");
}

TEST_F(ReadPlanTest, ResolvesFiltersAndOrder) {
    ApiRequest api = request("items");
    Filter f;
    f.column = "price";
    f.op = FilterOp::Gt;
    f.value = "9.99";
    api.filters.push_back(f);
    OrderTerm t;
    t.column = "name";
    t.descending = true;
    api.order.push_back(t);
    api.range = query_range(10, 5);  // what the parser makes of limit=10&offset=5

    const ReadPlan plan = plan_read(api, cache, settings);
    const Relation* items = cache.find("public", "items");
    ASSERT_EQ(plan.where.size(), 1u);
    EXPECT_EQ(plan.where[0].column, items->find_column("price"));
    EXPECT_EQ(plan.where[0].filter.value, "9.99");
    EXPECT_EQ(plan.where[0].filter.op, FilterOp::Gt);
    ASSERT_EQ(plan.order.size(), 1u);
    EXPECT_EQ(plan.order[0].column, items->find_column("name"));
    EXPECT_EQ(plan.order[0].term.descending, std::optional<bool>(true));
    EXPECT_EQ(plan.limit, std::optional<long long>(10));
    EXPECT_EQ(plan.offset, 5);
}

TEST_F(ReadPlanTest, SchemaIsPartOfTheLookup) {
    EXPECT_NE(plan_read(request("projects", "api"), cache, settings).relation, nullptr);
    const ApiError e = catch_api_error([&] { plan_read(request("projects"), cache, settings); });
    EXPECT_EQ(e.code, "PGRST205");
}

TEST_F(ReadPlanTest, UnknownRelationIs404WithHint) {
    const ApiError e = catch_api_error([&] { plan_read(request("item"), cache, settings); });
    EXPECT_EQ(e.status, 404);
    EXPECT_EQ(e.code, "PGRST205");
    EXPECT_EQ(e.message, "Could not find the table 'public.item' in the schema cache");
    EXPECT_EQ(e.details, std::nullopt);
    EXPECT_EQ(e.hint, "Perhaps you meant the table 'public.items'");
}

TEST_F(ReadPlanTest, UnknownRelationWithoutCloseNameHasNoHint) {
    const ApiError e = catch_api_error([&] { plan_read(request("zzzzzz"), cache, settings); });
    EXPECT_EQ(e.status, 404);
    EXPECT_EQ(e.code, "PGRST205");
    EXPECT_EQ(e.message, "Could not find the table 'public.zzzzzz' in the schema cache");
    EXPECT_EQ(e.hint, std::nullopt);
}

TEST_F(ReadPlanTest, HintOnlyLooksInTheRequestedSchema) {
    // "project" is close to api.projects, but the request is for public.
    const ApiError e = catch_api_error([&] { plan_read(request("project"), cache, settings); });
    EXPECT_EQ(e.hint, std::nullopt);
    const ApiError e2 =
        catch_api_error([&] { plan_read(request("project", "api"), cache, settings); });
    EXPECT_EQ(e2.hint, "Perhaps you meant the table 'api.projects'");
}

TEST_F(ReadPlanTest, UnknownSelectColumnIs42703) {
    ApiRequest api = request("items");
    api.select = {SelectItem{false, "nme", "", ""}};
    const ApiError e = catch_api_error([&] { plan_read(api, cache, settings); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "42703");
    EXPECT_EQ(e.message, "column items.nme does not exist");
}

TEST_F(ReadPlanTest, UnknownFilterColumnIs42703) {
    ApiRequest api = request("items");
    Filter f;
    f.column = "missing";
    api.filters.push_back(f);
    const ApiError e = catch_api_error([&] { plan_read(api, cache, settings); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "42703");
    EXPECT_EQ(e.message, "column items.missing does not exist");
}

TEST_F(ReadPlanTest, UnknownOrderColumnIs42703) {
    ApiRequest api = request("clients");
    OrderTerm t;
    t.column = "Id";  // case matters
    api.order.push_back(t);
    const ApiError e = catch_api_error([&] { plan_read(api, cache, settings); });
    EXPECT_EQ(e.code, "42703");
    EXPECT_EQ(e.message, "column clients.Id does not exist");
}

TEST_F(ReadPlanTest, MaxRowsCapsAMissingLimit) {
    settings.max_rows = 100;
    const ReadPlan plan = plan_read(request("items"), cache, settings);
    EXPECT_EQ(plan.limit, std::optional<long long>(100));
}

TEST_F(ReadPlanTest, MaxRowsCapsALargerLimit) {
    settings.max_rows = 100;
    ApiRequest api = request("items");
    api.range = query_range(1000, 0);
    EXPECT_EQ(plan_read(api, cache, settings).limit, std::optional<long long>(100));
}

TEST_F(ReadPlanTest, MaxRowsKeepsASmallerLimit) {
    settings.max_rows = 100;
    ApiRequest api = request("items");
    api.range = query_range(7, 0);
    EXPECT_EQ(plan_read(api, cache, settings).limit, std::optional<long long>(7));
    api.range = query_range(100, 0);
    EXPECT_EQ(plan_read(api, cache, settings).limit, std::optional<long long>(100));
}

TEST_F(ReadPlanTest, MaxRowsZeroMeansNoRows) {
    settings.max_rows = 0;
    EXPECT_EQ(plan_read(request("items"), cache, settings).limit, std::optional<long long>(0));
}

TEST_F(ReadPlanTest, UnlimitedByDefault) {
    ASSERT_EQ(settings.max_rows, -1);
    ApiRequest api = request("items");
    api.range = query_range(123456789, 0);
    EXPECT_EQ(plan_read(api, cache, settings).limit, std::optional<long long>(123456789));
}

}  // namespace
}  // namespace pg_resty
