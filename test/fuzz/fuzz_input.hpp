#pragma once

// Helpers shared by the libFuzzer harnesses (header only: every test/fuzz/*_fuzz.cpp is one
// target). Inputs are text, one field a line, so that seeds are readable PostgREST requests,
// tokens and headers, and the fuzzer's mutations stay close to them.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/request_target.hpp"

namespace pg_resty::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
    return std::string_view(reinterpret_cast<const char*>(data), size);
}

// The lines of `text`, without their '\n' (a last line without one counts too).
inline std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return lines;
}

// A request as the HTTP server hands it over: `lines[0]` is "METHOD target" (or just the
// target, for a GET), every further line "name: value" is a header (name lower-cased, as the
// server does); a line without ':' starts the body, which runs to the end.
inline Request request_from_lines(const std::vector<std::string_view>& lines) {
    Request request;
    request.method = "GET";
    if (lines.empty()) {
        request.target = "/";
    } else {
        std::string_view first = lines[0];
        const size_t space = first.find(' ');
        if (space != std::string_view::npos && space > 0 && first[0] != '/') {
            request.method = std::string(first.substr(0, space));
            first.remove_prefix(space + 1);
        }
        request.target = std::string(first);
    }
    split_request_target(request.target, request.path, request.query);
    for (size_t i = 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            for (size_t j = i; j < lines.size(); ++j) {
                request.body.append(lines[j]).append(j + 1 < lines.size() ? "\n" : "");
            }
            break;
        }
        Header header;
        for (const char c : line.substr(0, colon)) {
            header.name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
        }
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') {
            value.remove_prefix(1);
        }
        header.value = std::string(value);
        request.headers.push_back(std::move(header));
    }
    return request;
}

// PG_RESTY_FUZZ_VERBOSE=1: harnesses say what became of each input (to check seeds).
inline bool verbose() {
    static const bool on = std::getenv("PG_RESTY_FUZZ_VERBOSE") != nullptr;
    return on;
}

// A broken invariant: reported as a crash, with what was wrong.
[[noreturn]] inline void fail(const char* what, std::string_view detail) {
    std::fprintf(stderr, "pg_resty fuzz invariant broken: %s: %.*s\n", what,
                 static_cast<int>(detail.size()), detail.data());
    std::abort();
}

}  // namespace pg_resty::fuzz
