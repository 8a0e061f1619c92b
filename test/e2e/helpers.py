"""Helpers shared by the end-to-end tests: polling, HS256 tokens, worker processes, and the
lifetime of a test's own cluster."""

import base64
import contextlib
import hashlib
import hmac
import json
import time

JWT_SECRET = "reallyreallyreallyreallyverysafe"  # the shared cluster's and the starter kit's


def wait_for(predicate, timeout=15, interval=0.1):
    """Polls `predicate` until it returns something true; returns its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def wait_settled(predicate, timeout=15):
    """Until `predicate` holds for several requests in a row: every worker has reloaded."""
    return wait_for(lambda: all(predicate() for _ in range(8)), timeout)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(header_json, payload_json, secret=JWT_SECRET, digest=hashlib.sha256):
    """A token of these exact header and payload bytes, signed with HMAC."""
    signing_input = f"{b64url(header_json)}.{b64url(payload_json)}"
    signature = b64url(hmac.new(secret.encode(), signing_input.encode(), digest).digest())
    return f"{signing_input}.{signature}"


def mint(claims, secret=JWT_SECRET, alg="HS256", digest=hashlib.sha256):
    return sign(json.dumps({"alg": alg, "typ": "JWT"}).encode(), json.dumps(claims).encode(),
                secret, digest)


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def worker_pids(cluster):
    out = cluster.sql("SELECT pid FROM pg_stat_activity "
                      "WHERE backend_type = 'pg_resty http worker' ORDER BY pid")
    return [int(line) for line in out.splitlines() if line]


def assert_no_crash(cluster):
    """A clean run leaves no crash behind: a worker crash restarts the whole server."""
    log = cluster.log_text()
    assert "terminated by signal" not in log, log[-3000:]
    assert "PANIC" not in log, log[-3000:]


@contextlib.contextmanager
def running(cluster):
    """Starts an initialised cluster, stops it however the block ends, and checks its log for
    crashes when the block ended normally."""
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
    assert_no_crash(cluster)
