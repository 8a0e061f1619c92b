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

const LuaHooks::Subject& subject_of(lua_State* state) {
    return *static_cast<const LuaHooks::Subject*>(lua_touserdata(state, lua_upvalueindex(1)));
}

// A C++ exception must not unwind through LuaJIT's frames: it becomes a Lua error here.
template <void (*Body)(lua_State*, const LuaHooks::Subject&, const std::string&)>
int lazy_field(lua_State* state) {
    std::string message;
    try {
        const std::string field = lua_text(state, 1, "a field name");
        lua_settop(state, 0);
        Body(state, subject_of(state), field);
        return 1;
    } catch (const std::exception& error) {
        message = error.what();
    }
    lua_pushlstring(state, message.data(), message.size());
    message = std::string();
    return lua_error(state);
}

void push_text(lua_State* state, const std::string& text) {
    lua_pushlstring(state, text.data(), text.size());
}

// The text fields of req and where they come from.
struct TextField {
    const char* name;
    std::string Request::*member;
};
constexpr TextField kRequestText[] = {
    {"method", &Request::method}, {"path", &Request::path},
    {"uri", &Request::target},    {"query", &Request::query},
    {"body", &Request::body},     {"client_address", &Request::client_address},
};

// Builds a field of req on first use (see the prelude); nil when there is nothing to build
// from (role and claims_json before authentication).
void build_request_field(lua_State* state, const LuaHooks::Subject& subject,
                         const std::string& field) {
    const Request* request = subject.request;
    const AuthResult* auth = subject.auth;
    if (field == "role" || field == "claims_json") {
        if (auth == nullptr) {
            lua_pushnil(state);
        } else {
            push_text(state, field == "role" ? auth->role : auth->claims_json);
        }
        return;
    }
    if (request == nullptr) {
        lua_pushnil(state);
        return;
    }
    for (const TextField& text : kRequestText) {
        if (field == text.name) {
            push_text(state, request->*text.member);
            return;
        }
    }
    if (field == "args") {
        push_arg_map(state, group_args(parse_query_string(request->query)));
    } else if (field == "headers") {
        push_headers(state, request->headers);
    } else {
        lua_pushnil(state);
    }
}

// Builds res.headers or res.body on first use.
void build_response_field(lua_State* state, const LuaHooks::Subject& subject,
                          const std::string& field) {
    const Response* response = subject.response;
    if (response == nullptr) {
        lua_pushnil(state);
    } else if (field == "body") {
        push_text(state, response->body);
    } else if (field == "headers") {
        push_headers(state, response->headers);
    } else {
        lua_pushnil(state);
    }
}

void add_lazy_builders(lua_State* state, LuaHooks::Subject& subject) {
    lua_pushlightuserdata(state, &subject);
    lua_pushcclosure(state, &lazy_field<build_request_field>, 1);
    lua_setfield(state, -2, "lazy_request");
    lua_pushlightuserdata(state, &subject);
    lua_pushcclosure(state, &lazy_field<build_response_field>, 1);
    lua_setfield(state, -2, "lazy_response");
}

// Sets the subject for the length of one hook call, whatever way the call ends.
class SubjectScope {
  public:
    SubjectScope(LuaHooks::Subject& subject, const Request* request, const Response* response,
                 const AuthResult* auth)
        : subject_(subject) {
        subject_.request = request;
        subject_.response = response;
        subject_.auth = auth;
    }
    ~SubjectScope() { subject_ = LuaHooks::Subject{}; }
    SubjectScope(const SubjectScope&) = delete;
    SubjectScope& operator=(const SubjectScope&) = delete;

  private:
    LuaHooks::Subject& subject_;
};

// Its fields are built when the hook first uses them.
void push_request(lua_State* state) {
    lua_createtable(state, 0, 4);
}

// Whether the hook read or assigned lazy field `field`, per the `touched` table (nil: none
// was); when it did, its value (maybe nil) is pushed without running a metamethod.
bool push_touched(lua_State* state, int table, int touched, const char* field) {
    if (touched == 0) {
        lua_getfield(state, table, field);
        return true;
    }
    if (lua_isnil(state, touched)) {
        return false;
    }
    lua_getfield(state, touched, field);
    const bool was = lua_toboolean(state, -1);
    lua_pop(state, 1);
    if (was) {
        lua_pushstring(state, field);
        lua_rawget(state, table);
    }
    return was;
}

std::string pop_text(lua_State* state, const char* what) {
    std::string value = lua_isnil(state, -1) ? std::string() : lua_text(state, -1, what);
    lua_pop(state, 1);
    return value;
}

// Applies what the hook changed in `req` (at `table`) to `request`.
void read_request(lua_State* state, int table, int touched, Request& request) {
    if (push_touched(state, table, touched, "method")) {
        request.method = pop_text(state, "method");
    }
    if (push_touched(state, table, touched, "body")) {
        request.body = pop_text(state, "body");
    }
    const bool new_path = push_touched(state, table, touched, "path");
    std::string path = new_path ? pop_text(state, "path") : std::string();
    const bool new_args = push_touched(state, table, touched, "args");
    if (new_path || new_args) {
        if (!new_path) {
            path = request.path;
        }
        std::string query = request.query;
        if (new_args) {
            query = encode_query(request.query, read_arg_map(state, -1));
            lua_pop(state, 1);
        }
        if (path != request.path || query != request.query) {
            request.target = percent_encode(path, true) + (query.empty() ? "" : "?" + query);
            request.path = std::move(path);
            request.query = std::move(query);
        }
    }
    if (push_touched(state, table, touched, "headers")) {
        request.headers = read_headers(state, -1, true, request.headers);
        lua_pop(state, 1);
    }
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

// status is set; headers and body are built when the hook first uses them.
void push_response(lua_State* state, const Response& response) {
    lua_createtable(state, 0, 3);
    lua_pushinteger(state, response.status);
    lua_setfield(state, -2, "status");
}

// `touched` 0: a plain table (a direct answer), read whole.
void read_response(lua_State* state, int table, int touched, Response& response) {
    response.status = status_field(state, table);
    if (push_touched(state, table, touched, "body")) {
        response.body = pop_text(state, "body");
    }
    if (push_touched(state, table, touched, "headers")) {
        response.headers = read_headers(state, -1, false, response.headers);
        lua_pop(state, 1);
    }
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
    lua_.end_budget();
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
        add_lazy_builders(state, subject_);
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
    const SubjectScope scope(subject_, &request, nullptr, nullptr);
    const std::optional<std::string> failure = run_protected([&](lua_State* state) {
        push_dispatch(state, dispatcher_, hooks_, "request");
        push_request(state);
        lua_pushvalue(state, -1);
        lua_insert(state, 1);   // [req, fn, hooks, req]
        lua_call(state, 2, 3);  // [req, ok, answer, touched]
        if (!lua_toboolean(state, 2)) {
            lua_pushvalue(state, 3);
            lua_error(state);
        }
        read_request(state, 1, 4, request);
        if (lua_istable(state, 3)) {
            Response response;
            read_response(state, 3, 0, response);
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

void LuaHooks::before_rest_response(const Request& request, const AuthResult& auth,
                                    Response& response) {
    const SubjectScope scope(subject_, &request, &response, &auth);
    const std::optional<std::string> failure = run_protected([&](lua_State* state) {
        push_dispatch(state, dispatcher_, hooks_, "response");
        push_response(state, response);
        lua_call(state, 2, 3);  // [ok, res, touched]
        if (!lua_toboolean(state, 1)) {
            lua_pushvalue(state, 2);
            lua_error(state);
        }
        read_response(state, 2, 3, response);
    });
    if (failure) {
        fail("before_rest_response", *failure);
    }
}

}  // namespace pg_resty
