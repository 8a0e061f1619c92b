#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/api_request.hpp"

namespace pg_resty {

// An and/or query parameter: `[embed.path.][not.]and|or=(...)`.
struct LogicParam {
    std::vector<std::string> embed;  // embedding path of the key, "not" left out
    LogicTree tree;
};

// Parses the key with PostgREST's pLogicPath and the value with pLogicTree (the operator of the
// key prefixed to it: "or" + "(a.eq.1,b.gt.2)"). Nesting of and/or is bounded by
// grammar::kMaxNesting. Throws ApiError PGRST100 ("failed to parse logic path (...)" /
// "failed to parse logic tree (...)").
LogicParam parse_logic_param(std::string_view key, std::string_view value);

// The same through the grammar alone: messages recorded from the start, so without the
// shortcuts a parse that records none may take (for tests).
LogicParam parse_logic_param_with_grammar(std::string_view key, std::string_view value);

}  // namespace pg_resty
