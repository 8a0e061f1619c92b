-- wrk script: every request reads one random pgbench account by primary key,
--   GET /pgbench_accounts?aid=eq.<1..max_aid>
-- Usage: wrk ... -s bench/random_account.lua http://127.0.0.1:PORT -- <max_aid>
-- (max_aid = 100000 * pgbench scale). done() prints one machine-readable line,
-- "WRK_RESULT key=value ...", that bench/run.sh parses.

local thread_counter = 0

-- Runs in the main Lua state, once per thread: give each thread a distinct id for seeding.
function setup(thread)
    thread_counter = thread_counter + 1
    thread:set("thread_id", thread_counter)
end

local max_aid = 100000

-- Runs in each thread's own Lua state.
function init(args)
    max_aid = tonumber(args[1]) or 100000
    if max_aid < 1 then
        max_aid = 1
    end
    local id = tonumber(thread_id) or 0
    math.randomseed(os.time() * 1000 + id * 7919)
    -- Discard the first few values of a freshly seeded generator.
    for _ = 1, 10 do
        math.random()
    end
end

function request()
    return wrk.format("GET", "/pgbench_accounts?aid=eq." .. math.random(1, max_aid))
end

-- No response() callback on purpose: defining one makes wrk keep and hand over every body,
-- which costs client CPU on a box the server shares. Status errors (>= 400) are still
-- counted by wrk in summary.errors.status; run.sh checks bodies separately with curl.

function done(summary, latency, requests)
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
