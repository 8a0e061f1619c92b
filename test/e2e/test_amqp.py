"""Events end to end: pg_resty.publish() and the row-change trigger through the AMQP worker to
a real RabbitMQ node, read back with pika. Nothing committed may be lost (at least once, so
duplicates are counted, not failed), nothing rolled back may leave."""

import collections
import hashlib
import json
import os
import time

import pytest

from cluster import Cluster, make_workdir
from psql_session import PsqlSession
from rabbitmq import Broker, Consumer
import helpers

PG_PORT = int(os.environ.get("PG_RESTY_TEST_PGPORT", "25431")) + 10
HTTP_PORT = int(os.environ.get("PG_RESTY_TEST_HTTP_PORT", "23031")) + 10
# The node also takes the two ports after this one (Erlang distribution, epmd).
AMQP_PORT = int(os.environ.get("PG_RESTY_TEST_AMQP_PORT", "26721"))


def wait_for(predicate, timeout=30, interval=0.05):
    return helpers.wait_for(predicate, timeout, interval)


@pytest.fixture(scope="module")
def broker():
    b = Broker(make_workdir("rabbitmq"), AMQP_PORT)
    try:
        b.start()
        yield b
    finally:
        b.close()  # the node and its epmd, also when a test failed


@pytest.fixture(scope="module")
def amqp_cluster(broker):
    """A cluster whose pg_resty.amqp_url points at the test broker; extension installed."""
    c = Cluster(make_workdir("amqp"), PG_PORT, HTTP_PORT, {
        "pg_resty.http_workers": "1",
        "pg_resty.amqp_url": f"'{broker.url}'",
    })
    c.init()
    with helpers.running(c):
        c.psql("CREATE ROLE authenticator LOGIN NOINHERIT; CREATE EXTENSION pg_resty;")
        assert wait_for(lambda: status(c)["connected"] == "t"), c.log_text()[-3000:]
        yield c


@pytest.fixture
def events(broker, amqp_cluster, request):
    """A consumer on amq.topic for this test's routing keys ("<test name>.#")."""
    if not broker.is_running():  # a failed test may have left it stopped
        broker.start()
        assert wait_for(lambda: status(amqp_cluster)["connected"] == "t")
    name = request.node.name.replace("[", "_").replace("]", "")
    consumer = Consumer(broker, name, binding=f"{name}.#")
    consumer.key = name
    yield consumer
    consumer.close()
    assert wait_for(lambda: status(amqp_cluster)["pending"] == "0", timeout=30), (
        "the outbox did not drain after the test", status(amqp_cluster))


COLUMNS = ["connected", "pending", "published", "last_error", "last_publish_at",
           "last_error_at", "broker", "worker_pid"]


def status(cluster):
    row = cluster.sql("SELECT " + ", ".join(COLUMNS) + " FROM pg_resty.amqp_status")
    return dict(zip(COLUMNS, row.split("|")))


def set_url(cluster, url):
    cluster.sql(f"ALTER SYSTEM SET pg_resty.amqp_url = '{url}'")
    cluster.reload_config()


def ids_of(messages):
    return [int(properties.message_id) for _, properties, _ in messages]


# -- publish() -------------------------------------------------------------------------------

def test_committed_events_arrive_and_rolled_back_ones_never_do(amqp_cluster, events):
    key = events.key
    ids = amqp_cluster.psql(f"""
        BEGIN;
        SELECT pg_resty.publish('amq.topic', '{key}.a', '{{"n": 1}}', '{{"x-tenant": "acme", "n": 7}}');
        SELECT pg_resty.publish('amq.topic', '{key}.b', 'plain | text');
        COMMIT;
        BEGIN;
        SELECT pg_resty.publish('amq.topic', '{key}.lost', 'rolled back');
        ROLLBACK;
        BEGIN;
        SELECT pg_resty.publish('amq.topic', '{key}.c', 'kept');
        SAVEPOINT s;
        SELECT pg_resty.publish('amq.topic', '{key}.lost', 'rolled back to savepoint');
        ROLLBACK TO SAVEPOINT s;
        COMMIT;
    """).split()
    committed = [int(ids[0]), int(ids[1]), int(ids[3])]
    messages = events.get_all(3, timeout=20)
    assert [m.routing_key for m, _, _ in messages] == [f"{key}.a", f"{key}.b", f"{key}.c"]
    assert ids_of(messages) == committed
    assert [body for _, _, body in messages] == [b'{"n": 1}', b"plain | text", b"kept"]

    _, first, _ = messages[0]
    assert first.delivery_mode == 2
    assert first.content_type == "application/json"
    assert first.app_id == "pg_resty"
    assert first.headers == {"x-tenant": "acme", "n": 7}
    assert abs(first.timestamp - time.time()) < 120
    _, second, _ = messages[1]
    assert second.content_type == "text/plain; charset=utf-8"
    assert second.headers is None


def test_commit_wakes_the_worker_within_milliseconds(amqp_cluster, events):
    session = PsqlSession(amqp_cluster)
    try:
        delays = []
        for i in range(20):
            start = time.monotonic()
            session.query(f"SELECT pg_resty.publish('amq.topic', '{events.key}.ping', '{i}')")
            while True:
                method, _, body = events.channel.basic_get(events.queue, auto_ack=True)
                if method is not None:
                    assert body == str(i).encode()
                    break
                assert time.monotonic() - start < 5, "an event took more than 5 s"
            delays.append(time.monotonic() - start)
    finally:
        session.close()
    delays.sort()
    # The periodic sweep runs once a second: without the commit-time wake-up the median
    # would be around half a second.
    assert delays[len(delays) // 2] < 0.2, delays


def test_late_commit_of_an_older_event_is_sent_during_a_stream(amqp_cluster, events):
    # An event with a low id whose transaction commits while the worker streams younger ones:
    # it must not wait for the end of the stream (the worker reads from the oldest event at
    # least once a second).
    late = PsqlSession(amqp_cluster)
    try:
        late_id = int(late.query(f"BEGIN; SELECT pg_resty.publish('amq.topic', "
                                 f"'{events.key}.late', 'late')"))
        total = 30000
        stream = PsqlSession(amqp_cluster)
        try:
            stream.query(f"SELECT count(pg_resty.publish('amq.topic', '{events.key}.stream', "
                         f"'s' || i)) FROM generate_series(1, {total}) i")
        finally:
            stream.close()
        assert wait_for(lambda: int(status(amqp_cluster)["pending"]) < total - 1000,
                        timeout=30, interval=0.01)
        assert late.query("COMMIT; SELECT 1") == "1"
    finally:
        late.close()
    messages = events.get_all(total + 1, timeout=90)
    keys = [m.routing_key for m, _, _ in messages]
    assert keys.count(f"{events.key}.late") == 1
    position = keys.index(f"{events.key}.late")
    assert ids_of(messages)[position] == late_id
    # Younger events went out first, but not all of them.
    assert 0 < position < len(messages) - 1000, (position, len(messages))


def test_status_view_reports_the_worker(amqp_cluster, broker, events):
    before = status(amqp_cluster)
    assert before["connected"] == "t"
    assert before["broker"] == f"amqp://guest@127.0.0.1:{broker.port}/%2F"
    pid = amqp_cluster.sql("SELECT pid FROM pg_stat_activity "
                           "WHERE backend_type = 'pg_resty amqp worker'")
    assert before["worker_pid"] == pid
    amqp_cluster.sql(f"SELECT pg_resty.publish('amq.topic', '{events.key}', 'x') "
                     "FROM generate_series(1, 5)")
    assert len(events.get_all(5, timeout=20)) == 5
    after = wait_for(lambda: (s := status(amqp_cluster))["pending"] == "0" and s)
    assert int(after["published"]) >= int(before["published"]) + 5
    assert after["last_publish_at"] != ""


def test_five_megabyte_payload(amqp_cluster, events):
    # 5 MiB of varied text (hex digests), with its digest to compare.
    amqp_cluster.sql(f"""
        CREATE TEMP TABLE big AS
        SELECT string_agg(md5(i::text), '' ORDER BY i) AS payload
        FROM generate_series(1, 5 * 1024 * 1024 / 32) i;
        SELECT pg_resty.publish('amq.topic', '{events.key}', payload) FROM big""")
    expected = amqp_cluster.sql("SELECT md5(string_agg(md5(i::text), '' ORDER BY i)) "
                                "FROM generate_series(1, 5 * 1024 * 1024 / 32) i")
    messages = events.get_all(1, timeout=30)
    assert len(messages) == 1
    body = messages[0][2]
    assert len(body) == 5 * 1024 * 1024
    assert hashlib.md5(body).hexdigest() == expected


# -- the row-change trigger ----------------------------------------------------------------

def test_row_change_trigger_routing_keys_and_payloads(amqp_cluster, broker):
    consumer = Consumer(broker, "row_changes", binding="row_change.table-gadgets.#")
    try:
        amqp_cluster.psql("""
            CREATE TABLE gadgets (id int PRIMARY KEY, name text, secret text);
            CREATE TRIGGER gadgets_events AFTER INSERT OR UPDATE OR DELETE ON gadgets
                FOR EACH ROW EXECUTE FUNCTION pg_resty.on_row_change('{"exclude": ["secret"]}');
            INSERT INTO gadgets VALUES (1, 'lamp', 's1');
            BEGIN;
            SELECT set_config('request.jwt.claims', '{"role": "webuser", "user_id": 42}', true);
            UPDATE gadgets SET name = 'desk lamp' WHERE id = 1;
            COMMIT;
            BEGIN;
            SELECT set_config('request.jwt.claims', '{"role": "webuser", "sub": "alice"}', true);
            INSERT INTO gadgets VALUES (2, 'fan', 's2');
            DELETE FROM gadgets WHERE id = 1;
            COMMIT;
            BEGIN;
            INSERT INTO gadgets VALUES (3, 'rolled back', 's3');
            ROLLBACK;
        """)
        messages = consumer.get_all(4, timeout=20)
        got = [(m.routing_key, json.loads(body), p.content_type) for m, p, body in messages]
        assert got == [
            ("row_change.table-gadgets.event-INSERT", {"id": 1, "name": "lamp"},
             "application/json"),
            ("row_change.table-gadgets.event-UPDATE.user-42", {"id": 1, "name": "desk lamp"},
             "application/json"),
            ("row_change.table-gadgets.event-INSERT.user-alice", {"id": 2, "name": "fan"},
             "application/json"),
            ("row_change.table-gadgets.event-DELETE.user-alice", {"id": 1, "name": "desk lamp"},
             "application/json"),
        ]
    finally:
        consumer.close()
        amqp_cluster.sql("DROP TABLE IF EXISTS gadgets")


# -- failures ------------------------------------------------------------------------------

def test_broker_outage_loses_no_committed_event(amqp_cluster, broker, events):
    key = events.key
    broker.stop()
    assert wait_for(lambda: status(amqp_cluster)["connected"] == "f", timeout=20)

    # Thousands of events while the broker is down: 3000 committed, 1000 rolled back.
    script = []
    for batch in range(30):
        script.append("BEGIN;")
        script.append(f"SELECT count(pg_resty.publish('amq.topic', '{key}.kept', "
                      f"'{{\"batch\": {batch}, \"i\": ' || i || '}}')) "
                      f"FROM generate_series(1, 100) i;")
        script.append("COMMIT;")
        if batch % 3 == 0:
            script.append("BEGIN;")
            script.append(f"SELECT count(pg_resty.publish('amq.topic', '{key}.rolled_back', "
                          f"'x')) FROM generate_series(1, 100);")
            script.append("ROLLBACK;")
    amqp_cluster.psql("\n".join(script))
    pending = int(status(amqp_cluster)["pending"])
    assert pending == 3000
    committed = set(int(x) for x in amqp_cluster.sql(
        "SELECT id FROM pg_resty.outbox ORDER BY id").split())
    failure = status(amqp_cluster)
    assert "cannot connect" in failure["last_error"] or "lost" in failure["last_error"], failure

    broker.start()
    events.reconnect()
    assert wait_for(lambda: status(amqp_cluster)["pending"] == "0", timeout=60), \
        status(amqp_cluster)
    messages = events.get_all(3000, timeout=60)
    received = collections.Counter(ids_of(messages))
    assert set(received) == committed  # every committed event, none from a rollback
    assert all(m.routing_key == f"{key}.kept" for m, _, _ in messages)
    duplicates = sum(received.values()) - len(received)
    print(f"broker outage: {len(received)} events, {duplicates} duplicates")
    # In id order: the worker resends from the oldest event.
    assert ids_of(messages) == sorted(ids_of(messages))

    log = amqp_cluster.log_text()
    lines = [line for line in log.splitlines() if "amqp worker: cannot connect" in line]
    # One line per failure, repeats held back (back-off 1, 2, 4, 8, 10 s).
    assert 1 <= len(lines) <= 8, lines
    assert "retrying in" in lines[0]


def test_worker_killed_mid_stream_loses_nothing(amqp_cluster, events):
    total = 30000
    published_before = int(status(amqp_cluster)["published"])
    low, high = map(int, amqp_cluster.sql(
        f"SELECT min(id), max(id) FROM (SELECT pg_resty.publish('amq.topic', '{events.key}', "
        f"'e' || i) AS id FROM generate_series(1, {total}) i) AS s").split("|"))
    committed = set(range(low, high + 1))
    assert len(committed) == total
    # Kill it once it is sending, before it is done.
    assert wait_for(lambda: int(status(amqp_cluster)["published"]) > published_before,
                    timeout=20, interval=0.005)
    old_pid = status(amqp_cluster)["worker_pid"]
    assert amqp_cluster.sql(f"SELECT pg_terminate_backend({old_pid})") == "t"
    pending_at_kill = int(status(amqp_cluster)["pending"])
    assert pending_at_kill > 0, "the worker finished before it could be killed"

    # The postmaster restarts it (bgw_restart_time 5 s) and it resumes.
    assert wait_for(lambda: status(amqp_cluster)["worker_pid"] not in ("", old_pid), timeout=30)
    assert wait_for(lambda: status(amqp_cluster)["pending"] == "0", timeout=90)
    messages = events.get_all(total, timeout=90)
    received = collections.Counter(ids_of(messages))
    assert set(received) == committed
    duplicates = sum(received.values()) - len(received)
    print(f"worker killed with {pending_at_kill} events pending: {duplicates} duplicates")


def test_connection_cut_mid_stream_resends_what_was_unconfirmed(amqp_cluster, broker, events):
    total = 30000
    low, high = map(int, amqp_cluster.sql(
        f"SELECT min(id), max(id) FROM (SELECT pg_resty.publish('amq.topic', '{events.key}', "
        f"'c' || i) AS id FROM generate_series(1, {total}) i) AS s").split("|"))
    assert wait_for(lambda: int(status(amqp_cluster)["pending"]) < total, timeout=20,
                    interval=0.01)
    # The broker closes the worker's connection while events are in flight.
    result = broker.ctl("close_all_connections", "pg_resty test: connection cut")
    pending_at_cut = int(status(amqp_cluster)["pending"])
    assert pending_at_cut > 0, "the stream ended before the connection was cut"
    events.reconnect()  # the consumer's connection was cut too
    assert wait_for(lambda: status(amqp_cluster)["pending"] == "0", timeout=90), \
        status(amqp_cluster)
    messages = events.get_all(total, timeout=90)
    received = collections.Counter(ids_of(messages))
    assert set(received) == set(range(low, high + 1))
    duplicates = sum(received.values()) - len(received)
    print(f"connection cut with {pending_at_cut} events pending: {duplicates} duplicates "
          f"({result.stdout.strip()})")
    assert "connection cut" in amqp_cluster.log_text()


def test_unknown_exchange_blocks_until_it_exists(amqp_cluster, broker, events):
    exchange = f"{events.key}_exchange"
    try:
        first = amqp_cluster.sql(f"SELECT pg_resty.publish('{exchange}', '{events.key}.a', '1')")
        second = amqp_cluster.sql(f"SELECT pg_resty.publish('amq.topic', '{events.key}.b', '2')")
        failed = wait_for(lambda: "NOT_FOUND" in (s := status(amqp_cluster))["last_error"] and s)
        assert failed, status(amqp_cluster)
        assert f"no exchange '{exchange}'" in failed["last_error"]
        assert f"publishing event {first} " in failed["last_error"]
        assert int(failed["pending"]) == 2  # nothing overtakes the blocked event
        assert "retrying in" in amqp_cluster.log_text()

        # Once the exchange exists (bound to amq.topic so this test's queue sees it), both go.
        channel = events.channel
        channel.exchange_declare(exchange, exchange_type="topic", durable=False,
                                 auto_delete=False)
        channel.exchange_bind(destination="amq.topic", source=exchange, routing_key="#")
        messages = events.get_all(2, timeout=40)
        assert ids_of(messages) == [int(first), int(second)]
        assert wait_for(lambda: status(amqp_cluster)["connected"] == "t")
    finally:
        # Whatever happened, no event of this test may block the ones of the next tests.
        amqp_cluster.sql(f"DELETE FROM pg_resty.outbox WHERE routing_key LIKE '{events.key}.%'")
        events.channel.exchange_delete(exchange)


def test_refused_login_is_reported_and_recovers(amqp_cluster, broker, events):
    set_url(amqp_cluster, f"amqp://guest:wrong@127.0.0.1:{broker.port}/")
    try:
        refused = wait_for(lambda: "ACCESS_REFUSED" in (s := status(amqp_cluster))["last_error"]
                           and s, timeout=20)
        assert refused, status(amqp_cluster)
        assert refused["connected"] == "f"
        assert "wrong" not in refused["last_error"] and "wrong" not in refused["broker"]
        event = amqp_cluster.sql(f"SELECT pg_resty.publish('amq.topic', '{events.key}', 'x')")
        time.sleep(1.5)
        assert status(amqp_cluster)["pending"] == "1"
    finally:
        set_url(amqp_cluster, broker.url)
    messages = events.get_all(1, timeout=30)
    assert ids_of(messages) == [int(event)]


def test_empty_url_keeps_events_waiting(amqp_cluster, broker, events):
    set_url(amqp_cluster, "")
    try:
        assert wait_for(lambda: status(amqp_cluster)["connected"] == "f")
        assert status(amqp_cluster)["broker"] == ""
        amqp_cluster.sql(f"SELECT pg_resty.publish('amq.topic', '{events.key}', 'waits')")
        time.sleep(1.5)
        assert status(amqp_cluster)["pending"] == "1"
        assert events.get_all(0, timeout=0.5, quiet=0.2) == []
        assert "pg_resty.amqp_url is empty" in amqp_cluster.log_text()
    finally:
        set_url(amqp_cluster, broker.url)
    assert [body for _, _, body in events.get_all(1, timeout=30)] == [b"waits"]


def test_publish_outside_the_served_database_is_refused(amqp_cluster):
    amqp_cluster.sql("CREATE DATABASE other")
    try:
        amqp_cluster.psql("CREATE EXTENSION pg_resty", db="other")
        with pytest.raises(RuntimeError, match='publishes events of database "postgres" only'):
            amqp_cluster.sql("SELECT pg_resty.publish('amq.topic', 'k', 'p')", db="other")
    finally:
        amqp_cluster.sql("DROP DATABASE other")
