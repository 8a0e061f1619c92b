#pragma once

#include "db/pg_headers.hpp"

#include "common/rows.hpp"
#include "query/statement.hpp"

namespace pg_resty {

class PlanCache;

// Runs `statement` in the open Transaction with its parameters converted by their types'
// input functions (so a bad value is the database's own 22P02, not ours) and returns every row
// as text. `read_only` tells SPI not to advance the command counter.
Rows run_statement(PlanCache& plans, const Statement& statement, bool read_only);

// Runs a rows_as_json read (one text column per row, see query/read_tail.hpp) and writes the
// body json_agg would have built straight into `body`, without a Rows copy of every row.
// Returns the number of rows.
long long run_json_rows(PlanCache& plans, const Statement& statement, bool read_only,
                        std::string& body);

// Runs `statement` and returns how many rows it processed (a bare INSERT/UPDATE/DELETE with
// RETURNING: the rows it affected), without converting any of them to text.
long long run_counted(PlanCache& plans, const Statement& statement, bool read_only);

}  // namespace pg_resty
