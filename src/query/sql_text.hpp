#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pg_resty {

// "name" with embedded quotes doubled. Throws ApiError (400) for a NUL byte, which would
// otherwise cut the statement short.
std::string quote_ident(std::string_view name);

// "schema"."name"
std::string qualified_name(std::string_view schema, std::string_view name);

// A PostgreSQL array literal ({"a","b"}) whose elements are always quoted, so any text is safe.
std::string array_literal(const std::vector<std::string>& elements);

}  // namespace pg_resty
