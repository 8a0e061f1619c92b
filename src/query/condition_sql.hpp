#pragma once

#include <functional>
#include <string>
#include <vector>

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

// The SQL of `rel=is.null` (not_null false) or `rel=not.is.null` on the level's embedded
// resource `embed`: the page tests the joined subquery, the count query the related rows.
using NullEmbedSql = std::function<std::string(size_t embed, bool not_null)>;

// A level's filters and logic trees, each a boolean SQL expression, to be ANDed.
std::vector<std::string> conditions_sql(const std::string& table,
                                        const std::vector<ReadPlan::Condition>& where,
                                        const std::vector<ReadPlan::Logic>& logic,
                                        const NullEmbedSql& null_embed, Statement& stmt);

// " WHERE a AND b ...", or "" when there are no conditions.
std::string where_clause(const std::vector<std::string>& conditions);

}  // namespace pg_resty
