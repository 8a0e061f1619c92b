-- The starter kit's body post-processing helpers (openresty/lua/utils.lua), for pg_resty.
-- before_rest_response picks a mode and a function; pg_resty applies the function to the whole
-- response body after the hook returns. pg_resty always has the whole body, so CHUNKS and ALL
-- behave the same: the function gets (body, true) and returns the new body.
local M = {}

M.postprocess_modes = { NONE = 0, CHUNKS = 1, ALL = 2 }

function M.set_body_postprocess_mode(mode)
  ngx.ctx.body_postprocess_mode = mode
end

function M.get_body_postprocess_mode()
  return ngx.ctx.body_postprocess_mode
end

function M.set_body_postprocess_fn(fn)
  ngx.ctx.body_postprocess_fn = fn
end

function M.get_body_postprocess_fn()
  return ngx.ctx.body_postprocess_fn
end

-- nginx body filters called these per chunk; pg_resty does the work itself, so they are
-- kept only so that configurations calling them do not fail.
function M.buffer_response_body() end
function M.postprocess_body() end

return M
