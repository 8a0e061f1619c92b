"""Moving from the PostgREST starter kit: a todo app laid out like the kit's database
(test/e2e/starter_kit/schema.sql: data/api schemas, pgcrypto-signed tokens, row-level security
on the pre-9 per-claim settings, row-change events), served under /rest with
pg_resty.legacy_gucs on and the shipped lua/starter_kit.lua as the hooks file.

The login / signup / me / refresh_token calls and the writes need POST /rpc and
POST/PATCH on tables; their SQL side is also checked directly with psql below."""

import hashlib
import hmac
import json
import os
import subprocess
import time

import pytest

from cluster import Cluster, make_workdir
import helpers
from helpers import auth, b64url_decode, running, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
PG_PORT = int(os.environ.get("PG_RESTY_TEST_PGPORT", "25431")) + 16
HTTP_PORT = int(os.environ.get("PG_RESTY_TEST_HTTP_PORT", "23031")) + 16
SECRET = "reallyreallyreallyreallyverysafe"  # the starter kit's JWT secret
JSON_HEADERS = {"Content-Type": "application/json"}


def shipped_starter_kit():
    sharedir = subprocess.run(["pg_config", "--sharedir"], check=True, capture_output=True,
                              text=True).stdout.strip()
    return os.path.join(sharedir, "pg_resty", "lua", "starter_kit.lua")


def mint(claims):
    return helpers.mint(claims, SECRET)


def verified_claims(token):
    """The claims of an HS256 token signed with the kit's secret (fails the test otherwise)."""
    header, payload, signature = token.split(".")
    expected = hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert hmac.compare_digest(b64url_decode(signature), expected), token
    assert json.loads(b64url_decode(header)) == {"alg": "HS256", "typ": "JWT"}
    return json.loads(b64url_decode(payload))


def user_token(user_id):
    return mint({"role": "webuser", "user_id": user_id, "exp": int(time.time()) + 600})


def post_json(c, target, body, headers=None):
    return c.request("POST", target, headers={**JSON_HEADERS, **(headers or {})},
                     body=json.dumps(body))


def as_role(c, role, claims, query):
    """Runs `query` in a transaction as `role`, with the settings pg_resty sets for `claims`
    (the JSON one and, as with legacy_gucs, one per claim); returns the output."""
    settings = [f"SELECT set_config('request.jwt.claims', '{json.dumps(claims)}', true)"]
    settings += [f"SELECT set_config('request.jwt.claim.{k}', '{v}', true)"
                 for k, v in claims.items()]
    return c.psql("BEGIN;\n" + f"SET LOCAL ROLE {role};\n\\o /dev/null\n" +
                  ";\n".join(settings) + ";\n\\o\n" + query + ";\nCOMMIT;\n")


def outbox(c):
    rows = c.sql("SELECT coalesce(json_agg(json_build_object('routing_key', routing_key, "
                 "'payload', payload::json) ORDER BY id), '[]') FROM pg_resty.outbox")
    return json.loads(rows)


@pytest.fixture(scope="module")
def kit():
    c = Cluster(make_workdir("starter_kit"), PG_PORT, HTTP_PORT, {
        "pg_resty.http_workers": "2",
        "pg_resty.anon_role": "'anonymous'",
        "pg_resty.schemas": "'api'",
        "pg_resty.jwt_secret": f"'{SECRET}'",
        "pg_resty.path_prefix": "'/rest'",
        "pg_resty.legacy_gucs": "on",
        "pg_resty.hooks": f"'{shipped_starter_kit()}'",
    })
    c.init()
    with running(c):
        with open(os.path.join(HERE, "starter_kit", "schema.sql")) as f:
            c.psql(f.read())
        c.wait_until_serving("/rest/todos")
        yield c


@pytest.fixture
def clean_outbox(kit):
    kit.sql("DELETE FROM pg_resty.outbox")
    return kit


# -- reads, the prefix and the kit's URLs (work without RPC and writes) ----------------------

def test_shipped_hooks_file_is_installed_world_readable():
    path = shipped_starter_kit()
    assert os.stat(path).st_mode & 0o444 == 0o444, oct(os.stat(path).st_mode)


def test_anonymous_reads_public_todos(kit):
    r = kit.get("/rest/todos?select=id,todo")
    assert r.status == 200, r
    assert sorted(r.json(), key=lambda t: t["id"]) == [
        {"id": 1, "todo": "item_1"}, {"id": 3, "todo": "item_3"}]


def test_todo_by_id_is_one_object(kit):
    r = kit.get("/rest/todos/1")
    assert r.status == 200, r
    assert r.headers["content-type"] == "application/vnd.pgrst.object+json; charset=utf-8"
    assert r.json() == {"id": 1, "todo": "item_1", "private": False, "mine": False}
    r = kit.get("/rest/todos/3?select=todo")
    assert r.status == 200, r
    assert r.json() == {"todo": "item_3"}
    # A private todo is not there for anonymous: no object, PostgREST's 406.
    r = kit.get("/rest/todos/2")
    assert r.status == 406, r
    assert r.json()["code"] == "PGRST116"


def test_openapi_at_the_prefix(kit):
    for target in ("/rest/", "/rest"):
        r = kit.get(target)
        assert r.status == 200, r
        assert r.headers["content-type"] == "application/openapi+json; charset=utf-8"
        doc = r.json()
        assert doc["basePath"] == "/rest"
        assert "/todos" in doc["paths"]
        assert "/rpc/login" in doc["paths"]
        assert "/rpc/me" not in doc["paths"]  # anonymous may not call it


def test_outside_the_prefix_is_a_404(kit):
    for target in ("/todos", "/todos/1", "/", "/restaurants", "/rpc/login", "/res"):
        r = kit.get(target)
        assert r.status == 404, (target, r)
        assert r.headers["content-type"] == "application/json; charset=utf-8"
        assert r.json() == {"code": "PGRST125", "details": None, "hint": None,
                            "message": "Invalid path specified in request URL"}


def test_webuser_sees_own_and_public_todos(kit):
    r = kit.get("/rest/todos?select=id,mine&order=id", headers=auth(user_token(1)))
    assert r.status == 200, r
    assert r.json() == [{"id": 1, "mine": True}, {"id": 2, "mine": True},
                        {"id": 3, "mine": False}]
    r = kit.get("/rest/todos?select=id,mine&order=id", headers=auth(user_token(2)))
    assert r.json() == [{"id": 1, "mine": False}, {"id": 3, "mine": True},
                        {"id": 4, "mine": True}, {"id": 5, "mine": True}]
    r = kit.get("/rest/todos/4", headers=auth(user_token(2)))
    assert r.status == 200, r
    assert r.json() == {"id": 4, "todo": "item_4", "private": True, "mine": True}
    assert kit.get("/rest/todos/4", headers=auth(user_token(1))).status == 406


def test_token_signed_in_sql_is_accepted(kit):
    session = json.loads(as_role(kit, "anonymous", {"role": "anonymous"},
                                 "SELECT api.login('alice@example.com', 'alice-pass')"))
    claims = verified_claims(session["token"])
    assert claims["role"] == "webuser" and claims["user_id"] == 1
    r = kit.get("/rest/todos?select=id&mine=is.true&order=id", headers=auth(session["token"]))
    assert r.status == 200, r
    assert r.json() == [{"id": 1}, {"id": 2}]


def test_legacy_settings_reach_the_sql(kit):
    r = kit.get("/rest/request_locals", headers={
        **auth(user_token(2)), "Accept": "application/json", "X_App": "kit",
        "X-Forwarded-For": "192.0.2.1", "Cookie": "session=abc; other=1"})
    assert r.status == 200, r
    # Numbers as PostgREST < 9 set them; x-forwarded-for is no valid setting name, so it is
    # not set (and does not fail the request).
    assert r.json() == [{"role": "webuser", "user_id": "2", "accept": "application/json",
                         "x_app": "kit", "session": "abc", "forwarded": None}]
    r = kit.get("/rest/request_locals?select=role,user_id,session")
    assert r.json() == [{"role": "anonymous", "user_id": None, "session": None}]


def test_row_change_events_sql_side(clean_outbox):
    kit = clean_outbox
    as_role(kit, "webuser", {"role": "webuser", "user_id": 2},
            "INSERT INTO api.todos (todo, private) VALUES ('from sql', false)")
    events = outbox(kit)
    assert len(events) == 1, events
    assert events[0]["routing_key"] == "row_change.table-todos.event-INSERT.user-2"
    assert events[0]["payload"]["todo"] == "from sql"
    assert events[0]["payload"]["owner_id"] == 2
    kit.sql("DELETE FROM data.todos WHERE todo = 'from sql'")


def test_rpc_functions_sql_side(kit):
    """What login / signup / me / refresh_token do once called over HTTP, checked in SQL."""
    session = json.loads(as_role(kit, "anonymous", {"role": "anonymous"},
                                 "SELECT api.login('bob@example.com', 'bob-pass')"))
    assert session["me"] == {"id": 2, "name": "bob", "email": "bob@example.com"}
    assert verified_claims(session["token"])["user_id"] == 2
    with pytest.raises(RuntimeError, match="invalid email or password"):
        as_role(kit, "anonymous", {"role": "anonymous"},
                "SELECT api.login('bob@example.com', 'wrong')")
    with pytest.raises(RuntimeError, match="permission denied for function me"):
        as_role(kit, "anonymous", {"role": "anonymous"}, "SELECT api.me()")
    me = json.loads(as_role(kit, "webuser", {"role": "webuser", "user_id": 2},
                            "SELECT api.me()"))
    assert me == {"id": 2, "name": "bob", "email": "bob@example.com"}
    token = as_role(kit, "webuser", {"role": "webuser", "user_id": 2},
                    "SELECT api.refresh_token()").strip()
    assert verified_claims(token)["user_id"] == 2
    out = as_role(kit, "anonymous", {"role": "anonymous"},
                  "SELECT api.signup('dave', 'dave@example.com', 'dave-pass')")
    assert json.loads(out)["me"]["email"] == "dave@example.com"
    kit.sql("DELETE FROM data.users WHERE email = 'dave@example.com'")


# -- RPC (POST /rpc/...) ----------------------------------------------------------------------

def login(kit, email, password):
    return post_json(kit, "/rest/rpc/login", {"email": email, "password": password})


def test_login_returns_a_token(kit):
    r = login(kit, "alice@example.com", "alice-pass")
    assert r.status == 200, r
    body = r.json()
    assert body["me"] == {"id": 1, "name": "alice", "email": "alice@example.com"}
    claims = verified_claims(body["token"])
    assert claims["role"] == "webuser" and claims["user_id"] == 1
    assert claims["exp"] > time.time() + 3000
    r = login(kit, "alice@example.com", "wrong")
    assert r.status == 400, r
    assert r.json()["message"] == "invalid email or password"


def test_me_with_the_token(kit):
    token = login(kit, "bob@example.com", "bob-pass").json()["token"]
    r = kit.request("POST", "/rest/rpc/me", headers={**auth(token), **JSON_HEADERS}, body="{}")
    assert r.status == 200, r
    assert r.json() == {"id": 2, "name": "bob", "email": "bob@example.com"}
    r = kit.request("POST", "/rest/rpc/me", headers=JSON_HEADERS, body="{}")
    assert r.status == 401, r  # anonymous may not call it


def test_refresh_token(kit):
    token = login(kit, "bob@example.com", "bob-pass").json()["token"]
    r = kit.request("POST", "/rest/rpc/refresh_token", headers={**auth(token), **JSON_HEADERS},
                    body="{}")
    assert r.status == 200, r
    claims = verified_claims(r.json())
    assert claims["user_id"] == 2 and claims["role"] == "webuser"
    assert claims["exp"] >= verified_claims(token)["exp"]


def test_signup(kit):
    r = post_json(kit, "/rest/rpc/signup",
                  {"name": "carol", "email": "carol@example.com", "password": "carol-pass"})
    assert r.status == 200, r
    body = r.json()
    assert body["me"]["email"] == "carol@example.com"
    carol = verified_claims(body["token"])["user_id"]
    r = login(kit, "carol@example.com", "carol-pass")
    assert r.status == 200, r
    assert r.json()["me"]["id"] == carol
    # Her token sees the public todos, none of her own yet.
    r = kit.get("/rest/todos?select=id&mine=is.true", headers=auth(body["token"]))
    assert r.status == 200 and r.json() == [], r


# -- writes (POST / PATCH on tables) ----------------------------------------------------------

def test_webuser_creates_a_todo_and_an_event(clean_outbox):
    kit = clean_outbox
    r = post_json(kit, "/rest/todos", {"todo": "over http", "private": True},
                  headers={**auth(user_token(1)), "Prefer": "return=representation"})
    assert r.status == 201, r
    [todo] = r.json()
    assert todo["todo"] == "over http" and todo["mine"] is True
    events = outbox(kit)
    assert [e["routing_key"] for e in events] == ["row_change.table-todos.event-INSERT.user-1"]
    assert events[0]["payload"]["id"] == todo["id"]
    # Bob does not see Alice's private todo.
    assert kit.get(f"/rest/todos/{todo['id']}", headers=auth(user_token(2))).status == 406


def test_location_carries_the_prefix(kit):
    r = post_json(kit, "/rest/todos", {"todo": "located"},
                  headers={**auth(user_token(1)), "Prefer": "return=headers-only"})
    assert r.status == 201, r
    assert r.headers["location"].startswith("/rest/todos?id=eq."), r


def test_webuser_updates_only_own_todos(kit):
    r = kit.request("PATCH", "/rest/todos?id=eq.3",
                    headers={**auth(user_token(1)), **JSON_HEADERS}, body='{"todo": "hijacked"}')
    assert r.status in (200, 204), r
    assert kit.sql("SELECT todo FROM data.todos WHERE id = 3") == "item_3"
    r = kit.request("PATCH", "/rest/todos?id=eq.2",
                    headers={**auth(user_token(1)), **JSON_HEADERS, "Prefer": "return=representation"},
                    body='{"todo": "item_2 done"}')
    assert r.status == 200, r
    assert r.json() == [{"id": 2, "todo": "item_2 done", "private": True, "mine": True}]


# -- reloading the settings (last: changes the cluster's configuration) ----------------------

def test_reload_moves_the_api_and_turns_legacy_settings_off(kit):
    try:
        kit.sql("ALTER SYSTEM SET pg_resty.path_prefix = '/api/v1/'")
        kit.sql("ALTER SYSTEM SET pg_resty.legacy_gucs = off")
        kit.reload_config()
        assert wait_for(lambda: all(kit.get("/api/v1/request_locals").status == 200
                                    for _ in range(6)))
        assert kit.get("/rest/todos").status == 404
        r = kit.get("/api/v1/request_locals?select=role,session",
                    headers={**auth(user_token(2)), "Cookie": "session=abc"})
        assert r.json() == [{"role": None, "session": None}]
        assert kit.get("/api/v1/todos/1").json()["id"] == 1  # the hooks see the path below it
        assert kit.get("/api/v1/").json()["basePath"] == "/api/v1"
    finally:
        kit.sql("ALTER SYSTEM RESET pg_resty.path_prefix")
        kit.sql("ALTER SYSTEM RESET pg_resty.legacy_gucs")
        kit.reload_config()
    assert wait_for(lambda: all(kit.get("/rest/todos").status == 200 for _ in range(6)))


def test_invalid_prefix_is_refused(kit):
    with pytest.raises(RuntimeError, match="pg_resty.path_prefix"):
        kit.sql("ALTER SYSTEM SET pg_resty.path_prefix = 'rest'")
    with pytest.raises(RuntimeError, match="pg_resty.path_prefix"):
        kit.sql("ALTER SYSTEM SET pg_resty.path_prefix = '/rest?x'")
