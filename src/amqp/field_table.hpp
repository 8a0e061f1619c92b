#pragma once

#include <amqp.h>

#include <deque>
#include <vector>

#include "common/json_value.hpp"

namespace pg_resty {

// An AMQP field table (message headers) built from a JSON object: strings become long
// strings, integers that fit become signed 64-bit, other numbers doubles, booleans, null
// void, objects nested tables, arrays field arrays. Points into `object`'s strings, which must
// outlive it; owns every other piece of memory it hands to rabbitmq-c.
class FieldTable {
  public:
    explicit FieldTable(const JsonValue& object);

    FieldTable(const FieldTable&) = delete;
    FieldTable& operator=(const FieldTable&) = delete;

    const amqp_table_t& table() const { return root_; }

  private:
    amqp_table_t convert_object(const JsonValue& object);
    amqp_array_t convert_array(const JsonValue& array);
    amqp_field_value_t convert_value(const JsonValue& value);

    std::deque<std::vector<amqp_table_entry_t>> entries_;
    std::deque<std::vector<amqp_field_value_t>> values_;
    amqp_table_t root_{};
};

}  // namespace pg_resty
