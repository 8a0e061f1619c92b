#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pg_resty {

// A parsed JSON document (RFC 8259), for the small JSON texts the event code reads: trigger
// arguments, JWT claims, publish() headers. Big payloads are only validated (is_json).
struct JsonValue {
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Kind kind = Kind::Null;
    bool boolean = false;
    std::string text;  // Number: the literal as written; String: the decoded UTF-8
    std::vector<JsonValue> items;
    std::vector<std::pair<std::string, JsonValue>> members;  // in document order

    // The first member called `key` of an object, or nullptr.
    const JsonValue* find(std::string_view key) const;
};

struct JsonError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Parses one JSON value surrounded by optional whitespace; objects and arrays nest at most
// `max_depth` deep. Throws JsonError saying what is wrong and where (byte offset).
JsonValue parse_json(std::string_view text, int max_depth = 64);

// Whether `text` is one valid JSON value (any depth, UTF-8 checked), without building it.
bool is_json(std::string_view text);

}  // namespace pg_resty
