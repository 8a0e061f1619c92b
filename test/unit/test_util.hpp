#pragma once

// Helpers shared by the unit tests (header only: the test glob picks up *.cpp files).

#include <gtest/gtest.h>

#include <random>
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

// Up to `max_length` bytes drawn from `alphabet` (NULs included): input for the robustness tests,
// which feed parsers text made of the bytes they treat specially.
inline std::string random_text(std::mt19937& rng, std::string_view alphabet, size_t max_length) {
    std::uniform_int_distribution<size_t> length(0, max_length);
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    std::string text;
    const size_t n = length(rng);
    for (size_t i = 0; i < n; ++i) {
        text.push_back(alphabet[pick(rng)]);
    }
    return text;
}

}  // namespace pg_resty::test
