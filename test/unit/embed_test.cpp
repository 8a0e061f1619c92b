#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/api_request_parser.hpp"
#include "plan/read_plan.hpp"
#include "plan/relationships.hpp"
#include "query/read_query.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

using test::catch_api_error;

Relation table(const std::string& name, std::vector<std::string> columns) {
    Relation r;
    r.schema = "api";
    r.name = name;
    for (auto& c : columns) {
        Column column;
        column.name = std::move(c);
        column.type = 23;
        r.columns.push_back(column);
    }
    return r;
}

ForeignKey fk(std::string name, std::string from, std::vector<std::string> from_columns,
              std::string to, std::vector<std::string> to_columns, bool in_pk = false) {
    ForeignKey key;
    key.name = std::move(name);
    key.from = {"api", std::move(from)};
    key.from_columns = std::move(from_columns);
    key.to = {"api", std::move(to)};
    key.to_columns = std::move(to_columns);
    key.from_in_primary_key = in_pk;
    return key;
}

class EmbedTest : public ::testing::Test {
  protected:
    EmbedTest() {
        cache.add(table("authors", {"id", "name"}));
        cache.add(table("books", {"id", "title", "author_id", "editor_id"}));
        cache.add(table("films", {"id", "title"}));
        cache.add(table("actors", {"id", "name"}));
        cache.add(table("roles", {"film_id", "actor_id", "character"}));
        cache.add(table("employees", {"id", "name", "manager_id"}));
        cache.set_relationships(derive_relationships(
            cache,
            {fk("books_author_fk", "books", {"author_id"}, "authors", {"id"}),
             fk("books_editor_fk", "books", {"editor_id"}, "authors", {"id"}),
             fk("roles_film_fk", "roles", {"film_id"}, "films", {"id"}, true),
             fk("roles_actor_fk", "roles", {"actor_id"}, "actors", {"id"}, true),
             fk("employees_manager_fk", "employees", {"manager_id"}, "employees", {"id"})},
            {}));
        settings.schemas = {"api"};
    }

    Statement statement(const std::string& path, const std::string& query) {
        Request request;
        request.method = "GET";
        request.path = path;
        request.query = query;
        plan = plan_read(parse_api_request(request, settings), cache, settings);
        return build_read_statement(plan);
    }

    ApiError error(const std::string& path, const std::string& query) {
        return catch_api_error([&] { statement(path, query); });
    }

    SchemaCache cache;
    Settings settings;
    ReadPlan plan;
};

TEST_F(EmbedTest, ManyToOneIsARowToJsonOfALateralSubquery) {
    const Statement s = statement("/books", "select=title,author:authors!books_author_fk(name)");
    EXPECT_NE(s.sql.find("SELECT \"api\".\"books\".\"title\", row_to_json(\"books_author_1\".*)::"
                         "jsonb AS \"author\" FROM \"api\".\"books\" LEFT JOIN LATERAL (SELECT "
                         "\"authors_1\".\"name\" FROM \"api\".\"authors\" AS \"authors_1\" WHERE "
                         "\"authors_1\".\"id\" = \"api\".\"books\".\"author_id\") AS "
                         "\"books_author_1\" ON TRUE"),
              std::string::npos)
        << s.sql;
    EXPECT_TRUE(s.params.empty());
}

TEST_F(EmbedTest, OneToManyIsAJsonAggDefaultingToAnEmptyArray) {
    const Statement s = statement("/authors", "select=name,books!books_author_fk(title)");
    EXPECT_NE(s.sql.find("COALESCE(\"authors_books_1\".\"authors_books_1\", '[]') AS \"books\""),
              std::string::npos)
        << s.sql;
    EXPECT_NE(s.sql.find("LEFT JOIN LATERAL (SELECT json_agg(\"authors_books_1\")::jsonb AS "
                         "\"authors_books_1\" FROM (SELECT \"books_1\".\"title\" FROM "
                         "\"api\".\"books\" AS \"books_1\" WHERE \"books_1\".\"author_id\" = "
                         "\"api\".\"authors\".\"id\")"),
              std::string::npos)
        << s.sql;
}

TEST_F(EmbedTest, ManyToManyJoinsTheJunction) {
    const Statement s = statement("/films", "select=title,actors(name)");
    EXPECT_NE(s.sql.find("FROM \"api\".\"actors\" AS \"actors_1\" INNER JOIN \"api\".\"roles\" AS "
                         "\"roles_j1\" ON \"roles_j1\".\"actor_id\" = \"actors_1\".\"id\" WHERE "
                         "\"roles_j1\".\"film_id\" = \"api\".\"films\".\"id\""),
              std::string::npos)
        << s.sql;
}

TEST_F(EmbedTest, InnerJoinAndNesting) {
    const Statement s = statement("/films", "select=title,roles!inner(character,actors(name))");
    EXPECT_NE(s.sql.find("INNER JOIN LATERAL (SELECT json_agg(\"films_roles_1\")"),
              std::string::npos)
        << s.sql;
    EXPECT_NE(s.sql.find("ON \"films_roles_1\".\"films_roles_1\" IS NOT NULL"), std::string::npos);
    // The nested embed is correlated to the roles subquery's alias.
    EXPECT_NE(s.sql.find("\"actors_2\".\"id\" = \"roles_1\".\"actor_id\""), std::string::npos)
        << s.sql;
}

TEST_F(EmbedTest, SpreadLiftsTheColumnsIntoTheParent) {
    const Statement s = statement("/books", "select=title,...authors!books_author_fk(name)");
    EXPECT_NE(s.sql.find("\"books_authors_1\".\"name\" AS \"name\""), std::string::npos) << s.sql;
    // No row_to_json for the spread embed (the final SELECT has its own, for the body).
    const std::string source = s.sql.substr(0, s.sql.find(") SELECT pg_catalog.row_to_json"));
    EXPECT_EQ(source.find("row_to_json"), std::string::npos) << s.sql;
}

TEST_F(EmbedTest, SpreadOfAToManyIsRefused) {
    const ApiError e = error("/authors", "select=...books!books_author_fk(title)");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST119");
}

TEST_F(EmbedTest, SelfReferenceUsesTableForChildrenAndColumnForParent) {
    const Statement children = statement("/employees", "select=name,employees(name)");
    EXPECT_NE(children.sql.find("\"employees_1\".\"manager_id\" = \"api\".\"employees\".\"id\""),
              std::string::npos)
        << children.sql;
    const Statement parent = statement("/employees", "select=name,manager_id(name)");
    EXPECT_NE(parent.sql.find("\"employees_1\".\"id\" = \"api\".\"employees\".\"manager_id\""),
              std::string::npos)
        << parent.sql;
}

TEST_F(EmbedTest, AmbiguousEmbedIs300WithCandidates) {
    const ApiError e = error("/books", "select=*,authors(*)");
    EXPECT_EQ(e.status, 300);
    EXPECT_EQ(e.code, "PGRST201");
    EXPECT_EQ(e.message,
              "Could not embed because more than one relationship was found for 'books' and "
              "'authors'");
    EXPECT_EQ(e.hint,
              "Try changing 'authors' to one of the following: 'authors!books_author_fk', "
              "'authors!books_editor_fk'. Find the desired relationship in the 'details' key.");
    ASSERT_TRUE(e.details_json.has_value());
    EXPECT_EQ(*e.details_json,
              "[{\"cardinality\":\"many-to-one\",\"embedding\":\"books with authors\","
              "\"relationship\":\"books_author_fk using books(author_id) and authors(id)\"},"
              "{\"cardinality\":\"many-to-one\",\"embedding\":\"books with authors\","
              "\"relationship\":\"books_editor_fk using books(editor_id) and authors(id)\"}]");
}

TEST_F(EmbedTest, HintByColumnDisambiguates) {
    EXPECT_NO_THROW(statement("/books", "select=*,authors!editor_id(*)"));
}

TEST_F(EmbedTest, MissingRelationshipIs400WithDetailsAndSuggestion) {
    const ApiError e = error("/films", "select=*,actor(*)");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST200");
    EXPECT_EQ(e.message,
              "Could not find a relationship between 'films' and 'actor' in the "
              "schema cache");
    EXPECT_EQ(e.details,
              "Searched for a foreign key relationship between 'films' and 'actor' in "
              "the schema 'api', but no matches were found.");
    EXPECT_EQ(e.hint, "Perhaps you meant 'actors' instead of 'actor'.");

    const ApiError hinted = error("/films", "select=*,actors!nope(*)");
    EXPECT_EQ(hinted.details,
              "Searched for a foreign key relationship between 'films' and 'actors' using the "
              "hint 'nope' in the schema 'api', but no matches were found.");
}

TEST_F(EmbedTest, UnknownColumnInsideAnEmbedIs42703) {
    const ApiError e = error("/films", "select=*,actors(nope)");
    EXPECT_EQ(e.code, "42703");
    EXPECT_EQ(e.message, "column actors.nope does not exist");
}

}  // namespace
}  // namespace pg_resty
