#include "hooks/lua_prelude.hpp"

namespace pg_resty {

namespace {

// Written in Lua because most of the ngx API is table plumbing; the native table provides
// what Lua cannot do by itself (log, query, clock, base64, query-string coding).
constexpr const char kPrelude[] = R"lua(
local native = ...
local type, pairs, ipairs, tostring, tonumber, select, error, pcall, xpcall, setmetatable, rawget, rawset, next =
      type, pairs, ipairs, tostring, tonumber, select, error, pcall, xpcall, setmetatable, rawget, rawset, next
local concat, lower, gsub, sub, gmatch, match, traceback =
      table.concat, string.lower, string.gsub, string.sub, string.gmatch, string.match, debug.traceback

-- State of the request being served; cleared at the start of every request. Its tables (ctx,
-- out, headers, treq, tres) are made on first use: most requests never need them, and every
-- allocation also costs garbage collection.
local cur = { req = { headers = {}, args = {} } }

local function cur_table(name)
  local t = cur[name]
  if t == nil then
    t = {}
    cur[name] = t
  end
  return t
end

local function reset_cur(req)
  cur.req = req; cur.res = nil; cur.ctx = nil; cur.out = nil; cur.headers = nil
  cur.treq = nil; cur.tres = nil; cur.exit = nil; cur.status = nil
end
-- Raised by ngx.exit to leave the hook early; not an error.
local EXIT = setmetatable({}, { __tostring = function() return "ngx.exit" end })

local function header_key(name)
  return (gsub(lower(tostring(name)), "_", "-"))
end

-- The key of `t` that names header `name` (case-insensitive, '_' as '-'), if any.
local function find_header(t, name)
  local want = header_key(name)
  for k in pairs(t) do
    if type(k) == "string" and header_key(k) == want then return k end
  end
  return nil
end

local function join(value, sep)
  if type(value) == "table" then return concat(value, sep) end
  return value
end

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

local ngx = {
  null = native.null,
  OK = 0, ERROR = -1, AGAIN = -2, DONE = -4, DECLINED = -5,
  STDERR = 0, EMERG = 1, ALERT = 2, CRIT = 3, ERR = 4, WARN = 5, NOTICE = 6, INFO = 7, DEBUG = 8,
  HTTP_CONTINUE = 100, HTTP_SWITCHING_PROTOCOLS = 101,
  HTTP_OK = 200, HTTP_CREATED = 201, HTTP_ACCEPTED = 202, HTTP_NO_CONTENT = 204,
  HTTP_PARTIAL_CONTENT = 206,
  HTTP_SPECIAL_RESPONSE = 300, HTTP_MOVED_PERMANENTLY = 301, HTTP_MOVED_TEMPORARILY = 302,
  HTTP_SEE_OTHER = 303, HTTP_NOT_MODIFIED = 304, HTTP_TEMPORARY_REDIRECT = 307,
  HTTP_PERMANENT_REDIRECT = 308,
  HTTP_BAD_REQUEST = 400, HTTP_UNAUTHORIZED = 401, HTTP_PAYMENT_REQUIRED = 402,
  HTTP_FORBIDDEN = 403, HTTP_NOT_FOUND = 404, HTTP_NOT_ALLOWED = 405, HTTP_NOT_ACCEPTABLE = 406,
  HTTP_REQUEST_TIMEOUT = 408, HTTP_CONFLICT = 409, HTTP_GONE = 410,
  HTTP_UPGRADE_REQUIRED = 426, HTTP_TOO_MANY_REQUESTS = 429, HTTP_CLOSE = 444,
  HTTP_ILLEGAL = 451,
  HTTP_INTERNAL_SERVER_ERROR = 500, HTTP_METHOD_NOT_IMPLEMENTED = 501, HTTP_BAD_GATEWAY = 502,
  HTTP_SERVICE_UNAVAILABLE = 503, HTTP_GATEWAY_TIMEOUT = 504,
  HTTP_VERSION_NOT_SUPPORTED = 505, HTTP_INSUFFICIENT_STORAGE = 507,
}

-- ngx.req ------------------------------------------------------------------------------------
local req_api = {}

function req_api.get_method() return cur.req.method end

function req_api.get_headers()
  -- Lower-case keys; other spellings are found too, as in OpenResty.
  return setmetatable(copy(cur.req.headers), { __index = function(t, k)
    if type(k) == "string" then
      local key = header_key(k)
      if key ~= k then return rawget(t, key) end
    end
  end })
end

function req_api.set_header(name, value)
  local key = lower(tostring(name))
  if type(value) == "table" then
    local list = {}
    for i, v in ipairs(value) do list[i] = tostring(v) end
    value = list
  elseif value ~= nil then
    value = tostring(value)
  end
  cur.req.headers[key] = value
end

function req_api.clear_header(name) req_api.set_header(name, nil) end

-- As in OpenResty: the decoded path, without the query string (a '?' in it is part of the
-- path); `jump` has no meaning here, there are no locations to search again.
function req_api.set_uri(uri)
  if type(uri) ~= "string" then error("ngx.req.set_uri: the uri must be a string", 2) end
  if uri == "" then error("ngx.req.set_uri: attempt to use zero-length uri", 2) end
  cur.req.path = uri
end

function req_api.get_uri_args() return copy(cur.req.args) end

function req_api.set_uri_args(args)
  if type(args) == "string" then args = native.decode_args(args) end
  cur.req.args = copy(args or {})
end

function req_api.read_body() end

function req_api.get_body_data()
  local body = cur.req.body
  if body == nil or body == "" then return nil end
  return body
end

function req_api.set_body_data(data) cur.req.body = tostring(data or "") end

-- ngx.var ------------------------------------------------------------------------------------
local function cookie(name)
  local header = join(cur.req.headers["cookie"], "; ")
  if not header then return nil end
  for item in gmatch(header, "[^;]+") do
    local k, v = match(item, "^%s*([^=]-)%s*=%s*(.-)%s*$")
    if k == name then return v end
  end
  return nil
end

local var = setmetatable({}, {
  __index = function(_, name)
    local r = cur.req
    if name == "uri" then return r.path
    elseif name == "request_uri" then return r.uri
    elseif name == "args" or name == "query_string" then
      local s = native.encode_args(r.args, r.query or "")
      if s == "" then return nil end
      return s
    elseif name == "is_args" then
      if next(r.args) ~= nil then return "?" end
      return ""
    elseif name == "request_method" then return r.method
    elseif name == "remote_addr" then return r.client_address
    elseif name == "request_body" then return r.body
    elseif name == "scheme" then return "http"
    elseif name == "host" then return join(r.headers["host"], ", ")
    end
    if type(name) ~= "string" then return nil end
    if sub(name, 1, 5) == "http_" then
      return join(r.headers[(gsub(sub(name, 6), "_", "-"))], ", ")
    elseif sub(name, 1, 7) == "cookie_" then
      return cookie(sub(name, 8))
    elseif sub(name, 1, 4) == "arg_" then
      return join(r.args[sub(name, 5)], ",")
    end
    return nil
  end,
  __newindex = function(_, name, value)
    if name == "args" then
      req_api.set_uri_args(value or "")
    else
      error("ngx.var." .. tostring(name) .. " cannot be set", 2)
    end
  end,
})

-- ngx.header: the response headers (collected before the response exists, applied to it) --
local function response_headers()
  if cur.res then return cur.res.headers end
  return cur_table("headers")
end

local header = setmetatable({}, {
  __index = function(_, name)
    local t = response_headers()
    local k = find_header(t, name)
    if k then return t[k] end
    return nil
  end,
  __newindex = function(_, name, value)
    local t = response_headers()
    local k = find_header(t, name)
    if k then t[k] = nil end
    if value ~= nil then t[(gsub(tostring(name), "_", "-"))] = value end
  end,
})

-- output and control -------------------------------------------------------------------------
local function output(newline, ...)
  local out = cur_table("out")
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if type(v) == "table" then
      for _, part in ipairs(v) do out[#out + 1] = tostring(part) end
    elseif v == native.null then
      out[#out + 1] = "null"
    else
      out[#out + 1] = tostring(v)
    end
  end
  if newline then out[#out + 1] = "\n" end
  return 1
end

function ngx.print(...) return output(false, ...) end
function ngx.say(...) return output(true, ...) end
function ngx.flush() return 1 end
function ngx.eof() return 1 end

function ngx.exit(status)
  cur.exit = tonumber(status) or 0
  error(EXIT, 0)
end

function ngx.log(level, ...)
  local parts = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if v == native.null then v = "null" end
    parts[i] = tostring(v)
  end
  native.log(tonumber(level) or 4, concat(parts))
end

ngx.now = native.now
function ngx.time() return math.floor(native.now()) end
function ngx.update_time() end
ngx.encode_base64 = native.encode_base64
ngx.decode_base64 = native.decode_base64
function ngx.encode_args(args) return native.encode_args(args, "") end
ngx.decode_args = native.decode_args
ngx.req = req_api
ngx.var = var
ngx.header = header

-- ngx.ctx and ngx.status belong to the request, so they are looked up, not stored.
setmetatable(ngx, {
  __index = function(_, k)
    if k == "ctx" then return cur_table("ctx")
    elseif k == "status" then
      if cur.res then return cur.res.status end
      return cur.status or 0
    end
    return nil
  end,
  __newindex = function(t, k, v)
    if k == "ctx" then cur.ctx = v
    elseif k == "status" then
      v = tonumber(v)
      if cur.res then cur.res.status = v else cur.status = v end
    else rawset(t, k, v) end
  end,
})

_G.ngx = ngx
_G.pg_resty = { query = native.query, null = native.null }

-- dispatcher -----------------------------------------------------------------------------------
local function handler(err)
  if err == EXIT then return EXIT end
  return traceback(tostring(err), 2)
end

-- The direct answer of on_rest_request, or nil to go on to the API.
local function direct_answer(result, exited)
  if type(result) == "table" and result.status ~= nil then
    local headers = copy(cur.headers or {})
    for k, v in pairs(result.headers or {}) do headers[k] = v end
    return { status = result.status, body = result.body or "", headers = headers }
  end
  local body = cur.out and concat(cur.out) or ""
  local code = exited and cur.exit or nil
  if code and code >= 300 then
    return { status = code, body = body, headers = cur.headers or {} }
  end
  if body ~= "" or (code and code >= 200) then
    local status = cur.status
    if not status or status == 0 then
      status = (code and code >= 200) and code or 200
    end
    return { status = status, body = body, headers = cur.headers or {} }
  end
  return nil
end

-- Lazy fields -----------------------------------------------------------------------------------
-- Every field of req and res but res.status is built on first use: most hooks look at few of
-- them, and building and reading them back was most of what a hook cost. The C++ side reads
-- back only the fields a hook touched (read or assigned), found in cur.treq and cur.tres.
-- req.role and req.claims_json exist once the request is authenticated (in
-- before_rest_response); req.claims is decoded from claims_json when cjson is there.
local lazy_request, lazy_response = native.lazy_request, native.lazy_response
local REQ_LAZY = { method = true, path = true, uri = true, query = true, client_address = true,
                   headers = true, args = true, body = true, role = true, claims_json = true }
local RES_LAZY = { headers = true, body = true }

local function decode_claims(json)
  if json == nil or json == "" then return nil end
  local ok, cjson = pcall(require, "cjson")
  if not ok then return nil end
  local decoded_ok, claims = pcall(cjson.decode, json)
  if decoded_ok then return claims end
  return nil
end

-- A metatable for cur[owner]: the fields in `lazy` are built by build(k) on first read, and
-- reads and assignments of them are recorded in cur[touched]; other fields may come from
-- extra(t, k) (not recorded: the C++ side does not read them back).
local function lazy_meta(owner, touched, lazy, build, extra)
  return {
    __index = function(t, k)
      -- A table kept from an earlier request has nothing to build from.
      if t ~= cur[owner] then return nil end
      local v
      if lazy[k] then
        v = build(k)
        if v == nil then return nil end
        cur_table(touched)[k] = true
      elseif extra ~= nil then
        v = extra(t, k)
        if v == nil then return nil end
      else
        return nil
      end
      rawset(t, k, v)
      return v
    end,
    __newindex = function(t, k, v)
      if lazy[k] and t == cur[owner] then cur_table(touched)[k] = true end
      rawset(t, k, v)
    end,
  }
end

local req_meta = lazy_meta("req", "treq", REQ_LAZY, lazy_request, function(t, k)
  if k == "claims" then return decode_claims(t.claims_json) end
  return nil
end)
local res_meta = lazy_meta("res", "tres", RES_LAZY, lazy_response)

local D = {}

function D.init(hooks)
  reset_cur({ headers = {}, args = {} })
  if type(hooks.on_init) == "function" then
    local ok, err = xpcall(hooks.on_init, handler)
    if not ok and err ~= EXIT then return false, err end
  end
  return true
end

-- Returns ok, the direct answer (or nil), and which lazy request fields the hook touched
-- (nil: none).
function D.request(hooks, req)
  reset_cur(setmetatable(req, req_meta))
  local fn = hooks.on_rest_request
  if type(fn) ~= "function" then return true, nil, nil end
  local ok, result = xpcall(fn, handler, req)
  if not ok and result ~= EXIT then return false, result end
  return true, direct_answer(ok and result or nil, not ok), cur.treq
end

-- Returns ok, res, and which lazy response fields were touched (nil: none).
function D.response(hooks, res)
  local req = cur.req
  cur.res = setmetatable(res, res_meta)
  if cur.headers ~= nil then
    for k, v in pairs(cur.headers) do
      local existing = find_header(res.headers, k)
      if existing then res.headers[existing] = nil end
      res.headers[k] = v
    end
  end
  local fn = hooks.before_rest_response
  if type(fn) == "function" then
    local ok, err = xpcall(fn, handler, req, res)
    if not ok and err ~= EXIT then return false, err end
  end
  -- The starter kit's body post-processing (lua/utils.lua keeps its settings in ngx.ctx).
  local ctx = cur.ctx
  if ctx ~= nil then
    local mode, post = ctx.body_postprocess_mode, ctx.body_postprocess_fn
    if mode and mode ~= 0 and type(post) == "function" then
      local ok, body = xpcall(post, handler, res.body, true)
      if not ok then return false, body end
      if body ~= nil then res.body = body end
    end
  end
  return true, res, cur.tres
end

return D
)lua";

}  // namespace

const char* lua_prelude_source() {
    return kPrelude;
}

}  // namespace pg_resty
