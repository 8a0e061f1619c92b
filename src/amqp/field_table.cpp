#include "amqp/field_table.hpp"

#include <charconv>
#include <cstdint>

namespace pg_resty {

namespace {

amqp_bytes_t bytes_of(const std::string& text) {
    amqp_bytes_t bytes;
    bytes.len = text.size();
    bytes.bytes = const_cast<char*>(text.data());
    return bytes;
}

bool is_integer_literal(const std::string& text) {
    return text.find_first_of(".eE") == std::string::npos;
}

}  // namespace

FieldTable::FieldTable(const JsonValue& object) {
    root_ = convert_object(object);
}

amqp_table_t FieldTable::convert_object(const JsonValue& object) {
    entries_.emplace_back(object.members.size());
    std::vector<amqp_table_entry_t>& entries = entries_.back();
    for (size_t i = 0; i < object.members.size(); ++i) {
        entries[i].key = bytes_of(object.members[i].first);
        entries[i].value = convert_value(object.members[i].second);
    }
    amqp_table_t table;
    table.num_entries = static_cast<int>(entries.size());
    table.entries = entries.empty() ? nullptr : entries.data();
    return table;
}

amqp_array_t FieldTable::convert_array(const JsonValue& array) {
    values_.emplace_back(array.items.size());
    std::vector<amqp_field_value_t>& values = values_.back();
    for (size_t i = 0; i < array.items.size(); ++i) {
        values[i] = convert_value(array.items[i]);
    }
    amqp_array_t out;
    out.num_entries = static_cast<int>(values.size());
    out.entries = values.empty() ? nullptr : values.data();
    return out;
}

amqp_field_value_t FieldTable::convert_value(const JsonValue& value) {
    amqp_field_value_t field{};
    switch (value.kind) {
        case JsonValue::Kind::Null:
            field.kind = AMQP_FIELD_KIND_VOID;
            break;
        case JsonValue::Kind::Bool:
            field.kind = AMQP_FIELD_KIND_BOOLEAN;
            field.value.boolean = value.boolean ? 1 : 0;
            break;
        case JsonValue::Kind::Number: {
            const char* first = value.text.data();
            const char* last = first + value.text.size();
            int64_t integer = 0;
            if (is_integer_literal(value.text) &&
                std::from_chars(first, last, integer).ec == std::errc()) {
                field.kind = AMQP_FIELD_KIND_I64;
                field.value.i64 = integer;
            } else {
                double real = 0;
                std::from_chars(first, last, real);  // out of range: stays 0
                field.kind = AMQP_FIELD_KIND_F64;
                field.value.f64 = real;
            }
            break;
        }
        case JsonValue::Kind::String:
            field.kind = AMQP_FIELD_KIND_UTF8;
            field.value.bytes = bytes_of(value.text);
            break;
        case JsonValue::Kind::Array:
            field.kind = AMQP_FIELD_KIND_ARRAY;
            field.value.array = convert_array(value);
            break;
        case JsonValue::Kind::Object:
            field.kind = AMQP_FIELD_KIND_TABLE;
            field.value.table = convert_object(value);
            break;
    }
    return field;
}

}  // namespace pg_resty
