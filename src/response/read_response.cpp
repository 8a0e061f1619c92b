#include "response/read_response.hpp"

#include "response/read_total.hpp"

namespace pg_resty {

std::string content_range(long long offset, long long page_total, std::optional<long long> total) {
    const bool total_zero = total && *total == 0;
    std::string range = page_total > 0 && !total_zero
                            ? std::to_string(offset) + "-" + std::to_string(offset + page_total - 1)
                            : std::string("*");
    range.push_back('/');
    range.append(total ? std::to_string(*total) : std::string("*"));
    return range;
}

int range_status(long long offset, long long page_total, std::optional<long long> total) {
    if (!total) {
        return 200;
    }
    if (offset > *total) {
        return 416;
    }
    return page_total < *total ? 206 : 200;
}

Response read_response(ReadResult result, const ApiRequest& api, const ReadPlan& plan) {
    if (plan.output.media.is_singular() && result.page_total != 1) {
        throw ApiError(406, "PGRST116", "JSON object requested, multiple (or no) rows returned",
                       "The result contains " + std::to_string(result.page_total) + " rows");
    }
    const std::optional<long long> total = resolve_total(plan.count, result);
    const long long offset = api.range.offset();

    Response response;
    response.status = range_status(offset, result.page_total, total);
    response.add_header("Content-Range", content_range(offset, result.page_total, total));
    response.add_header("Content-Type", content_type(plan.output.media));
    if (api.negotiated_by_profile) {
        response.add_header("Content-Profile", api.schema);
    }
    if (std::optional<std::string> applied =
            read_preference_applied(api.preferences, plan.timezone.has_value())) {
        response.add_header("Preference-Applied", std::move(*applied));
    }
    if (response.status == 416) {
        // PostgREST answers this one from the read itself: the read's headers, an error body.
        response.body = ApiError(416, "PGRST103", "Requested range not satisfiable",
                                 "An offset of " + std::to_string(offset) +
                                     " was requested, but there are only " +
                                     std::to_string(total.value_or(0)) + " rows.")
                            .to_json();
    } else {
        response.body = std::move(result.body);
    }
    apply_response_gucs(result.gucs, response);
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
