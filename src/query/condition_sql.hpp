#pragma once

#include <string>

#include "plan/read_plan.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// A column of `table` (a quoted, qualified relation name) with its JSON path:
// "s"."t"."data"->$1->>$2. Keys and indexes of the path are parameters. Like PostgREST, a path
// on a column that is not json/jsonb (a composite, an array) goes through to_jsonb().
std::string field_sql(const std::string& table, const Column& column, const JsonPath& path,
                      Statement& stmt);

// The type of that expression: the column's, json/jsonb after "->", text after "->>".
TypeOid field_type(const Column& column, const JsonPath& path);

// One filter as a boolean SQL expression. Values are always parameters, typed so that the
// operator PostgREST's SQL resolves to is the one PostgreSQL picks here too.
std::string condition_sql(const std::string& table, const ReadPlan::Condition& condition,
                          Statement& stmt);

// " WHERE ..." for the filters and logic trees of `plan`, or "" when there are none.
std::string where_sql(const std::string& table, const ReadPlan& plan, Statement& stmt);

}  // namespace pg_resty
