#include "plan/schema_rows.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace pg_resty {
namespace {

// One row of kSchemaCacheQuery: schema, relation, relkind, column, type oid, array type oid,
// format_type, nullable, has_default, primary_key.
Row row(std::string schema, std::string rel, std::string kind, std::string column,
        std::string type = "23", std::string array_type = "1007", std::string type_name = "integer",
        std::string nullable = "true", std::string has_default = "false",
        std::string pk = "false") {
    return Row{schema, rel, kind, column, type, array_type, type_name, nullable, has_default, pk};
}

TEST(SchemaRows, QueryTakesTheSchemasAsTextArray) {
    const std::string query = kSchemaCacheQuery;
    EXPECT_NE(query.find("ANY ($1::text[])"), std::string::npos);
    EXPECT_NE(query.find("ORDER BY n.nspname, c.relname, a.attnum"), std::string::npos);
}

TEST(SchemaRows, EmptyRowsGiveAnEmptyCache) {
    EXPECT_EQ(schema_cache_from_rows({}).relation_count(), 0u);
}

TEST(SchemaRows, GroupsConsecutiveRowsIntoRelations) {
    const Rows rows{
        row("api", "clients", "v", "id", "20", "1016", "bigint", "false", "true", "false"),
        row("public", "items", "r", "id", "23", "1007", "integer", "false", "true", "true"),
        row("public", "items", "r", "name", "25", "1009", "text", "true", "false", "false"),
        row("public", "items", "r", "tags", "1009", "0", "text[]"),
    };
    const SchemaCache cache = schema_cache_from_rows(rows);
    EXPECT_EQ(cache.relation_count(), 2u);

    const Relation* clients = cache.find("api", "clients");
    ASSERT_NE(clients, nullptr);
    EXPECT_EQ(clients->kind, RelationKind::View);
    ASSERT_EQ(clients->columns.size(), 1u);
    EXPECT_EQ(clients->columns[0].type, 20u);

    const Relation* items = cache.find("public", "items");
    ASSERT_NE(items, nullptr);
    EXPECT_EQ(items->schema, "public");
    EXPECT_EQ(items->name, "items");
    EXPECT_EQ(items->kind, RelationKind::Table);
    ASSERT_EQ(items->columns.size(), 3u);

    const Column& id = items->columns[0];
    EXPECT_EQ(id.name, "id");
    EXPECT_EQ(id.type, 23u);
    EXPECT_EQ(id.array_type, 1007u);
    EXPECT_EQ(id.type_name, "integer");
    EXPECT_FALSE(id.nullable);
    EXPECT_TRUE(id.has_default);
    EXPECT_TRUE(id.primary_key);

    const Column& name = items->columns[1];
    EXPECT_EQ(name.name, "name");
    EXPECT_EQ(name.type, 25u);
    EXPECT_EQ(name.array_type, 1009u);
    EXPECT_TRUE(name.nullable);
    EXPECT_FALSE(name.has_default);
    EXPECT_FALSE(name.primary_key);

    EXPECT_EQ(items->columns[2].name, "tags");
    EXPECT_EQ(items->columns[2].array_type, 0u);
}

TEST(SchemaRows, SameNameInTwoSchemasAreTwoRelations) {
    const Rows rows{row("a", "t", "r", "x"), row("b", "t", "r", "y")};
    const SchemaCache cache = schema_cache_from_rows(rows);
    EXPECT_EQ(cache.relation_count(), 2u);
    ASSERT_NE(cache.find("a", "t"), nullptr);
    ASSERT_NE(cache.find("b", "t"), nullptr);
    EXPECT_EQ(cache.find("a", "t")->columns[0].name, "x");
    EXPECT_EQ(cache.find("b", "t")->columns[0].name, "y");
}

TEST(SchemaRows, AllRelationKinds) {
    const Rows rows{row("s", "r", "r", "c"), row("s", "v", "v", "c"), row("s", "m", "m", "c"),
                    row("s", "f", "f", "c"), row("s", "p", "p", "c")};
    const SchemaCache cache = schema_cache_from_rows(rows);
    EXPECT_EQ(cache.find("s", "r")->kind, RelationKind::Table);
    EXPECT_EQ(cache.find("s", "v")->kind, RelationKind::View);
    EXPECT_EQ(cache.find("s", "m")->kind, RelationKind::MaterializedView);
    EXPECT_EQ(cache.find("s", "f")->kind, RelationKind::ForeignTable);
    EXPECT_EQ(cache.find("s", "p")->kind, RelationKind::PartitionedTable);
}

TEST(SchemaRows, BooleansAreOnlyTrueWhenExactlyTrue) {
    const Rows rows{row("s", "t", "r", "c", "23", "1007", "integer", "t", "TRUE", "yes")};
    const SchemaCache cache = schema_cache_from_rows(rows);
    const Column& c = cache.find("s", "t")->columns[0];
    EXPECT_FALSE(c.nullable);
    EXPECT_FALSE(c.has_default);
    EXPECT_FALSE(c.primary_key);
}

TEST(SchemaRows, LargestOidIsAccepted) {
    const Rows rows{row("s", "t", "r", "c", "4294967295", "0")};
    EXPECT_EQ(schema_cache_from_rows(rows).find("s", "t")->columns[0].type, 4294967295u);
}

// --- malformed rows -----------------------------------------------------------------------------

TEST(SchemaRowsMalformed, NullFieldThrows) {
    Row r = row("s", "t", "r", "c");
    r[3] = std::nullopt;
    EXPECT_THROW(schema_cache_from_rows({r}), std::runtime_error);
}

TEST(SchemaRowsMalformed, NullInLastFieldThrows) {
    Row r = row("s", "t", "r", "c");
    r[9] = std::nullopt;
    EXPECT_THROW(schema_cache_from_rows({r}), std::runtime_error);
}

TEST(SchemaRowsMalformed, ShortRowThrows) {
    Row r = row("s", "t", "r", "c");
    r.pop_back();
    EXPECT_THROW(schema_cache_from_rows({r}), std::runtime_error);
    EXPECT_THROW(schema_cache_from_rows({Row{}}), std::runtime_error);
}

TEST(SchemaRowsMalformed, BadOidThrowsWithTheValueInTheMessage) {
    for (const char* bad : {"abc", "-1", "4294967296", "", "1.5"}) {
        try {
            schema_cache_from_rows({row("s", "t", "r", "c", bad)});
            ADD_FAILURE() << "no exception for oid '" << bad << "'";
        } catch (const std::runtime_error& e) {
            EXPECT_EQ(std::string(e.what()),
                      std::string("schema cache query returned a malformed oid: ") + bad);
        }
    }
    EXPECT_THROW(schema_cache_from_rows({row("s", "t", "r", "c", "23", "x")}), std::runtime_error);
}

TEST(SchemaRowsMalformed, UnknownRelkindThrows) {
    try {
        schema_cache_from_rows({row("s", "t", "i", "c")});
        ADD_FAILURE() << "no exception for relkind 'i'";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "schema cache query returned an unknown relkind: i");
    }
}

TEST(SchemaRowsMalformed, ErrorInALaterRowStillThrows) {
    Row bad = row("s", "t", "r", "c2");
    bad[4] = std::nullopt;
    EXPECT_THROW(schema_cache_from_rows({row("s", "t", "r", "c1"), bad}), std::runtime_error);
}

}  // namespace
}  // namespace pg_resty

namespace pg_resty {
namespace {

TEST(SchemaRows, ForeignKeysGroupColumnPairsByConstraint) {
    const Rows rows{
        Row{"fk_ab", "api", "a", "x1", "api", "b", "y1", "1", "false", "true"},
        Row{"fk_ab", "api", "a", "x2", "api", "b", "y2", "2", "false", "true"},
        Row{"fk_ac", "api", "a", "z", "other", "c", "id", "1", "true", "false"},
    };
    const std::vector<ForeignKey> keys = foreign_keys_from_rows(rows);
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys[0].name, "fk_ab");
    EXPECT_EQ(keys[0].from_columns, (std::vector<std::string>{"x1", "x2"}));
    EXPECT_EQ(keys[0].to_columns, (std::vector<std::string>{"y1", "y2"}));
    EXPECT_TRUE(keys[0].from_in_primary_key);
    EXPECT_FALSE(keys[0].from_unique);
    EXPECT_EQ(keys[1].to.schema, "other");
    EXPECT_TRUE(keys[1].from_unique);
}

TEST(SchemaRows, FunctionsCollectParametersAndOverloads) {
    const Rows rows{
        Row{"api", "add", "100", "23", "integer", "b", "false", "i", "1", "a", "23", "integer",
            "i"},
        Row{"api", "add", "100", "23", "integer", "b", "false", "i", "1", "b", "23", "integer",
            "i"},
        Row{"api", "add", "101", "25", "text", "b", "false", "s", "0", "t", "25", "text", "i"},
        Row{"api", "all_items", "102", "16390", "items", "c", "true", "v", "0", std::nullopt,
            std::nullopt, std::nullopt, std::nullopt},
    };
    SchemaCache cache;
    add_functions_from_rows(cache, rows);
    EXPECT_EQ(cache.function_count(), 3u);
    const auto adds = cache.functions("api", "add");
    ASSERT_EQ(adds.size(), 2u);
    const Function* two = adds[0]->oid == 100 ? adds[0] : adds[1];
    ASSERT_EQ(two->params.size(), 2u);
    EXPECT_EQ(two->params[1].name, "b");
    EXPECT_EQ(two->defaults, 1);
    EXPECT_EQ(two->volatility, 'i');
    const auto items = cache.functions("api", "all_items");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_TRUE(items[0]->params.empty());
    EXPECT_TRUE(items[0]->returns_set);
    EXPECT_EQ(items[0]->return_type_kind, 'c');
}

TEST(SchemaRows, MalformedFunctionOidThrows) {
    const Rows rows{Row{"api", "f", "x", "23", "integer", "b", "false", "v", "0", std::nullopt,
                        std::nullopt, std::nullopt, std::nullopt}};
    SchemaCache cache;
    EXPECT_THROW(add_functions_from_rows(cache, rows), std::runtime_error);
}

}  // namespace
}  // namespace pg_resty
