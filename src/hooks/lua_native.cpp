#include "hooks/lua_native.hpp"

#include <chrono>
#include <exception>
#include <string>

#include "common/base64.hpp"
#include "hooks/lua_values.hpp"
#include "hooks/query_args.hpp"

namespace pg_resty {

namespace {

HookHost& host_of(lua_State* state) {
    return *static_cast<HookHost*>(lua_touserdata(state, lua_upvalueindex(1)));
}

// Every C function Lua calls runs through here: a C++ exception must never unwind through
// LuaJIT's frames, so it becomes a Lua error after the try block (LuaJIT's own errors are no
// std::exception and pass through untouched).
template <int (*Body)(lua_State*)>
int guarded(lua_State* state) {
    std::string message;
    try {
        return Body(state);
    } catch (const std::exception& error) {
        message = error.what();
    }
    lua_pushlstring(state, message.data(), message.size());
    message = std::string();
    return lua_error(state);
}

HookLogLevel log_level(lua_Integer ngx_level) {
    if (ngx_level <= 4) {
        return HookLogLevel::kError;  // STDERR, EMERG, ALERT, CRIT, ERR
    }
    if (ngx_level == 5) {
        return HookLogLevel::kWarning;
    }
    if (ngx_level <= 7) {
        return HookLogLevel::kInfo;  // NOTICE, INFO
    }
    return HookLogLevel::kDebug;
}

int native_log(lua_State* state) {
    const lua_Integer level = luaL_checkinteger(state, 1);
    const std::string text = lua_text(state, 2, "a log message");
    host_of(state).log(log_level(level), text);
    return 0;
}

int native_now(lua_State* state) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    // Milliseconds, like nginx's cached clock.
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
    lua_pushnumber(state, static_cast<lua_Number>(ms) / 1000.0);
    return 1;
}

int native_encode_base64(lua_State* state) {
    size_t length = 0;
    const char* bytes = luaL_checklstring(state, 1, &length);
    const std::string text = encode_base64(std::string_view(bytes, length));
    lua_pushlstring(state, text.data(), text.size());
    return 1;
}

int native_decode_base64(lua_State* state) {
    size_t length = 0;
    const char* text = luaL_checklstring(state, 1, &length);
    const std::optional<std::string> bytes = decode_base64(std::string_view(text, length));
    if (bytes) {
        lua_pushlstring(state, bytes->data(), bytes->size());
    } else {
        lua_pushnil(state);
    }
    return 1;
}

int native_encode_args(lua_State* state) {
    const ArgMap args = read_arg_map(state, 1);
    size_t length = 0;
    const char* original = luaL_optlstring(state, 2, "", &length);
    const std::string query = encode_query(std::string_view(original, length), args);
    lua_pushlstring(state, query.data(), query.size());
    return 1;
}

int native_decode_args(lua_State* state) {
    size_t length = 0;
    const char* query = luaL_checklstring(state, 1, &length);
    push_arg_map(state, group_args(parse_query_string(std::string_view(query, length))));
    return 1;
}

void push_row(lua_State* state, const HookQueryResult& result, const Row& row) {
    lua_createtable(state, 0, static_cast<int>(result.columns.size()));
    for (size_t c = 0; c < result.columns.size() && c < row.size(); ++c) {
        const std::string& name = result.columns[c];
        lua_pushlstring(state, name.data(), name.size());
        if (!row[c]) {
            lua_pushlightuserdata(state, nullptr);  // ngx.null / cjson.null
        } else if (result.kinds[c] == HookQueryResult::Kind::kNumber) {
            lua_pushnumber(state, std::strtod(row[c]->c_str(), nullptr));
        } else if (result.kinds[c] == HookQueryResult::Kind::kBoolean) {
            lua_pushboolean(state, *row[c] == "t");
        } else {
            lua_pushlstring(state, row[c]->data(), row[c]->size());
        }
        lua_rawset(state, -3);
    }
}

// pg_resty.query(sql, ...): rows as an array of tables keyed by column name.
int native_query(lua_State* state) {
    const std::string sql = lua_text(state, 1, "the SQL text");
    std::vector<std::optional<std::string>> params;
    const int count = lua_gettop(state);
    for (int i = 2; i <= count; ++i) {
        if (lua_isnil(state, i) || (lua_islightuserdata(state, i) && !lua_touserdata(state, i))) {
            params.emplace_back();
        } else {
            params.emplace_back(lua_text(state, i, "a query parameter"));
        }
    }
    const HookQueryResult result = host_of(state).query(sql, params);
    lua_createtable(state, static_cast<int>(result.rows.size()), 0);
    for (size_t r = 0; r < result.rows.size(); ++r) {
        push_row(state, result, result.rows[r]);
        lua_rawseti(state, -2, static_cast<int>(r + 1));
    }
    return 1;
}

struct NativeFunction {
    const char* name;
    lua_CFunction function;
};

constexpr NativeFunction kFunctions[] = {
    {"log", &guarded<native_log>},
    {"now", &guarded<native_now>},
    {"encode_base64", &guarded<native_encode_base64>},
    {"decode_base64", &guarded<native_decode_base64>},
    {"encode_args", &guarded<native_encode_args>},
    {"decode_args", &guarded<native_decode_args>},
    {"query", &guarded<native_query>},
};

}  // namespace

void push_native_table(lua_State* state, HookHost& host) {
    lua_createtable(state, 0, 8);
    for (const NativeFunction& f : kFunctions) {
        lua_pushlightuserdata(state, &host);
        lua_pushcclosure(state, f.function, 1);
        lua_setfield(state, -2, f.name);
    }
    lua_pushlightuserdata(state, nullptr);
    lua_setfield(state, -2, "null");
}

}  // namespace pg_resty
