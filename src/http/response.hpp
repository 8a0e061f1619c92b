#pragma once

#include <string>
#include <vector>

#include "http/request.hpp"

namespace pg_resty {

struct Response {
    int status = 200;
    std::vector<Header> headers;  // names as sent (case preserved)
    std::string body;

    void add_header(std::string name, std::string value) {
        headers.push_back(Header{std::move(name), std::move(value)});
    }
};

}  // namespace pg_resty
