#pragma once

#include <optional>
#include <string>

#include "query/statement.hpp"

namespace pg_resty {

// PostgREST's db-pre-request call: SELECT "schema"."name"() for the pg_resty.pre_request
// setting ("schema.name", or "name" found through the request's search_path), both parts
// quoted. nullopt when the setting is empty.
std::optional<Statement> pre_request_statement(const std::string& setting);

}  // namespace pg_resty
