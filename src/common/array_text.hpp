#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pg_resty {

// Reads the text form of a one-dimensional text[] as PostgreSQL prints it ({a,"b c","d\"e"}),
// the way catalog queries hand over lists. NULL elements are dropped. nullopt if the text is
// not such an array (a query/reader mismatch, never user input).
std::optional<std::vector<std::string>> parse_text_array(std::string_view text);

}  // namespace pg_resty
