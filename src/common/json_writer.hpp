#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pg_resty {

// Writes a JSON text in one pass, placing commas and colons itself, so code that assembles a
// large document (the OpenAPI description) reads as its structure. Strings are escaped with
// append_json_string; the caller keeps objects and arrays balanced.
class JsonWriter {
  public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();

    // The next member's name; the value follows with any of the calls below.
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view value);
    JsonWriter& boolean(bool value);
    JsonWriter& number(long long value);
    // A value that already is JSON text (checked by the caller).
    JsonWriter& raw(std::string_view json);

    // Shorthands for a member.
    JsonWriter& member(std::string_view name, std::string_view value) {
        return key(name).string(value);
    }
    JsonWriter& member(std::string_view name, const char* value) { return key(name).string(value); }
    JsonWriter& member(std::string_view name, bool value) { return key(name).boolean(value); }
    JsonWriter& ref_object(std::string_view target);  // {"$ref":"<target>"}

    const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

  private:
    void before_value();

    std::string out_;
    // One entry per open object or array: whether it has a member or element yet.
    std::vector<bool> has_items_;
    bool after_key_ = false;
};

}  // namespace pg_resty
