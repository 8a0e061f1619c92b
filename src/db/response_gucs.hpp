#pragma once

#include "response/response_gucs.hpp"

namespace pg_resty {

// response.status and response.headers as the request's transaction left them (empty counts
// as unset), read before it commits. Every request path that runs SQL reads them so that
// functions, views and the pre-request can shape the response.
ResponseGucs read_response_gucs();

}  // namespace pg_resty
