#include "hooks/lua_watchdog.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace pg_resty {

namespace {

// Read by the signal handler: lock-free atomics only.
std::atomic<lua_State*> armed_state{nullptr};
std::atomic<lua_Hook> armed_hook{nullptr};
std::atomic<long long> armed_deadline_ns{0};
static_assert(std::atomic<lua_State*>::is_always_lock_free);
static_assert(std::atomic<long long>::is_always_lock_free);

int users = 0;
// POSIX timers are not inherited by fork(): a child must create its own.
pid_t timer_owner = 0;
timer_t timer;

int watchdog_signal() {
    // Realtime signals are not used by PostgreSQL; glibc keeps its own below SIGRTMIN.
    return SIGRTMIN + 5;
}

long long monotonic_ns() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

void on_tick(int) {
    const int saved_errno = errno;
    lua_State* state = armed_state.load(std::memory_order_relaxed);
    if (state != nullptr && monotonic_ns() >= armed_deadline_ns.load(std::memory_order_relaxed)) {
        lua_sethook(state, armed_hook.load(std::memory_order_relaxed), LUA_MASKCOUNT, 1);
        armed_state.store(nullptr, std::memory_order_relaxed);
    }
    errno = saved_errno;
}

void set_interval(int ms) {
    itimerspec spec{};
    spec.it_value.tv_sec = ms / 1000;
    spec.it_value.tv_nsec = static_cast<long>(ms % 1000) * 1000000L;
    spec.it_interval = spec.it_value;
    timer_settime(timer, 0, &spec, nullptr);
}

}  // namespace

void LuaWatchdog::acquire() {
    if (users++ > 0) {
        return;
    }
    if (timer_owner != getpid()) {
        struct sigaction action {};
        action.sa_handler = &on_tick;
        action.sa_flags = SA_RESTART;
        sigemptyset(&action.sa_mask);
        sigevent event{};
        event.sigev_notify = SIGEV_SIGNAL;
        event.sigev_signo = watchdog_signal();
        if (sigaction(watchdog_signal(), &action, nullptr) != 0 ||
            timer_create(CLOCK_MONOTONIC, &event, &timer) != 0) {
            --users;
            throw std::runtime_error(std::string("could not start the Lua time limit timer: ") +
                                     std::strerror(errno));
        }
        timer_owner = getpid();
    }
    set_interval(kTickMs);
}

void LuaWatchdog::release() noexcept {
    if (users > 0 && --users == 0 && timer_owner == getpid()) {
        set_interval(0);
        disarm();
    }
}

void LuaWatchdog::arm(lua_State* state, std::chrono::steady_clock::time_point deadline,
                      lua_Hook hook) noexcept {
    // steady_clock is CLOCK_MONOTONIC on Linux, the clock the handler reads.
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(deadline.time_since_epoch()).count();
    armed_state.store(nullptr, std::memory_order_relaxed);
    armed_hook.store(hook, std::memory_order_relaxed);
    armed_deadline_ns.store(static_cast<long long>(ns), std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    armed_state.store(state, std::memory_order_relaxed);
}

void LuaWatchdog::disarm() noexcept {
    armed_state.store(nullptr, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
}

}  // namespace pg_resty
