"""/rpc/<function>: calls by GET, HEAD and POST, argument passing, overloads, result shapes
and the read features on results, as PostgREST v12 answers them."""

import json
import re
import urllib.parse

JSON = "application/json; charset=utf-8"


def post(cluster, target, body, headers=None, conn=None):
    hdrs = {"Content-Type": "application/json"}
    hdrs.update(headers or {})
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    return cluster.request("POST", target, headers=hdrs, body=body, conn=conn)


def log_messages(cluster):
    return cluster.sql("SELECT coalesce(string_agg(msg, '|' ORDER BY id), '') FROM api.rpc_log")


def test_post_scalar_function(cluster):
    r = post(cluster, "/rpc/add_them", {"a": 1, "b": 2})
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON
    assert r.headers["content-range"] == "0-0/*"
    assert r.body == b"3"


def test_get_and_head_scalar_function(cluster):
    r = cluster.get("/rpc/add_them?a=40&b=2")
    assert r.status == 200, r
    assert r.body == b"42"
    r = cluster.request("HEAD", "/rpc/add_them?a=40&b=2")
    assert r.status == 200, r
    assert r.headers["content-type"] == JSON
    assert r.body == b""


def test_defaults_fill_omitted_arguments(cluster):
    assert cluster.get("/rpc/greet").body == b'"hello world!"'
    assert cluster.get("/rpc/greet?name=bob").body == b'"hello bob!"'
    assert post(cluster, "/rpc/greet", {"punct": "?"}).body == b'"hello world?"'


def test_variadic_arguments(cluster):
    assert cluster.get("/rpc/sum_all?v=1&v=2&v=3").body == b"6"
    assert cluster.get("/rpc/sum_all?v=5").body == b"5"
    assert post(cluster, "/rpc/sum_all", {"v": [1, 2, 3, 4]}).body == b"10"


def test_overloads_are_chosen_by_argument_names(cluster):
    assert cluster.get("/rpc/overloaded?a=1").body == b'"int 1"'
    assert cluster.get("/rpc/overloaded?b=x").body == b'"text x"'


def test_ambiguous_overloads_are_300(cluster):
    r = cluster.get("/rpc/ambiguous?a=1")
    assert r.status == 300, r
    assert r.json() == {
        "code": "PGRST203",
        "message": "Could not choose the best candidate function between: "
                   "api.ambiguous(a => integer), api.ambiguous(a => text)",
        "details": None,
        "hint": "Try renaming the parameters or the function itself in the database so "
                "function overloading can be resolved",
    }


def test_unknown_function_is_404(cluster):
    r = cluster.get("/rpc/add_thm?a=1&b=2")
    assert r.status == 404, r
    assert r.json() == {
        "code": "PGRST202",
        "message": "Could not find the function api.add_thm(a, b) in the schema cache",
        "details": "Searched for the function api.add_thm with parameters a, b, but no matches "
                   "were found in the schema cache.",
        "hint": "Perhaps you meant to call the function api.add_them",
    }


def test_wrong_argument_names_are_404(cluster):
    r = post(cluster, "/rpc/add_them", {"a": 1})
    assert r.status == 404, r
    assert r.json() == {
        "code": "PGRST202",
        "message": "Could not find the function api.add_them(a) in the schema cache",
        "details": "Searched for the function api.add_them with parameter a or with a single "
                   "unnamed json/jsonb parameter, but no matches were found in the schema cache.",
        "hint": "Perhaps you meant to call the function api.add_them(a, b)",
    }
    r = cluster.get("/rpc/greet?nam=x")
    assert r.status == 404, r
    assert r.json()["message"] == "Could not find the function api.greet(nam) in the schema cache"


def test_set_returning_table_function_with_read_features(cluster):
    r = cluster.get("/rpc/items_cheaper_than?max_price=2")
    assert r.status == 200, r
    assert r.headers["content-range"] == "0-1/*"
    assert r.json() == [
        {"id": 1, "name": "apple", "price": 1.50, "tags": ["fruit", "red"], "in_stock": True},
        {"id": 2, "name": "banana", "price": 0.25, "tags": ["fruit"], "in_stock": False}]
    r = cluster.get("/rpc/items_cheaper_than?max_price=2&select=name&order=price")
    assert r.json() == [{"name": "banana"}, {"name": "apple"}]
    r = cluster.get("/rpc/items_cheaper_than?max_price=2&in_stock=is.true&select=id")
    assert r.json() == [{"id": 1}]
    r = cluster.get("/rpc/items_cheaper_than?max_price=100&select=id&order=id&limit=2&offset=1",
                    headers={"Prefer": "count=exact"})
    assert r.status == 206, r
    assert r.headers["content-range"] == "1-2/4"
    assert r.json() == [{"id": 2}, {"id": 4}]
    r = post(cluster, "/rpc/items_cheaper_than?select=id&id=gt.1", {"max_price": 2})
    assert r.json() == [{"id": 2}]


def test_singular_media_type(cluster):
    r = cluster.get("/rpc/items_cheaper_than?max_price=1&select=name",
                    headers={"Accept": "application/vnd.pgrst.object+json"})
    assert r.status == 200, r
    assert r.json() == {"name": "banana"}
    r = cluster.get("/rpc/items_cheaper_than?max_price=2",
                    headers={"Accept": "application/vnd.pgrst.object+json"})
    assert r.status == 406, r
    assert r.json()["code"] == "PGRST116"


def test_unknown_column_of_a_result(cluster):
    r = cluster.get("/rpc/items_cheaper_than?max_price=2&select=nope")
    assert r.status == 400, r
    assert r.json()["code"] == "42703"


def test_composite_result_is_an_object(cluster):
    r = cluster.get("/rpc/first_item")
    assert r.status == 200, r
    assert r.json() == {"id": 1, "name": "apple", "price": 1.50, "tags": ["fruit", "red"],
                        "in_stock": True}
    assert cluster.get("/rpc/first_item?select=name").json() == {"name": "apple"}
    assert cluster.get("/rpc/no_item").json() == {"id": None, "name": None, "price": None,
                                                  "tags": None, "in_stock": None}
    assert cluster.get("/rpc/make_point?x=1&y=2").json() == {"x": 1, "y": 2}


def test_set_of_scalars_and_returns_table(cluster):
    r = cluster.get("/rpc/series?n=3")
    assert r.status == 200, r
    assert r.headers["content-range"] == "0-2/*"
    assert r.body == b"[1, 2, 3]"  # json_agg's spacing, as PostgREST's
    assert cluster.get("/rpc/series?n=0").body == b"[]"
    assert cluster.get("/rpc/pairs?n=2").json() == [{"k": 1, "v": "v1"}, {"k": 2, "v": "v2"}]
    assert cluster.get("/rpc/pairs?n=3&k=gt.1&select=v&order=k.desc").json() == [
        {"v": "v3"}, {"v": "v2"}]


def test_embedding_on_a_table_returning_function(cluster):
    r = cluster.get("/rpc/books_by?author=1&select=title,rpc_authors(name)&order=id")
    assert r.status == 200, r
    assert r.json() == [{"title": "Alpha", "rpc_authors": {"name": "Ann"}},
                        {"title": "Beta", "rpc_authors": {"name": "Ann"}}]


def test_single_unnamed_parameters_take_the_body(cluster):
    r = post(cluster, "/rpc/echo_json", b'{"x":[1,2],"y":null}')
    assert r.status == 200, r
    assert r.body == b'{"x":[1,2],"y":null}'
    r = post(cluster, "/rpc/shout", "hello there", headers={"Content-Type": "text/plain"})
    assert r.status == 200, r
    assert r.body == b'"HELLO THERE"'
    r = post(cluster, "/rpc/byte_count", b"\x00\x01\xff\n",
             headers={"Content-Type": "application/octet-stream"})
    assert r.status == 200, r
    assert r.body == b"4"
    r = post(cluster, "/rpc/add_them", "1", headers={"Content-Type": "text/plain"})
    assert r.status == 404, r
    assert r.json() == {
        "code": "PGRST202",
        "message": "Could not find the function api.add_them in the schema cache",
        "details": "Searched for the function api.add_them with a single unnamed text "
                   "parameter, but no matches were found in the schema cache.",
        "hint": None,
    }


def test_params_single_object(cluster):
    r = post(cluster, "/rpc/single_obj", {"payload": {"a": 1}})
    assert r.json() == {"a": 1, "seen": True}
    r = post(cluster, "/rpc/single_obj", {"a": 1}, headers={"Prefer": "params=single-object"})
    assert r.status == 200, r
    assert r.headers["preference-applied"] == "params=single-object"
    assert r.json() == {"a": 1, "seen": True}
    r = post(cluster, "/rpc/single_obj", {"a": 1},
             headers={"Prefer": "params=single-object, count=exact"})
    assert r.headers["preference-applied"] == "params=single-object, count=exact"
    assert r.headers["content-range"] == "0-0/1"


def test_json_arguments_become_arrays_and_json(cluster):
    r = post(cluster, "/rpc/tags_of", {"tags": ["a", "b,c"], "extra": {"k": [1]}})
    assert r.status == 200, r
    assert r.json() == {"tags": ["a", "b,c"], "extra": {"k": [1]}}
    r = cluster.get("/rpc/tags_of?tags=" + urllib.parse.quote("{x,y}"))
    assert r.json() == {"tags": ["x", "y"], "extra": None}


def test_form_urlencoded_arguments(cluster):
    r = post(cluster, "/rpc/add_them", "a=1&b=2",
             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 200, r
    assert r.body == b"3"


def test_void_function_is_204_and_writes(cluster):
    before = log_messages(cluster)
    r = post(cluster, "/rpc/log_message", {"msg": "void call"})
    assert r.status == 204, r
    assert r.body == b""
    assert "content-type" not in r.headers
    assert r.headers["content-range"] == "0-0/*"
    assert log_messages(cluster) == (before + "|" if before else "") + "void call"
    r = post(cluster, "/rpc/log_message", {"msg": "profiled"}, headers={"Content-Profile": "api"})
    assert r.status == 204, r
    assert "content-profile" not in r.headers


def test_get_runs_read_only(cluster):
    before = log_messages(cluster)
    r = cluster.get("/rpc/log_count?msg=nope")
    assert r.status == 405, r
    assert r.json() == {"code": "25006", "details": None, "hint": None,
                        "message": "cannot execute INSERT in a read-only transaction"}
    # POST runs a volatile function read-write...
    r = post(cluster, "/rpc/log_count", {"msg": "counted"})
    assert r.status == 200, r
    count = int(cluster.sql("SELECT count(*) FROM api.rpc_log"))
    assert r.body == str(count).encode()
    # ...but a stable one read-only, as PostgREST does.
    r = post(cluster, "/rpc/stable_writer", {"msg": "stable"})
    assert r.status == 405, r
    assert r.json()["code"] == "25006"
    assert log_messages(cluster) == (before + "|" if before else "") + "counted"


def test_runs_as_the_request_role(cluster):
    assert cluster.get("/rpc/whoami").body == b'"web_anon"'


def test_raised_errors(cluster):
    r = post(cluster, "/rpc/fail_with", {"code": "PT402"})
    assert r.status == 402, r
    assert r.json() == {"code": "PT402", "details": None, "hint": None,
                        "message": "failed on purpose"}
    r = cluster.get("/rpc/add_them?a=x&b=1")
    assert r.status == 400, r
    assert r.json() == {"code": "22P02", "details": None, "hint": None,
                        "message": 'invalid input syntax for type integer: "x"'}


def test_bad_requests(cluster):
    r = cluster.request("PATCH", "/rpc/add_them", body="{}")
    assert r.status == 405, r
    assert r.json() == {"code": "PGRST101", "details": None, "hint": None,
                        "message": "Cannot use the PATCH method on RPC"}
    r = post(cluster, "/rpc/add_them", b"{nope")
    assert r.status == 400, r
    assert r.json() == {"code": "PGRST102", "details": None, "hint": None,
                        "message": "Empty or invalid json"}
    r = post(cluster, "/rpc/add_them", b"a,b", headers={"Content-Type": "text/csv"})
    assert r.status == 400, r
    assert r.json()["message"] == "Content-Type not acceptable: text/csv"


def test_injection_attempts_change_nothing(cluster):
    before = cluster.sql("SELECT count(*) FROM api.rpc_log") + "/" + cluster.sql(
        "SELECT count(*) FROM api.items")
    evil_name = 'b" := 1); DELETE FROM api.rpc_log; --'
    r = post(cluster, "/rpc/add_them", {"a": 1, evil_name: 2})
    assert r.status == 404, r
    assert r.json()["code"] == "PGRST202"
    r = post(cluster, "/rpc/add_them", {"a": 1, "b": "2); DELETE FROM api.items; --"})
    assert r.status == 400, r
    assert r.json()["code"] == "22P02"
    value = "x'); DELETE FROM api.rpc_log; --"
    r = cluster.get("/rpc/greet?name=" + urllib.parse.quote(value))
    assert r.status == 200, r
    assert r.json() == "hello " + value + "!"
    r = cluster.get("/rpc/" + urllib.parse.quote('add_them"(); DELETE FROM api.items; --')
                    + "?a=1&b=2")
    assert r.status == 404, r
    r = cluster.get("/rpc/items_cheaper_than?max_price=9&name=eq."
                    + urllib.parse.quote("x'; DELETE FROM api.items; --"))
    assert r.status == 200, r
    assert r.json() == []
    r = cluster.get("/rpc/items_cheaper_than?max_price=9&select="
                    + urllib.parse.quote("id;DELETE FROM api.items"))
    assert 400 <= r.status < 500, r
    r = cluster.get("/rpc/items_cheaper_than?max_price=9&order="
                    + urllib.parse.quote('id";DELETE FROM api.items;--'))
    assert 400 <= r.status < 500, r
    after = cluster.sql("SELECT count(*) FROM api.rpc_log") + "/" + cluster.sql(
        "SELECT count(*) FROM api.items")
    assert after == before


def test_planned_and_estimated_counts(cluster):
    for count in ["planned", "estimated"]:
        r = cluster.get("/rpc/series?n=5&limit=2", headers={"Prefer": "count=" + count})
        assert r.status in (200, 206), r
        assert re.fullmatch(r"0-1/\d+", r.headers["content-range"]), r
        assert r.headers["preference-applied"] == "count=" + count
        assert r.body == b"[1, 2]"


def test_volatile_function_runs_once_with_a_count(cluster):
    before = int(cluster.sql("SELECT count(*) FROM api.rpc_log"))
    r = post(cluster, "/rpc/log_count", {"msg": "once"}, headers={"Prefer": "count=exact"})
    assert r.status == 200, r
    assert r.headers["content-range"] == "0-0/1"
    assert r.body == str(before + 1).encode()
    assert int(cluster.sql("SELECT count(*) FROM api.rpc_log")) == before + 1


def test_profiles_choose_the_schema(cluster):
    r = post(cluster, "/rpc/add_them", {"a": 1, "b": 2}, headers={"Content-Profile": "v2"})
    assert r.status == 200, r
    assert r.headers["content-profile"] == "v2"
    assert r.body == b'"v2: 3 in v2"'
    r = cluster.get("/rpc/add_them?a=2&b=2", headers={"Accept-Profile": "v2"})
    assert r.status == 200, r
    assert r.headers["content-profile"] == "v2"
    assert r.body == b'"v2: 4 in v2"'
    # Without a profile, the first schema's function.
    assert cluster.get("/rpc/add_them?a=2&b=2").body == b"4"
    r = cluster.get("/rpc/greet", headers={"Accept-Profile": "v2"})
    assert r.status == 404, r
    assert r.json()["message"] == ("Could not find the function v2.greet without parameters in "
                                   "the schema cache")
