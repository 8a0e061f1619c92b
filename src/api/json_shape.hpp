#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pg_resty {

// What PostgREST's payloadAttributes learns from a JSON body, found without building the
// document (bodies are megabytes): the keys of an object, or the keys shared by every element
// of an array of objects.
struct JsonShape {
    enum class Kind { Object, Array, Other };
    Kind kind = Kind::Other;
    // Object: its keys. Array: the first element's keys; empty for an empty array.
    std::vector<std::string> keys;  // sorted, without duplicates
    // Array: every element is an object with the same key set as the first.
    bool uniform = true;
};

// nullopt when `text` is not one valid JSON value.
std::optional<JsonShape> json_shape(std::string_view text);

}  // namespace pg_resty
