#pragma once

#include <chrono>

#include "hooks/lua.hpp"

namespace pg_resty {

// Enforces a Lua call's time budget without a count hook while the call is within budget.
//
// Why: with any count hook set, LuaJIT's interpreter runs every bytecode through its hook
// dispatcher, which made a no-op hook cost several thousand instructions per request. Instead
// a process-wide periodic timer (a realtime signal, kTickMs apart, running only while some
// LuaState exists) looks at the call in progress; once its deadline has passed, the signal
// handler installs the count hook, which raises the error at the next instruction. LuaJIT
// documents lua_sethook as safe to call from a signal handler.
//
// A process runs one Lua call at a time (only the worker's main thread runs hooks).
class LuaWatchdog {
  public:
    static constexpr int kTickMs = 50;

    // A LuaState exists: the timer runs from the first acquire to the last release.
    // acquire throws std::runtime_error when the timer cannot be set up.
    static void acquire();
    static void release() noexcept;

    // The call on `state` may run until `deadline`; after it the handler sets `hook`.
    static void arm(lua_State* state, std::chrono::steady_clock::time_point deadline,
                    lua_Hook hook) noexcept;
    static void disarm() noexcept;
};

}  // namespace pg_resty
