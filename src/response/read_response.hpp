#pragma once

#include <optional>
#include <string>

#include "api/api_error.hpp"
#include "api/api_request.hpp"
#include "http/response.hpp"
#include "plan/read_plan.hpp"
#include "response/response_gucs.hpp"

namespace pg_resty {

// What the read statements returned.
struct ReadResult {
    std::optional<long long> total;  // total_result_set: the count, when counted
    long long page_total = 0;        // rows in this page
    std::string body;
    std::optional<std::string> explain;  // EXPLAIN (FORMAT JSON) of the count, when it ran
    ResponseGucs gucs;                   // response.status / response.headers, as SQL left them
};

inline constexpr const char* kJsonContentType = "application/json; charset=utf-8";

// "0-24/*", "*/*" for an empty page, "/N" once a total is known ("*/0" when it is 0).
std::string content_range(long long offset, long long page_total,
                          std::optional<long long> total = std::nullopt);

// 200, 206 when a known total is more than the page holds, 416 when the page starts past it.
int range_status(long long offset, long long page_total, std::optional<long long> total);

// Stage 8: the response for a successful read, as PostgREST's readResponse: Content-Range,
// Content-Type, Content-Profile, Preference-Applied, then the response GUCs' overrides. Throws
// ApiError 406 PGRST116 when a single object was asked for and the page does not hold exactly
// one row, and what apply_response_gucs throws.
Response read_response(ReadResult result, const ApiRequest& api, const ReadPlan& plan);

// The response for any error.
Response error_response(const ApiError& error);

}  // namespace pg_resty
