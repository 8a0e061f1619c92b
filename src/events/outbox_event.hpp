#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/rows.hpp"

namespace pg_resty {

// One row of pg_resty.outbox on its way to the broker.
struct OutboxEvent {
    int64_t id = 0;
    std::string exchange;
    std::string routing_key;
    std::string payload;
    std::string content_type;
    std::optional<std::string> headers_json;  // a JSON object, or none
    int64_t created_at = 0;                   // Unix time, seconds
};

// The columns of the worker's outbox query, in order: id, exchange, routing_key, payload,
// content_type, headers, created_at (epoch seconds). Throws std::invalid_argument on a row
// of another shape.
OutboxEvent outbox_event_from_row(Row&& row);

// "{1,2,3}": the ids as a bigint[] literal for the DELETE of confirmed events.
std::string bigint_array_literal(const std::vector<int64_t>& ids);

}  // namespace pg_resty
