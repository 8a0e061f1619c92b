"""A throwaway PostgreSQL 15 cluster with pg_resty preloaded, run as the postgres user."""

import http.client
import json
import os
import pwd
import shutil
import subprocess
import tempfile
import time

PG_BIN = "/usr/lib/postgresql/15/bin"

# Libraries the server runs with in LD_PRELOAD (opt-in): the sanitizer runtimes of a
# `make PG_RESTY_SANITIZE=1` build, which must be loaded before anything else
# (scripts/asan_e2e.sh). ASAN_OPTIONS and UBSAN_OPTIONS are passed on with it.
PRELOAD = os.environ.get("PG_RESTY_TEST_PRELOAD", "")


def _as_postgres(args, **kwargs):
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    return subprocess.run(args, check=True, **kwargs)


class Cluster:
    def __init__(self, workdir, pg_port, http_port, settings):
        self.workdir = workdir
        self.data = os.path.join(workdir, "data")
        self.log = os.path.join(workdir, "postgres.log")
        self.pg_port = pg_port
        self.http_port = http_port
        self.settings = settings
        self.running = False

    # -- lifecycle ---------------------------------------------------------------------
    def init(self):
        os.makedirs(self.workdir, exist_ok=True)
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.workdir, pw.pw_uid, pw.pw_gid)
        _as_postgres([f"{PG_BIN}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres",
                      "--no-sync", "-E", "UTF8", "--locale=C"], stdout=subprocess.DEVNULL)
        conf = {
            "port": str(self.pg_port),
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.workdir}'",
            "shared_preload_libraries": "'pg_resty'",
            "fsync": "off",
            "pg_resty.port": str(self.http_port),
            "pg_resty.listen_addresses": "'localhost'",
        }
        conf.update(self.settings)
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            for key, value in conf.items():
                f.write(f"{key} = {value}\n")

    def start(self):
        command = [f"{PG_BIN}/pg_ctl", "-D", self.data, "-l", self.log, "-w", "start"]
        if PRELOAD:
            passed = [f"{name}={os.environ[name]}" for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS")
                      if name in os.environ]
            command = ["env", f"LD_PRELOAD={PRELOAD}"] + passed + command
        _as_postgres(command, stdout=subprocess.DEVNULL)
        self.running = True

    def stop(self, mode="fast"):
        if self.running:
            _as_postgres([f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"],
                         stdout=subprocess.DEVNULL)
            self.running = False

    def reload_config(self):
        self.sql("SELECT pg_reload_conf()")

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    # -- SQL -----------------------------------------------------------------------------
    def psql(self, script, db="postgres"):
        """Runs a script; returns stdout (unaligned, tuples only)."""
        result = subprocess.run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.workdir,
             "-p", str(self.pg_port), "-U", "postgres", "-d", db],
            input=script, text=True, capture_output=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result.stdout

    def sql(self, query, db="postgres"):
        return self.psql(query + ";\n", db).strip()

    # -- HTTP ----------------------------------------------------------------------------
    def connection(self, timeout=30):
        return http.client.HTTPConnection("localhost", self.http_port, timeout=timeout)

    def request(self, method, target, headers=None, body=None, conn=None):
        own = conn is None
        conn = conn or self.connection()
        try:
            conn.request(method, target, body=body, headers=headers or {})
            response = conn.getresponse()
            return Response(response.status, response.getheaders(), response.read())
        finally:
            if own:
                conn.close()

    def get(self, target, headers=None, conn=None):
        return self.request("GET", target, headers=headers, conn=conn)

    def wait_until_serving(self, target, timeout=30):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.get(target)
                if last.status == 200:
                    return
            except OSError as error:
                last = error
            time.sleep(0.1)
        raise RuntimeError(f"pg_resty did not serve {target}: {last}\n{self.log_text()[-3000:]}")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.header_list = headers
        self.headers = {name.lower(): value for name, value in headers}
        self.body = body

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"<Response {self.status} {self.headers} {self.body[:300]!r}>"


_base = None


def make_workdir(name):
    """A fresh folder for one cluster, inside a base the postgres user can enter."""
    global _base
    if _base is None:
        _base = os.environ.get("PG_RESTY_TEST_WORKDIR") or tempfile.mkdtemp(prefix="pg_resty_e2e.")
        os.chmod(_base, 0o755)
    path = os.path.join(_base, name)
    if os.path.exists(path):
        shutil.rmtree(path)
    return path
