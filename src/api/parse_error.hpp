#pragma once

#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "api/parsec.hpp"

namespace pg_resty {

// PostgREST reports query-string parse failures (PGRST100) the way its parser library does:
// the message names what failed and where ("failed to parse filter (x)" (line 1, column 3)),
// the details say why.
//   what:   "filter", "order", "select parameter", "logic tree", ...
//   source: the text named in the message (the query-string value)
//   parsed: the text that was parsed, where `error.pos` points (usually `source` itself; for
//           logic trees the operator is prefixed to it)
ApiError query_parse_error(std::string_view what, std::string_view source, std::string_view parsed,
                           const parsec::ParseError& error);

// The same shape for limits this implementation adds (nesting depth, list sizes), at byte
// offset `pos` of `parsed`.
ApiError query_parse_error(std::string_view what, std::string_view source, std::string_view parsed,
                           size_t pos, std::string details);

// Both, for the parse `in` names.
ApiError query_parse_error(const parsec::Input& in, const parsec::ParseError& error);
ApiError query_parse_error(const parsec::Input& in, size_t pos, std::string details);

// PGRST127: a documented PostgREST feature this build does not serve yet.
ApiError not_implemented(std::string details);

}  // namespace pg_resty
