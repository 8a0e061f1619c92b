#include "amqp/field_table.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pg_resty {
namespace {

std::string text_of(const amqp_bytes_t& bytes) {
    return std::string(static_cast<const char*>(bytes.bytes), bytes.len);
}

TEST(FieldTable, ConvertsEveryJsonKind) {
    const JsonValue headers = parse_json(
        R"({"s": "x", "i": -42, "big": 123456789012345678901, "f": 1.5, "e": 2e3, "t": true,
            "n": null, "a": [1, "y"], "o": {"k": false}})");
    const FieldTable fields(headers);
    const amqp_table_t& table = fields.table();
    ASSERT_EQ(table.num_entries, 9);
    EXPECT_EQ(text_of(table.entries[0].key), "s");
    EXPECT_EQ(table.entries[0].value.kind, AMQP_FIELD_KIND_UTF8);
    EXPECT_EQ(text_of(table.entries[0].value.value.bytes), "x");
    EXPECT_EQ(table.entries[1].value.kind, AMQP_FIELD_KIND_I64);
    EXPECT_EQ(table.entries[1].value.value.i64, -42);
    EXPECT_EQ(table.entries[2].value.kind, AMQP_FIELD_KIND_F64);  // beyond int64
    EXPECT_DOUBLE_EQ(table.entries[2].value.value.f64, 123456789012345678901.0);
    EXPECT_EQ(table.entries[3].value.kind, AMQP_FIELD_KIND_F64);
    EXPECT_DOUBLE_EQ(table.entries[3].value.value.f64, 1.5);
    EXPECT_EQ(table.entries[4].value.kind, AMQP_FIELD_KIND_F64);
    EXPECT_DOUBLE_EQ(table.entries[4].value.value.f64, 2000.0);
    EXPECT_EQ(table.entries[5].value.kind, AMQP_FIELD_KIND_BOOLEAN);
    EXPECT_EQ(table.entries[5].value.value.boolean, 1);
    EXPECT_EQ(table.entries[6].value.kind, AMQP_FIELD_KIND_VOID);
    const amqp_field_value_t& array = table.entries[7].value;
    ASSERT_EQ(array.kind, AMQP_FIELD_KIND_ARRAY);
    ASSERT_EQ(array.value.array.num_entries, 2);
    EXPECT_EQ(array.value.array.entries[0].value.i64, 1);
    EXPECT_EQ(text_of(array.value.array.entries[1].value.bytes), "y");
    const amqp_field_value_t& object = table.entries[8].value;
    ASSERT_EQ(object.kind, AMQP_FIELD_KIND_TABLE);
    ASSERT_EQ(object.value.table.num_entries, 1);
    EXPECT_EQ(text_of(object.value.table.entries[0].key), "k");
    EXPECT_EQ(object.value.table.entries[0].value.value.boolean, 0);
}

TEST(FieldTable, EmptyObject) {
    const JsonValue headers = parse_json("{}");
    const FieldTable fields(headers);
    EXPECT_EQ(fields.table().num_entries, 0);
}

}  // namespace
}  // namespace pg_resty
