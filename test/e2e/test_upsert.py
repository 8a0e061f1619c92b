"""Upserts: POST with Prefer: resolution=..., ?on_conflict=, and PUT, as PostgREST v12."""

import urllib.parse

import pytest

from test_writes import error, reset, rows, send


def seed(cluster):
    reset(cluster, "INSERT INTO api.w_items(name, qty, code) VALUES ('a', 1, 'c1'), "
                   "('b', 2, 'c2'); SELECT setval('api.w_items_id_seq', 10);")


def test_merge_duplicates_on_the_primary_key(cluster):
    seed(cluster)
    r = send(cluster, "POST", "/w_items?select=id,name,qty",
             [{"id": 1, "name": "A", "qty": 10}, {"id": 3, "name": "C", "qty": 30}],
             {"Prefer": "resolution=merge-duplicates, return=representation"})
    assert r.status == 201, r
    assert r.headers["preference-applied"] == ("resolution=merge-duplicates, "
                                               "return=representation")
    assert r.json() == [{"id": 1, "name": "A", "qty": 10}, {"id": 3, "name": "C", "qty": 30}]
    assert [(x["id"], x["name"], x["qty"], x["code"]) for x in rows(cluster, "w_items")] == [
        (1, "A", 10, "c1"), (2, "b", 2, "c2"), (3, "C", 30, None)]


def test_ignore_duplicates(cluster):
    seed(cluster)
    r = send(cluster, "POST", "/w_items?select=id",
             [{"id": 1, "name": "A"}, {"id": 4, "name": "D"}],
             {"Prefer": "resolution=ignore-duplicates, return=representation"})
    assert r.status == 201, r
    assert r.json() == [{"id": 4}]
    assert [(x["id"], x["name"]) for x in rows(cluster, "w_items")] == [
        (1, "a"), (2, "b"), (4, "D")]


def test_on_conflict_names_the_target(cluster):
    seed(cluster)
    r = send(cluster, "POST", "/w_items?on_conflict=code",
             [{"code": "c2", "name": "B2", "qty": 7}],
             {"Prefer": "resolution=merge-duplicates"})
    assert r.status == 201, r
    assert r.headers["preference-applied"] == "resolution=merge-duplicates"
    assert [(x["id"], x["name"], x["qty"]) for x in rows(cluster, "w_items")] == [
        (1, "a", 1), (2, "B2", 7)]
    # Without a resolution the conflict is an error.
    r = send(cluster, "POST", "/w_items?on_conflict=code", {"code": "c2", "name": "x"})
    assert r.status == 409
    assert error(r)["code"] == "23505"


def test_no_primary_key_no_resolution_applied(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_nopk", {"a": 1}, {"Prefer": "resolution=merge-duplicates"})
    assert r.status == 201, r
    assert "preference-applied" not in r.headers
    assert rows(cluster, "w_nopk", "a") == [{"a": 1, "b": None}]


@pytest.mark.parametrize("target, name", [
    ("nope", "nope"),
    (urllib.parse.quote('"code\\") DO NOTHING; DELETE FROM api.w_items; --"'),
     'code") DO NOTHING; DELETE FROM api.w_items; --'),
])
def test_on_conflict_is_checked(cluster, target, name):
    seed(cluster)
    r = send(cluster, "POST", f"/w_items?on_conflict={target}", {"code": "c9", "name": "x"},
             {"Prefer": "resolution=ignore-duplicates"})
    assert r.status == 400, r
    assert error(r) == {
        "code": "PGRST204",
        "message": f"Could not find the '{name}' column of 'w_items' in the schema cache",
        "details": None, "hint": None}
    assert len(rows(cluster, "w_items")) == 2


def test_on_conflict_ignores_what_follows_the_column_list(cluster):
    # As PostgREST's parser: the list ends where the grammar stops, the rest is never SQL.
    seed(cluster)
    target = urllib.parse.quote("code) DO NOTHING; DELETE FROM api.w_items; --")
    r = send(cluster, "POST", f"/w_items?on_conflict={target}", {"code": "c1", "name": "x"},
             {"Prefer": "resolution=ignore-duplicates"})
    assert r.status == 201, r
    assert [(x["id"], x["name"]) for x in rows(cluster, "w_items")] == [(1, "a"), (2, "b")]


def test_on_conflict_without_unique_index_is_a_database_error(cluster):
    seed(cluster)
    r = send(cluster, "POST", "/w_items?on_conflict=name", {"name": "a"},
             {"Prefer": "resolution=merge-duplicates"})
    assert r.status == 400, r
    assert error(r)["code"] == "42P10"
    assert len(rows(cluster, "w_items")) == 2


# --- PUT ----------------------------------------------------------------------------------------

def test_put_inserts_then_replaces(cluster):
    reset(cluster)
    r = send(cluster, "PUT", "/w_pair?k1=eq.1&k2=eq.x", {"k1": 1, "k2": "x", "v": "first"})
    assert r.status == 204, r
    assert "content-range" not in r.headers
    r = send(cluster, "PUT", "/w_pair?k1=eq.1&k2=eq.x&select=v",
             {"k1": 1, "k2": "x", "v": "second"}, {"Prefer": "return=representation"})
    assert r.status == 200, r
    assert r.json() == [{"v": "second"}]
    assert r.headers["preference-applied"] == "return=representation"
    assert rows(cluster, "w_pair", "k1") == [{"k1": 1, "k2": "x", "v": "second"}]


@pytest.mark.parametrize("query", ["k1=eq.1", "k1=eq.1&k2=eq.x&v=eq.z", "k1=eq.1&k2=neq.x",
                                   "k1=eq.1&k2=eq.x&or=(v.eq.a)", "k1=eq.1&k2=not.eq.x"])
def test_put_filters_must_be_the_primary_key(cluster, query):
    reset(cluster)
    r = send(cluster, "PUT", f"/w_pair?{query}", {"k1": 1, "k2": "x", "v": "v"})
    assert r.status == 405, r
    assert error(r) == {
        "code": "PGRST105",
        "message": "Filters must include all and only primary key columns with 'eq' operators",
        "details": None, "hint": None}
    assert rows(cluster, "w_pair", "k1") == []


def test_put_payload_must_match_the_url(cluster):
    reset(cluster)
    r = send(cluster, "PUT", "/w_pair?k1=eq.1&k2=eq.x", {"k1": 2, "k2": "x", "v": "v"})
    assert r.status == 400, r
    assert error(r) == {"code": "PGRST115",
                        "message": "Payload values do not match URL in primary key column(s)",
                        "details": None, "hint": None}
    r = send(cluster, "PUT", "/w_pair?k1=eq.1&k2=eq.x",
             [{"k1": 1, "k2": "x", "v": "a"}, {"k1": 1, "k2": "x", "v": "b"}])
    assert r.status in (400, 500), r
    assert rows(cluster, "w_pair", "k1") == []


def test_put_limit_and_no_key(cluster):
    r = send(cluster, "PUT", "/w_pair?k1=eq.1&k2=eq.x&limit=1", {"k1": 1, "k2": "x"})
    assert r.status == 400
    assert error(r)["code"] == "PGRST114"
    r = send(cluster, "PUT", "/w_nopk?a=eq.1", {"a": 1})
    assert r.status == 405
    assert error(r)["code"] == "PGRST105"


def test_put_injection_in_keys(cluster):
    reset(cluster)
    key = 'v"; DELETE FROM api.w_pair; --'
    r = send(cluster, "PUT", "/w_pair?k1=eq.1&k2=eq.x", {"k1": 1, "k2": "x", key: "v"})
    assert r.status == 400
    assert error(r)["code"] == "PGRST204"
    assert rows(cluster, "w_pair", "k1") == []
