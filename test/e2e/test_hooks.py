"""Lua hooks: a starter-kit style file (ngx.*, cjson, utils) and a native one, on their own
cluster so that reloading hooks never disturbs the other tests."""

import os
import time

import pytest

from cluster import Cluster, make_workdir
from helpers import running

HERE = os.path.dirname(os.path.abspath(__file__))
PG_PORT = int(os.environ.get("PG_RESTY_TEST_PGPORT", "25431")) + 7
HTTP_PORT = int(os.environ.get("PG_RESTY_TEST_HTTP_PORT", "23031")) + 7

STARTER_KIT = r'''
local cjson = require "cjson"
local utils = require "utils"

local function on_init()
  ngx.log(ngx.NOTICE, "starter kit hooks ready")
end

local function on_rest_request()
  if ngx.var.uri == "/blocked" then
    ngx.status = ngx.HTTP_FORBIDDEN
    ngx.header["Content-Type"] = "application/json; charset=utf-8"
    ngx.say(cjson.encode({ message = "blocked by hook" }))
    return ngx.exit(ngx.HTTP_OK)
  end
  -- argument rewrite: ?fruit=<name> becomes a PostgREST filter
  local args = ngx.req.get_uri_args()
  if args.fruit then
    args.name = "eq." .. args.fruit
    args.fruit = nil
    ngx.req.set_uri_args(args)
  end
  -- header rewrite: the session cookie becomes a header the database sees
  local session = ngx.var.cookie_session
  if session then
    ngx.req.set_header("X-Session", session)
    ngx.req.clear_header("X-Remove-Me")
  end
  ngx.ctx.started = ngx.var.request_method .. " " .. ngx.var.uri
end

local function before_rest_response()
  ngx.header["X-Hook-Ctx"] = ngx.ctx.started
  if ngx.var.uri == "/items" and ngx.var.arg_wrap then
    utils.set_body_postprocess_mode(utils.postprocess_modes.ALL)
    utils.set_body_postprocess_fn(function(body)
      return cjson.encode({ data = cjson.decode(body), count = #cjson.decode(body) })
    end)
  end
end

return {
  on_init = on_init,
  on_rest_request = on_rest_request,
  before_rest_response = before_rest_response,
}
'''

NATIVE = r'''
return {
  on_rest_request = function(req)
    if req.path == "/hello" then
      return { status = 200, body = '{"hello":"' .. req.client_address .. '"}' }
    end
    if req.path == "/from_db" then
      local rows = pg_resty.query("SELECT name, price FROM api.items WHERE id = $1", req.args.id)
      return { status = 200, body = rows[1].name .. " " .. rows[1].price,
               headers = { ["Content-Type"] = "text/plain" } }
    end
    if req.path == "/boom" then error("native hook failure") end
    if req.path == "/loop" then while true do end end
    if req.path == "/items" then req.args.order = "id.desc" end
    req.headers["x-native"] = "yes"
  end,
  before_rest_response = function(req, res)
    res.headers["X-Role"] = req.role
    res.headers["X-Native"] = req.headers["x-native"]
    if req.path == "/items" then res.status = 299 end
  end,
}
'''


@pytest.fixture(scope="module")
def hooks_cluster():
    c = Cluster(make_workdir("hooks"), PG_PORT, HTTP_PORT, {
        "pg_resty.http_workers": "2",
        "pg_resty.anon_role": "'web_anon'",
        "pg_resty.schemas": "'api'",
    })
    c.init()
    c.hooks_dir = os.path.join(c.workdir, "hooks")
    os.makedirs(c.hooks_dir)
    os.chmod(c.hooks_dir, 0o755)
    with running(c):
        with open(os.path.join(HERE, "fixture.sql")) as f:
            c.psql(f.read())
        c.wait_until_serving("/items")
        yield c


def use_hooks(c, name, text):
    """Writes a hooks file, points pg_resty.hooks at it and waits until every worker has it."""
    path = os.path.join(c.hooks_dir, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o644)
    before = c.log_text().count(f"loaded Lua hooks from {path}")
    c.sql(f"ALTER SYSTEM SET pg_resty.hooks = '{path}'")
    c.reload_config()
    deadline = time.monotonic() + 15
    while c.log_text().count(f"loaded Lua hooks from {path}") < before + 2:
        assert time.monotonic() < deadline, c.log_text()[-3000:]
        time.sleep(0.1)
    return path


@pytest.fixture
def starter_kit(hooks_cluster):
    use_hooks(hooks_cluster, "hooks.lua", STARTER_KIT)
    return hooks_cluster


@pytest.fixture
def native(hooks_cluster):
    use_hooks(hooks_cluster, "native.lua", NATIVE)
    return hooks_cluster


def test_starter_kit_direct_answer(starter_kit):
    r = starter_kit.get("/blocked")
    assert r.status == 403, r
    assert r.json() == {"message": "blocked by hook"}
    assert r.headers["content-type"] == "application/json; charset=utf-8"


def test_before_rest_response_also_sees_errors(starter_kit):
    # The starter kit ran its response hook from OpenResty's filters: on every response.
    r = starter_kit.get("/no_such_table")
    assert r.status == 404, r
    assert r.json()["code"] == "PGRST205"
    assert r.headers["x-hook-ctx"] == "GET /no_such_table"


def test_starter_kit_argument_rewrite(starter_kit):
    r = starter_kit.get("/items?select=id,name&fruit=cherry")
    assert r.status == 200, r
    assert r.json() == [{"id": 3, "name": "cherry"}]


def test_starter_kit_header_rewrite_reaches_the_database(starter_kit):
    r = starter_kit.get("/request_info", headers={"Cookie": "session=s3cr3t",
                                                  "X-Remove-Me": "1"})
    assert r.status == 200, r
    headers = r.json()[0]["headers"]
    assert headers["x-session"] == "s3cr3t"
    assert "x-remove-me" not in headers


def test_starter_kit_ctx_and_body_rewrite(starter_kit):
    r = starter_kit.get("/items?select=id&id=lt.3&order=id&wrap=1")
    assert r.status == 200, r
    assert r.headers["x-hook-ctx"] == "GET /items"
    assert r.json() == {"data": [{"id": 1}, {"id": 2}], "count": 2}
    # ngx.ctx is per request: the next request does not see the previous one's table
    r = starter_kit.get("/request_info")
    assert r.headers["x-hook-ctx"] == "GET /request_info"
    assert "starter kit hooks ready" in starter_kit.log_text()


def test_native_api(native):
    r = native.get("/hello")
    assert r.status == 200 and r.json()["hello"] in ("127.0.0.1", "::1"), r
    r = native.get("/items?select=id")
    assert r.status == 299, r
    assert r.json() == [{"id": 5}, {"id": 4}, {"id": 3}, {"id": 2}, {"id": 1}]
    assert r.headers["x-role"] == "web_anon"
    assert r.headers["x-native"] == "yes"


def test_pg_resty_query_runs_as_anonymous_role(native):
    r = native.get("/from_db?id=2")
    assert r.status == 200, r
    assert r.body == b"banana 0.25"
    # no role leaks: the next request still runs as web_anon from the authenticator session
    info = native.get("/request_info").json()[0]
    assert info["role"] == "web_anon" and info["session_role"] == "authenticator"


def test_errors_and_runaways_are_contained(native):
    r = native.get("/boom")
    assert r.status == 500, r
    assert r.json()["message"] == "Lua hook on_rest_request failed"
    log = native.log_text()
    assert "native hook failure" in log and "stack traceback" in log
    started = time.monotonic()
    r = native.get("/loop")
    assert r.status == 500, r
    assert time.monotonic() - started < 10
    assert "time limit" in native.log_text()
    # the workers serve on
    for _ in range(4):
        assert native.get("/items?select=id&id=eq.1").status == 299


def test_broken_reload_keeps_old_hooks(hooks_cluster):
    good = use_hooks(hooks_cluster, "native.lua", NATIVE)
    broken = os.path.join(hooks_cluster.hooks_dir, "broken.lua")
    with open(broken, "w") as f:
        f.write("return { on_rest_request = function( end }")
    os.chmod(broken, 0o644)
    hooks_cluster.sql(f"ALTER SYSTEM SET pg_resty.hooks = '{broken}'")
    hooks_cluster.reload_config()
    deadline = time.monotonic() + 15
    while hooks_cluster.log_text().count("keeping the hooks loaded before") < 2:
        assert time.monotonic() < deadline, hooks_cluster.log_text()[-3000:]
        time.sleep(0.1)
    assert hooks_cluster.get("/hello").status == 200
    # back to no hooks at all
    hooks_cluster.sql("ALTER SYSTEM RESET pg_resty.hooks")
    hooks_cluster.reload_config()
    deadline = time.monotonic() + 15
    while hooks_cluster.get("/hello").status != 404:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert good
