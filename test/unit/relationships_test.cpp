#include "plan/relationships.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pg_resty {
namespace {

Relation relation(std::string schema, std::string name, RelationKind kind,
                  std::vector<std::string> columns) {
    Relation r;
    r.schema = std::move(schema);
    r.name = std::move(name);
    r.kind = kind;
    for (auto& c : columns) {
        Column column;
        column.name = std::move(c);
        r.columns.push_back(column);
    }
    return r;
}

ForeignKey fk(std::string name, RelationRef from, std::vector<std::string> from_columns,
              RelationRef to, std::vector<std::string> to_columns, bool unique = false,
              bool in_pk = false) {
    ForeignKey key;
    key.name = std::move(name);
    key.from = std::move(from);
    key.from_columns = std::move(from_columns);
    key.to = std::move(to);
    key.to_columns = std::move(to_columns);
    key.from_unique = unique;
    key.from_in_primary_key = in_pk;
    return key;
}

const Relationship* find(const std::vector<Relationship>& all, const std::string& from,
                         const std::string& to, Cardinality cardinality) {
    for (const Relationship& r : all) {
        if (r.from.name == from && r.to.name == to && r.cardinality == cardinality) {
            return &r;
        }
    }
    return nullptr;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(Relationships, ForeignKeyGivesManyToOneAndItsReverse) {
    SchemaCache cache;
    cache.add(relation("api", "authors", RelationKind::Table, {"id", "name"}));
    cache.add(relation("api", "books", RelationKind::Table, {"id", "author_id"}));
    const auto all = derive_relationships(
        cache,
        {fk("books_author_id_fkey", {"api", "books"}, {"author_id"}, {"api", "authors"}, {"id"})},
        {});
    ASSERT_EQ(all.size(), 2u);
    const Relationship* m2o = find(all, "books", "authors", Cardinality::ManyToOne);
    ASSERT_NE(m2o, nullptr);
    EXPECT_EQ(m2o->constraint, "books_author_id_fkey");
    EXPECT_EQ(m2o->columns, (Pairs{{"author_id", "id"}}));
    EXPECT_FALSE(m2o->from_is_referenced);
    const Relationship* o2m = find(all, "authors", "books", Cardinality::OneToMany);
    ASSERT_NE(o2m, nullptr);
    EXPECT_EQ(o2m->columns, (Pairs{{"id", "author_id"}}));
    EXPECT_TRUE(o2m->from_is_referenced);
}

TEST(Relationships, UniqueForeignKeyIsOneToOneBothWays) {
    SchemaCache cache;
    cache.add(relation("api", "users", RelationKind::Table, {"id"}));
    cache.add(relation("api", "profiles", RelationKind::Table, {"user_id"}));
    const auto all = derive_relationships(
        cache, {fk("p_fk", {"api", "profiles"}, {"user_id"}, {"api", "users"}, {"id"}, true)}, {});
    const Relationship* forward = find(all, "profiles", "users", Cardinality::OneToOne);
    const Relationship* reverse = find(all, "users", "profiles", Cardinality::OneToOne);
    ASSERT_NE(forward, nullptr);
    ASSERT_NE(reverse, nullptr);
    EXPECT_EQ(find(all, "users", "profiles", Cardinality::OneToMany), nullptr);
    // Only the profiles side holds the key.
    EXPECT_FALSE(forward->from_is_referenced);
    EXPECT_TRUE(reverse->from_is_referenced);
}

TEST(Relationships, TablesOutsideTheCacheOnlyCountThroughViews) {
    SchemaCache cache;
    cache.add(relation("api", "authors", RelationKind::View, {"id", "name"}));
    cache.add(relation("api", "books", RelationKind::View, {"id", "writer"}));
    const std::vector<ColumnSource> sources{
        {{"api", "authors"}, "id", {"private", "authors"}, "id"},
        {{"api", "authors"}, "name", {"private", "authors"}, "name"},
        {{"api", "books"}, "id", {"private", "books"}, "id"},
        {{"api", "books"}, "writer", {"private", "books"}, "author_id"},
    };
    const auto all = derive_relationships(
        cache,
        {fk("books_fk", {"private", "books"}, {"author_id"}, {"private", "authors"}, {"id"})},
        sources);
    ASSERT_EQ(all.size(), 2u);
    const Relationship* m2o = find(all, "books", "authors", Cardinality::ManyToOne);
    ASSERT_NE(m2o, nullptr);
    EXPECT_EQ(m2o->from.schema, "api");
    EXPECT_EQ(m2o->columns, (Pairs{{"writer", "id"}}));
}

TEST(Relationships, ViewMissingAForeignKeyColumnGetsNoRelationship) {
    SchemaCache cache;
    cache.add(relation("api", "authors", RelationKind::Table, {"id"}));
    cache.add(relation("api", "book_titles", RelationKind::View, {"title"}));
    const std::vector<ColumnSource> sources{
        {{"api", "book_titles"}, "title", {"private", "books"}, "title"}};
    const auto all = derive_relationships(
        cache, {fk("books_fk", {"private", "books"}, {"author_id"}, {"api", "authors"}, {"id"})},
        sources);
    EXPECT_TRUE(all.empty());
}

TEST(Relationships, JunctionTableGivesManyToManyBothWays) {
    SchemaCache cache;
    cache.add(relation("api", "films", RelationKind::Table, {"id"}));
    cache.add(relation("api", "actors", RelationKind::Table, {"id"}));
    cache.add(relation("api", "roles", RelationKind::Table, {"film_id", "actor_id"}));
    const auto all = derive_relationships(
        cache,
        {fk("roles_film_fk", {"api", "roles"}, {"film_id"}, {"api", "films"}, {"id"}, false, true),
         fk("roles_actor_fk", {"api", "roles"}, {"actor_id"}, {"api", "actors"}, {"id"}, false,
            true)},
        {});
    const Relationship* m2m = find(all, "films", "actors", Cardinality::ManyToMany);
    ASSERT_NE(m2m, nullptr);
    EXPECT_EQ(m2m->junction.name, "roles");
    EXPECT_EQ(m2m->constraint, "roles_actor_fk");
    EXPECT_EQ(m2m->junction_constraint, "roles_film_fk");
    EXPECT_EQ(m2m->junction_from, (Pairs{{"film_id", "id"}}));
    EXPECT_EQ(m2m->junction_to, (Pairs{{"actor_id", "id"}}));
    EXPECT_NE(find(all, "actors", "films", Cardinality::ManyToMany), nullptr);
    // Plus the four direct ones through the junction's foreign keys.
    EXPECT_EQ(all.size(), 6u);
}

TEST(Relationships, ForeignKeysOutsideThePrimaryKeyMakeNoJunction) {
    SchemaCache cache;
    cache.add(relation("api", "films", RelationKind::Table, {"id"}));
    cache.add(relation("api", "actors", RelationKind::Table, {"id"}));
    cache.add(relation("api", "roles", RelationKind::Table, {"id", "film_id", "actor_id"}));
    const auto all =
        derive_relationships(cache,
                             {fk("f", {"api", "roles"}, {"film_id"}, {"api", "films"}, {"id"}),
                              fk("a", {"api", "roles"}, {"actor_id"}, {"api", "actors"}, {"id"})},
                             {});
    EXPECT_EQ(find(all, "films", "actors", Cardinality::ManyToMany), nullptr);
    EXPECT_EQ(all.size(), 4u);
}

TEST(Relationships, SelfReferenceGivesBothDirectionsOnOneTable) {
    SchemaCache cache;
    cache.add(relation("api", "employees", RelationKind::Table, {"id", "manager_id"}));
    const auto all = derive_relationships(
        cache, {fk("mgr", {"api", "employees"}, {"manager_id"}, {"api", "employees"}, {"id"})}, {});
    EXPECT_NE(find(all, "employees", "employees", Cardinality::ManyToOne), nullptr);
    EXPECT_NE(find(all, "employees", "employees", Cardinality::OneToMany), nullptr);
}

TEST(Relationships, CacheLooksThemUpByOrigin) {
    SchemaCache cache;
    cache.add(relation("api", "a", RelationKind::Table, {"id", "b_id"}));
    cache.add(relation("api", "b", RelationKind::Table, {"id"}));
    cache.set_relationships(
        derive_relationships(cache, {fk("a_b", {"api", "a"}, {"b_id"}, {"api", "b"}, {"id"})}, {}));
    EXPECT_EQ(cache.relationship_count(), 2u);
    ASSERT_EQ(cache.relationships_from("api", "a").size(), 1u);
    EXPECT_EQ(cache.relationships_from("api", "a")[0]->to.name, "b");
    EXPECT_TRUE(cache.relationships_from("api", "zzz").empty());
}

}  // namespace
}  // namespace pg_resty
