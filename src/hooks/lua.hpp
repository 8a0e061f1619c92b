#pragma once

// LuaJIT's headers carry no extern "C" of their own.
extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <luajit.h>
#include <lualib.h>
}
