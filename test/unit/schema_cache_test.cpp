#include "plan/schema_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pg_resty {
namespace {

Relation relation(std::string schema, std::string name, std::vector<std::string> columns) {
    Relation r;
    r.schema = std::move(schema);
    r.name = std::move(name);
    for (std::string& c : columns) {
        Column column;
        column.name = std::move(c);
        r.columns.push_back(std::move(column));
    }
    return r;
}

TEST(Relation, FindColumnIsExactAndCaseSensitive) {
    const Relation r = relation("public", "items", {"id", "Name"});
    ASSERT_NE(r.find_column("id"), nullptr);
    EXPECT_EQ(r.find_column("id")->name, "id");
    EXPECT_EQ(r.find_column("Name"), &r.columns[1]);
    EXPECT_EQ(r.find_column("name"), nullptr);
    EXPECT_EQ(r.find_column("ID"), nullptr);
    EXPECT_EQ(r.find_column(""), nullptr);
}

TEST(SchemaCache, FindBySchemaAndName) {
    SchemaCache cache;
    cache.add(relation("public", "items", {"id"}));
    cache.add(relation("api", "items", {"id", "extra"}));
    EXPECT_EQ(cache.relation_count(), 2u);
    const Relation* pub = cache.find("public", "items");
    const Relation* api = cache.find("api", "items");
    ASSERT_NE(pub, nullptr);
    ASSERT_NE(api, nullptr);
    EXPECT_EQ(pub->columns.size(), 1u);
    EXPECT_EQ(api->columns.size(), 2u);
    EXPECT_EQ(cache.find("public", "Items"), nullptr);
    EXPECT_EQ(cache.find("other", "items"), nullptr);
}

TEST(SchemaCache, AddingTheSameNameReplaces) {
    SchemaCache cache;
    cache.add(relation("public", "t", {"a"}));
    cache.add(relation("public", "t", {"b", "c"}));
    EXPECT_EQ(cache.relation_count(), 1u);
    ASSERT_NE(cache.find("public", "t"), nullptr);
    EXPECT_EQ(cache.find("public", "t")->columns.size(), 2u);
}

TEST(SchemaCache, RelationNamesOfOneSchemaSorted) {
    SchemaCache cache;
    cache.add(relation("public", "zebra", {}));
    cache.add(relation("api", "other", {}));
    cache.add(relation("public", "apple", {}));
    cache.add(relation("publicx", "nope", {}));
    cache.add(relation("pub", "nope2", {}));
    EXPECT_EQ(cache.relation_names("public"), (std::vector<std::string>{"apple", "zebra"}));
    EXPECT_EQ(cache.relation_names("api"), (std::vector<std::string>{"other"}));
    EXPECT_TRUE(cache.relation_names("missing").empty());
}

TEST(SchemaCache, EmptyCache) {
    const SchemaCache cache;
    EXPECT_EQ(cache.relation_count(), 0u);
    EXPECT_EQ(cache.find("public", "x"), nullptr);
    EXPECT_TRUE(cache.relation_names("public").empty());
}

// --- closest_name -------------------------------------------------------------------------------

TEST(ClosestName, ExactMatchIsClosest) {
    EXPECT_EQ(closest_name("items", {"clients", "items", "item"}), "items");
}

TEST(ClosestName, OneEditInFiveCharactersIsSimilarEnough) {
    // 1 - 1/5 = 0.8 >= 0.75
    EXPECT_EQ(closest_name("itemz", {"clients", "items"}), "items");
    EXPECT_EQ(closest_name("item", {"clients", "items"}), "items");
}

TEST(ClosestName, ExactlyTheThresholdCounts) {
    // One edit in four characters: 1 - 1/4 = 0.75.
    EXPECT_EQ(closest_name("abcx", {"abcd"}), "abcd");
}

TEST(ClosestName, BelowTheThresholdGivesNothing) {
    // Two edits in five characters: 0.6.
    EXPECT_EQ(closest_name("itmes", {"items"}), std::nullopt);
    // One edit in three characters: 0.667.
    EXPECT_EQ(closest_name("abx", {"abc"}), std::nullopt);
    EXPECT_EQ(closest_name("completely", {"different", "names"}), std::nullopt);
}

TEST(ClosestName, PicksTheMostSimilar) {
    // "project" vs "projects" 0.875, vs "prefect" 1 - 2/7 = 0.714.
    EXPECT_EQ(closest_name("project", {"prefect", "projects"}), "projects");
    EXPECT_EQ(closest_name("project", {"projects", "prefect"}), "projects");
}

TEST(ClosestName, TieKeepsTheFirstCandidate) {
    EXPECT_EQ(closest_name("abcd", {"abce", "abcf"}), "abce");
    EXPECT_EQ(closest_name("abcd", {"abcf", "abce"}), "abcf");
}

TEST(ClosestName, NoCandidatesOrEmptyWantedGivesNothing) {
    EXPECT_EQ(closest_name("items", {}), std::nullopt);
    EXPECT_EQ(closest_name("", {"", "a"}), std::nullopt);
}

TEST(ClosestName, VeryLongNamesAreSkipped) {
    const std::string long_name(257, 'a');
    EXPECT_EQ(closest_name(long_name, {long_name}), std::nullopt);
    EXPECT_EQ(closest_name("aaa", {long_name, "aab", "aaaa"}), "aaaa");
    const std::string limit(256, 'a');
    EXPECT_EQ(closest_name(limit, {limit}), limit);
}

TEST(ClosestName, IsCaseSensitive) {
    // Case differences count as edits: "ITEMS" vs "items" is 5 edits.
    EXPECT_EQ(closest_name("ITEMS", {"items"}), std::nullopt);
}

}  // namespace
}  // namespace pg_resty
