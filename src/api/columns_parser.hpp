#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pg_resty {

// PostgREST's pColumns (`pFieldName `sepBy1` lexeme (char ',')`) for ?columns= and
// ?on_conflict=. `what` names the parameter in the PGRST100 message ("columns parameter").
std::vector<std::string> parse_column_list(std::string_view text, std::string_view what);

}  // namespace pg_resty
