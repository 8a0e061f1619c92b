// In-process cost of the hook stages with a no-op hooks file: on_rest_request plus
// before_rest_response for a typical GET (a few headers, one filter, a one-row body), without
// the HTTP and database noise of bench/hook_cost.sh. Built by CMake as pg_resty_hook_bench.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>

#include "hooks/hooks.hpp"
#include "http/request_target.hpp"

namespace {

class QuietHost : public pg_resty::HookHost {
  public:
    void log(pg_resty::HookLogLevel, const std::string&) noexcept override {}
    pg_resty::HookQueryResult query(const std::string&,
                                    const std::vector<std::optional<std::string>>&) override {
        return {};
    }
    std::string shipped_lua_dir() const override { return {}; }
};

}  // namespace

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : "bench/noop_hooks.lua";
    QuietHost host;
    pg_resty::Hooks hooks(host);
    if (!hooks.load(path)) {
        std::fprintf(stderr, "could not load %s\n", path.c_str());
        return 1;
    }
    pg_resty::Request prototype;
    prototype.method = "GET";
    prototype.target = "/pgbench_accounts?aid=eq.12345";
    pg_resty::split_request_target(prototype.target, prototype.path, prototype.query);
    prototype.headers = {{"host", "localhost:3000"}, {"user-agent", "wrk"}, {"accept", "*/*"}};
    prototype.client_address = "127.0.0.1";
    pg_resty::Response response_prototype;
    response_prototype.add_header("Content-Type", "application/json; charset=utf-8");
    response_prototype.add_header("Content-Range", "0-0/*");
    response_prototype.body =
        R"([{"aid":12345,"bid":1,"abalance":0,"filler":"                    "}])";
    pg_resty::AuthResult auth;
    auth.role = "web_anon";

    constexpr int kWarmup = 2000;
    constexpr int kRounds = 100000;
    auto run = [&](int rounds) {
        for (int i = 0; i < rounds; ++i) {
            pg_resty::Request request = prototype;
            pg_resty::Response response = response_prototype;
            (void)hooks.on_rest_request(request);
            hooks.before_rest_response(request, auth, response);
        }
    };
    run(kWarmup);
    // CPU time as well as wall time: on a busy machine the wall time includes waiting.
    const std::clock_t cpu_start = std::clock();
    const auto start = std::chrono::steady_clock::now();
    run(kRounds);
    const std::chrono::duration<double, std::micro> elapsed =
        std::chrono::steady_clock::now() - start;
    const double cpu_us = 1e6 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::printf("hook stages: %.2f us CPU, %.2f us wall per request (%d requests, %s)\n",
                cpu_us / kRounds, elapsed.count() / kRounds, kRounds, path.c_str());
    return 0;
}
