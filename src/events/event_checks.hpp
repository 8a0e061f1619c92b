#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/json_value.hpp"

namespace pg_resty {

// AMQP short strings (exchange, routing key, header names) hold at most 255 bytes.
constexpr size_t kMaxShortString = 255;
// RabbitMQ's default max_message_size: a bigger message would be refused by the broker and
// block every event behind it, so publish() refuses it instead.
constexpr size_t kMaxPayloadBytes = size_t{128} * 1024 * 1024;
// Nesting of header tables and arrays.
constexpr int kMaxHeaderDepth = 16;

// An event publish() cannot record; `sqlstate` is what the SQL caller sees.
struct EventError : std::invalid_argument {
    std::string sqlstate;
    EventError(std::string sqlstate_, const std::string& message)
        : std::invalid_argument(message), sqlstate(std::move(sqlstate_)) {}
};

void check_exchange(std::string_view exchange);
void check_routing_key(std::string_view routing_key);
void check_payload_size(size_t bytes);

// The headers of an event (jsonb text) as they will become an AMQP field table: an object
// whose names (at every level) fit a short string, nested at most kMaxHeaderDepth deep.
JsonValue parse_event_headers(std::string_view json);

// The content type an event travels with: JSON payloads are application/json.
const char* payload_content_type(std::string_view payload);

}  // namespace pg_resty
