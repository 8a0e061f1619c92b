#include "events/outbox_event.hpp"

#include <stdexcept>

#include "common/text.hpp"

namespace pg_resty {

namespace {

int64_t parse_int64(const std::optional<std::string>& text, const char* column) {
    if (!text) {
        throw std::invalid_argument(std::string("outbox column ") + column + " is null");
    }
    std::string_view digits = *text;
    const bool negative = !digits.empty() && digits.front() == '-';
    if (negative) {
        digits.remove_prefix(1);
    }
    long long value = 0;
    if (!parse_non_negative_int64(digits, value)) {
        throw std::invalid_argument(std::string("outbox column ") + column + " is not an integer");
    }
    return negative ? -value : value;
}

std::string take_text(std::optional<std::string>& text, const char* column) {
    if (!text) {
        throw std::invalid_argument(std::string("outbox column ") + column + " is null");
    }
    return std::move(*text);
}

}  // namespace

OutboxEvent outbox_event_from_row(Row&& row) {
    if (row.size() != 7) {
        throw std::invalid_argument("outbox row has " + std::to_string(row.size()) +
                                    " columns, expected 7");
    }
    OutboxEvent event;
    event.id = parse_int64(row[0], "id");
    event.exchange = take_text(row[1], "exchange");
    event.routing_key = take_text(row[2], "routing_key");
    event.payload = take_text(row[3], "payload");
    event.content_type = take_text(row[4], "content_type");
    event.headers_json = std::move(row[5]);
    event.created_at = parse_int64(row[6], "created_at");
    return event;
}

std::string bigint_array_literal(const std::vector<int64_t>& ids) {
    std::string out = "{";
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        out += std::to_string(ids[i]);
    }
    out.push_back('}');
    return out;
}

}  // namespace pg_resty
