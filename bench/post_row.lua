-- wrk script: every request inserts one row, PostgREST style,
--   POST /bench_inserts  {"aid":<1..max_aid>,"payload":"bench"}  Prefer: return=minimal
-- Usage: wrk ... -s bench/post_row.lua http://127.0.0.1:PORT -- <max_aid>
-- done() prints the same WRK_RESULT line as random_account.lua.

local common = dofile((debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./") .. "wrk_common.lua")

setup = common.setup
done = common.done

local max_aid = 100000
local headers = { ["Content-Type"] = "application/json", ["Prefer"] = "return=minimal" }

local prefix, suffix, key_format

function init(args)
    max_aid = common.init(args)
    -- Keys are padded with spaces (JSON whitespace) to the marker's width, so the
    -- Content-Length computed once stays right.
    local width = math.max(5, #tostring(max_aid))
    local marker = "@KEY@" .. string.rep(".", width - 5)
    key_format = "%" .. width .. "d"
    prefix, suffix = common.template(marker, "POST", "/bench_inserts", headers,
                                     '{"aid":' .. marker .. ',"payload":"bench"}')
end

function request()
    return prefix .. string.format(key_format, math.random(1, max_aid)) .. suffix
end
