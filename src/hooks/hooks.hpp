#pragma once

#include <memory>
#include <optional>
#include <string>

#include "auth/auth.hpp"
#include "hooks/hook_host.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace pg_resty {

class LuaHooks;

// Stages 2 and 8: the Lua hooks (on_rest_request, before_rest_response) of the file that
// pg_resty.hooks names. Without a file both pass everything through and no Lua runs.
class Hooks {
  public:
    Hooks();  // no hooks, ever (tests, and the pipeline before a host exists)
    explicit Hooks(HookHost& host);
    ~Hooks();

    Hooks(const Hooks&) = delete;
    Hooks& operator=(const Hooks&) = delete;

    // Loads `path` into a fresh Lua state (empty: no hooks). When the file fails to load, the
    // hooks loaded before stay in place and the reason is logged; returns false.
    bool load(const std::string& path);

    bool active() const { return lua_ != nullptr; }

    // A response here answers the request directly, without touching the database.
    // Throws ApiError 500 when the hook fails.
    std::optional<Response> on_rest_request(Request& request);
    void before_rest_response(const Request& request, const AuthResult& auth, Response& response);

  private:
    HookHost* host_ = nullptr;
    std::unique_ptr<LuaHooks> lua_;
};

}  // namespace pg_resty
