"""CORS as PostgREST's policy answers it, OPTIONS on resources, and pg_resty.max_body_size."""

from helpers import wait_for

EXPOSED = ("Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, "
           "Server, Transfer-Encoding, Range-Unit")


def test_preflight(cluster):
    r = cluster.request("OPTIONS", "/items", headers={
        "Origin": "http://example.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type, Prefer",
    })
    assert r.status == 200, r
    assert r.body == b""
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["access-control-allow-methods"] == "GET, POST, PATCH, PUT, DELETE, OPTIONS"
    assert r.headers["access-control-allow-headers"] == "Authorization, Content-Type, Prefer"
    assert r.headers["access-control-max-age"] == "86400"
    assert "access-control-allow-credentials" not in r.headers


def test_cross_origin_get_exposes_headers(cluster):
    r = cluster.get("/items?id=eq.1", headers={"Origin": "http://example.com"})
    assert r.status == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["access-control-expose-headers"] == EXPOSED


def test_cors_headers_on_errors(cluster):
    r = cluster.get("/nope", headers={"Origin": "http://example.com"})
    assert r.status == 404
    assert r.headers["access-control-allow-origin"] == "*"
    r = cluster.get("/items", headers={"Origin": "http://example.com",
                                       "Authorization": "Bearer bad"})
    assert r.status == 401
    assert r.headers["access-control-allow-origin"] == "*"


def test_same_origin_requests_get_no_cors_headers(cluster):
    r = cluster.get("/items?id=eq.1")
    assert "access-control-allow-origin" not in r.headers


def test_options_answers_allow(cluster):
    r = cluster.request("OPTIONS", "/items")
    assert r.status == 200, r
    assert r.headers["allow"] == "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE"
    assert r.body == b""
    r = cluster.request("OPTIONS", "/request_info")
    assert r.status == 200, r
    assert r.headers["allow"] == "OPTIONS,GET,HEAD"
    r = cluster.request("OPTIONS", "/nope")
    assert r.status == 404
    assert r.json()["code"] == "PGRST205"


def test_allowed_origins_list(cluster):
    try:
        cluster.sql("ALTER SYSTEM SET pg_resty.cors_allowed_origins = "
                    "'http://a.example, http://b.example'")
        cluster.reload_config()
        assert wait_for(lambda: all(
            cluster.get("/items?id=eq.1", headers={"Origin": "http://b.example"})
            .headers.get("access-control-allow-origin") == "http://b.example"
            for _ in range(4)))
        r = cluster.request("OPTIONS", "/items", headers={
            "Origin": "http://a.example", "Access-Control-Request-Method": "GET"})
        assert r.headers["access-control-allow-origin"] == "http://a.example"
        assert r.headers["access-control-allow-credentials"] == "true"
        # Another origin gets no CORS headers; its preflight falls through to OPTIONS.
        r = cluster.get("/items?id=eq.1", headers={"Origin": "http://evil.example"})
        assert r.status == 200
        assert "access-control-allow-origin" not in r.headers
        r = cluster.request("OPTIONS", "/items", headers={
            "Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
        assert "access-control-allow-origin" not in r.headers
        assert r.headers["allow"] == "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE"
    finally:
        cluster.sql("ALTER SYSTEM RESET pg_resty.cors_allowed_origins")
        cluster.reload_config()
    assert wait_for(lambda: all(
        cluster.get("/items?id=eq.1", headers={"Origin": "http://x"})
        .headers.get("access-control-allow-origin") == "*" for _ in range(4)))


def test_max_body_size(cluster):
    try:
        cluster.sql("ALTER SYSTEM SET pg_resty.max_body_size = '1kB'")
        cluster.reload_config()
        r = wait_for(lambda: (lambda r: r if r.status == 413 else None)(
            cluster.request("GET", "/items", body=b"x" * 2048)))
        assert r is not None and r.status == 413
        assert cluster.request("GET", "/items?id=eq.1", body=b"x" * 512).status == 200
    finally:
        cluster.sql("ALTER SYSTEM RESET pg_resty.max_body_size")
        cluster.reload_config()
    assert wait_for(lambda: all(
        cluster.request("GET", "/items?id=eq.1", body=b"x" * 2048).status == 200
        for _ in range(4)))
