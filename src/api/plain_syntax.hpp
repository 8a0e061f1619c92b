#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "api/api_request.hpp"

// Most query strings use a plain subset of PostgREST's grammar: `select=a,b,c`, `col=eq.5`,
// `order=a.desc,b`. For those shapes the result of the (backtracking, error-collecting)
// grammar is evident, so they are recognised directly, which is many times cheaper. Anything
// else, including every malformed input, returns nullopt and goes through the grammar, which
// alone produces errors. test/unit/plain_syntax_test.cpp checks these against the grammar.

namespace pg_resty {

// The operator that "W.value" names when W is one of the operators taking a verbatim value
// (not in, is, not): for such input, PostgREST's pOpExpr always ends in W's alternative.
std::optional<FilterOp> plain_operator(std::string_view word);

// [A-Za-z0-9_]+: a field name that needs no grammar (no quotes, spaces, dashes or paths).
bool plain_field_name(std::string_view text);

// "[not.]op.value" with a plain operator word (no quantifier, language, in or is).
std::optional<Filter> plain_filter(std::string_view value);

// "*" or plain field names, comma separated.
std::optional<std::vector<SelectItem>> plain_select(std::string_view text);

// Plain field names, each with an optional .asc/.desc then .nullsfirst/.nullslast.
std::optional<std::vector<OrderTerm>> plain_order(std::string_view text);

}  // namespace pg_resty
