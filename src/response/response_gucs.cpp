#include "response/response_gucs.hpp"

#include <vector>

#include "api/api_error.hpp"
#include "common/json_value.hpp"
#include "common/text.hpp"

namespace pg_resty {

namespace {

ApiError headers_error() {
    return ApiError(500, "PGRST111",
                    "response.headers guc must be a JSON array composed of objects with a single "
                    "key and a string value");
}

// RFC 9110 token characters.
bool is_token(const std::string& name) {
    if (name.empty()) {
        return false;
    }
    for (unsigned char c : name) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') ||
                        std::string("!#$%&'*+-.^_`|~").find(c) != std::string::npos;
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool is_field_value(const std::string& value) {
    for (unsigned char c : value) {
        if (c == '\r' || c == '\n' || c == '\0') {
            return false;
        }
    }
    return true;
}

bool same_name(const std::string& a, const std::string& b) {
    return to_lower_ascii(a) == to_lower_ascii(b);
}

// PostgREST reads the status with `decimal`: leading digits, the rest ignored.
int parse_status(const std::string& text) {
    size_t digits = 0;
    while (digits < text.size() && digits < 4 && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    long long status = 0;
    if (digits == 0 ||
        !parse_non_negative_int64(std::string_view(text).substr(0, digits), status) ||
        status < 100 || status > 599) {
        throw ApiError(500, "PGRST112", "response.status guc must be a valid status code");
    }
    return static_cast<int>(status);
}

std::vector<Header> parse_headers(const std::string& text) {
    std::optional<JsonValue> value = try_parse_json(text);
    if (!value || !value->is_array()) {
        throw headers_error();
    }
    std::vector<Header> headers;
    for (const JsonValue& item : value->items) {
        if (!item.is_object() || item.members.size() != 1 || !item.members[0].second.is_string()) {
            throw headers_error();
        }
        const std::string& name = item.members[0].first;
        const std::string& field = item.members[0].second.text;
        if (!is_token(name) || !is_field_value(field)) {
            throw headers_error();
        }
        headers.push_back(Header{name, field});
    }
    return headers;
}

}  // namespace

void apply_response_gucs(const ResponseGucs& gucs, Response& response) {
    // Both are checked before either applies, as PostgREST decodes both first.
    std::optional<int> status;
    if (gucs.status) {
        status = parse_status(*gucs.status);
    }
    if (gucs.headers) {
        std::vector<Header> set = parse_headers(*gucs.headers);
        for (const Header& ours : response.headers) {
            bool overridden = false;
            for (const Header& theirs : set) {
                overridden = overridden || same_name(ours.name, theirs.name);
            }
            if (!overridden) {
                set.push_back(ours);
            }
        }
        response.headers = std::move(set);
    }
    if (status) {
        response.status = *status;
    }
}

}  // namespace pg_resty
