#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pg_resty {

// PostgREST's mapping of PostgreSQL data type texts to Swagger 2.0 types, for the OpenAPI
// description: "integer" → integer, "text" → string, "text[]" → array, and so on.

// The Swagger type of a data type text; nullopt for json and jsonb, which may be anything.
std::optional<std::string_view> swagger_type(std::string_view pg_type);

// For an array type ("integer[]"): the Swagger type of its elements (nullopt: anything).
std::optional<std::string_view> swagger_item_type(std::string_view pg_type);

bool is_array_type(std::string_view pg_type);

// The column default as a JSON value, as PostgREST shows it: for string-typed columns the
// constant without its cast and quotes ('abc'::text → "abc", now() → "now()"); for other types
// the expression if it is a JSON literal (42, 4.2, false). nullopt: nothing to show.
std::optional<std::string> swagger_default(std::string_view pg_type, std::string_view expression);

// Whether `text` is exactly one JSON number, true, false, or string literal.
bool is_json_scalar(std::string_view text);

}  // namespace pg_resty
