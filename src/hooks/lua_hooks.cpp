#include "hooks/lua_hooks.hpp"

#include <exception>
#include <functional>
#include <stdexcept>

#include "api/api_error.hpp"
#include "hooks/lua_native.hpp"
#include "hooks/lua_prelude.hpp"
#include "hooks/lua_values.hpp"
#include "hooks/query_args.hpp"
#include "http/request_target.hpp"

namespace pg_resty {

namespace {

struct ProtectedCall {
    std::function<void(lua_State*)>* body;
    std::exception_ptr error;
};

int run_body(lua_State* state) {
    auto* call = static_cast<ProtectedCall*>(lua_touserdata(state, 1));
    lua_settop(state, 0);
    try {
        (*call->body)(state);
    } catch (const std::exception&) {
        // Only C++ exceptions: LuaJIT's own errors are foreign exceptions and pass on to the
        // lua_cpcall frame, which turns them into a status.
        call->error = std::current_exception();
    }
    return 0;
}

std::string folder_of(const std::string& path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Module search path: beside the hooks file first, then pg_resty's shipped modules, then
// LuaJIT's defaults (which include Debian's lua-cjson).
void set_search_path(lua_State* state, const std::string& hooks_dir, const std::string& shipped) {
    lua_getglobal(state, "package");
    lua_getfield(state, -1, "path");
    std::string path = hooks_dir + "/?.lua;" + hooks_dir + "/?/init.lua;";
    if (!shipped.empty()) {
        path += shipped + "/?.lua;";
    }
    path += lua_tostring(state, -1);
    lua_pop(state, 1);
    lua_pushlstring(state, path.data(), path.size());
    lua_setfield(state, -2, "path");
    lua_pop(state, 1);
}

// Takes away what would defeat containment or crash the backend: the JIT switch (compiled
// loops skip the time check), debug.sethook (would remove it), os.exit, the FFI (raw memory)
// and binary chunks (LuaJIT does not verify bytecode). The loaders only accept source text.
constexpr const char kRemoveEscapes[] = R"lua(
package.loaded.jit = nil; jit = nil
package.preload.ffi = nil; package.loaded.ffi = nil
debug.sethook = nil; os.exit = nil
local load, loadfile, type, error = load, loadfile, type, error
local function text_only(chunk)
  if type(chunk) == "string" and chunk:byte(1) == 27 then
    error("binary chunks are not allowed in pg_resty hooks", 3)
  end
end
_G.load = function(chunk, name, mode, env)
  text_only(chunk)
  return load(chunk, name, "t", env)
end
_G.loadstring = function(chunk, name) text_only(chunk) return load(chunk, name, "t") end
_G.loadfile = function(path, mode, env) return loadfile(path, "t", env) end
_G.dofile = function(path)
  local f = assert(loadfile(path, "t"))
  return f()
end
)lua";

void remove_escapes(lua_State* state) {
    if (luaL_loadbuffer(state, kRemoveEscapes, sizeof kRemoveEscapes - 1, "=pg_resty_sandbox") !=
        0) {
        lua_error(state);
    }
    lua_call(state, 0, 0);
}

int table_ref(lua_State* state, int index) {
    lua_pushvalue(state, index);
    return luaL_ref(state, LUA_REGISTRYINDEX);
}

void push_dispatch(lua_State* state, int dispatcher, int hooks, const char* name) {
    lua_rawgeti(state, LUA_REGISTRYINDEX, dispatcher);
    lua_getfield(state, -1, name);
    lua_remove(state, -2);
    lua_rawgeti(state, LUA_REGISTRYINDEX, hooks);
}

void set_string(lua_State* state, const char* field, const std::string& value) {
    lua_pushlstring(state, value.data(), value.size());
    lua_setfield(state, -2, field);
}

void push_request(lua_State* state, const Request& request) {
    lua_createtable(state, 0, 10);
    set_string(state, "method", request.method);
    set_string(state, "path", request.path);
    set_string(state, "uri", request.target);
    set_string(state, "query", request.query);
    set_string(state, "body", request.body);
    set_string(state, "client_address", request.client_address);
    push_arg_map(state, group_args(parse_query_string(request.query)));
    lua_setfield(state, -2, "args");
    push_headers(state, request.headers);
    lua_setfield(state, -2, "headers");
}

std::string string_field(lua_State* state, int table, const char* field) {
    lua_getfield(state, table, field);
    std::string value = lua_isnil(state, -1) ? std::string() : lua_text(state, -1, field);
    lua_pop(state, 1);
    return value;
}

// Applies what the hook changed in `req` (at `table`) to `request`.
void read_request(lua_State* state, int table, Request& request) {
    request.method = string_field(state, table, "method");
    request.body = string_field(state, table, "body");
    const std::string path = string_field(state, table, "path");
    lua_getfield(state, table, "args");
    const std::string query = encode_query(request.query, read_arg_map(state, -1));
    lua_pop(state, 1);
    if (path != request.path || query != request.query) {
        request.path = path;
        request.query = query;
        request.target = percent_encode(path, true) + (query.empty() ? "" : "?" + query);
    }
    lua_getfield(state, table, "headers");
    request.headers = read_headers(state, -1, true, request.headers);
    lua_pop(state, 1);
}

int status_field(lua_State* state, int table) {
    lua_getfield(state, table, "status");
    const lua_Number status = lua_tonumber(state, -1);
    lua_pop(state, 1);
    if (!(status >= 100 && status <= 599)) {
        luaL_error(state, "a hook set an invalid HTTP status");
    }
    return static_cast<int>(status);
}

void push_response(lua_State* state, const Response& response) {
    lua_createtable(state, 0, 3);
    lua_pushinteger(state, response.status);
    lua_setfield(state, -2, "status");
    set_string(state, "body", response.body);
    push_headers(state, response.headers);
    lua_setfield(state, -2, "headers");
}

void read_response(lua_State* state, int table, Response& response) {
    response.status = status_field(state, table);
    response.body = string_field(state, table, "body");
    lua_getfield(state, table, "headers");
    response.headers = read_headers(state, -1, false, response.headers);
    lua_pop(state, 1);
}

bool has_header(const Response& response, const char* name) {
    for (const Header& header : response.headers) {
        if (header.name.size() == std::char_traits<char>::length(name) &&
            std::equal(header.name.begin(), header.name.end(), name,
                       [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            return true;
        }
    }
    return false;
}

}  // namespace

template <typename Body>
std::optional<std::string> LuaHooks::run_protected(Body&& body) {
    std::function<void(lua_State*)> function(std::forward<Body>(body));
    ProtectedCall call{&function, nullptr};
    lua_State* state = lua_.get();
    lua_.start_budget();
    const int status = lua_cpcall(state, &run_body, &call);
    if (status != 0) {
        std::string message =
            lua_isstring(state, -1) ? lua_tostring(state, -1) : "unknown Lua error";
        lua_settop(state, 0);
        return message;
    }
    lua_settop(state, 0);
    if (call.error) {
        std::rethrow_exception(call.error);
    }
    return std::nullopt;
}

LuaHooks::LuaHooks(const std::string& path, HookHost& host) : host_(host) {
    const std::string shipped = host.shipped_lua_dir();
    std::optional<std::string> failure;
    failure = run_protected([&](lua_State* state) {
        lua_.open_libraries();
        remove_escapes(state);
        set_search_path(state, folder_of(path), shipped);
        const char* prelude = lua_prelude_source();
        if (luaL_loadbuffer(state, prelude, std::char_traits<char>::length(prelude),
                            "=pg_resty_prelude") != 0) {
            lua_error(state);
        }
        push_native_table(state, host_);
        lua_call(state, 1, 1);
        dispatcher_ = luaL_ref(state, LUA_REGISTRYINDEX);
    });
    if (failure) {
        throw std::runtime_error("could not set up Lua: " + *failure);
    }
    failure = run_protected([&](lua_State* state) {
        if (luaL_loadfile(state, path.c_str()) != 0) {
            lua_error(state);
        }
        lua_call(state, 0, 1);
        if (!lua_istable(state, -1)) {
            luaL_error(state, "%s must return a table of hooks", path.c_str());
        }
        hooks_ = table_ref(state, -1);
    });
    if (failure) {
        throw std::runtime_error(*failure);
    }
    failure = run_protected([&](lua_State* state) {
        push_dispatch(state, dispatcher_, hooks_, "init");
        lua_call(state, 1, 2);
        if (!lua_toboolean(state, -2)) {
            lua_error(state);
        }
    });
    if (failure) {
        throw std::runtime_error("on_init failed: " + *failure);
    }
}

LuaHooks::~LuaHooks() = default;  // lua_close in LuaState frees the references with the state

void LuaHooks::fail(const char* hook, const std::string& message) {
    host_.log(HookLogLevel::kError, std::string("Lua hook ") + hook + " failed: " + message);
    throw ApiError(500, "PGRSTX01", std::string("Lua hook ") + hook + " failed");
}

std::optional<Response> LuaHooks::on_rest_request(Request& request) {
    std::optional<Response> answer;
    const std::optional<std::string> failure = run_protected([&](lua_State* state) {
        push_dispatch(state, dispatcher_, hooks_, "request");
        push_request(state, request);
        lua_pushvalue(state, -1);
        lua_insert(state, 1);   // [req, fn, hooks, req]
        lua_call(state, 2, 2);  // [req, ok, answer]
        if (!lua_toboolean(state, 2)) {
            lua_pushvalue(state, 3);
            lua_error(state);
        }
        read_request(state, 1, request);
        if (lua_istable(state, 3)) {
            Response response;
            read_response(state, 3, response);
            answer = std::move(response);
        }
    });
    if (failure) {
        fail("on_rest_request", *failure);
    }
    if (answer && !answer->body.empty() && !has_header(*answer, "content-type")) {
        answer->add_header("Content-Type", "application/json; charset=utf-8");
    }
    return answer;
}

void LuaHooks::before_rest_response(const AuthResult& auth, Response& response) {
    const std::optional<std::string> failure = run_protected([&](lua_State* state) {
        push_dispatch(state, dispatcher_, hooks_, "response");
        push_response(state, response);
        lua_pushlstring(state, auth.role.data(), auth.role.size());
        lua_pushlstring(state, auth.claims_json.data(), auth.claims_json.size());
        lua_call(state, 4, 2);  // [ok, res]
        if (!lua_toboolean(state, 1)) {
            lua_pushvalue(state, 2);
            lua_error(state);
        }
        read_response(state, 2, response);
    });
    if (failure) {
        fail("before_rest_response", *failure);
    }
}

}  // namespace pg_resty
