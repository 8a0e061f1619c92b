#pragma once

// Helpers shared by the unit tests (header only: the test glob picks up *.cpp files).

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

#include "api/api_error.hpp"
#include "http/request.hpp"

namespace pg_resty::test {

// Runs `fn` and returns the ApiError it throws; records a test failure if it throws nothing
// (any other exception propagates and fails the test as well).
template <typename Fn>
ApiError catch_api_error(Fn&& fn) {
    try {
        std::forward<Fn>(fn)();
    } catch (const ApiError& error) {
        return error;
    }
    ADD_FAILURE() << "expected an ApiError, but nothing was thrown";
    return ApiError(0, "<none>", "<none>");
}

// The value of the first header called `name` (exact, case-sensitive), or "<missing>".
inline std::string header_value(const std::vector<Header>& headers, std::string_view name) {
    for (const Header& h : headers) {
        if (h.name == name) {
            return h.value;
        }
    }
    return "<missing>";
}

}  // namespace pg_resty::test
