#include "hooks/lua_values.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace pg_resty {

namespace {

void check_header_text(lua_State* state, const std::string& text, const char* what) {
    // A plain loop: find_first_of over a three-character set was most of a hook's header work.
    for (const char c : text) {
        if (c == '\r' || c == '\n' || c == '\0') {
            luaL_error(state, "%s contains CR, LF or NUL", what);
        }
    }
}

void append_values(lua_State* state, int index, std::vector<std::string>& values,
                   const char* what) {
    index = index < 0 ? lua_gettop(state) + index + 1 : index;
    if (lua_type(state, index) == LUA_TTABLE) {
        const size_t n = lua_objlen(state, index);
        for (size_t i = 1; i <= n; ++i) {
            lua_rawgeti(state, index, static_cast<int>(i));
            values.push_back(lua_text(state, -1, what));
            lua_pop(state, 1);
        }
    } else if (lua_type(state, index) == LUA_TBOOLEAN) {
        if (lua_toboolean(state, index)) {
            values.emplace_back();  // nginx's `true`: a name without a value
        }
    } else {
        values.push_back(lua_text(state, index, what));
    }
}

void push_values(lua_State* state, const std::vector<std::string>& values) {
    if (values.size() == 1) {
        lua_pushlstring(state, values[0].data(), values[0].size());
        return;
    }
    lua_createtable(state, static_cast<int>(values.size()), 0);
    for (size_t i = 0; i < values.size(); ++i) {
        lua_pushlstring(state, values[i].data(), values[i].size());
        lua_rawseti(state, -2, static_cast<int>(i + 1));
    }
}

}  // namespace

std::string lua_text(lua_State* state, int index, const char* what) {
    const int type = lua_type(state, index);
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
        size_t length = 0;
        const char* text = lua_tolstring(state, index, &length);
        return std::string(text, length);
    }
    if (type == LUA_TBOOLEAN) {
        return lua_toboolean(state, index) ? "true" : "false";
    }
    luaL_error(state, "%s must be a string, not %s", what, lua_typename(state, type));
    return {};
}

ArgMap read_arg_map(lua_State* state, int index) {
    index = index < 0 ? lua_gettop(state) + index + 1 : index;
    ArgMap args;
    if (lua_isnil(state, index)) {
        return args;
    }
    luaL_checktype(state, index, LUA_TTABLE);
    lua_pushnil(state);
    while (lua_next(state, index) != 0) {
        // lua_text on a number key would convert it in place and confuse lua_next: copy first.
        lua_pushvalue(state, -2);
        std::string name = lua_text(state, -1, "an argument name");
        lua_pop(state, 1);
        append_values(state, -1, args[name], "an argument value");
        lua_pop(state, 1);
    }
    return args;
}

void push_arg_map(lua_State* state, const ArgMap& args) {
    lua_createtable(state, 0, static_cast<int>(args.size()));
    for (const auto& [name, values] : args) {
        lua_pushlstring(state, name.data(), name.size());
        push_values(state, values);
        lua_rawset(state, -3);
    }
}

std::vector<Header> read_headers(lua_State* state, int index, bool lower_names,
                                 const std::vector<Header>& order_hint) {
    index = index < 0 ? lua_gettop(state) + index + 1 : index;
    std::map<std::string, std::vector<std::string>> by_name;
    if (!lua_isnil(state, index)) {
        luaL_checktype(state, index, LUA_TTABLE);
        lua_pushnil(state);
        while (lua_next(state, index) != 0) {
            lua_pushvalue(state, -2);
            std::string name = lua_text(state, -1, "a header name");
            lua_pop(state, 1);
            if (lower_names) {
                std::transform(name.begin(), name.end(), name.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            }
            check_header_text(state, name, "a header name");
            std::vector<std::string>& values = by_name[name];
            append_values(state, -1, values, "a header value");
            for (const std::string& value : values) {
                check_header_text(state, value, "a header value");
            }
            lua_pop(state, 1);
        }
    }
    // Headers that were there keep their place; new ones follow in name order.
    std::vector<Header> headers;
    for (const Header& old : order_hint) {
        const auto it = by_name.find(old.name);
        if (it == by_name.end()) {
            continue;
        }
        for (std::string& value : it->second) {
            headers.push_back(Header{it->first, std::move(value)});
        }
        by_name.erase(it);
    }
    for (auto& [name, values] : by_name) {
        for (std::string& value : values) {
            headers.push_back(Header{name, std::move(value)});
        }
    }
    return headers;
}

void push_headers(lua_State* state, const std::vector<Header>& headers) {
    std::map<std::string, std::vector<std::string>> by_name;
    for (const Header& header : headers) {
        by_name[header.name].push_back(header.value);
    }
    lua_createtable(state, 0, static_cast<int>(by_name.size()));
    for (const auto& [name, values] : by_name) {
        lua_pushlstring(state, name.data(), name.size());
        push_values(state, values);
        lua_rawset(state, -3);
    }
}

}  // namespace pg_resty
