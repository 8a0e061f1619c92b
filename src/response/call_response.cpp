#include "response/call_response.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace pg_resty {

Response call_response(ReadResult result, const ApiRequest& api, const CallPlan& plan) {
    const ResponseGucs gucs = std::move(result.gucs);
    result.gucs = ResponseGucs{};
    Response response = read_response(std::move(result), api, plan.read);
    if (plan.shape == CallShape::Void && response.status != 416) {
        response.status = 204;
        response.body.clear();
        response.headers.erase(std::remove_if(response.headers.begin(), response.headers.end(),
                                              [](const Header& h) {
                                                  return to_lower_ascii(h.name) == "content-type";
                                              }),
                               response.headers.end());
    }
    apply_response_gucs(gucs, response);
    return response;
}

}  // namespace pg_resty
