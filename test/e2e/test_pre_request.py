"""pg_resty.pre_request (PostgREST's db-pre-request): a function called in every request's
transaction before the main statement, reloadable."""

import json

import pytest

from helpers import wait_for




@pytest.fixture
def pre_request(cluster):
    try:
        cluster.sql("ALTER SYSTEM SET pg_resty.pre_request = 'api.check_request'")
        cluster.reload_config()
        assert wait_for(lambda: all(
            cluster.get("/items?id=eq.1").headers.get("x-pre-role") == "web_anon"
            for _ in range(4)))
        yield cluster
    finally:
        cluster.sql("ALTER SYSTEM RESET pg_resty.pre_request")
        cluster.reload_config()
    assert wait_for(lambda: all(
        "x-pre-role" not in cluster.get("/items?id=eq.1").headers for _ in range(4)))


def test_runs_before_reads_and_calls_with_the_request_role(pre_request):
    r = pre_request.get("/items?id=eq.1&select=id")
    assert r.status == 200, r
    assert r.headers["x-pre-role"] == "web_anon"
    assert r.json() == [{"id": 1}]
    r = pre_request.request("POST", "/rpc/add_them", headers={"Content-Type": "application/json"},
                            body=json.dumps({"a": 1, "b": 2}))
    assert r.status == 200, r
    assert r.headers["x-pre-role"] == "web_anon"
    assert r.body == b"3"


def test_its_errors_are_the_response(pre_request):
    before = pre_request.sql("SELECT count(*) FROM api.rpc_log")
    for method, target, body in [("GET", "/items", None),
                                 ("POST", "/rpc/log_message", json.dumps({"msg": "blocked"}))]:
        r = pre_request.request(method, target, body=body,
                                headers={"X-Block": "yes", "Content-Type": "application/json"})
        assert r.status == 401, r
        assert r.json() == {"code": "PT401", "message": "blocked", "details": "by pre-request",
                            "hint": "remove x-block"}
    assert pre_request.sql("SELECT count(*) FROM api.rpc_log") == before
