#include "api/request_headers.hpp"

namespace pg_resty {

void parse_read_headers(const Request& request, ApiRequest& api) {
    api.range = top_level_range(query_range(api.limit, api.offset), request.header("range"),
                                request.method == "GET");
    api.preferences = parse_preferences(request.headers);
    api.accept = parse_accept(request.header("accept"));
}

}  // namespace pg_resty
