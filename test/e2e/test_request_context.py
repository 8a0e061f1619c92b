"""Each request's transaction: role, read-only, and PostgREST's request.* settings."""

import json


def info(cluster, headers=None, path="/request_info"):
    r = cluster.get(path, headers=headers)
    assert r.status == 200, r
    return r.json()[0]


def test_runs_as_anonymous_role_from_authenticator_session(cluster):
    row = info(cluster)
    assert row["role"] == "web_anon"
    assert row["session_role"] == "authenticator"
    assert row["claims"] == {"role": "web_anon"}


def test_get_runs_read_only(cluster):
    assert info(cluster)["read_only"] == "on"
    r = cluster.get("/writes")
    assert r.status == 405, r
    assert r.json()["code"] == "25006"
    assert cluster.sql("SELECT count(*) FROM api.items WHERE id = 100") == "0"


def test_request_method_path_headers_and_cookies(cluster):
    row = info(cluster, headers={"X-Custom-Header": "Some Value",
                                 "Cookie": "session=abc123; theme=\"dark\""},
               path="/request_info?select=*")
    assert row["method"] == "GET"
    assert row["path"] == "/request_info"
    assert row["headers"]["x-custom-header"] == "Some Value"
    assert all(name == name.lower() for name in row["headers"])
    assert row["cookies"] == {"session": "abc123", "theme": "dark"}


def test_search_path_is_exposed_schema_then_extra(cluster):
    assert info(cluster)["search_path"] == '"api", "public"'


def test_settings_do_not_leak_between_requests(cluster, conn):
    first = info(cluster, headers={"X-Only-Once": "1", "Cookie": "a=b"})
    assert first["headers"]["x-only-once"] == "1"
    r = cluster.get("/request_info", conn=conn)
    second = r.json()[0]
    assert "x-only-once" not in second["headers"]
    assert second["cookies"] == {}
    # Outside a request the worker's session has none of them.
    assert cluster.sql(
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_resty http worker' "
        "AND usename = 'authenticator'") == "2"


def test_session_wide_changes_by_a_request_do_not_reach_the_next(cluster, conn):
    """pg_resty keeps request.* and search_path set in the worker's session and only
    changes them when a request's values differ: what a request's SQL sets for the session
    (committed or rolled back) must never show in the next request on that worker."""
    baseline = cluster.get("/request_info", conn=conn).json()[0]
    for fail in (False, True):
        r = cluster.request("POST", "/rpc/tamper_session", body=json.dumps({"fail": fail}),
                            headers={"Content-Type": "application/json"}, conn=conn)
        assert r.status == (400 if fail else 200), r
        # The same keep-alive connection: the same worker, the same session.
        after = cluster.get("/request_info", conn=conn).json()[0]
        assert after["method"] == "GET"
        assert after["path"] == "/request_info"
        assert "x-tampered" not in after["headers"]
        assert after["cookies"] == {}
        assert after["claims"] == {"role": "web_anon"}
        assert after["search_path"] == '"api", "public"'
        assert after["role"] == "web_anon"
        assert after == baseline
