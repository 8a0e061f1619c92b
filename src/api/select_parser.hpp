#pragma once

#include <string_view>
#include <vector>

#include "api/api_request.hpp"

namespace pg_resty {

// Parses the `select` query parameter: "*", "col", "alias:col", "col::type", comma separated.
// Throws ApiError (PGRST100) on malformed input.
std::vector<SelectItem> parse_select(std::string_view text);

// The same through the grammar alone, without the plain-syntax shortcut (for tests).
std::vector<SelectItem> parse_select_with_grammar(std::string_view text);

// Maps a cast written by the client to a type name that is safe to quote as an identifier
// (SQL spellings like "integer" become their catalog names). Empty if not acceptable.
std::string normalize_cast_type(std::string_view text);

}  // namespace pg_resty
