"""A throwaway RabbitMQ node (Debian's rabbitmq-server) for the AMQP tests.

Runs as root on loopback with its own node name, ports, Erlang cookie, data and log folders,
so it never meets a system broker. stop() also ends its epmd; close() is safe to call always.
"""

import os
import signal
import subprocess
import time

import pika

RABBITMQ_BIN = "/usr/lib/rabbitmq/bin"  # the real scripts; /usr/sbin's wrappers su to rabbitmq
EPMD_GLOBS = ["/usr/lib/erlang/erts-*/bin/epmd", "/usr/lib/erlang/bin/epmd"]


def _epmd():
    import glob
    for pattern in EPMD_GLOBS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[-1]
    return "epmd"


class Broker:
    def __init__(self, workdir, port, nodename="pg_resty_test@localhost"):
        self.workdir = workdir
        self.port = port
        self.dist_port = port + 1
        self.epmd_port = port + 2
        self.nodename = nodename
        self.pidfile = os.path.join(workdir, "rabbit.pid")
        self.log_dir = os.path.join(workdir, "log")
        self.process = None
        os.makedirs(workdir, exist_ok=True)
        with open(os.path.join(workdir, "enabled_plugins"), "w") as f:
            f.write("[].\n")
        with open(os.path.join(workdir, "rabbitmq.conf"), "w") as f:
            f.write("")
        with open(os.path.join(workdir, "rabbitmq-env.conf"), "w") as f:
            f.write("")

    @property
    def url(self):
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def env(self):
        env = dict(os.environ)
        env.update({
            "HOME": self.workdir,  # the Erlang cookie lives here, shared by server and CLI
            "RABBITMQ_NODENAME": self.nodename,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "ERL_EPMD_PORT": str(self.epmd_port),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            "RABBITMQ_MNESIA_BASE": os.path.join(self.workdir, "mnesia"),
            "RABBITMQ_LOG_BASE": self.log_dir,
            "RABBITMQ_PID_FILE": self.pidfile,
            "RABBITMQ_ENABLED_PLUGINS_FILE": os.path.join(self.workdir, "enabled_plugins"),
            "RABBITMQ_CONFIG_FILE": os.path.join(self.workdir, "rabbitmq.conf"),
            "RABBITMQ_CONF_ENV_FILE": os.path.join(self.workdir, "rabbitmq-env.conf"),
        })
        return env

    def ctl(self, *args, timeout=90, check=True):
        return subprocess.run([f"{RABBITMQ_BIN}/rabbitmqctl", *args], env=self.env(),
                              cwd=self.workdir, capture_output=True, text=True, timeout=timeout,
                              check=check)

    # -- lifecycle ---------------------------------------------------------------------
    def start(self):
        if os.path.exists(self.pidfile):
            os.unlink(self.pidfile)
        out = open(os.path.join(self.workdir, "server.out"), "ab")
        self.process = subprocess.Popen([f"{RABBITMQ_BIN}/rabbitmq-server"], env=self.env(),
                                        cwd=self.workdir, stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        out.close()
        result = self.ctl("wait", "--timeout", "90", self.pidfile, check=False, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"RabbitMQ did not start: {result.stdout}{result.stderr}\n"
                               f"{self.server_output()[-3000:]}")

    def stop(self):
        """Stops the node (its data stays, for a restart with start())."""
        if self.process is None and not self.is_running():
            return
        # Waits until the node's OS process is gone.
        self.ctl("stop", self.pidfile, check=False)
        if self.process is not None:
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self._kill_leftover_node()
        self.process = None

    def is_running(self):
        pid = self._pid()
        return pid is not None and self._is_our_node(pid)

    def close(self):
        """Stops the node and its epmd, whatever state they are in."""
        try:
            self.stop()
        finally:
            self._kill_leftover_node()
            subprocess.run([_epmd(), "-port", str(self.epmd_port), "-kill"], env=self.env(),
                           capture_output=True, timeout=30)

    def _pid(self):
        try:
            with open(self.pidfile) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def _is_our_node(self, pid):
        """The pid file's process is still this node (not a recycled pid)."""
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                return b"-home\0" + self.workdir.encode() + b"\0" in f.read()
        except OSError:
            return False

    def _kill_leftover_node(self):
        pid = self._pid()
        if pid is None:
            return
        if self._is_our_node(pid):
            os.kill(pid, signal.SIGKILL)
        try:
            os.unlink(self.pidfile)
        except OSError:
            pass

    def server_output(self):
        try:
            with open(os.path.join(self.workdir, "server.out"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    # -- clients -------------------------------------------------------------------------
    def connect(self):
        return pika.BlockingConnection(pika.ConnectionParameters(
            host="127.0.0.1", port=self.port, heartbeat=0, blocked_connection_timeout=60))

    def wait_until_accepting(self, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.connect().close()
                return
            except pika.exceptions.AMQPConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


class Consumer:
    """A durable queue bound to an exchange with a pattern, read with basic_get."""

    def __init__(self, broker, queue, exchange="amq.topic", binding="#"):
        self.broker = broker
        self.queue = queue
        self.connection = broker.connect()
        self.channel = self.connection.channel()
        self.channel.queue_declare(queue, durable=True)
        self.channel.queue_purge(queue)
        self.channel.queue_bind(queue, exchange, routing_key=binding)

    def close(self):
        try:
            self.channel.queue_delete(self.queue)
        except Exception:  # the broker may be down at the end of a failed test
            pass
        try:
            self.connection.close()
        except Exception:
            pass

    def reconnect(self):
        try:
            self.connection.close()
        except Exception:
            pass
        self.connection = self.broker.connect()
        self.channel = self.connection.channel()

    def get_all(self, count, timeout=60, quiet=1.0):
        """Reads until at least `count` messages arrived and nothing more came for `quiet`
        seconds, or until the timeout. Returns [(method, properties, body)]."""
        messages = []
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        self.channel.basic_qos(prefetch_count=2000)
        for method, properties, body in self.channel.consume(self.queue, auto_ack=True,
                                                             inactivity_timeout=0.1):
            now = time.monotonic()
            if method is not None:
                messages.append((method, properties, body))
                last = now
            elif len(messages) >= count and now - last >= quiet:
                break
            if now > deadline:
                break
        self.channel.cancel()
        return messages
