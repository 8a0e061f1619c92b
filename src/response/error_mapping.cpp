#include "response/error_mapping.hpp"

namespace pg_resty {

namespace {

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

int http_status_for_sqlstate(const std::string& code, const std::string& message,
                             bool authenticated) {
    if (code.size() != 5) {
        return 500;
    }
    // Exact codes first: several refine the class rule below them.
    if (code == "23503" || code == "23505")
        return 409;
    if (code == "25006")
        return 405;
    if (code == "21000")
        return ends_with(message, "requires a WHERE clause") ? 400 : 500;
    if (code == "22023") {
        return starts_with(message, "role") && ends_with(message, "does not exist") ? 401 : 400;
    }
    if (code == "53400")
        return 500;
    if (code == "57P01")
        return 503;
    if (code == "P0001")
        return 400;
    if (code == "42883")
        return starts_with(message, "function xmlagg(") ? 406 : 404;
    if (code == "42P01")
        return 404;
    if (code == "42P17")
        return 500;
    if (code == "42501")
        return authenticated ? 403 : 401;
    if (starts_with(code, "PT")) {
        const std::string digits = code.substr(2);
        if (digits[0] >= '1' && digits[0] <= '5' && digits[1] >= '0' && digits[1] <= '9' &&
            digits[2] >= '0' && digits[2] <= '9') {
            return std::stoi(digits);
        }
        return 500;
    }
    const std::string cls = code.substr(0, 2);
    if (cls == "08")
        return 503;
    if (cls == "09")
        return 500;
    if (cls == "0L" || cls == "0P")
        return 403;
    if (cls == "25")
        return 500;
    if (cls == "28")
        return 403;
    if (cls == "2D" || cls == "38" || cls == "39" || cls == "3B" || cls == "40")
        return 500;
    if (cls == "53")
        return 503;
    if (cls == "54" || cls == "55" || cls == "57" || cls == "58")
        return 500;
    if (cls == "F0" || cls == "HV" || cls == "P0" || cls == "XX")
        return 500;
    return 400;
}

ApiError api_error_from_pg(const PgError& error, bool authenticated) {
    ApiError api(http_status_for_sqlstate(error.sqlstate, error.message, authenticated),
                 error.sqlstate, error.message, error.detail, error.hint);
    if (api.status == 401) {
        api.headers.push_back(Header{"WWW-Authenticate", "Bearer"});
    }
    return api;
}

}  // namespace pg_resty
