#include "pipeline/request_context.hpp"

#include <utility>
#include <vector>

#include "common/json_text.hpp"
#include "common/text.hpp"

namespace pg_resty {

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// Later duplicates replace earlier values, keeping the first position, so the object has
// unique keys whichever JSON reader the user's SQL applies.
void put(Pairs& pairs, std::string key, std::string value) {
    for (auto& [k, v] : pairs) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    pairs.emplace_back(std::move(key), std::move(value));
}

std::string to_json_object(const Pairs& pairs) {
    std::string out = "{";
    for (const auto& [key, value] : pairs) {
        if (out.size() > 1) {
            out.push_back(',');
        }
        append_json_string(out, key);
        out.push_back(':');
        append_json_string(out, value);
    }
    out.push_back('}');
    return out;
}

}  // namespace

std::string headers_json(const Request& request) {
    Pairs pairs;
    for (const Header& h : request.headers) {
        put(pairs, h.name, h.value);
    }
    return to_json_object(pairs);
}

std::string cookies_json(const Request& request) {
    Pairs pairs;
    for (const Header& h : request.headers) {
        if (h.name != "cookie") {
            continue;
        }
        for (const std::string& part : split_list(h.value, ';')) {
            const size_t eq = part.find('=');
            if (eq == std::string::npos || eq == 0) {
                continue;
            }
            std::string_view value = trim_ascii(std::string_view(part).substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            put(pairs, std::string(trim_ascii(std::string_view(part).substr(0, eq))),
                std::string(value));
        }
    }
    return to_json_object(pairs);
}

RequestContext make_request_context(const Request& request, const AuthResult& auth,
                                    const Settings& settings, bool read_only) {
    RequestContext ctx;
    ctx.role = auth.role;
    ctx.claims_json = auth.claims_json;
    ctx.method = request.method;
    ctx.path = request.path;
    ctx.headers_json = headers_json(request);
    ctx.cookies_json = cookies_json(request);
    ctx.read_only = read_only;
    ctx.legacy_gucs = settings.legacy_gucs;
    return ctx;
}

}  // namespace pg_resty
