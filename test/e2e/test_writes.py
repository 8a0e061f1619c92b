"""POST, PATCH and DELETE on tables: statuses, headers, bodies and the resulting table contents
as PostgREST v12 gives them."""

import json
import urllib.parse

import pytest

JSON = "application/json; charset=utf-8"


def send(cluster, method, target, body=None, headers=None, content_type="application/json"):
    hdrs = dict(headers or {})
    if body is not None and not isinstance(body, (str, bytes)):
        body = json.dumps(body)
    if body is not None and content_type:
        hdrs.setdefault("Content-Type", content_type)
    return cluster.request(method, target, headers=hdrs, body=body)


def rows(cluster, table, order="id"):
    text = cluster.sql(f"SELECT coalesce(json_agg(t ORDER BY {order}), '[]') FROM api.{table} t")
    return json.loads(text)


def reset(cluster, sql=""):
    cluster.psql("TRUNCATE api.w_books, api.w_authors, api.w_items, api.w_nopk, api.w_typed, "
                 "api.w_pair RESTART IDENTITY;" + sql)


def error(response):
    return response.json()


# --- POST ---------------------------------------------------------------------------------------

def test_post_object_minimal(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items", {"name": "a", "qty": 2})
    assert r.status == 201, r
    assert r.body == b""
    assert r.headers["content-range"] == "*/*"
    assert "content-type" not in r.headers
    assert "location" not in r.headers
    assert "preference-applied" not in r.headers
    assert rows(cluster, "w_items") == [
        {"id": 1, "name": "a", "qty": 2, "code": None, "note": None}]


def test_post_array_is_one_statement_with_representation(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items?select=id,name",
             [{"name": "a", "qty": 1}, {"name": "b", "qty": 2}],
             {"Prefer": "return=representation"})
    assert r.status == 201, r
    assert r.headers["content-type"] == JSON
    assert r.headers["content-range"] == "*/*"
    assert r.headers["preference-applied"] == "return=representation"
    assert r.json() == [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]
    assert [(x["name"], x["qty"]) for x in rows(cluster, "w_items")] == [("a", 1), ("b", 2)]


def test_post_failing_row_rolls_back_the_whole_array(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items", [{"name": "a", "qty": 1}, {"name": "b", "qty": -1}])
    assert r.status == 400, r
    body = error(r)
    assert body["code"] == "23514"
    assert body["message"] == ('new row for relation "w_items" violates check constraint '
                               '"w_items_qty_check"')
    assert body["details"].startswith("Failing row contains")
    assert body["hint"] is None
    assert rows(cluster, "w_items") == []


def test_post_count_exact_and_headers_only_location(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items", {"name": "x y/&"},
             {"Prefer": "return=headers-only, count=exact"})
    assert r.status == 201, r
    assert r.body == b""
    assert r.headers["location"] == "/w_items?id=eq.1"
    assert r.headers["content-range"] == "*/1"
    assert r.headers["preference-applied"] == "return=headers-only, count=exact"
    # Several rows: no Location.
    r = send(cluster, "POST", "/w_items", [{"name": "p"}, {"name": "q"}],
             {"Prefer": "return=headers-only, count=exact"})
    assert r.status == 201
    assert "location" not in r.headers
    assert r.headers["content-range"] == "*/2"


def test_post_location_for_a_composite_key_and_none_without_key(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_pair", {"k1": 1, "k2": "a b", "v": "x"},
             {"Prefer": "return=headers-only"})
    assert r.status == 201, r
    assert r.headers["location"] == "/w_pair?k1=eq.1&k2=eq.a+b"
    r = send(cluster, "POST", "/w_nopk", {"a": 1}, {"Prefer": "return=headers-only"})
    assert r.status == 201
    assert "location" not in r.headers
    assert rows(cluster, "w_nopk", "a") == [{"a": 1, "b": None}]


def test_post_singular_representation_and_its_failure(cluster):
    reset(cluster)
    single = {"Prefer": "return=representation", "Accept": "application/vnd.pgrst.object+json"}
    r = send(cluster, "POST", "/w_items?select=name", {"name": "one"}, single)
    assert r.status == 201, r
    assert r.headers["content-type"] == "application/vnd.pgrst.object+json; charset=utf-8"
    assert r.json() == {"name": "one"}
    r = send(cluster, "POST", "/w_items", [{"name": "two"}, {"name": "three"}], single)
    assert r.status == 406, r
    assert error(r) == {"code": "PGRST116",
                        "message": "JSON object requested, multiple (or no) rows returned",
                        "details": "The result contains 2 rows", "hint": None}
    assert [x["name"] for x in rows(cluster, "w_items")] == ["one"]


def test_post_embeds_through_the_returned_rows(cluster):
    reset(cluster, "INSERT INTO api.w_authors VALUES (1, 'Ann');")
    r = send(cluster, "POST", "/w_books?select=title,w_authors(name)",
             {"id": 1, "title": "T", "author_id": 1}, {"Prefer": "return=representation"})
    assert r.status == 201, r
    assert r.json() == [{"title": "T", "w_authors": {"name": "Ann"}}]
    r = send(cluster, "POST", "/w_authors?select=name,w_books(title)", {"id": 2, "name": "Bo"},
             {"Prefer": "return=representation"})
    assert r.json() == [{"name": "Bo", "w_books": []}]


def test_post_csv(cluster):
    reset(cluster)
    body = 'id,n,doc,nums,flag\n1,1.5,"{""a"": 1}","{1,2}",true\n2,NULL,NULL,{},false\n'
    r = send(cluster, "POST", "/w_typed?select=id,n,doc,nums,flag", body,
             {"Prefer": "return=representation"}, content_type="text/csv")
    assert r.status == 201, r
    # As in PostgREST, a CSV value for a jsonb column is a JSON string.
    assert r.json() == [{"id": 1, "n": 1.5, "doc": "{\"a\": 1}", "nums": [1, 2], "flag": True},
                        {"id": 2, "n": None, "doc": None, "nums": [], "flag": False}]
    r = send(cluster, "POST", "/w_typed", "id,n\n3\n", content_type="text/csv")
    assert r.status == 400
    assert error(r)["code"] == "PGRST102"
    assert error(r)["message"] == "All lines must have same number of fields"
    assert len(rows(cluster, "w_typed")) == 2


def test_post_form_urlencoded(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items?select=name,qty,note", "name=a+b%26c&qty=3&note=",
             {"Prefer": "return=representation"},
             content_type="application/x-www-form-urlencoded")
    assert r.status == 201, r
    assert r.json() == [{"name": "a b&c", "qty": 3, "note": ""}]


def test_post_csv_response(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items?select=id,name", [{"name": "a,b"}],
             {"Prefer": "return=representation", "Accept": "text/csv"})
    assert r.status == 201, r
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.body == b'id,name\n1,"a,b"'


@pytest.mark.parametrize("body, message", [
    ("{", "Empty or invalid json"),
    ("", "Empty or invalid json"),
    ('[{"name": "a"}, {"qty": 1}]', "All object keys must match"),
    ('[{"name": "a"}, 1]', "All object keys must match"),
])
def test_post_invalid_bodies_are_pgrst102(cluster, body, message):
    reset(cluster)
    r = send(cluster, "POST", "/w_items", body)
    assert r.status == 400, r
    assert error(r) == {"code": "PGRST102", "message": message, "details": None, "hint": None}
    assert rows(cluster, "w_items") == []


def test_post_unsupported_content_type(cluster):
    r = send(cluster, "POST", "/w_items", "x", content_type="text/plain")
    assert r.status == 400
    assert error(r)["message"] == "Content-Type not acceptable: text/plain"


def test_post_unknown_key_is_pgrst204(cluster):
    reset(cluster)
    for key in ["nope", "name\"; DROP TABLE api.w_items; --", "qty) VALUES (1); --"]:
        r = send(cluster, "POST", "/w_items", {"name": "a", key: 1})
        assert r.status == 400, r
        assert error(r) == {
            "code": "PGRST204",
            "message": f"Could not find the '{key}' column of 'w_items' in the schema cache",
            "details": None, "hint": None}
    assert rows(cluster, "w_items") == []


def test_post_columns_parameter(cluster):
    reset(cluster)
    # Only the named columns are written; objects may differ in keys; others are ignored.
    r = send(cluster, "POST", "/w_items?columns=name,qty",
             [{"name": "a", "qty": 1, "note": "ignored"}, {"name": "b"}])
    assert r.status == 201, r
    assert [(x["name"], x["qty"], x["note"]) for x in rows(cluster, "w_items")] == [
        ("a", 1, None), ("b", None, None)]
    evil = urllib.parse.quote('name,"qty\\"); DELETE FROM api.w_items; --"')
    r = send(cluster, "POST", f"/w_items?columns={evil}", {"name": "c"})
    assert r.status == 400, r
    assert error(r)["code"] == "PGRST204"
    r = send(cluster, "POST", "/w_items?columns=", {"name": "c"})
    assert r.status == 400
    assert error(r)["code"] == "PGRST100"
    assert error(r)["message"].startswith('"failed to parse columns parameter ()"')
    assert len(rows(cluster, "w_items")) == 2


def test_post_missing_default(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items?columns=name,qty,note&select=id,name,qty,note",
             [{"note": "n1"}, {"name": "b", "qty": 5}],
             {"Prefer": "missing=default, return=representation"})
    assert r.status == 201, r
    assert r.headers["preference-applied"] == "missing=default, return=representation"
    assert r.json() == [{"id": 1, "name": "unnamed", "qty": 0, "note": "n1"},
                        {"id": 2, "name": "b", "qty": 5, "note": None}]
    # Without it, absent keys are null: the NOT NULL name fails.
    r = send(cluster, "POST", "/w_items?columns=name,note", [{"note": "n3"}])
    assert r.status == 400
    assert error(r)["code"] == "23502"
    assert len(rows(cluster, "w_items")) == 2


def test_post_empty_object_and_empty_array(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items?select=id,name",
             {}, {"Prefer": "return=representation"})
    assert r.status == 201, r
    assert r.json() == [{"id": 1, "name": "unnamed"}]
    r = send(cluster, "POST", "/w_items", [], {"Prefer": "return=representation"})
    assert r.status == 201
    assert r.json() == []
    assert len(rows(cluster, "w_items")) == 1


def test_post_select_injection_is_rejected(cluster):
    reset(cluster)
    sel = urllib.parse.quote('id,"name\\"; DROP TABLE api.w_items; --"')
    r = send(cluster, "POST", f"/w_items?select={sel}", {"name": "a"},
             {"Prefer": "return=representation"})
    assert r.status == 400, r
    assert error(r)["code"] == "42703"
    assert rows(cluster, "w_items") == []


def test_post_errors_map_like_postgrest(cluster):
    reset(cluster, "INSERT INTO api.w_items(name, code) VALUES ('a', 'c1');")
    r = send(cluster, "POST", "/w_items", {"name": "b", "code": "c1"})
    assert r.status == 409, r
    assert error(r)["code"] == "23505"
    assert error(r)["details"] == "Key (code)=(c1) already exists."
    r = send(cluster, "POST", "/w_books", {"id": 1, "title": "t", "author_id": 99})
    assert r.status == 409
    assert error(r)["code"] == "23503"
    r = send(cluster, "POST", "/w_items", {"name": "b", "qty": "many"})
    assert r.status == 400
    assert error(r)["code"] == "22P02"
    # No privilege: 401 for the anonymous role.
    r = send(cluster, "POST", "/w_readonly", {"id": 2, "v": "x"})
    assert r.status == 401, r
    assert error(r)["code"] == "42501"
    assert error(r)["message"] == "permission denied for table w_readonly"
    # A view that cannot be written.
    r = send(cluster, "POST", "/w_distinct", {"name": "z"})
    assert r.status == 500, r
    assert error(r)["code"] == "55000"
    assert error(r)["message"] == 'cannot insert into view "w_distinct"'
    r = send(cluster, "POST", "/w_missing", {"a": 1})
    assert r.status == 404
    assert error(r)["code"] == "PGRST205"
    assert rows(cluster, "w_items") == [
        {"id": 1, "name": "a", "qty": 0, "code": "c1", "note": None}]
    assert rows(cluster, "w_readonly") == [{"id": 1, "v": "keep"}]


def test_tx_rollback_answers_but_keeps_nothing(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items?select=name", {"name": "ghost"},
             {"Prefer": "return=representation, tx=rollback"})
    assert r.status == 201, r
    assert r.json() == [{"name": "ghost"}]
    assert r.headers["preference-applied"] == "return=representation, tx=rollback"
    assert rows(cluster, "w_items") == []
    r = send(cluster, "POST", "/w_items", {"name": "real"}, {"Prefer": "tx=commit"})
    assert r.status == 201
    assert r.headers["preference-applied"] == "tx=commit"
    assert [x["name"] for x in rows(cluster, "w_items")] == ["real"]


def test_handling_strict_rejects_unknown_preferences(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items", {"name": "a"}, {"Prefer": "handling=strict, bogus"})
    assert r.status == 400
    assert error(r)["code"] == "PGRST122"
    r = send(cluster, "POST", "/w_items", {"name": "a"}, {"Prefer": "handling=lenient, bogus"})
    assert r.status == 201
    assert r.headers["preference-applied"] == "handling=lenient"
    assert len(rows(cluster, "w_items")) == 1


def test_content_profile_selects_the_schema(cluster):
    r = send(cluster, "POST", "/items", {"id": 3, "label": "third"},
             {"Content-Profile": "v2", "Prefer": "return=representation, tx=rollback"})
    # web_anon may not insert into v2.items.
    assert r.status == 401, r
    assert error(r)["message"] == "permission denied for table items"


# --- PATCH --------------------------------------------------------------------------------------

def seed_items(cluster):
    reset(cluster, "INSERT INTO api.w_items(name, qty) VALUES ('a', 1), ('b', 2), ('c', 3), "
                   "('d', 4);")


def test_patch_with_filters(cluster):
    seed_items(cluster)
    r = send(cluster, "PATCH", "/w_items?qty=gte.3", {"note": "big"})
    assert r.status == 204, r
    assert r.body == b""
    assert r.headers["content-range"] == "0-1/*"
    assert [x["note"] for x in rows(cluster, "w_items")] == [None, None, "big", "big"]


def test_patch_representation_logic_and_count(cluster):
    seed_items(cluster)
    r = send(cluster, "PATCH", "/w_items?or=(name.eq.a,qty.eq.4)&select=id,note",
             {"note": "x"}, {"Prefer": "return=representation, count=exact"})
    assert r.status == 200, r
    assert r.headers["content-range"] == "0-1/2"
    assert r.headers["preference-applied"] == "return=representation, count=exact"
    assert sorted(r.json(), key=lambda x: x["id"]) == [{"id": 1, "note": "x"},
                                                       {"id": 4, "note": "x"}]
    r = send(cluster, "PATCH", "/w_items?id=eq.99", {"note": "x"},
             {"Prefer": "return=representation"})
    assert r.status == 200
    assert r.json() == []
    assert r.headers["content-range"] == "*/*"


def test_patch_singular_rolls_back_when_not_one_row(cluster):
    seed_items(cluster)
    single = {"Accept": "application/vnd.pgrst.object+json", "Prefer": "return=representation"}
    r = send(cluster, "PATCH", "/w_items?qty=gt.1", {"note": "no"}, single)
    assert r.status == 406, r
    assert error(r)["details"] == "The result contains 3 rows"
    assert all(x["note"] is None for x in rows(cluster, "w_items"))
    r = send(cluster, "PATCH", "/w_items?id=eq.2&select=name,note", {"note": "yes"}, single)
    assert r.status == 200
    assert r.json() == {"name": "b", "note": "yes"}


def test_patch_max_affected(cluster):
    seed_items(cluster)
    r = send(cluster, "PATCH", "/w_items?qty=gt.1", {"note": "no"},
             {"Prefer": "handling=strict, max-affected=2"})
    assert r.status == 400, r
    assert error(r) == {"code": "PGRST124",
                        "message": "Query result exceeds max-affected preference constraint",
                        "details": "The query affects 3 rows", "hint": None}
    assert all(x["note"] is None for x in rows(cluster, "w_items"))
    r = send(cluster, "PATCH", "/w_items?qty=gt.2", {"note": "ok"},
             {"Prefer": "handling=strict, max-affected=2"})
    assert r.status == 204
    assert r.headers["preference-applied"] == "handling=strict, max-affected=2"
    # Lenient: ignored.
    r = send(cluster, "PATCH", "/w_items", {"qty": 9}, {"Prefer": "max-affected=1"})
    assert r.status == 204
    assert [x["qty"] for x in rows(cluster, "w_items")] == [9, 9, 9, 9]


def test_patch_limit_and_order(cluster):
    seed_items(cluster)
    r = send(cluster, "PATCH", "/w_items?order=qty.desc&limit=2", {"note": "top"})
    assert r.status == 204, r
    assert [x["note"] for x in rows(cluster, "w_items")] == [None, None, "top", "top"]
    r = send(cluster, "PATCH", "/w_items?limit=1", {"note": "any"})
    assert r.status == 400
    assert error(r)["code"] == "PGRST109"
    assert [x["note"] for x in rows(cluster, "w_items")] == [None, None, "top", "top"]


def test_patch_errors_change_nothing(cluster):
    seed_items(cluster)
    r = send(cluster, "PATCH", "/w_items?id=eq.1", {"qty": -5})
    assert r.status == 400
    assert error(r)["code"] == "23514"
    r = send(cluster, "PATCH", "/w_items?id=eq.1", {"bogus": 1})
    assert r.status == 400
    assert error(r)["code"] == "PGRST204"
    r = send(cluster, "PATCH", "/w_readonly?id=eq.1", {"v": "gone"})
    assert r.status == 401
    assert [x["qty"] for x in rows(cluster, "w_items")] == [1, 2, 3, 4]
    assert rows(cluster, "w_readonly") == [{"id": 1, "v": "keep"}]


@pytest.mark.parametrize("query, status, hit", [
    # A value is a parameter: it matches nothing.
    ("name=eq." + urllib.parse.quote("a' OR '1'='1"), 204, []),
    # Not an integer: the database refuses the parameter.
    ("id=eq." + urllib.parse.quote("1;DELETE FROM api.w_items"), 400, []),
    # A quoted name is one identifier, checked against the schema cache.
    (urllib.parse.quote('"name\\"; DELETE FROM api.w_items; --"') + "=eq.a", 400, []),
    # As in PostgREST, a name, list or tree ends where its grammar stops; what follows is
    # ignored, never SQL: these act as name=eq.a, id=in.(1) and or=(id.eq.1,id.eq.2).
    (urllib.parse.quote('name"; DELETE FROM api.w_items; --') + "=eq.a", 204, [1]),
    ("id=in.(1)" + urllib.parse.quote(") OR (1=1"), 204, [1]),
    ("or=(id.eq.1,id.eq.2)" + urllib.parse.quote(") OR (1=1"), 204, [1, 2]),
])
def test_patch_and_delete_filter_injection(cluster, query, status, hit):
    for method, body in (("PATCH", {"note": "hacked"}), ("DELETE", None)):
        seed_items(cluster)
        r = send(cluster, method, f"/w_items?{query}", body)
        assert r.status == status, (method, query, r)
        expected = [{"id": i, "name": n, "qty": i, "code": None,
                     "note": "hacked" if i in hit else None}
                    for i, n in ((1, "a"), (2, "b"), (3, "c"), (4, "d"))]
        if method == "DELETE":
            expected = [dict(x, note=None) for x in expected if x["id"] not in hit]
        assert rows(cluster, "w_items") == expected, (method, query)


def test_patch_empty_body_changes_nothing(cluster):
    seed_items(cluster)
    r = send(cluster, "PATCH", "/w_items?id=eq.1", {}, {"Prefer": "return=representation"})
    assert r.status == 200, r
    assert r.json() == []


# --- DELETE -------------------------------------------------------------------------------------

def test_delete_with_filter(cluster):
    seed_items(cluster)
    r = cluster.request("DELETE", "/w_items?qty=lt.3")
    assert r.status == 204, r
    assert r.headers["content-range"] == "*/*"
    assert [x["id"] for x in rows(cluster, "w_items")] == [3, 4]


def test_delete_representation_and_count(cluster):
    seed_items(cluster)
    r = cluster.request("DELETE", "/w_items?id=in.(1,4)&select=name",
                        headers={"Prefer": "return=representation, count=exact"})
    assert r.status == 200, r
    assert r.headers["content-range"] == "*/2"
    assert sorted(x["name"] for x in r.json()) == ["a", "d"]
    assert [x["id"] for x in rows(cluster, "w_items")] == [2, 3]


def test_delete_limit_order_and_max_affected(cluster):
    seed_items(cluster)
    r = cluster.request("DELETE", "/w_items?order=id&limit=1&offset=1")
    assert r.status == 204, r
    assert [x["id"] for x in rows(cluster, "w_items")] == [1, 3, 4]
    r = cluster.request("DELETE", "/w_items",
                        headers={"Prefer": "handling=strict, max-affected=2"})
    assert r.status == 400
    assert error(r)["code"] == "PGRST124"
    assert [x["id"] for x in rows(cluster, "w_items")] == [1, 3, 4]
    r = cluster.request("DELETE", "/w_items?id=eq.3",
                        headers={"Accept": "application/vnd.pgrst.object+json",
                                 "Prefer": "return=representation"})
    assert r.status == 200
    assert r.json()["name"] == "c"
    r = cluster.request("DELETE", "/w_items?id=eq.3",
                        headers={"Accept": "application/vnd.pgrst.object+json"})
    assert r.status == 406
    assert [x["id"] for x in rows(cluster, "w_items")] == [1, 4]


def test_delete_without_privilege(cluster):
    r = cluster.request("DELETE", "/w_readonly?id=eq.1")
    assert r.status == 401
    assert rows(cluster, "w_readonly") == [{"id": 1, "v": "keep"}]


def test_write_to_root_is_405(cluster):
    r = send(cluster, "POST", "/", {"a": 1})
    assert r.status == 405
    assert error(r)["code"] == "PGRST117"


def test_raise_in_a_trigger_reaches_the_error_body(cluster):
    cluster.psql("TRUNCATE api.w_guarded; INSERT INTO api.w_guarded VALUES (1, 'ok');")
    r = send(cluster, "POST", "/w_guarded", [{"id": 2, "v": "fine"}, {"id": 3, "v": "raise"}])
    assert r.status == 400, r
    assert r.headers["proxy-status"] == "PostgREST; error=P0001"
    assert error(r) == {"code": "P0001", "message": "guarded: raise", "details": "the detail",
                        "hint": "the hint"}
    r = send(cluster, "PATCH", "/w_guarded?id=eq.1", {"v": "teapot"})
    assert r.status == 418, r
    assert error(r) == {"code": "PT418", "message": "short and stout", "details": None,
                        "hint": None}
    assert rows(cluster, "w_guarded") == [{"id": 1, "v": "ok"}]


def test_writes_through_an_updatable_view(cluster):
    reset(cluster)
    r = send(cluster, "POST", "/w_items_view", {"label": "v", "qty": 3},
             {"Prefer": "return=headers-only"})
    assert r.status == 201, r
    # The view's key comes from the table's primary key.
    assert r.headers["location"] == "/w_items_view?id=eq.1"
    r = send(cluster, "PATCH", "/w_items_view?label=eq.v", {"qty": 4},
             {"Prefer": "return=representation"})
    assert r.status == 200, r
    assert r.json() == [{"id": 1, "label": "v", "qty": 4}]
    assert [(x["name"], x["qty"]) for x in rows(cluster, "w_items")] == [("v", 4)]
    r = cluster.request("DELETE", "/w_items_view?qty=eq.4", headers={"Prefer": "count=exact"})
    assert r.status == 204, r
    assert r.headers["content-range"] == "*/1"
    assert rows(cluster, "w_items") == []


def test_patch_headers_only_and_missing_default(cluster):
    seed_items(cluster)
    r = send(cluster, "PATCH", "/w_items?columns=name,qty&id=eq.2", {"note": "ignored"},
             {"Prefer": "return=headers-only, missing=default"})
    assert r.status == 204, r
    assert r.body == b""
    assert r.headers["preference-applied"] == "missing=default, return=headers-only"
    assert rows(cluster, "w_items")[1] == {"id": 2, "name": "unnamed", "qty": 0, "code": None,
                                           "note": None}


def test_limited_patch_on_a_non_unique_order_is_rolled_back(cluster):
    # Rows are matched back by the order's columns (PostgREST's mutRangeF): a non-unique
    # order can reach more rows than the limit, which PostgREST refuses.
    reset(cluster, "INSERT INTO api.w_items(name, qty) VALUES ('a', 1), ('b', 1), ('c', 2);")
    r = send(cluster, "PATCH", "/w_items?order=qty&limit=1", {"note": "x"})
    assert r.status == 400, r
    assert error(r) == {
        "code": "PGRST110",
        "message": "The maximum number of rows allowed to change was surpassed",
        "details": "Results contain 2 rows changed but the maximum number allowed is 1",
        "hint": None}
    assert all(x["note"] is None for x in rows(cluster, "w_items"))


def test_writes_run_as_the_token_role_under_row_level_security(cluster):
    from helpers import auth, mint
    before = rows(cluster, "notes")
    alice = auth(mint({"role": "web_user", "sub": "alice"}))
    # tx=rollback: test_jwt.py reads these rows.
    r = send(cluster, "PATCH", "/notes?select=id", {"body": "edited"},
             dict(alice, Prefer="return=representation, tx=rollback"))
    assert r.status == 200, r
    assert sorted(x["id"] for x in r.json()) == [1, 2]
    # Authenticated without the privilege: 403, no challenge.
    r = cluster.request("DELETE", "/notes?id=eq.1", headers=alice)
    assert r.status == 403, r
    assert error(r)["code"] == "42501"
    assert "www-authenticate" not in r.headers
    assert rows(cluster, "notes") == before


def test_options_lists_the_write_methods_a_view_takes(cluster):
    r = cluster.request("OPTIONS", "/w_items_view")
    assert r.status == 200, r
    assert r.headers["allow"] == "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE"
    r = cluster.request("OPTIONS", "/w_distinct")
    assert r.headers["allow"] == "OPTIONS,GET,HEAD"
    r = cluster.request("OPTIONS", "/w_nopk")
    assert r.headers["allow"] == "OPTIONS,GET,HEAD,POST,PATCH,DELETE"


def test_http_writes_publish_row_change_events_only_when_committed(cluster):
    reset(cluster)
    cluster.psql("DELETE FROM pg_resty.outbox; CREATE TRIGGER w_items_events AFTER INSERT OR "
                 "UPDATE OR DELETE ON api.w_items FOR EACH ROW EXECUTE FUNCTION "
                 "pg_resty.on_row_change();")
    try:
        assert send(cluster, "POST", "/w_items", [{"name": "a"}, {"name": "b"}]).status == 201
        assert send(cluster, "PATCH", "/w_items?id=eq.1", {"qty": 5}).status == 204
        # Rolled back (tx=rollback, a failed check): no event leaves.
        assert send(cluster, "DELETE", "/w_items?id=eq.2", None,
                    {"Prefer": "tx=rollback"}).status == 204
        assert send(cluster, "PATCH", "/w_items", {"qty": 1},
                    {"Prefer": "handling=strict, max-affected=1"}).status == 400
        keys = cluster.sql("SELECT string_agg(routing_key, ' ' ORDER BY id) "
                           "FROM pg_resty.outbox").split()
        assert keys == ["row_change.table-w_items.event-INSERT"] * 2 + [
            "row_change.table-w_items.event-UPDATE"]
    finally:
        cluster.psql("DROP TRIGGER w_items_events ON api.w_items; DELETE FROM pg_resty.outbox;")
