#include "http/cors.hpp"

#include <string>
#include <string_view>

#include "common/text.hpp"

namespace pg_resty {

namespace {

constexpr const char* kAllowedMethods = "GET, POST, PATCH, PUT, DELETE, OPTIONS";
constexpr const char* kExposedHeaders =
    "Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, "
    "Transfer-Encoding, Range-Unit";
constexpr const char* kMaxAgeSeconds = "86400";  // one day, as PostgREST

// The allowed origin of this request, or nullptr when it gets no CORS headers.
const std::string* allowed_origin(const Request& request, const Settings& settings) {
    const std::string* origin = request.header("origin");
    if (origin == nullptr) {
        return nullptr;
    }
    if (settings.cors_allowed_origins.empty()) {
        return origin;
    }
    for (const std::string& allowed : settings.cors_allowed_origins) {
        if (allowed == *origin) {
            return origin;
        }
    }
    return nullptr;
}

void add_origin_headers(const std::string& origin, const Settings& settings, Response& response) {
    if (settings.cors_allowed_origins.empty()) {
        response.add_header("Access-Control-Allow-Origin", "*");
    } else {
        response.add_header("Access-Control-Allow-Origin", origin);
        response.add_header("Access-Control-Allow-Credentials", "true");
    }
}

bool simple_method(std::string_view method) {
    return method == "GET" || method == "HEAD" || method == "POST";
}

bool allowed_method(std::string_view method) {
    return simple_method(method) || method == "PATCH" || method == "PUT" || method == "DELETE" ||
           method == "OPTIONS";
}

}  // namespace

std::optional<Response> cors_preflight(const Request& request, const Settings& settings) {
    if (request.method != "OPTIONS") {
        return std::nullopt;
    }
    const std::string* method = request.header("access-control-request-method");
    const std::string* origin = allowed_origin(request, settings);
    if (method == nullptr || origin == nullptr || !allowed_method(trim_ascii(*method))) {
        return std::nullopt;
    }
    Response response;
    response.status = 200;
    add_origin_headers(*origin, settings, response);
    // PostgREST allows whatever headers the browser asks for, plus Authorization.
    std::string headers = "Authorization";
    if (const std::string* requested = request.header("access-control-request-headers")) {
        for (const std::string& name : split_list(*requested, ',')) {
            headers += ", " + name;
        }
    }
    response.add_header("Access-Control-Allow-Headers", headers);
    response.add_header("Access-Control-Allow-Methods", kAllowedMethods);
    response.add_header("Access-Control-Max-Age", kMaxAgeSeconds);
    return response;
}

void add_cors_headers(const Request& request, const Settings& settings, Response& response) {
    const std::string* origin = allowed_origin(request, settings);
    if (origin == nullptr) {
        return;
    }
    add_origin_headers(*origin, settings, response);
    response.add_header("Access-Control-Expose-Headers", kExposedHeaders);
}

}  // namespace pg_resty
