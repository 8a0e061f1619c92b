#include "response/call_response.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace pg_resty {

Response call_response(ReadResult result, const ApiRequest& api, const CallPlan& plan) {
    const ResponseGucs gucs = std::move(result.gucs);
    result.gucs = ResponseGucs{};
    Response response = read_response(std::move(result), api, plan.read);
    if (api.preferences.single_object_params) {
        // A call's Preference-Applied names params=single-object first, as PostgREST's.
        bool found = false;
        for (Header& header : response.headers) {
            if (header.name == "Preference-Applied") {
                header.value = "params=single-object, " + header.value;
                found = true;
            }
        }
        if (!found) {
            response.add_header("Preference-Applied", "params=single-object");
        }
    }
    if (plan.shape == CallShape::Void && response.status != 416) {
        // PostgREST's void answer keeps only Content-Range and Preference-Applied.
        response.status = 204;
        response.body.clear();
        response.headers.erase(std::remove_if(response.headers.begin(), response.headers.end(),
                                              [](const Header& h) {
                                                  const std::string name = to_lower_ascii(h.name);
                                                  return name == "content-type" ||
                                                         name == "content-profile";
                                              }),
                               response.headers.end());
    }
    apply_response_gucs(gucs, response);
    return response;
}

}  // namespace pg_resty
