"""GET and HEAD on tables and views: bodies, headers and errors as PostgREST returns them."""

import urllib.parse

import pytest

JSON = "application/json; charset=utf-8"


def ids(response):
    assert response.status == 200, response
    return [row["id"] for row in response.json()]


def test_get_table_returns_all_rows_with_postgrest_headers(cluster):
    r = cluster.get("/items?order=id")
    assert r.status == 200
    assert r.headers["content-type"] == JSON
    assert r.headers["content-range"] == "0-4/*"
    rows = r.json()
    assert rows[0] == {"id": 1, "name": "apple", "price": 1.50, "tags": ["fruit", "red"],
                       "in_stock": True}
    assert [row["name"] for row in rows] == ["apple", "banana", "cherry", "Durian", "eggplant"]


def test_select_lists_columns_in_order(cluster):
    r = cluster.get("/items?select=name,id&id=eq.2")
    assert r.status == 200
    assert r.json() == [{"name": "banana", "id": 2}]
    assert list(r.json()[0].keys()) == ["name", "id"]


def test_select_alias_and_cast(cluster):
    r = cluster.get("/items?select=label:name,cost:price::text&id=eq.1")
    assert r.status == 200, r
    assert r.json() == [{"label": "apple", "cost": "1.50"}]


@pytest.mark.parametrize("query, expected", [
    ("id=eq.3", [3]),
    ("id=neq.3", [1, 2, 4, 5]),
    ("price=gt.1.5", [4, 5]),
    ("price=gte.1.5", [1, 4, 5]),
    ("price=lt.1.5", [2]),
    ("price=lte.1.5", [1, 2]),
    ("name=like.*an*", [2, 4, 5]),
    ("name=like.D*", [4]),
    ("name=ilike.d*", [4]),
    ("id=in.(1,3,5)", [1, 3, 5]),
    ("name=in.(\"apple\",banana)", [1, 2]),
    ("price=is.null", [3]),
    ("in_stock=is.true", [1, 4]),
    ("in_stock=is.false", [2, 5]),
    ("in_stock=is.unknown", [3]),
    ("id=gt.1&id=lt.4", [2, 3]),
    ("id=not.eq.1", [2, 3, 4, 5]),
    ("id=not.in.(1,2)", [3, 4, 5]),
    ("%22name%22=eq.apple", [1]),
])
def test_filters(cluster, query, expected):
    r = cluster.get(f"/items?{query}&order=id")
    assert ids(r) == expected


def test_quantified_filters_filter(cluster):
    assert ids(cluster.get("/items?id=eq(any).%7B1,2%7D&order=id")) == [1, 2]


def test_filter_values_are_parameters_not_sql(cluster):
    # A value that would be an injection if pasted into SQL matches nothing and breaks nothing.
    value = urllib.parse.quote("apple' OR '1'='1")
    r = cluster.get(f"/items?name=eq.{value}")
    assert r.status == 200
    assert r.json() == []
    assert r.headers["content-range"] == "*/*"


def test_order_desc_and_nulls(cluster):
    assert ids(cluster.get("/items?order=id.desc")) == [5, 4, 3, 2, 1]
    assert ids(cluster.get("/items?order=price.desc.nullslast")) == [4, 5, 1, 2, 3]
    assert ids(cluster.get("/items?order=price.asc.nullsfirst")) == [3, 2, 1, 5, 4]
    assert ids(cluster.get("/items?order=in_stock.desc,id.asc")) == [3, 1, 4, 2, 5]


def test_limit_and_offset_with_content_range(cluster):
    r = cluster.get("/items?order=id&limit=2&offset=1")
    assert ids(r) == [2, 3]
    assert r.headers["content-range"] == "1-2/*"
    r = cluster.get("/items?order=id&offset=10")
    assert r.json() == []
    assert r.headers["content-range"] == "*/*"


def test_head_has_headers_but_no_body(cluster):
    r = cluster.request("HEAD", "/items?order=id&limit=2")
    assert r.status == 200
    assert r.body == b""
    assert r.headers["content-type"] == JSON
    assert r.headers["content-range"] == "0-1/*"


def test_views_are_served(cluster):
    r = cluster.get("/request_info")
    assert r.status == 200
    assert len(r.json()) == 1


def test_unknown_relation_is_404_pgrst205_with_hint(cluster):
    r = cluster.get("/itemz")
    assert r.status == 404
    assert r.headers["content-type"] == JSON
    assert r.headers["proxy-status"] == "PostgREST; error=PGRST205"
    assert r.json() == {
        "code": "PGRST205",
        "details": None,
        "hint": "Perhaps you meant the table 'api.items'",
        "message": "Could not find the table 'api.itemz' in the schema cache",
    }


def test_relation_outside_exposed_schema_is_404(cluster):
    r = cluster.get("/internal")
    assert r.status == 404
    assert r.json()["code"] == "PGRST205"


def test_unknown_column_is_400_42703(cluster):
    for target in ("/items?select=id,nope", "/items?nope=eq.1", "/items?order=nope"):
        r = cluster.get(target)
        assert r.status == 400, target
        body = r.json()
        assert body["code"] == "42703"
        assert body["message"] == "column items.nope does not exist"


def test_bad_value_is_the_databases_own_400(cluster):
    r = cluster.get("/items?id=eq.abc")
    assert r.status == 400
    assert r.json() == {"code": "22P02", "details": None, "hint": None,
                        "message": 'invalid input syntax for type integer: "abc"'}


def test_malformed_filter_is_400_pgrst100(cluster):
    r = cluster.get("/items?id=in.(1,2")
    assert r.status == 400
    body = r.json()
    assert body["code"] == "PGRST100"
    assert body["message"].startswith('"failed to parse filter (in.(1,2)"')


def test_value_without_operator_is_not_a_filter(cluster):
    # As in PostgREST: "eqq.1" names no operator, so id=eqq.1 is an ordinary parameter, which
    # reads ignore.
    assert len(cluster.get("/items?id=eqq.1").json()) == 5


def test_negative_limit_is_416(cluster):
    r = cluster.get("/items?limit=-1")
    assert r.status == 416
    assert r.json()["code"] == "PGRST103"


def test_nul_byte_and_invalid_utf8_values_are_rejected(cluster):
    for value in ("%00", "a%FFb"):
        r = cluster.get(f"/items?name=eq.{value}")
        assert r.status == 400, (value, r)
        assert r.json()["code"] == "22021"
    # And the worker keeps serving.
    assert cluster.get("/items?id=eq.1").status == 200


def test_permission_denied_for_anonymous_is_401(cluster):
    r = cluster.get("/secrets")
    assert r.status == 401
    body = r.json()
    assert body["code"] == "42501"
    assert body["message"] == "permission denied for table secrets"


def test_unsupported_methods_answer_json_errors(cluster):
    r = cluster.request("BREW", "/items?id=eq.1")
    assert r.status == 405, r
    assert r.headers["content-type"] == JSON
    assert r.json()["code"] == "PGRST117"
    # A write without the privilege changes nothing.
    r = cluster.request("DELETE", "/items?id=eq.1")
    assert r.status == 401, r
    assert r.json()["code"] == "42501"
    assert cluster.sql("SELECT count(*) FROM api.items WHERE id = 1") == "1"
