#pragma once

#include <optional>
#include <string>

#include "auth/auth.hpp"
#include "hooks/hook_host.hpp"
#include "hooks/lua_state.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace pg_resty {

// One loaded hooks file in its own LuaJIT state: the prelude (ngx layer), the file's table
// and the registry references to call them. Built whole or not at all.
class LuaHooks {
  public:
    // Loads `path` and runs its on_init. Throws std::runtime_error saying why it failed.
    LuaHooks(const std::string& path, HookHost& host);
    ~LuaHooks();

    LuaHooks(const LuaHooks&) = delete;
    LuaHooks& operator=(const LuaHooks&) = delete;

    // Runs on_rest_request; applies its changes to `request`. A value answers directly.
    // A failing hook is logged with its traceback and thrown as ApiError 500.
    std::optional<Response> on_rest_request(Request& request);

    // Runs before_rest_response (and the starter kit's body post-processing) on `response`.
    // `request` is the one on_rest_request saw: fields the hook had not looked at yet are
    // built from it.
    void before_rest_response(const Request& request, const AuthResult& auth, Response& response);

    // What the lazy fields of the Lua req and res tables are built from; set only while a
    // hook runs.
    struct Subject {
        const Request* request = nullptr;
        const Response* response = nullptr;
        const AuthResult* auth = nullptr;
    };

  private:
    // Runs `body` under lua_cpcall with the time budget restarted. Returns the Lua error
    // message, if any; C++ exceptions thrown inside come out as themselves.
    template <typename Body>
    std::optional<std::string> run_protected(Body&& body);

    [[noreturn]] void fail(const char* hook, const std::string& message);

    HookHost& host_;
    Subject subject_;
    LuaState lua_;
    int dispatcher_ = LUA_NOREF;
    int hooks_ = LUA_NOREF;
};

}  // namespace pg_resty
