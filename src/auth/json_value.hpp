#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pg_resty {

// A parsed JSON document, for the few places that must read JSON from the network (JWT
// headers and claims, JWKs). Numbers keep their text so that claims are re-emitted exactly.
struct JsonValue {
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Kind kind = Kind::Null;
    bool boolean = false;
    std::string text;  // the number's literal or the decoded string
    std::vector<JsonValue> items;
    std::vector<std::pair<std::string, JsonValue>> members;  // in document order

    // The last member called `key` (as most JSON readers do with duplicates), or nullptr.
    const JsonValue* find(std::string_view key) const;
    bool is_string() const { return kind == Kind::String; }
    bool is_number() const { return kind == Kind::Number; }
    bool is_object() const { return kind == Kind::Object; }
    bool is_array() const { return kind == Kind::Array; }
};

// Strict RFC 8259 parsing of a whole document; nullopt on any error, on nesting deeper than
// `max_depth`, or on strings that are not valid UTF-8.
std::optional<JsonValue> parse_json(std::string_view text, int max_depth = 64);

// Compact JSON text of `value`.
std::string to_json(const JsonValue& value);
void append_json(std::string& out, const JsonValue& value);

// A number as a whole count of seconds (fractions truncated toward negative infinity, as
// PostgREST's floor does), saturating at the int64 limits; nullopt if not a JSON number.
std::optional<long long> json_number_as_int64(const JsonValue& value);

}  // namespace pg_resty
