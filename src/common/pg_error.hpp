#pragma once

#include <exception>
#include <optional>
#include <string>

namespace pg_resty {

// An error PostgreSQL raised, copied out of its ErrorData so that it can travel as a C++
// exception (the db guards throw it) and be mapped to HTTP by pure code.
struct PgError : std::exception {
    std::string sqlstate;  // five characters, e.g. "42501"
    std::string message;
    std::optional<std::string> detail;
    std::optional<std::string> hint;

    PgError(std::string sqlstate_, std::string message_,
            std::optional<std::string> detail_ = std::nullopt,
            std::optional<std::string> hint_ = std::nullopt)
        : sqlstate(std::move(sqlstate_)),
          message(std::move(message_)),
          detail(std::move(detail_)),
          hint(std::move(hint_)) {}

    const char* what() const noexcept override { return message.c_str(); }
};

}  // namespace pg_resty
