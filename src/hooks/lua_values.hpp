#pragma once

#include <string>
#include <vector>

#include "hooks/lua.hpp"
#include "hooks/query_args.hpp"
#include "http/request.hpp"

namespace pg_resty {

// Conversions between Lua values and the request / response data, shared by the native
// functions and the hook engine. All of them may raise Lua errors: call them protected.

// The string at `index` (numbers and booleans converted as Lua prints them).
std::string lua_text(lua_State* state, int index, const char* what);

// Query arguments table: name → value or list of values; `true` means a name without value.
ArgMap read_arg_map(lua_State* state, int index);
void push_arg_map(lua_State* state, const ArgMap& args);

// Headers table: name → value or list of values. `lower_names` lower-cases names (request
// headers); names and values with CR, LF or NUL are refused (header injection).
std::vector<Header> read_headers(lua_State* state, int index, bool lower_names,
                                 const std::vector<Header>& order_hint);
void push_headers(lua_State* state, const std::vector<Header>& headers);

}  // namespace pg_resty
