#pragma once

#include "api/api_error.hpp"
#include "common/pg_error.hpp"

namespace pg_resty {

// PostgREST's SQLSTATE → HTTP status table. `authenticated`: the request carried a valid JWT
// (decides 401 or 403 for insufficient privilege).
int http_status_for_sqlstate(const std::string& sqlstate, const std::string& message,
                             bool authenticated);

// A database error as the client sees it: same code, message, details and hint.
ApiError api_error_from_pg(const PgError& error, bool authenticated);

}  // namespace pg_resty
