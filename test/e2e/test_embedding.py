"""Resource embedding over foreign keys: shapes, hints, joins and errors as in PostgREST."""

import pytest

SCHEMA = """
CREATE TABLE api.authors (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE api.books (id int PRIMARY KEY, title text NOT NULL,
                        author_id int REFERENCES api.authors,
                        editor_id int CONSTRAINT books_editor_fk REFERENCES api.authors);
CREATE TABLE api.profiles (author_id int PRIMARY KEY REFERENCES api.authors, bio text);
CREATE TABLE api.films (id int PRIMARY KEY, title text);
CREATE TABLE api.actors (id int PRIMARY KEY, name text);
CREATE TABLE api.roles (film_id int REFERENCES api.films, actor_id int REFERENCES api.actors,
                        character text, PRIMARY KEY (film_id, actor_id));
CREATE TABLE api.staff (id int PRIMARY KEY, name text,
                        boss_id int REFERENCES api.staff);
CREATE SCHEMA shop;
CREATE TABLE shop.customers (id int PRIMARY KEY, name text);
CREATE TABLE shop.orders (id int PRIMARY KEY, customer_id int REFERENCES shop.customers,
                          total numeric);
CREATE VIEW api.customers AS SELECT id, name FROM shop.customers;
CREATE VIEW api.orders AS SELECT o.id, o.total, o.customer_id AS buyer FROM shop.orders o;

INSERT INTO api.authors VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy');
INSERT INTO api.books VALUES (1, 'A1', 1, 2), (2, 'A2', 1, NULL), (3, 'B1', 2, 1),
                             (4, 'orphan', NULL, NULL);
INSERT INTO api.profiles VALUES (1, 'writes');
INSERT INTO api.films VALUES (1, 'Alien'), (2, 'Heat');
INSERT INTO api.actors VALUES (1, 'Sigourney'), (2, 'Al'), (3, 'Robert');
INSERT INTO api.roles VALUES (1, 1, 'Ripley'), (2, 2, 'Hanna'), (2, 3, 'McCauley');
INSERT INTO api.staff VALUES (1, 'Chief', NULL), (2, 'Deputy', 1), (3, 'Clerk', 2);
INSERT INTO shop.customers VALUES (1, 'Acme'), (2, 'Idle');
INSERT INTO shop.orders VALUES (10, 1, 5.5), (11, 1, 7);

GRANT SELECT ON api.authors, api.books, api.profiles, api.films, api.actors, api.roles,
                api.staff, api.customers, api.orders TO web_anon;
GRANT USAGE ON SCHEMA shop TO web_anon;
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO web_anon;
"""

TEARDOWN = """
DROP TABLE api.books, api.profiles, api.authors, api.roles, api.films, api.actors, api.staff;
DROP SCHEMA shop CASCADE;
"""


@pytest.fixture(scope="module", autouse=True)
def library(cluster):
    cluster.psql(SCHEMA)
    cluster.wait_until_serving("/books")
    yield
    cluster.psql(TEARDOWN)


def get_json(cluster, target, status=200):
    r = cluster.get(target)
    assert r.status == status, r
    return r.json()


def test_many_to_one_is_an_object_or_null(cluster):
    rows = get_json(cluster, "/books?select=title,author:authors!author_id(name)&order=id")
    assert rows == [
        {"title": "A1", "author": {"name": "Ann"}},
        {"title": "A2", "author": {"name": "Ann"}},
        {"title": "B1", "author": {"name": "Bob"}},
        {"title": "orphan", "author": None},
    ]


def test_one_to_many_is_an_array_or_empty(cluster):
    rows = get_json(cluster, "/authors?select=name,books!author_id(title)&order=id")
    assert [(r["name"], sorted(b["title"] for b in r["books"])) for r in rows] == [
        ("Ann", ["A1", "A2"]), ("Bob", ["B1"]), ("Cy", [])]


def test_one_to_one_is_an_object(cluster):
    rows = get_json(cluster, "/authors?select=name,profiles(bio)&order=id")
    assert rows[0] == {"name": "Ann", "profiles": {"bio": "writes"}}
    assert rows[1] == {"name": "Bob", "profiles": None}


def test_many_to_many_through_junction(cluster):
    rows = get_json(cluster, "/films?select=title,actors(name)&order=id")
    assert rows[0] == {"title": "Alien", "actors": [{"name": "Sigourney"}]}
    assert sorted(a["name"] for a in rows[1]["actors"]) == ["Al", "Robert"]


def test_nested_embeds(cluster):
    rows = get_json(cluster, "/films?select=title,roles(character,actors(name))&id=eq.1")
    assert rows == [{"title": "Alien",
                     "roles": [{"character": "Ripley", "actors": {"name": "Sigourney"}}]}]


def test_star_and_embed_together(cluster):
    rows = get_json(cluster, "/books?select=*,editor:authors!books_editor_fk(*)&id=eq.1")
    assert rows == [{"id": 1, "title": "A1", "author_id": 1, "editor_id": 2,
                     "editor": {"id": 2, "name": "Bob"}}]


def test_inner_join_drops_rows_without_match(cluster):
    rows = get_json(cluster, "/books?select=title,authors!author_id!inner(name)&order=id")
    assert [r["title"] for r in rows] == ["A1", "A2", "B1"]
    rows = get_json(cluster, "/authors?select=name,books!author_id!inner(title)&order=id")
    assert [r["name"] for r in rows] == ["Ann", "Bob"]


def test_spread_lifts_columns(cluster):
    rows = get_json(cluster, "/books?select=title,...authors!author_id(author_name:name)&order=id"
                             "&limit=2")
    assert rows == [{"title": "A1", "author_name": "Ann"}, {"title": "A2", "author_name": "Ann"}]


def test_self_reference_children_and_parent(cluster):
    rows = get_json(cluster, "/staff?select=name,boss_id(name),staff(name)&order=id")
    assert rows[0] == {"name": "Chief", "boss_id": None, "staff": [{"name": "Deputy"}]}
    assert rows[2] == {"name": "Clerk", "boss_id": {"name": "Deputy"}, "staff": []}


def test_embedding_through_views_over_private_tables(cluster):
    rows = get_json(cluster, "/orders?select=id,total,customers(name)&order=id")
    assert rows == [{"id": 10, "total": 5.5, "customers": {"name": "Acme"}},
                    {"id": 11, "total": 7, "customers": {"name": "Acme"}}]
    rows = get_json(cluster, "/customers?select=name,orders(id)&order=id")
    assert rows == [{"name": "Acme", "orders": [{"id": 10}, {"id": 11}]},
                    {"name": "Idle", "orders": []}]


def test_ambiguous_embed_is_300_with_candidates(cluster):
    r = cluster.get("/books?select=*,authors(*)")
    assert r.status == 300
    body = r.json()
    assert body["code"] == "PGRST201"
    assert body["message"] == ("Could not embed because more than one relationship was found "
                               "for 'books' and 'authors'")
    assert body["details"] == [
        {"cardinality": "many-to-one", "embedding": "books with authors",
         "relationship": "books_author_id_fkey using books(author_id) and authors(id)"},
        {"cardinality": "many-to-one", "embedding": "books with authors",
         "relationship": "books_editor_fk using books(editor_id) and authors(id)"},
    ]
    assert body["hint"] == ("Try changing 'authors' to one of the following: "
                            "'authors!books_author_id_fkey', 'authors!books_editor_fk'. "
                            "Find the desired relationship in the 'details' key.")


def test_no_relationship_is_400_pgrst200(cluster):
    r = cluster.get("/films?select=*,actor(*)")
    assert r.status == 400
    assert r.json() == {
        "code": "PGRST200",
        "details": "Searched for a foreign key relationship between 'films' and 'actor' in the "
                   "schema 'api', but no matches were found.",
        "hint": "Perhaps you meant 'actors' instead of 'actor'.",
        "message": "Could not find a relationship between 'films' and 'actor' in the schema cache",
    }


def test_spread_on_to_many_is_refused(cluster):
    r = cluster.get("/authors?select=...books!author_id(title)")
    assert r.status == 400
    assert r.json()["code"] == "PGRST119"


def test_embedded_privileges_are_the_callers(cluster):
    cluster.psql("REVOKE SELECT ON api.profiles FROM web_anon;")
    try:
        r = cluster.get("/authors?select=name,profiles(bio)")
        assert r.status == 401
        assert r.json()["code"] == "42501"
    finally:
        cluster.psql("GRANT SELECT ON api.profiles TO web_anon;")
