#include "hooks/hooks.hpp"

#include <exception>

#include "hooks/lua_hooks.hpp"

namespace pg_resty {

Hooks::Hooks() = default;

Hooks::Hooks(HookHost& host) : host_(&host) {}

Hooks::~Hooks() = default;

bool Hooks::load(const std::string& path) {
    if (path.empty()) {
        lua_.reset();
        return true;
    }
    if (host_ == nullptr) {
        return false;
    }
    try {
        // Built completely before it replaces the old state: a broken file changes nothing.
        lua_ = std::make_unique<LuaHooks>(path, *host_);
        host_->log(HookLogLevel::kInfo, "loaded Lua hooks from " + path);
        return true;
    } catch (const std::exception& error) {
        host_->log(HookLogLevel::kError,
                   "could not load Lua hooks from " + path + ": " + error.what() +
                       (lua_ ? " (keeping the hooks loaded before)" : " (running without hooks)"));
        return false;
    }
}

std::optional<Response> Hooks::on_rest_request(Request& request) {
    if (!lua_) {
        return std::nullopt;
    }
    return lua_->on_rest_request(request);
}

void Hooks::before_rest_response(const Request& request, const AuthResult& auth,
                                 Response& response) {
    if (lua_) {
        lua_->before_rest_response(request, auth, response);
    }
}

}  // namespace pg_resty
