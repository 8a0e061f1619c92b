"""The schema cache as the server log reports it: one line per reload, with counts."""

import re
import time

LOADED = re.compile(r"schema cache loaded in [0-9.]+ ms: (\d+) relations, (\d+) relationships, "
                    r"(\d+) functions")


def loads(cluster):
    return [tuple(int(n) for n in m.groups()) for m in LOADED.finditer(cluster.log_text())]


def wait_for_new_load(cluster, before, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cluster.get("/items?id=eq.1")
        current = loads(cluster)
        if len(current) > before:
            return current
        time.sleep(0.1)
    raise AssertionError("no schema cache reload was logged")


def test_reload_logs_counts_once_per_reload(cluster):
    before = loads(cluster)
    assert before, "the initial load is logged"
    relations, relationships, functions = before[-1]

    # One transaction: one change to reload for (separate commits may be picked up by two
    # reloads when one falls between them).
    cluster.psql("""
        BEGIN;
        CREATE SCHEMA private;
        CREATE TABLE private.authors (id int PRIMARY KEY, name text);
        CREATE TABLE private.books (id int PRIMARY KEY, title text,
                                    author_id int REFERENCES private.authors);
        CREATE VIEW api.authors AS SELECT id, name FROM private.authors;
        -- Renamed column, behind a join: still traced to books.author_id.
        CREATE VIEW api.books AS
            SELECT b.id, b.title, b.author_id AS writer
            FROM private.books b JOIN private.authors a ON a.id = b.author_id;
        CREATE FUNCTION api.add_one(n int) RETURNS int LANGUAGE sql AS 'SELECT n + 1';
        COMMIT;
    """)
    try:
        after = wait_for_new_load(cluster, len(before))
        # Both workers reload, but only one of them reports it.
        time.sleep(0.5)
        assert len(loads(cluster)) == len(before) + 1
        assert after[-1] == (relations + 2, relationships + 2, functions + 1)
    finally:
        cluster.psql("BEGIN; DROP SCHEMA private CASCADE; DROP FUNCTION api.add_one(int); COMMIT;")
    final = wait_for_new_load(cluster, len(after))
    assert final[-1] == (relations, relationships, functions)
