-- The starter kit's OpenResty rewrite phase, for pg_resty: `/<relation>/<id>` is the row of
-- `relation` whose id is <id>, as one JSON object (`/todos/1` is `/todos?id=eq.1` with
-- `Accept: application/vnd.pgrst.object+json`).
--
-- Use it as it is:   pg_resty.hooks = '.../pg_resty/lua/starter_kit.lua'
-- or from your own hooks file, which then keeps its on_rest_request:
--
--   local starter_kit = require "starter_kit"
--   local function on_rest_request()
--     starter_kit.rewrite_id_path()
--     -- your code
--   end
--
-- Paths are the ones below pg_resty.path_prefix (`/todos/1` for a request to `/rest/todos/1`),
-- which is what PostgREST saw behind the kit's nginx.
local M = {}

-- Rewrites the request when its path is /<relation>/<digits>; returns whether it did.
function M.rewrite_id_path()
  local relation, id = string.match(ngx.var.uri, "^/([^/]+)/(%d+)$")
  if not relation or relation == "rpc" then
    return false
  end
  ngx.req.set_uri("/" .. relation)
  local args = ngx.req.get_uri_args()
  args.id = "eq." .. id
  ngx.req.set_uri_args(args)
  ngx.req.set_header("Accept", "application/vnd.pgrst.object+json")
  return true
end

function M.on_rest_request()
  M.rewrite_id_path()
end

return M
