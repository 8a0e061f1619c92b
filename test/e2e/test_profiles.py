"""Several exposed schemas: Accept-Profile, Content-Profile, search_path."""


import pytest

from helpers import wait_settled

JSON = "application/json; charset=utf-8"


def test_default_schema_is_named_when_several_are_exposed(cluster):
    r = cluster.get("/items?id=eq.1")
    assert r.status == 200
    assert r.headers["content-profile"] == "api"
    assert r.json()[0]["name"] == "apple"


def test_accept_profile_reads_the_other_schema(cluster):
    r = cluster.get("/items?order=id", headers={"Accept-Profile": "v2"})
    assert r.status == 200
    assert r.headers["content-profile"] == "v2"
    assert r.json() == [{"id": 1, "label": "first"}, {"id": 2, "label": "second"}]
    r = cluster.get("/items?order=id", headers={"Accept-Profile": "api"})
    assert r.headers["content-profile"] == "api"
    assert len(r.json()) == 5


def test_search_path_starts_with_the_chosen_schema(cluster):
    r = cluster.get("/search_path", headers={"Accept-Profile": "v2"})
    assert r.json() == [{"search_path": '"v2", "public"'}]
    r = cluster.get("/request_info?select=search_path")
    assert r.json() == [{"search_path": '"api", "public"'}]


def test_unknown_profile_is_406(cluster):
    r = cluster.get("/items", headers={"Accept-Profile": "v3"})
    assert r.status == 406
    assert r.headers["content-type"] == JSON
    assert "content-profile" not in r.headers
    assert r.json() == {"code": "PGRST106", "details": None, "hint": None,
                        "message": "The schema must be one of the following: api, v2"}


def test_relations_of_other_schemas_are_not_found(cluster):
    r = cluster.get("/numbers", headers={"Accept-Profile": "v2"})
    assert r.status == 404
    assert r.json()["message"] == "Could not find the table 'v2.numbers' in the schema cache"


def test_head_and_counts_in_the_other_schema(cluster):
    r = cluster.request("HEAD", "/items?limit=1",
                        headers={"Accept-Profile": "v2", "Prefer": "count=exact"})
    assert r.status == 206
    assert r.headers["content-profile"] == "v2"
    assert r.headers["content-range"] == "0-0/2"


def test_content_profile_is_for_writes_not_reads(cluster):
    r = cluster.get("/items?order=id", headers={"Content-Profile": "v2"})
    assert r.status == 200
    assert r.headers["content-profile"] == "api"
    assert len(r.json()) == 5




@pytest.fixture
def single_schema(cluster):
    cluster.sql("ALTER SYSTEM SET pg_resty.schemas = 'api'")
    cluster.reload_config()
    assert wait_settled(lambda: "content-profile" not in cluster.get("/items").headers)
    try:
        yield
    finally:
        cluster.sql("ALTER SYSTEM RESET pg_resty.schemas")
        cluster.reload_config()
        # conftest's setting (in postgresql.conf) is back.
        assert wait_settled(lambda: cluster.get("/items").headers.get("content-profile") == "api")


def test_single_schema(cluster, single_schema):
    r = cluster.get("/items?id=eq.1")
    assert r.status == 200
    assert "content-profile" not in r.headers
    # Naming the one schema is a negotiation too.
    r = cluster.get("/items?id=eq.1", headers={"Accept-Profile": "api"})
    assert r.headers["content-profile"] == "api"
    r = cluster.get("/items", headers={"Accept-Profile": "v2"})
    assert r.status == 406
    assert r.json()["message"] == "The schema must be one of the following: api"
