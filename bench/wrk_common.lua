-- Shared by the wrk scripts of bench/run.sh: per-thread seeding and the machine-readable
-- "WRK_RESULT key=value ..." line that run.sh parses.
local M = {}

local thread_counter = 0

-- Runs in the main Lua state, once per thread: give each thread a distinct id for seeding.
function M.setup(thread)
    thread_counter = thread_counter + 1
    thread:set("thread_id", thread_counter)
end

-- Runs in each thread's own Lua state; returns the first script argument as a number >= 1.
function M.init(args)
    local n = tonumber(args[1]) or 100000
    if n < 1 then
        n = 1
    end
    local id = tonumber(thread_id) or 0
    math.randomseed(os.time() * 1000 + id * 7919)
    -- Discard the first few values of a freshly seeded generator.
    for _ = 1, 10 do
        math.random()
    end
    return n
end

-- Splits one wrk.format() request around a marker (in its path or body), so request() only has
-- to join prefix .. key .. suffix: formatting a whole request (headers, -H options) in Lua for
-- every request costs client CPU on the 2 cores the server shares with its load generator.
-- A marker in the body must be as wide as every key put there: Content-Length is computed once.
function M.template(marker, method, path, headers, body)
    local full = wrk.format(method, path, headers, body)
    local at = full:find(marker, 1, true)
    assert(at, "marker missing from the request template")
    return full:sub(1, at - 1), full:sub(at + #marker)
end

function M.done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
        "WRK_RESULT requests=%d duration_s=%.3f rps=%.1f bytes=%d " ..
        "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d " ..
        "lat_mean_us=%.1f lat_stdev_us=%.1f lat_p50_us=%d lat_p90_us=%d lat_p99_us=%d lat_max_us=%d\n",
        summary.requests, seconds, summary.requests / seconds, summary.bytes,
        e.connect, e.read, e.write, e.status, e.timeout,
        latency.mean, latency.stdev, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max))
end

return M
