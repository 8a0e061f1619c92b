#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include "hooks/lua.hpp"

namespace pg_resty {

// One LuaJIT state with bounded memory and bounded run time per call (DESIGN.md: a hook can
// neither exhaust the backend's memory nor hold the worker forever).
//
// Memory: LuaJIT 2.1 as Debian builds it accepts a custom allocator in lua_newstate, so every
// allocation is counted and refused past the limit (Lua sees "not enough memory").
// Time: the JIT compiler is switched off because compiled loops never call debug hooks. Once
// the deadline of the current call has passed, LuaWatchdog installs a count hook, which
// raises an error at the next instruction (and at every one after it, past pcall).
class LuaState {
  public:
    static constexpr size_t kDefaultMemoryLimit = 64u << 20;
    static constexpr std::chrono::milliseconds kDefaultTimeLimit{1000};

    explicit LuaState(size_t memory_limit = kDefaultMemoryLimit,
                      std::chrono::milliseconds time_limit = kDefaultTimeLimit);
    ~LuaState();

    LuaState(const LuaState&) = delete;
    LuaState& operator=(const LuaState&) = delete;

    lua_State* get() const { return state_; }

    // Opens the standard libraries with the JIT compiler off. Raises on out-of-memory.
    void open_libraries();

    // Starts and ends the run-time budget of one hook call.
    void start_budget();
    void end_budget() noexcept;

    size_t memory_used() const { return used_; }

  private:
    static void* allocate(void* self, void* block, size_t old_size, size_t new_size);
    static void count_hook(lua_State* state, lua_Debug* debug);

    size_t limit_;
    size_t used_ = 0;
    std::chrono::milliseconds time_limit_;
    std::chrono::steady_clock::time_point deadline_;
    lua_State* state_ = nullptr;
};

}  // namespace pg_resty
