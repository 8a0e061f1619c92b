#pragma once

#include <string_view>
#include <vector>

#include "api/api_request.hpp"

namespace pg_resty {

// Parses `order=col.desc.nullslast,col2`. Throws ApiError (PGRST100).
std::vector<OrderTerm> parse_order(std::string_view text);

// The same through the grammar alone, without the plain-syntax shortcut (for tests).
std::vector<OrderTerm> parse_order_with_grammar(std::string_view text);

}  // namespace pg_resty
