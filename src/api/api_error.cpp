#include "api/api_error.hpp"

#include "common/json_text.hpp"

namespace pg_resty {

namespace {
void append_optional(std::string& out, const std::optional<std::string>& value) {
    if (value) {
        append_json_string(out, *value);
    } else {
        out.append("null");
    }
}
}  // namespace

std::string ApiError::to_json() const {
    std::string out = "{\"code\":";
    append_json_string(out, code);
    out.append(",\"details\":");
    if (details_json) {
        out.append(*details_json);
    } else {
        append_optional(out, details);
    }
    out.append(",\"hint\":");
    append_optional(out, hint);
    out.append(",\"message\":");
    append_json_string(out, message);
    out.push_back('}');
    return out;
}

}  // namespace pg_resty
