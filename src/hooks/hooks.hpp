#pragma once

#include <optional>

#include "http/request.hpp"
#include "http/response.hpp"

namespace pg_resty {

// Stages 2 and 8: the Lua hooks (on_rest_request, before_rest_response). No hooks file is
// configurable yet, so both pass everything through; the pipeline already calls them where
// PostgREST's starter kit ran them.
class Hooks {
  public:
    // A response here answers the request directly, without touching the database.
    std::optional<Response> on_rest_request(Request& request);
    void before_rest_response(const Request& request, Response& response);
};

}  // namespace pg_resty
