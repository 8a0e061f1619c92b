#include "api/parse_error.hpp"

namespace pg_resty {

namespace {
// Haskell's `show` of the parser's source name: quotes and backslashes escaped.
std::string shown(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}
}  // namespace

ApiError query_parse_error(std::string_view what, std::string_view input, size_t column,
                           std::string details) {
    std::string source = "failed to parse ";
    source.append(what).append(" (").append(input).append(")");
    std::string message = shown(source);
    message.append(" (line 1, column ").append(std::to_string(column)).append(")");
    return ApiError(400, "PGRST100", std::move(message), std::move(details));
}

ApiError not_implemented(std::string details) {
    return ApiError(400, "PGRST127", "Feature not implemented", std::move(details));
}

}  // namespace pg_resty
