#pragma once

#include "hooks/hook_host.hpp"
#include "hooks/lua.hpp"

namespace pg_resty {

// Pushes the table of C functions the prelude builds ngx and pg_resty from. `host` must
// outlive the state. Raises a Lua error on out-of-memory (call it protected).
void push_native_table(lua_State* state, HookHost& host);

}  // namespace pg_resty
