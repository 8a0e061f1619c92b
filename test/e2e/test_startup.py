"""Starting without the authenticator role: quiet retries, then serving once it exists."""

import os
import re
import time

import pytest

from cluster import Cluster, make_workdir

PG_PORT = int(os.environ.get("PG_RESTY_TEST_PGPORT", "25431")) + 1
HTTP_PORT = int(os.environ.get("PG_RESTY_TEST_HTTP_PORT", "23031")) + 1


@pytest.fixture
def bare_cluster():
    c = Cluster(make_workdir("bare"), PG_PORT, HTTP_PORT, {
        "pg_resty.http_workers": "3",
        "pg_resty.anon_role": "'web_anon'",
    })
    c.init()
    c.start()
    try:
        yield c
    finally:
        c.stop()


def test_missing_authenticator_logs_one_line_per_retry(bare_cluster):
    # The first attempt happens at startup, the next after the 5 s restart interval.
    time.sleep(6.5)
    log = bare_cluster.log_text()
    fatal = re.findall(r'FATAL:  role "authenticator" does not exist', log)
    # Three workers try at startup and again 5 s later: one line per attempt, not three.
    assert 1 <= len(fatal) <= 2, log
    assert "CREATE ROLE authenticator" in log
    assert "exited with exit code 1" not in log
    assert "terminated by signal" not in log

    bare_cluster.psql("CREATE ROLE authenticator LOGIN NOINHERIT; CREATE ROLE web_anon;"
                      "GRANT web_anon TO authenticator; CREATE SCHEMA api;"
                      "CREATE TABLE api.t (id int); INSERT INTO api.t VALUES (1);"
                      "GRANT USAGE ON SCHEMA api TO web_anon; GRANT SELECT ON api.t TO web_anon;")
    bare_cluster.wait_until_serving("/t", timeout=15)
    assert bare_cluster.get("/t").json() == [{"id": 1}]
    count = bare_cluster.sql("SELECT count(*) FROM pg_stat_activity "
                             "WHERE backend_type = 'pg_resty http worker'")
    assert count == "3"


def test_no_listen_socket_warns_and_starts_database(bare_cluster):
    # Same port as a running pg_resty: the second server cannot listen but still starts.
    other = Cluster(make_workdir("clash"), PG_PORT + 1, HTTP_PORT, {})
    other.init()
    other.start()
    try:
        assert other.sql("SELECT 1") == "1"
        assert other.sql("SELECT count(*) FROM pg_stat_activity "
                         "WHERE backend_type = 'pg_resty http worker'") == "0"
        assert "pg_resty: no HTTP listening socket" in other.log_text()
    finally:
        other.stop()
