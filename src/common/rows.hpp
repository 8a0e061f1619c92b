#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pg_resty {

// Query results as text, the way the database layer hands catalog rows to pure code.
using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

}  // namespace pg_resty
