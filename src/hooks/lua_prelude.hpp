#pragma once

namespace pg_resty {

// Lua source run once per state before the hooks file: the `ngx` compatibility layer, the
// `pg_resty` table and the dispatcher that calls the hooks. Called with the table of native
// functions; returns the dispatcher { init, request, response }.
const char* lua_prelude_source();

}  // namespace pg_resty
