#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/rows.hpp"
#include "plan/read_plan.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// A read as the database runs it, in PostgREST's shape.
struct ReadStatements {
    // One row: page_total, total_result_set (bigint; null unless counted), body (text).
    // Unless rows_as_json: then one row per result row, its JSON text (see json_agg_text).
    Statement main;
    bool rows_as_json = false;
    // EXPLAIN (FORMAT JSON) of the count query, for count=planned and count=estimated: run in
    // the same transaction after `main`, only when main's total_result_set exceeds
    // explain_above if that is set (estimated counts past db-max-rows).
    std::optional<Statement> explain;
    std::optional<long long> explain_above;
};

// PostgREST's count query: "SELECT 1 FROM <relation> <WHERE ...>", whose placeholders are
// those of the main statement's first `params` parameters.
struct CountQuery {
    std::string sql;
    size_t params = 0;
    std::string with;  // CTEs `sql` reads (a function call's rows), for the EXPLAIN on its own
};

// The SQL expression that aggregates the rows of _postgrest_t into the body, as text.
std::string body_sql(BodyAggregate aggregate);

// The body json_agg would build from the rows of a rows_as_json statement, byte for byte:
// "[]" for none, else the elements separated by ", \n " (json_agg's separator for records).
// append_json_agg_element builds it one row at a time: `body` starts empty, and
// finish_json_agg closes it.
std::string json_agg_text(const Rows& rows);
void append_json_agg_element(std::string& body, std::string_view element);
void finish_json_agg(std::string& body);

// Finishes the read: `sql` is "WITH pgrst_source AS (SELECT ... " up to its LIMIT/OFFSET,
// `stmt` holds its parameters. Adds the count CTE and the final SELECT, and the EXPLAIN.
// `rows_as_json` allows the aggregate-free shape when nothing needs the aggregate row.
ReadStatements finish_read_statements(std::string sql, Statement stmt, const ReadPlan& plan,
                                      const CountQuery& count, bool rows_as_json = false);

}  // namespace pg_resty
