#include "events/outbox_event.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pg_resty {
namespace {

TEST(OutboxEventFromRow, ReadsEveryColumn) {
    Row row{"17", "amq.topic", "a.b", "{\"x\":1}", "application/json", "{\"h\": 1}", "1700000000"};
    const OutboxEvent event = outbox_event_from_row(std::move(row));
    EXPECT_EQ(event.id, 17);
    EXPECT_EQ(event.exchange, "amq.topic");
    EXPECT_EQ(event.routing_key, "a.b");
    EXPECT_EQ(event.payload, "{\"x\":1}");
    EXPECT_EQ(event.content_type, "application/json");
    EXPECT_EQ(event.headers_json, "{\"h\": 1}");
    EXPECT_EQ(event.created_at, 1700000000);
}

TEST(OutboxEventFromRow, HeadersMayBeNull) {
    Row row{"1", "", "k", "", "text/plain", std::nullopt, "-5"};
    const OutboxEvent event = outbox_event_from_row(std::move(row));
    EXPECT_FALSE(event.headers_json.has_value());
    EXPECT_EQ(event.created_at, -5);
}

TEST(OutboxEventFromRow, RejectsOtherShapes) {
    EXPECT_THROW(outbox_event_from_row(Row{"1", "e"}), std::invalid_argument);
    EXPECT_THROW(outbox_event_from_row(Row{std::nullopt, "e", "k", "p", "t", std::nullopt, "0"}),
                 std::invalid_argument);
    EXPECT_THROW(outbox_event_from_row(Row{"x", "e", "k", "p", "t", std::nullopt, "0"}),
                 std::invalid_argument);
    EXPECT_THROW(outbox_event_from_row(Row{"1", "e", "k", std::nullopt, "t", std::nullopt, "0"}),
                 std::invalid_argument);
}

TEST(BigintArrayLiteral, Formats) {
    EXPECT_EQ(bigint_array_literal({}), "{}");
    EXPECT_EQ(bigint_array_literal({5}), "{5}");
    EXPECT_EQ(bigint_array_literal({1, 2, 9000000000}), "{1,2,9000000000}");
}

}  // namespace
}  // namespace pg_resty
