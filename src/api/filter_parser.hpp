#pragma once

#include <string_view>

#include "api/api_request.hpp"
#include "api/field_name.hpp"
#include "api/parsec.hpp"

namespace pg_resty {

// True when a query-string value reads as a filter ("eq.1", "not.in.(1,2)", "is.null"),
// PostgREST's test for telling filters from plain parameters.
bool looks_like_filter(std::string_view value);

// Parses the operator expression of `field=<value>`. Throws ApiError (PGRST100).
Filter parse_filter(grammar::Field field, std::string_view value);

// The same through the grammar alone, without the plain-syntax shortcut (for tests).
Filter parse_filter_with_grammar(grammar::Field field, std::string_view value);

namespace grammar {

// Where an operator's single value ends: a filter's value is the rest of the input; inside a
// logic tree it is a quoted value, a {...} array literal, or text up to ',' or ')'.
enum class ValueSyntax { Rest, LogicTree };

// pOpExpr: ["not."] operator "." value. Fills all of the Filter but its field.
Reply<Filter> op_expr(Input& in, size_t pos, ValueSyntax syntax);

}  // namespace grammar

}  // namespace pg_resty
