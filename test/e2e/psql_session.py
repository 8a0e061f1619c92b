"""One long-lived psql process, for timing single statements without psql's start-up cost."""

import subprocess


class PsqlSession:
    def __init__(self, cluster, db="postgres"):
        self.process = subprocess.Popen(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", cluster.workdir,
             "-p", str(cluster.pg_port), "-U", "postgres", "-d", db],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def query(self, sql):
        """Runs one statement that returns exactly one row; returns it (autocommit)."""
        self.process.stdin.write(sql.rstrip().rstrip(";") + ";\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line and self.process.poll() is not None:
            raise RuntimeError(f"psql exited with {self.process.returncode}")
        return line.rstrip("\n")

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=30)
