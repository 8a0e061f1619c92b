-- wrk script: every request reads 1,000 consecutive pgbench accounts,
--   GET /pgbench_accounts?aid=gt.<r>&aid=lte.<r+1000>   with r in 0..max_aid-1000
-- Usage: wrk ... -s bench/account_range.lua http://127.0.0.1:PORT -- <max_aid>

local common = dofile((debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./") .. "wrk_common.lua")

setup = common.setup
done = common.done

local max_start = 0

function init(args)
    max_start = common.init(args) - 1000
    if max_start < 0 then
        max_start = 0
    end
end

function request()
    local r = math.random(0, max_start)
    return wrk.format("GET", "/pgbench_accounts?aid=gt." .. r .. "&aid=lte." .. (r + 1000))
end
