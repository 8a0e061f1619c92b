#pragma once

#include <optional>
#include <string>

#include "http/response.hpp"

namespace pg_resty {

// What the request's SQL left in response.status and response.headers (nullopt: unset or
// empty), for PostgREST's override of the response.
struct ResponseGucs {
    std::optional<std::string> status;
    std::optional<std::string> headers;
};

// Applies them as PostgREST's overrideStatusHeaders: the status replaces the response's, and
// the headers ([{"Name": "value"}, ...]) replace the response's headers of the same names.
// Throws ApiError 500 PGRST112 for a status that is not a status code, PGRST111 for headers
// not in that shape (or that could split the response).
void apply_response_gucs(const ResponseGucs& gucs, Response& response);

}  // namespace pg_resty
