"""Accept negotiation for reads: JSON, CSV, single objects, stripped nulls, and PostgREST's 406s."""

import pytest

JSON = "application/json; charset=utf-8"
OBJECT = "application/vnd.pgrst.object+json"

ITEMS_CSV = (
    "id,name,price,tags,in_stock\n"
    "1,apple,1.50,\"{fruit,red}\",t\n"
    "2,banana,0.25,{fruit},f\n"
    "3,cherry,,,\n"
    "4,Durian,9.99,\"{fruit,smelly}\",t\n"
    "5,eggplant,2.00,{vegetable},f"
)


@pytest.mark.parametrize("accept", [None, "*/*", "application/json",
                                    "application/json; charset=utf-8",
                                    "text/html, */*;q=0.8"])
def test_json_is_the_default(cluster, accept):
    r = cluster.get("/items?id=eq.1", headers={"Accept": accept} if accept else {})
    assert r.status == 200
    assert r.headers["content-type"] == JSON
    assert r.json()[0]["name"] == "apple"


def test_csv(cluster):
    r = cluster.get("/items?order=id", headers={"Accept": "text/csv"})
    assert r.status == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-range"] == "0-4/*"
    assert r.body.decode() == ITEMS_CSV


def test_csv_quotes_like_postgresql_records(cluster):
    r = cluster.get("/texts?order=id", headers={"Accept": "text/csv"})
    assert r.status == 200
    assert r.body.decode() == ('id,body\n1,plain\n2,"a,b"\n3,"say ""hi"""\n4,""\n5,\n'
                               '6,"two\nlines"')


def test_csv_with_select_aliases_and_an_empty_result(cluster):
    r = cluster.get("/items?select=label:name,id&id=lt.3&order=id", headers={"Accept": "text/csv"})
    assert r.body.decode() == "label,id\napple,1\nbanana,2"
    r = cluster.get("/items?id=gt.100", headers={"Accept": "text/csv"})
    assert r.status == 200
    assert r.body == b"\n"
    assert r.headers["content-range"] == "*/*"


def test_quality_values_order_the_choice(cluster):
    r = cluster.get("/items?id=eq.1", headers={"Accept": "application/json;q=0.5, text/csv"})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    r = cluster.get("/items?id=eq.1", headers={"Accept": "text/csv;q=0.5, application/json"})
    assert r.headers["content-type"] == JSON
    # As in PostgREST, q=0 does not rule a type out.
    r = cluster.get("/items?id=eq.1", headers={"Accept": "text/csv;q=0"})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"


def test_single_object(cluster):
    r = cluster.get("/items?id=eq.1", headers={"Accept": OBJECT})
    assert r.status == 200
    assert r.headers["content-type"] == OBJECT + "; charset=utf-8"
    assert r.json() == {"id": 1, "name": "apple", "price": 1.50, "tags": ["fruit", "red"],
                        "in_stock": True}
    assert r.headers["content-range"] == "0-0/*"


@pytest.mark.parametrize("query, rows", [("", 5), ("id=gt.100", 0), ("id=lt.3", 2)])
def test_single_object_needs_exactly_one_row(cluster, query, rows):
    r = cluster.get(f"/items?{query}", headers={"Accept": OBJECT})
    assert r.status == 406
    assert r.headers["content-type"] == JSON
    assert r.json() == {"code": "PGRST116", "details": f"The result contains {rows} rows",
                        "hint": None,
                        "message": "JSON object requested, multiple (or no) rows returned"}


def test_single_object_with_limit_one(cluster):
    r = cluster.get("/items?order=id&limit=1", headers={"Accept": OBJECT})
    assert r.status == 200
    assert r.json()["id"] == 1


def test_single_object_with_stripped_nulls(cluster):
    accept = OBJECT + ";nulls=stripped"
    r = cluster.get("/items?id=eq.3", headers={"Accept": accept})
    assert r.status == 200
    assert r.headers["content-type"] == accept + "; charset=utf-8"
    assert r.json() == {"id": 3, "name": "cherry"}


def test_array_with_stripped_nulls(cluster):
    accept = "application/vnd.pgrst.array+json;nulls=stripped"
    r = cluster.get("/items?id=in.(2,3)&order=id&select=id,price", headers={"Accept": accept})
    assert r.status == 200
    assert r.headers["content-type"] == accept + "; charset=utf-8"
    assert r.json() == [{"id": 2, "price": 0.25}, {"id": 3}]


@pytest.mark.parametrize("accept, listed", [
    ("text/html", "text/html"),
    ("application/xml, text/html;q=0.9", "application/xml, text/html"),
    ("application/*", "application/*"),
    ("text/plain;q=0.5, image/png", "image/png, text/plain"),
    ("application/vnd.pgrst.plan+json", 'application/vnd.pgrst.plan+json; for="application/json"'),
])
def test_unavailable_media_types_are_406(cluster, accept, listed):
    r = cluster.get("/items", headers={"Accept": accept})
    assert r.status == 406
    assert r.headers["content-type"] == JSON
    assert r.json() == {"code": "PGRST107", "details": None, "hint": None,
                        "message": "None of these media types are available: " + listed}


def test_media_type_is_checked_after_the_relation(cluster):
    r = cluster.get("/itemz", headers={"Accept": "text/html"})
    assert r.status == 404
    assert r.json()["code"] == "PGRST205"


def test_geojson_needs_postgis(cluster):
    # PostgREST sends the same query; without PostGIS the database refuses it.
    r = cluster.get("/items", headers={"Accept": "application/geo+json"})
    assert r.status == 404
    assert r.json()["code"] == "42883"
    assert cluster.get("/items?id=eq.1").status == 200


def test_head_keeps_the_negotiated_type(cluster):
    r = cluster.request("HEAD", "/items", headers={"Accept": "text/csv"})
    assert r.status == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-range"] == "0-4/*"
    assert r.body == b""


def test_head_checks_single_objects_too(cluster):
    r = cluster.request("HEAD", "/items", headers={"Accept": OBJECT})
    assert r.status == 406
    r = cluster.request("HEAD", "/items?id=eq.2", headers={"Accept": OBJECT})
    assert r.status == 200
    assert r.headers["content-type"] == OBJECT + "; charset=utf-8"
