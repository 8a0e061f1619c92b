#pragma once

#include <string>
#include <string_view>

namespace pg_resty {

// An application/x-www-form-urlencoded body as PostgREST reads it for a table: one JSON object
// whose values are strings, pairs split on '&' and ';', '+' a space, the last of a repeated key
// winning.
std::string form_to_json(std::string_view body);

}  // namespace pg_resty
