#include "plan/view_keys.hpp"

#include <gtest/gtest.h>

namespace pg_resty {
namespace {

Relation view(std::string name, std::vector<std::string> columns) {
    Relation relation;
    relation.schema = "api";
    relation.name = std::move(name);
    relation.kind = RelationKind::View;
    for (std::string& column : columns) {
        Column c;
        c.name = std::move(column);
        relation.columns.push_back(std::move(c));
    }
    return relation;
}

ColumnSource source(std::string view, std::string view_column, std::string table,
                    std::string table_column) {
    return ColumnSource{RelationRef{"api", std::move(view)}, std::move(view_column),
                        RelationRef{"private", std::move(table)}, std::move(table_column)};
}

bool is_key(const SchemaCache& cache, const std::string& view, const std::string& column) {
    return cache.find("api", view)->find_column(column)->primary_key;
}

TEST(ViewKeys, ViewsShowingTheWholeKeyInheritIt) {
    SchemaCache cache;
    cache.add(view("authors", {"ident", "name", "ident_again"}));
    cache.add(view("partial", {"a"}));
    cache.add(view("no_key", {"name"}));
    const Rows keys{
        Row{"private", "authors", "id"},
        Row{"private", "pairs", "a"},
        Row{"private", "pairs", "b"},
    };
    mark_view_primary_keys(cache,
                           {
                               source("authors", "ident", "authors", "id"),
                               source("authors", "name", "authors", "name"),
                               source("authors", "ident_again", "authors", "id"),
                               source("partial", "a", "pairs", "a"),
                               source("no_key", "name", "authors", "name"),
                           },
                           keys);
    EXPECT_TRUE(is_key(cache, "authors", "ident"));
    EXPECT_FALSE(is_key(cache, "authors", "name"));
    // A key column shown twice: its first column carries it.
    EXPECT_FALSE(is_key(cache, "authors", "ident_again"));
    // Half of a two-column key is no key.
    EXPECT_FALSE(is_key(cache, "partial", "a"));
    EXPECT_FALSE(is_key(cache, "no_key", "name"));
}

TEST(ViewKeys, SourcesOfUnknownViewsAreIgnored) {
    SchemaCache cache;
    mark_view_primary_keys(cache, {source("gone", "id", "authors", "id")},
                           {Row{"private", "authors", "id"}});
    EXPECT_EQ(cache.relation_count(), 0u);
}

}  // namespace
}  // namespace pg_resty
