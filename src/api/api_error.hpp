#pragma once

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "http/request.hpp"

namespace pg_resty {

// An error answered to the client in PostgREST's shape: {"code","details","hint","message"}.
// details and hint are usually strings; details_json lets an error carry any JSON value.
struct ApiError : std::exception {
    int status = 500;
    std::string code;
    std::string message;
    std::optional<std::string> details;
    std::optional<std::string> hint;
    std::optional<std::string> details_json;  // raw JSON, wins over `details`
    std::vector<Header> headers;

    ApiError(int status_, std::string code_, std::string message_,
             std::optional<std::string> details_ = std::nullopt,
             std::optional<std::string> hint_ = std::nullopt)
        : status(status_),
          code(std::move(code_)),
          message(std::move(message_)),
          details(std::move(details_)),
          hint(std::move(hint_)) {}

    const char* what() const noexcept override { return message.c_str(); }

    // The JSON body, keys in PostgREST's (alphabetical) order.
    std::string to_json() const;
};

}  // namespace pg_resty
