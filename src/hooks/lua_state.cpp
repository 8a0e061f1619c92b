#include "hooks/lua_state.hpp"

#include <cstdlib>
#include <new>

#include "hooks/lua_watchdog.hpp"

namespace pg_resty {

namespace {

// The count hook finds its LuaState through the registry.
char state_key = 0;

}  // namespace

LuaState::LuaState(size_t memory_limit, std::chrono::milliseconds time_limit)
    : limit_(memory_limit), time_limit_(time_limit) {
    LuaWatchdog::acquire();
    state_ = lua_newstate(&LuaState::allocate, this);
    if (state_ == nullptr) {
        LuaWatchdog::release();
        throw std::bad_alloc();
    }
    // From here on every Lua call that can raise runs under lua_cpcall/lua_pcall (an
    // unprotected error would make LuaJIT call abort()).
    lua_pushlightuserdata(state_, &state_key);
    lua_pushlightuserdata(state_, this);
    lua_rawset(state_, LUA_REGISTRYINDEX);
    deadline_ = std::chrono::steady_clock::now() + time_limit_;
}

LuaState::~LuaState() {
    LuaWatchdog::disarm();
    lua_close(state_);
    LuaWatchdog::release();
}

void LuaState::open_libraries() {
    luaL_openlibs(state_);
    // After the libraries: opening `jit` switches the compiler (back) on.
    luaJIT_setmode(state_, 0, LUAJIT_MODE_ENGINE | LUAJIT_MODE_OFF);
}

void LuaState::start_budget() {
    // A hook the watchdog set for an earlier call would slow this one down.
    if (lua_gethook(state_) != nullptr) {
        lua_sethook(state_, nullptr, 0, 0);
    }
    deadline_ = std::chrono::steady_clock::now() + time_limit_;
    LuaWatchdog::arm(state_, deadline_, &LuaState::count_hook);
}

void LuaState::end_budget() noexcept {
    LuaWatchdog::disarm();
}

void* LuaState::allocate(void* self, void* block, size_t old_size, size_t new_size) {
    auto* state = static_cast<LuaState*>(self);
    const size_t old_counted = block ? old_size : 0;
    if (new_size == 0) {
        std::free(block);
        state->used_ -= old_counted;
        return nullptr;
    }
    if (new_size > old_counted && state->used_ - old_counted + new_size > state->limit_) {
        return nullptr;  // Lua raises "not enough memory"
    }
    // malloc for new blocks: glibc's realloc(nullptr, n) takes a slower path, and a request
    // through the hooks allocates a few dozen small objects.
    void* moved = block ? std::realloc(block, new_size) : std::malloc(new_size);
    if (moved != nullptr) {
        state->used_ = state->used_ - old_counted + new_size;
    }
    return moved;
}

void LuaState::count_hook(lua_State* state, lua_Debug*) {
    lua_pushlightuserdata(state, &state_key);
    lua_rawget(state, LUA_REGISTRYINDEX);
    auto* self = static_cast<LuaState*>(lua_touserdata(state, -1));
    lua_pop(state, 1);
    if (self == nullptr || std::chrono::steady_clock::now() < self->deadline_) {
        return;
    }
    // From now on fire on every instruction: a script that catches the error with pcall and
    // loops on gets it again at its next instruction outside the pcall.
    lua_sethook(state, &LuaState::count_hook, LUA_MASKCOUNT, 1);
    luaL_error(state, "hook exceeded its time limit of %d ms",
               static_cast<int>(self->time_limit_.count()));
}

}  // namespace pg_resty
