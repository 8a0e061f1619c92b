#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pg_resty {

struct Header {
    std::string name;  // lower case
    std::string value;
};

// One HTTP request as received, before any interpretation by the API stages.
struct Request {
    std::string method;
    std::string target;  // raw request-target ("/items?id=eq.1")
    std::string path;    // percent-decoded path, no query string
    std::string query;   // raw query string after '?', still encoded
    std::vector<Header> headers;
    std::string body;
    std::string client_address;

    // First header with this (lower-case) name, or nullptr.
    const std::string* header(std::string_view name) const;
};

}  // namespace pg_resty
