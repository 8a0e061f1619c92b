#include "events/row_change.hpp"

#include <algorithm>

#include "events/event_checks.hpp"
#include "common/json_value.hpp"

namespace pg_resty {

namespace {

constexpr const char* kInvalidParameter = "22023";

[[noreturn]] void config_error(const std::string& message) {
    throw EventError(kInvalidParameter, "invalid pg_resty.on_row_change() argument: " + message);
}

std::vector<std::string> column_list(const JsonValue& value, const char* key) {
    if (value.kind != JsonValue::Kind::Array) {
        config_error(std::string("\"") + key + "\" must be an array of column names");
    }
    std::vector<std::string> columns;
    for (const JsonValue& item : value.items) {
        if (item.kind != JsonValue::Kind::String) {
            config_error(std::string("\"") + key + "\" must be an array of column names");
        }
        columns.push_back(item.text);
    }
    return columns;
}

bool contains(const std::vector<std::string>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

bool RowChangeConfig::keeps(std::string_view column) const {
    if (has_include && !contains(include, column)) {
        return false;
    }
    return !contains(exclude, column);
}

RowChangeConfig parse_row_change_config(std::string_view json) {
    JsonValue value;
    try {
        value = parse_json(json, 4);
    } catch (const JsonError& error) {
        config_error(std::string("not JSON: ") + error.what());
    }
    if (value.kind != JsonValue::Kind::Object) {
        config_error(
            "expected a JSON object like {\"exchange\": \"amq.topic\", \"include\": [...], "
            "\"exclude\": [...]}");
    }
    RowChangeConfig config;
    for (const auto& [key, member] : value.members) {
        if (key == "exchange") {
            if (member.kind != JsonValue::Kind::String) {
                config_error("\"exchange\" must be a string");
            }
            check_exchange(member.text);
            config.exchange = member.text;
        } else if (key == "include") {
            config.include = column_list(member, "include");
            config.has_include = true;
        } else if (key == "exclude") {
            config.exclude = column_list(member, "exclude");
        } else {
            config_error("unknown key \"" + key + "\" (expected exchange, include, exclude)");
        }
    }
    return config;
}

std::optional<std::string> claims_user_id(std::string_view claims_json) {
    JsonValue claims;
    try {
        claims = parse_json(claims_json, 32);
    } catch (const JsonError&) {
        return std::nullopt;
    }
    if (claims.kind != JsonValue::Kind::Object) {
        return std::nullopt;
    }
    for (const char* key : {"user_id", "sub"}) {
        const JsonValue* value = claims.find(key);
        if (value != nullptr &&
            (value->kind == JsonValue::Kind::String || value->kind == JsonValue::Kind::Number) &&
            !value->text.empty()) {
            return value->text;
        }
    }
    return std::nullopt;
}

std::string row_change_routing_key(std::string_view table, std::string_view operation,
                                   const std::optional<std::string>& user_id) {
    std::string key = "row_change.table-";
    key.append(table);
    key.append(".event-");
    key.append(operation);
    if (user_id) {
        key.append(".user-");
        key.append(*user_id);
    }
    if (key.size() > kMaxShortString) {
        throw EventError(kInvalidParameter,
                         "routing key \"" + key.substr(0, 60) + "...\" is longer than 255 bytes");
    }
    return key;
}

}  // namespace pg_resty
