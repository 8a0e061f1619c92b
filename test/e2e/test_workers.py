"""The HTTP workers as processes: visibility, concurrency, reloads, failures, restarts."""

import socket
import threading

import pytest

from helpers import wait_for, worker_pids


def test_workers_are_visible_in_pg_stat_activity(cluster):
    rows = cluster.sql("SELECT backend_type, usename, datname FROM pg_stat_activity "
                       "WHERE backend_type LIKE '%pg_resty%' ORDER BY backend_type").splitlines()
    # The AMQP worker logs in as the bootstrap superuser (it only drains pg_resty.outbox).
    assert rows == (["pg_resty amqp worker|postgres|postgres"] +
                    ["pg_resty http worker|authenticator|postgres"] * 2)


def test_busy_worker_does_not_hold_new_connections_hostage(cluster):
    slow_result = {}

    def slow_request():
        slow_result["response"] = cluster.get("/slow")

    slow = threading.Thread(target=slow_request)
    slow.start()
    # Wait until one worker is really inside the slow query.
    assert wait_for(lambda: cluster.sql(
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_resty http worker' "
        "AND query LIKE '%slow%' AND state = 'active'") == "1", timeout=5)
    # Fresh connections while it is busy: the idle worker answers them all, before the slow
    # request (3 s) completes.
    for _ in range(10):
        assert cluster.get("/items?id=eq.1").status == 200
    assert slow.is_alive(), "the slow request finished before the others were served"
    slow.join()
    assert slow_result["response"].status == 200
    assert slow_result["response"].json() == [{"x": 1}]


def test_failed_request_leaves_connection_and_worker_serving(cluster, conn):
    r = cluster.get("/divide_by_zero", conn=conn)
    assert r.status == 400
    assert r.json()["code"] == "22012"
    assert r.json()["message"] == "division by zero"
    r = cluster.get("/items?id=eq.2", conn=conn)
    assert r.status == 200
    assert r.json()[0]["name"] == "banana"


def test_keep_alive_serves_many_requests_on_one_connection(cluster, conn):
    for i in range(1, 6):
        r = cluster.get(f"/items?id=eq.{i}", conn=conn)
        assert r.status == 200
        assert r.json()[0]["id"] == i


def test_ddl_reloads_the_schema_cache(cluster):
    assert cluster.get("/fresh").status == 404
    cluster.psql("CREATE TABLE api.fresh (id int PRIMARY KEY, label text);"
                 "INSERT INTO api.fresh VALUES (7, 'new');"
                 "GRANT SELECT ON api.fresh TO web_anon;")
    r = cluster.get("/fresh")
    assert r.status == 200
    assert r.json() == [{"id": 7, "label": "new"}]
    cluster.psql("ALTER TABLE api.fresh ADD COLUMN extra int DEFAULT 3;")
    assert cluster.get("/fresh?select=extra").json() == [{"extra": 3}]
    cluster.psql("DROP TABLE api.fresh;")
    assert cluster.get("/fresh").status == 404


def test_rolled_back_ddl_changes_nothing(cluster):
    cluster.psql("BEGIN; CREATE TABLE api.ghost (id int); ROLLBACK;")
    assert cluster.get("/ghost").status == 404
    assert cluster.get("/items?id=eq.1").status == 200


def test_pg_resty_reload_function(cluster):
    assert cluster.sql("SELECT pg_resty.reload()") == "t"
    assert cluster.get("/items?id=eq.1").status == 200


def test_sighup_reloads_anon_role(cluster):
    try:
        cluster.sql("ALTER SYSTEM SET pg_resty.anon_role = ''")
        cluster.reload_config()
        r = wait_for(lambda: (lambda r: r if r.status == 401 else None)(cluster.get("/items")))
        assert r is not None and r.status == 401
        assert r.headers["www-authenticate"] == "Bearer"
        assert r.json() == {"code": "PGRST302", "details": None, "hint": None,
                            "message": "Anonymous access is disabled"}
    finally:
        cluster.sql("ALTER SYSTEM RESET pg_resty.anon_role")
        cluster.reload_config()
    assert wait_for(lambda: cluster.get("/items").status == 200)


def test_sighup_reloads_max_rows(cluster):
    try:
        cluster.sql("ALTER SYSTEM SET pg_resty.max_rows = 2")
        cluster.reload_config()
        assert wait_for(lambda: len(cluster.get("/items").json()) == 2)
        r = cluster.get("/items?order=id")
        assert [row["id"] for row in r.json()] == [1, 2]
        assert r.headers["content-range"] == "0-1/*"
    finally:
        cluster.sql("ALTER SYSTEM RESET pg_resty.max_rows")
        cluster.reload_config()
    assert wait_for(lambda: len(cluster.get("/items").json()) == 5)


def test_oversized_headers_are_refused_and_server_keeps_serving(cluster):
    r = cluster.get("/items", headers={"X-Big": "a" * 100_000})
    assert r.status in (413, 431), r
    assert cluster.get("/items?id=eq.1").status == 200


@pytest.mark.parametrize("garbage", [
    b"GARBAGE\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"GET /items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
])
def test_malformed_http_is_refused_and_server_keeps_serving(cluster, garbage):
    with socket.create_connection(("localhost", cluster.http_port), timeout=10) as s:
        s.sendall(garbage)
        reply = s.recv(4096)
    # libmicrohttpd answers 400 where it can parse enough, else closes the connection.
    assert reply == b"" or reply.startswith(b"HTTP/1.1 400"), reply
    assert cluster.get("/items?id=eq.1").status == 200


def test_nul_bytes_in_request_line_do_not_disturb_other_clients(cluster):
    with socket.create_connection(("localhost", cluster.http_port), timeout=10) as s:
        s.sendall(b"\x00\x01\x02 nonsense\r\n\r\n")
        # This connection is left to the idle timeout; everyone else is served.
        for _ in range(5):
            assert cluster.get("/items?id=eq.1").status == 200


def test_terminated_worker_is_replaced(cluster):
    before = worker_pids(cluster)
    assert len(before) == 2
    cluster.sql(f"SELECT pg_terminate_backend({before[0]})")
    # The survivor serves meanwhile.
    assert cluster.get("/items?id=eq.1").status == 200
    after = wait_for(lambda: (lambda p: p if len(p) == 2 and before[0] not in p else None)(
        worker_pids(cluster)), timeout=20)
    assert after, worker_pids(cluster)
    assert before[1] in after
