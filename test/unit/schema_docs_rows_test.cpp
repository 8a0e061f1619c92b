#include "plan/schema_docs_rows.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace pg_resty {
namespace {

const std::optional<std::string> kNull;

TEST(SchemaDocsRows, QueriesTakeTheSchemasAsTextArray) {
    for (const char* query : {kRelationDocsQuery, kColumnDocsQuery, kCommentsQuery}) {
        EXPECT_NE(std::string(query).find("ANY ($1::text[])"), std::string::npos) << query;
    }
    EXPECT_NE(std::string(kRelationDocsQuery).find("pg_relation_is_updatable"), std::string::npos);
}

TEST(SchemaDocsRows, RelationsColumnsAndComments) {
    const Rows relations{
        Row{"api", "items", "Items\nfor sale", "true", "true", "true"},
        Row{"api", "report", kNull, "false", "false", "false"},
    };
    const Rows columns{
        Row{"api", "items", "id", kNull, kNull, "integer", kNull, kNull},
        Row{"api", "items", "code", "The code", "'x'::bpchar", "character", "3", kNull},
        Row{"api", "items", "mood", kNull, kNull, "api.mood", kNull, R"({happy,"so so"})"},
    };
    const Rows comments{
        Row{"schema", "api", "My API\nDescribed"},
        Row{"function", "16401", "Adds one"},
    };
    const SchemaDocs docs = schema_docs_from_rows(relations, columns, comments);

    const RelationDocs* items = docs.relation("api", "items");
    ASSERT_NE(items, nullptr);
    EXPECT_EQ(items->description, "Items\nfor sale");
    EXPECT_TRUE(items->insertable);
    EXPECT_TRUE(items->updatable);
    EXPECT_TRUE(items->deletable);
    ASSERT_EQ(items->columns.size(), 3u);
    EXPECT_EQ(items->columns.at("id").type, "integer");
    EXPECT_EQ(items->columns.at("id").description, std::nullopt);
    EXPECT_EQ(items->columns.at("id").max_length, std::nullopt);
    const ColumnDocs& code = items->columns.at("code");
    EXPECT_EQ(code.description, "The code");
    EXPECT_EQ(code.default_expr, "'x'::bpchar");
    EXPECT_EQ(code.max_length, 3);
    EXPECT_EQ(items->columns.at("mood").enum_values, (std::vector<std::string>{"happy", "so so"}));

    const RelationDocs* report = docs.relation("api", "report");
    ASSERT_NE(report, nullptr);
    EXPECT_EQ(report->description, std::nullopt);
    EXPECT_FALSE(report->insertable);
    EXPECT_EQ(docs.relation("api", "missing"), nullptr);

    EXPECT_EQ(docs.schema_descriptions.at("api"), "My API\nDescribed");
    EXPECT_EQ(docs.function_descriptions.at(16401), "Adds one");
}

TEST(SchemaDocsRows, MalformedRowsThrow) {
    EXPECT_THROW(schema_docs_from_rows({Row{"api", "t", kNull}}, {}, {}), std::runtime_error);
    EXPECT_THROW(
        schema_docs_from_rows({}, {Row{"api", "t", "c", kNull, kNull, "int", "x", kNull}}, {}),
        std::runtime_error);
    EXPECT_THROW(
        schema_docs_from_rows({}, {Row{"api", "t", "c", kNull, kNull, "e", kNull, "{a"}}, {}),
        std::runtime_error);
    EXPECT_THROW(schema_docs_from_rows({}, {}, {Row{"function", "f", "d"}}), std::runtime_error);
    EXPECT_THROW(schema_docs_from_rows({}, {}, {Row{"table", "t", "d"}}), std::runtime_error);
}

}  // namespace
}  // namespace pg_resty
