#include "api/profile.hpp"

#include <algorithm>

#include "api/api_error.hpp"

namespace pg_resty {

SchemaChoice negotiate_schema(const Request& request, const Settings& settings) {
    if (settings.schemas.empty()) {
        // Not reachable with the GUC's default; keeps the planner's messages meaningful.
        return SchemaChoice{"public", false};
    }
    const std::string& method = request.method;
    const bool writes =
        method == "POST" || method == "PATCH" || method == "PUT" || method == "DELETE";
    const std::string* profile = request.header(writes ? "content-profile" : "accept-profile");
    if (profile == nullptr) {
        return SchemaChoice{settings.schemas.front(), settings.schemas.size() != 1};
    }
    const auto& schemas = settings.schemas;
    if (std::find(schemas.begin(), schemas.end(), *profile) == schemas.end()) {
        std::string message = "The schema must be one of the following: ";
        for (size_t i = 0; i < schemas.size(); ++i) {
            message.append(i == 0 ? "" : ", ").append(schemas[i]);
        }
        throw ApiError(406, "PGRST106", std::move(message));
    }
    return SchemaChoice{*profile, true};
}

}  // namespace pg_resty
