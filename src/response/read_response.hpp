#pragma once

#include <optional>
#include <string>

#include "api/api_error.hpp"
#include "http/response.hpp"

namespace pg_resty {

// What the read statement returned.
struct ReadResult {
    long long page_total = 0;
    std::string body;
};

inline constexpr const char* kJsonContentType = "application/json; charset=utf-8";

// "0-24/*", "*/*" for an empty page, "/N" once a total is known.
std::string content_range(long long offset, long long page_total,
                          std::optional<long long> total = std::nullopt);

// Stage 8: the response for a successful read.
Response read_response(ReadResult result, long long offset);

// The response for any error.
Response error_response(const ApiError& error);

}  // namespace pg_resty
