#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pg_resty {

// A parsed JSON document (RFC 8259), for the small JSON texts read from outside: JWT headers,
// claims and JWKs, trigger arguments, publish() headers. Numbers keep their text so that they
// are re-emitted exactly. Big payloads are only validated (is_json).
struct JsonValue {
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Kind kind = Kind::Null;
    bool boolean = false;
    std::string text;  // Number: the literal as written; String: the decoded UTF-8
    std::vector<JsonValue> items;
    std::vector<std::pair<std::string, JsonValue>> members;  // in document order

    // The first member called `key` of an object, or nullptr.
    const JsonValue* find(std::string_view key) const;
    bool is_string() const { return kind == Kind::String; }
    bool is_number() const { return kind == Kind::Number; }
    bool is_object() const { return kind == Kind::Object; }
    bool is_array() const { return kind == Kind::Array; }
};

struct JsonError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Parses one JSON value surrounded by optional whitespace; objects and arrays nest at most
// `max_depth` deep. Throws JsonError saying what is wrong and where (byte offset).
JsonValue parse_json(std::string_view text, int max_depth = 64);

// parse_json for untrusted input: nullopt instead of the error, and also for a string (or key)
// holding U+0000.
std::optional<JsonValue> try_parse_json(std::string_view text, int max_depth = 64);

// Compact JSON text of `value`.
std::string to_json(const JsonValue& value);
void append_json(std::string& out, const JsonValue& value);

// A number as a whole count of seconds (fractions truncated toward negative infinity, as
// PostgREST's floor does), saturating at the int64 limits; nullopt if not a JSON number.
std::optional<long long> json_number_as_int64(const JsonValue& value);

// Whether `text` is one valid JSON value (any depth, UTF-8 checked), without building it.
bool is_json(std::string_view text);

}  // namespace pg_resty
