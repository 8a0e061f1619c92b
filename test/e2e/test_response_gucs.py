"""response.status and response.headers set by SQL shape the response (PostgREST's response
GUCs), for calls and reads alike; invalid values are PGRST111 / PGRST112."""

import json
import urllib.parse


def call(cluster, name, args, conn=None):
    return cluster.request("POST", "/rpc/" + name, headers={"Content-Type": "application/json"},
                           body=json.dumps(args), conn=conn)


def test_function_sets_status_and_headers(cluster):
    r = cluster.request("POST", "/rpc/created_with_headers",
                        headers={"Content-Type": "application/json"}, body="{}")
    assert r.status == 201, r
    assert r.headers["x-custom"] == "yes"
    # The function's Content-Type replaces ours.
    assert [v for k, v in r.header_list if k.lower() == "content-type"] == ["text/plain"]
    assert r.headers["content-range"] == "0-0/*"
    assert r.body == b'"made"'


def test_get_call_and_repeated_headers(cluster):
    headers = '[{"X-A": "1"}, {"X-A": "2"}]'
    r = cluster.get("/rpc/set_response?status=203&headers=" + urllib.parse.quote(headers))
    assert r.status == 203, r
    assert [v for k, v in r.header_list if k.lower() == "x-a"] == ["1", "2"]
    assert r.body == b"1"


def test_read_of_a_view_that_sets_headers(cluster):
    r = cluster.get("/gucs_view")
    assert r.status == 200, r
    assert r.headers["x-from-view"] == "1"
    assert r.headers["content-type"] == "application/json; charset=utf-8"


def test_invalid_status(cluster):
    for status in ["999", "abc", "-1"]:
        r = call(cluster, "set_response", {"status": status, "headers": ""})
        assert r.status == 500, (status, r)
        assert r.json() == {"code": "PGRST112", "details": None, "hint": None,
                            "message": "response.status guc must be a valid status code"}


def test_invalid_headers(cluster):
    for headers in ['{"X-A": "1"}', '[{"X-A": 1}]', '[{"X-A": "1", "X-B": "2"}]', "nope",
                    '[{"X-A": "a\\r\\nSet-Cookie: x=1"}]']:
        r = call(cluster, "set_response", {"status": "", "headers": headers})
        assert r.status == 500, (headers, r)
        assert r.json() == {
            "code": "PGRST111", "details": None, "hint": None,
            "message": "response.headers guc must be a JSON array composed of objects with a "
                       "single key and a string value"}
        assert "set-cookie" not in r.headers


def test_a_session_level_status_does_not_leak_into_the_next_request(cluster):
    conn = cluster.connection()
    try:
        r = call(cluster, "set_status_session", {"status": "299"}, conn=conn)
        assert r.status == 299, r
        # The same connection, so the same worker and database session.
        for _ in range(3):
            r = cluster.get("/items?id=eq.1&select=id", conn=conn)
            assert r.status == 200, r
            assert r.json() == [{"id": 1}]
    finally:
        conn.close()
