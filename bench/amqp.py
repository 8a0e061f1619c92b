"""pg_resty AMQP benchmark: events per second from commit to broker confirm.

Started by bench/amqp.sh (see bench/README.md). One throw-away PostgreSQL cluster with
pg_resty preloaded and one throw-away RabbitMQ node, both on loopback, both stopped on exit.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "test", "e2e"))

from cluster import Cluster  # noqa: E402
from psql_session import PsqlSession  # noqa: E402
from rabbitmq import Broker  # noqa: E402


def wait_for(predicate, timeout, interval=0.005):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class Bench:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.session = None
        self.broker = Broker(os.path.join(workdir, "rabbitmq"), args.amqp_port)
        self.cluster = Cluster(os.path.join(workdir, "pg"), args.pg_port, args.http_port, {
            "pg_resty.amqp_url": f"'{self.broker.url}'",
            "pg_resty.http_workers": "1",
            "shared_buffers": "'256MB'",
            "synchronous_commit": "on",
            "fsync": "on",
        })

    # Polled through one long-lived psql: starting psql for every poll would eat a CPU that
    # the server and the broker need.
    def pending(self):
        return int(self.session.query("SELECT count(*) FROM pg_resty.outbox"))

    def published(self):
        return int(self.session.query("SELECT published FROM pg_resty.amqp_status"))

    def connected(self):
        return self.session.query("SELECT connected FROM pg_resty.amqp_status") == "t"

    def set_url(self, url):
        self.cluster.sql(f"ALTER SYSTEM SET pg_resty.amqp_url = '{url}'")
        self.cluster.reload_config()

    def publish_sql(self, count, key):
        payload = f"repeat('x', {self.args.payload_bytes})"
        return (f"SELECT count(pg_resty.publish('amq.topic', '{key}', {payload}))"
                f" FROM generate_series(1, {count})")

    def load(self, total, key):
        """Commits `total` events in transactions of --txn-events; returns the seconds spent."""
        script = ";\n".join(self.publish_sql(self.args.txn_events, key)
                            for _ in range(total // self.args.txn_events)) + ";\n"
        start = time.monotonic()
        self.cluster.psql(script)
        return time.monotonic() - start

    def declare_queue(self, durable_queue):
        connection = self.broker.connect()
        channel = connection.channel()
        channel.queue_delete("bench")
        if durable_queue:
            channel.queue_declare("bench", durable=True)
            channel.queue_bind("bench", "amq.topic", routing_key="bench.#")
        connection.close()

    def baseline(self, durable_queue, confirm_every):
        """The same messages from a plain rabbitmq-c publisher (no database at all)."""
        self.declare_queue(durable_queue)
        result = subprocess.run(
            [self.baseline_program, str(self.args.amqp_port), "bench.baseline",
             str(self.args.events), str(self.args.payload_bytes), str(confirm_every)],
            capture_output=True, text=True, timeout=600, check=True)
        fields = dict(item.split("=") for item in result.stdout.split()[1:])
        return float(fields["rate"])

    def drain_backlog(self, durable_queue):
        """Events committed while the worker had no broker URL, then sent in one go."""
        n = self.args.events
        self.declare_queue(durable_queue)
        self.set_url("")
        assert wait_for(lambda: not self.connected(), 10)
        load_s = self.load(n, "bench.backlog")
        assert self.pending() == n
        before = self.published()
        start = time.monotonic()
        self.set_url(self.broker.url)
        if not wait_for(lambda: self.pending() == 0, 600, 0.02):
            raise RuntimeError(f"backlog not drained: {self.pending()} left")
        seconds = time.monotonic() - start
        assert self.published() - before >= n
        return n / seconds, seconds, n / load_s

    def streaming(self, durable_queue):
        """Events committed while the worker publishes: from the first commit to the last
        confirm."""
        n = self.args.events
        self.declare_queue(durable_queue)
        before = self.published()
        start = time.monotonic()
        load_s = self.load(n, "bench.stream")
        if not wait_for(lambda: self.pending() == 0 and self.published() - before >= n, 600,
                        0.02):
            raise RuntimeError(f"stream not drained: {self.pending()} left")
        seconds = time.monotonic() - start
        return n / seconds, seconds, n / load_s

    def latency(self):
        """Commit of one event to its delivery to a consumer, one at a time."""
        connection = self.broker.connect()
        channel = connection.channel()
        channel.queue_declare("latency", exclusive=True)
        channel.queue_bind("latency", "amq.topic", routing_key="bench.latency")
        session = PsqlSession(self.cluster)
        samples = []
        for _ in range(self.args.latency_samples):
            start = time.monotonic()
            session.query("SELECT pg_resty.publish('amq.topic', 'bench.latency', 'ping')")
            while True:
                method, _, _ = channel.basic_get("latency", auto_ack=True)
                if method is not None:
                    break
                if time.monotonic() - start > 10:
                    raise RuntimeError("an event took more than 10 s to arrive")
            samples.append((time.monotonic() - start) * 1000)
        session.close()
        connection.close()
        samples.sort()
        return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]

    def run(self):
        a = self.args
        print(f"==> RabbitMQ node on 127.0.0.1:{a.amqp_port}")
        self.broker.start()
        print(f"==> PostgreSQL on port {a.pg_port} (pg_resty preloaded)")
        self.cluster.init()
        self.cluster.start()
        self.cluster.psql("CREATE ROLE authenticator LOGIN NOINHERIT; CREATE EXTENSION pg_resty;")
        self.session = PsqlSession(self.cluster)
        assert wait_for(self.connected, 30, 0.05), "worker not connected"
        setup_log_lines = len(self.cluster.log_text().splitlines())

        self.baseline_program = os.path.join(self.workdir, "amqp_baseline")
        subprocess.run(["cc", "-O2", "-o", self.baseline_program,
                        os.path.join(HERE, "amqp_baseline.c"), "-lrabbitmq"], check=True)

        print(f"==> warm-up: {a.events // 10} events")
        self.declare_queue(False)
        self.load(max(a.txn_events, a.events // 10 // a.txn_events * a.txn_events), "bench.warmup")
        wait_for(lambda: self.pending() == 0, 120, 0.02)

        results = {}
        for durable in (False, True):
            label = "durable queue" if durable else "no queue"
            print(f"==> {label}: backlog of {a.events} events (worker started after the commits)")
            rate, seconds, insert_rate = self.drain_backlog(durable)
            print(f"    drained in {seconds:.2f} s: {rate:,.0f} events/s "
                  f"(the commits alone ran at {insert_rate:,.0f} events/s)")
            results[(label, "backlog")] = rate
            print(f"==> {label}: {a.events} events committed while the worker runs")
            rate, seconds, insert_rate = self.streaming(durable)
            print(f"    first commit to last confirm {seconds:.2f} s: {rate:,.0f} events/s "
                  f"(the commits alone ran at {insert_rate:,.0f} events/s)")
            results[(label, "stream")] = rate
            for every in (100, 1000):
                rate = self.baseline(durable, every)
                print(f"==> {label}: plain rabbitmq-c publisher, {a.events} messages, "
                      f"confirms awaited every {every}: {rate:,.0f} messages/s")
                results[(label, f"baseline/{every}")] = rate
        self.declare_queue(False)
        print(f"==> latency: {a.latency_samples} single-event commits, commit to delivery")
        median, p99 = self.latency()
        print(f"    median {median:.1f} ms, p99 {p99:.1f} ms")

        log = self.cluster.log_text().splitlines()[setup_log_lines:]
        issues = [line for line in log
                  if any(level in line for level in ("WARNING:", "ERROR:", "FATAL:", "PANIC:"))]
        print(f"==> cluster log after setup: {len(issues)} WARNING/ERROR/FATAL/PANIC lines")
        for line in issues[:10]:
            print("    " + line)

        print()
        print(f"Setup: PostgreSQL 15 (fsync on), RabbitMQ 3.10 on the same {os.cpu_count()} CPUs, "
              f"{a.payload_bytes}-byte payloads, {a.txn_events} events per transaction, "
              f"persistent messages with publisher confirms")
        for label in ("no queue", "durable queue"):
            best = max(results[(label, "baseline/100")], results[(label, "baseline/1000")])
            print(f"pg_resty amqp, {label}: backlog {results[(label, 'backlog')]:,.0f} events/s, "
                  f"stream {results[(label, 'stream')]:,.0f} events/s | plain rabbitmq-c "
                  f"{results[(label, 'baseline/100')]:,.0f} (confirm/100) "
                  f"{results[(label, 'baseline/1000')]:,.0f} (confirm/1000) msg/s | "
                  f"backlog/best plain ratio {results[(label, 'backlog')] / best:.2f}")
        print(f"pg_resty amqp latency, commit to delivery: median {median:.1f} ms, "
              f"p99 {p99:.1f} ms")

    def close(self):
        try:
            if self.session is not None:
                self.session.close()
            self.cluster.stop()
        finally:
            self.broker.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=int(os.environ.get("EVENTS", 50000)))
    parser.add_argument("--txn-events", type=int, default=int(os.environ.get("TXN_EVENTS", 500)))
    parser.add_argument("--payload-bytes", type=int,
                        default=int(os.environ.get("PAYLOAD_BYTES", 200)))
    parser.add_argument("--latency-samples", type=int,
                        default=int(os.environ.get("LATENCY_SAMPLES", 200)))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", 55497)))
    parser.add_argument("--http-port", type=int, default=int(os.environ.get("HTTP_PORT", 53097)))
    parser.add_argument("--amqp-port", type=int, default=int(os.environ.get("AMQP_PORT", 56771)))
    args = parser.parse_args()
    if args.events % args.txn_events:
        parser.error("--events must be a multiple of --txn-events")

    workdir = tempfile.mkdtemp(prefix="pg_resty_amqp_bench.")
    os.chmod(workdir, 0o755)
    bench = Bench(args, workdir)
    try:
        bench.run()
    finally:
        bench.close()
        if os.environ.get("KEEP_TMP") == "1":
            print(f"temp dir kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
