import os

import pytest

from cluster import Cluster, make_workdir
from helpers import JWT_SECRET, running

HERE = os.path.dirname(os.path.abspath(__file__))
PG_PORT = int(os.environ.get("PG_RESTY_TEST_PGPORT", "25431"))
HTTP_PORT = int(os.environ.get("PG_RESTY_TEST_HTTP_PORT", "23031"))


@pytest.fixture(scope="session")
def cluster():
    """The shared cluster: fixture.sql loaded, two HTTP workers, anonymous role web_anon, schemas
    api (the default) and v2 exposed."""
    c = Cluster(make_workdir("main"), PG_PORT, HTTP_PORT, {
        "pg_resty.http_workers": "2",
        "pg_resty.anon_role": "'web_anon'",
        "pg_resty.schemas": "'api,v2'",
        "pg_resty.jwt_secret": f"'{JWT_SECRET}'",
    })
    c.init()
    with running(c):
        with open(os.path.join(HERE, "fixture.sql")) as f:
            c.psql(f.read())
        c.wait_until_serving("/items")
        yield c


@pytest.fixture
def conn(cluster):
    connection = cluster.connection()
    yield connection
    connection.close()
