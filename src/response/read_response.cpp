#include "response/read_response.hpp"

namespace pg_resty {

std::string content_range(long long offset, long long page_total, std::optional<long long> total) {
    std::string range = page_total > 0
                            ? std::to_string(offset) + "-" + std::to_string(offset + page_total - 1)
                            : std::string("*");
    range.push_back('/');
    range.append(total ? std::to_string(*total) : std::string("*"));
    return range;
}

Response read_response(ReadResult result, long long offset) {
    Response response;
    response.status = 200;
    response.add_header("Content-Type", kJsonContentType);
    response.add_header("Content-Range", content_range(offset, result.page_total));
    response.body = std::move(result.body);
    return response;
}

Response error_response(const ApiError& error) {
    Response response;
    response.status = error.status;
    response.add_header("Content-Type", kJsonContentType);
    response.add_header("Proxy-Status", "PostgREST; error=" + error.code);
    for (const Header& h : error.headers) {
        response.headers.push_back(h);
    }
    response.body = error.to_json();
    return response;
}

}  // namespace pg_resty
