#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/api_request.hpp"
#include "http/response.hpp"
#include "plan/write_plan.hpp"
#include "response/response_gucs.hpp"

namespace pg_resty {

// What a write statement returned.
struct WriteResult {
    long long page_total = 0;  // rows written (and sent back, with return=representation)
    std::string body;
    // The inserted row's primary key, for Location: (column, "eq.value") pairs.
    std::vector<std::pair<std::string, std::string>> location;
    ResponseGucs gucs;  // response.status / response.headers set by SQL
};

// Reads the statement's location column (a JSON array of two-string arrays).
std::vector<std::pair<std::string, std::string>> parse_location(const std::string& json);

// `Preference-Applied` of a write, as PostgREST's prefAppliedHeader lists it per action.
std::optional<std::string> write_preference_applied(const ApiRequest& api, const WritePlan& plan);

// Stage 8 for writes, as PostgREST's actionResponse: 201 for POST (Location with
// return=headers-only), 200 with a representation, 204 without one for PATCH, PUT and DELETE;
// Content-Range as PostgREST sends it for each.
Response write_response(WriteResult result, const ApiRequest& api, const WritePlan& plan);

}  // namespace pg_resty
