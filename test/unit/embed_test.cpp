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

TEST_F(EmbedTest, EmbeddedFiltersOrderAndRangeGoIntoTheSubquery) {
    const Statement s = statement("/authors",
                                  "select=name,books!books_author_fk(title)&books.title=like.A*&"
                                  "books.order=title.desc&books.limit=2&books.offset=1");
    EXPECT_NE(s.sql.find("FROM \"api\".\"books\" AS \"books_1\" WHERE \"books_1\".\"title\" LIKE "
                         "$1 AND \"books_1\".\"author_id\" = \"api\".\"authors\".\"id\" ORDER BY "
                         "\"books_1\".\"title\" DESC LIMIT $2 OFFSET $3)"),
              std::string::npos)
        << s.sql;
    ASSERT_EQ(s.params.size(), 3u);
    EXPECT_EQ(s.params[0].value, "A%");
    EXPECT_EQ(s.params[1].value, "2");
    EXPECT_EQ(s.params[2].value, "1");
}

TEST_F(EmbedTest, NestedPathsAndLogicOnEmbeds) {
    const Statement s = statement("/films",
                                  "select=title,roles(character,actors(name))&"
                                  "roles.actors.name=eq.Al&roles.or=(film_id.eq.1,"
                                  "character.eq.x)");
    EXPECT_NE(s.sql.find("FROM \"api\".\"actors\" AS \"actors_2\" WHERE \"actors_2\".\"name\" = $"),
              std::string::npos)
        << s.sql;
    EXPECT_NE(s.sql.find("WHERE (\"roles_1\".\"film_id\" = $"), std::string::npos) << s.sql;
    EXPECT_NE(s.sql.find(" OR \"roles_1\".\"character\" = $"), std::string::npos) << s.sql;
}

TEST_F(EmbedTest, AliasOrNameReachesTheEmbed) {
    EXPECT_NO_THROW(
        statement("/books", "select=*,author:authors!books_author_fk(*)&author.id=eq.1"));
    EXPECT_NO_THROW(
        statement("/books", "select=*,author:authors!books_author_fk(*)&authors.id=eq.1"));
}

TEST_F(EmbedTest, ParameterForAResourceNotEmbeddedIsPgrst108) {
    for (const char* q : {"select=*&clients.id=eq.1", "select=*,roles(*)&roles.x.id=eq.1",
                          "clients.or=(id.eq.1)", "clients.order=id", "clients.limit=1",
                          "order=clients(id)", "select=*,roles(*)&roles.order=x(id)"}) {
        const ApiError e = error("/films", q);
        EXPECT_EQ(e.status, 400) << q;
        EXPECT_EQ(e.code, "PGRST108") << q;
        EXPECT_FALSE(e.details.has_value()) << q;
    }
    const ApiError e = error("/films", "clients.id=eq.1");
    EXPECT_EQ(e.message, "'clients' is not an embedded resource in this request");
    EXPECT_EQ(e.hint, "Verify that 'clients' is included in the 'select' query parameter.");
}

TEST_F(EmbedTest, UnknownColumnOfAnEmbedNamesItsAlias) {
    const ApiError e = error("/authors", "select=*,books!books_author_fk(*)&books.nope=eq.1");
    EXPECT_EQ(e.code, "42703");
    EXPECT_EQ(e.message, "column books_1.nope does not exist");
    // Injection attempts in the path or the column are names, checked and refused.
    const ApiError q =
        error("/authors", "select=*,books!books_author_fk(*)&books.\"id\\\";drop\"=eq.1");
    EXPECT_EQ(q.code, "42703");
    const ApiError p = error("/authors", "select=*,books!books_author_fk(*)&books\"x.id=eq.1");
    EXPECT_EQ(p.status, 400);
}

TEST_F(EmbedTest, NullFilterOnAnEmbedTestsTheJoinedSubquery) {
    const Statement s = statement("/authors",
                                  "select=name,books!books_author_fk(title)&"
                                  "books=not.is.null&or=(books.is.null,id.eq.1)");
    EXPECT_NE(s.sql.find("WHERE \"authors_books_1\" IS DISTINCT FROM NULL AND (\"authors_books_1\" "
                         "IS NOT DISTINCT FROM NULL OR \"api\".\"authors\".\"id\" = $1)"),
              std::string::npos)
        << s.sql;
}

TEST_F(EmbedTest, NullFilterOnAColumnStaysAColumnFilter) {
    const Statement s = statement("/authors",
                                  "select=name,books!books_author_fk(title)&"
                                  "name=is.null&books=not.is.null");
    EXPECT_NE(s.sql.find("\"api\".\"authors\".\"name\" IS NULL"), std::string::npos) << s.sql;
    // Any other operator on an embed's name is a column filter (v12 dropped PGRST120).
    const ApiError e = error("/authors", "select=name,books!books_author_fk(title)&books=eq.1");
    EXPECT_EQ(e.code, "42703");
    EXPECT_EQ(e.message, "column authors.books does not exist");
}

TEST_F(EmbedTest, RelatedOrderOnAToOneUsesTheJoinedSubquery) {
    const Statement s = statement(
        "/books", "select=title,author:authors!books_author_fk(name)&order=author(name).desc");
    EXPECT_NE(s.sql.find("ORDER BY \"books_author_1\".\"name\" DESC)"), std::string::npos) << s.sql;
    const ApiError e =
        error("/books", "select=title,author:authors!books_author_fk(name)&order=author(nope)");
    EXPECT_EQ(e.code, "42703");
    EXPECT_EQ(e.message, "column books_author_1.nope does not exist");
}

TEST_F(EmbedTest, RelatedOrderOnAToManyIsPgrst118) {
    const ApiError e = error("/authors", "select=*,books!books_author_fk(*)&order=books(title)");
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.code, "PGRST118");
    EXPECT_EQ(e.message, "A related order on 'books' is not possible");
    EXPECT_EQ(e.details,
              "'authors' and 'books' do not form a many-to-one or one-to-one relationship");
}

TEST_F(EmbedTest, MaxRowsBoundsEmbeds) {
    settings.max_rows = 5;
    const Statement s =
        statement("/authors", "select=*,books!books_author_fk(*)&books.limit=10&books.offset=2");
    EXPECT_NE(s.sql.find("\"books_1\".\"author_id\" = \"api\".\"authors\".\"id\" LIMIT $1 OFFSET "
                         "$2)"),
              std::string::npos)
        << s.sql;
    EXPECT_EQ(s.params[0].value, "5");
}

TEST_F(EmbedTest, EmptyEmbedSelectsTheWholeRow) {
    const Statement s = statement("/books", "select=title,authors!books_author_fk()");
    EXPECT_NE(s.sql.find("SELECT \"authors_1\".* FROM \"api\".\"authors\""), std::string::npos)
        << s.sql;
}

TEST_F(EmbedTest, CountWithInnerEmbedsAndNullFiltersAsksForRelatedRows) {
    Request request;
    request.method = "GET";
    request.path = "/authors";
    request.query =
        "select=name,books!books_author_fk!inner(title),b2:books!books_editor_fk(id)&"
        "books.title=eq.x&b2=is.null&name=neq.y";
    request.headers.push_back({"prefer", "count=exact"});
    plan = plan_read(parse_api_request(request, settings), cache, settings);
    const ReadStatements s = build_read_statements(plan);
    EXPECT_NE(s.main.sql.find(
                  "pgrst_source_count AS (SELECT 1 FROM \"api\".\"authors\" WHERE "
                  "NOT EXISTS (SELECT 1 FROM \"api\".\"books\" AS \"books_1\" WHERE "
                  "\"books_1\".\"editor_id\" = \"api\".\"authors\".\"id\") AND "
                  "\"api\".\"authors\".\"name\" <> $1 AND EXISTS (SELECT 1 FROM \"api\".\"books\" "
                  "AS \"books_1\" WHERE \"books_1\".\"title\" = $2 AND \"books_1\".\"author_id\" = "
                  "\"api\".\"authors\".\"id\"))"),
              std::string::npos)
        << s.main.sql;
    ASSERT_GE(s.main.params.size(), 4u);
    EXPECT_EQ(s.main.params[0].value, "y");
    EXPECT_EQ(s.main.params[1].value, "x");
}

}  // namespace
}  // namespace pg_resty
