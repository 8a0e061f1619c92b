-- wrk script: every request reads one random pgbench account by primary key,
--   GET /pgbench_accounts?aid=eq.<1..max_aid>
-- Usage: wrk ... -s bench/random_account.lua http://127.0.0.1:PORT -- <max_aid>
-- (max_aid = 100000 * pgbench scale). done() prints one machine-readable line,
-- "WRK_RESULT key=value ...", that bench/run.sh parses (see wrk_common.lua).

local common = dofile((debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./") .. "wrk_common.lua")

setup = common.setup
done = common.done

local max_aid = 100000
local prefix, suffix

function init(args)
    max_aid = common.init(args)
    prefix, suffix = common.template("@KEY@", "GET", "/pgbench_accounts?aid=eq.@KEY@")
end

function request()
    return prefix .. math.random(1, max_aid) .. suffix
end

-- No response() callback on purpose: defining one makes wrk keep and hand over every body,
-- which costs client CPU on a box the server shares. Status errors (>= 400) are still
-- counted by wrk in summary.errors.status; run.sh checks bodies separately with curl.
