#include "events/event_checks.hpp"

namespace pg_resty {

namespace {

constexpr const char* kInvalidParameter = "22023";

void check_names(const JsonValue& value) {
    for (const auto& member : value.members) {
        if (member.first.size() > kMaxShortString) {
            throw EventError(kInvalidParameter, "header name \"" + member.first.substr(0, 40) +
                                                    "...\" is longer than 255 bytes");
        }
        check_names(member.second);
    }
    for (const JsonValue& item : value.items) {
        check_names(item);
    }
}

}  // namespace

void check_exchange(std::string_view exchange) {
    if (exchange.size() > kMaxShortString) {
        throw EventError(kInvalidParameter, "exchange name is longer than 255 bytes");
    }
}

void check_routing_key(std::string_view routing_key) {
    if (routing_key.size() > kMaxShortString) {
        throw EventError(kInvalidParameter, "routing key is longer than 255 bytes");
    }
}

void check_payload_size(size_t bytes) {
    if (bytes > kMaxPayloadBytes) {
        throw EventError("54000",
                         "payload of " + std::to_string(bytes) +
                             " bytes is larger than 128 MiB (RabbitMQ's max_message_size)");
    }
}

JsonValue parse_event_headers(std::string_view json) {
    JsonValue headers;
    try {
        headers = parse_json(json, kMaxHeaderDepth);
    } catch (const JsonError& error) {
        throw EventError(kInvalidParameter, std::string("invalid headers: ") + error.what());
    }
    if (headers.kind != JsonValue::Kind::Object) {
        throw EventError(kInvalidParameter, "headers must be a JSON object");
    }
    check_names(headers);
    return headers;
}

const char* payload_content_type(std::string_view payload) {
    return is_json(payload) ? "application/json" : "text/plain; charset=utf-8";
}

}  // namespace pg_resty
