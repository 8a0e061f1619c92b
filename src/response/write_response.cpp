#include "response/write_response.hpp"

#include "common/json_value.hpp"
#include "common/text.hpp"
#include "response/read_response.hpp"

namespace pg_resty {

namespace {

// http-types' urlEncode True: unreserved characters kept, a space as '+', the rest %XX.
std::string url_encode_query(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            u == '-' || u == '_' || u == '.' || u == '~') {
            out.push_back(c);
        } else if (u == ' ') {
            out.push_back('+');
        } else {
            out.push_back('%');
            out.push_back(hex[u >> 4]);
            out.push_back(hex[u & 0xF]);
        }
    }
    return out;
}

const char* token(PreferRepresentation representation) {
    switch (representation) {
        case PreferRepresentation::Full:
            return "return=representation";
        case PreferRepresentation::HeadersOnly:
            return "return=headers-only";
        case PreferRepresentation::None:
            return "return=minimal";
    }
    return "";
}

bool counted(const Preferences& preferences) {
    return preferences.count == PreferCount::Exact || preferences.count == PreferCount::Estimated;
}

// PostgREST's contentRangeH 1 0: never a range, only the total when counted.
std::string unranged(const Preferences& preferences, long long rows) {
    return counted(preferences) ? "*/" + std::to_string(rows) : "*/*";
}

void add_profile(Response& response, const ApiRequest& api, const WritePlan& plan) {
    response.add_header("Content-Type", content_type(plan.read.output.media));
    if (api.negotiated_by_profile) {
        response.add_header("Content-Profile", api.schema);
    }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_location(const std::string& json) {
    std::vector<std::pair<std::string, std::string>> pairs;
    const std::optional<JsonValue> value = try_parse_json(json);
    if (!value || !value->is_array()) {
        return pairs;
    }
    for (const JsonValue& item : value->items) {
        if (item.is_array() && item.items.size() == 2 && item.items[0].is_string() &&
            item.items[1].is_string()) {
            pairs.emplace_back(item.items[0].text, item.items[1].text);
        }
    }
    return pairs;
}

std::optional<std::string> write_preference_applied(const ApiRequest& api, const WritePlan& plan) {
    const Preferences& p = api.preferences;
    std::string applied;
    const auto add = [&applied](const std::string& item) {
        applied.append(applied.empty() ? "" : ", ").append(item);
    };
    const Action action = plan.action;
    // PostgREST reports the resolution of a POST only where it can apply: a primary key or
    // ?on_conflict= gives it a conflict target.
    if (action == Action::Create && p.resolution &&
        (!plan.primary_key.empty() || api.on_conflict)) {
        add(*p.resolution == PreferResolution::MergeDuplicates ? "resolution=merge-duplicates"
                                                               : "resolution=ignore-duplicates");
    }
    if ((action == Action::Create || action == Action::Update) && p.missing) {
        add(*p.missing == PreferMissing::ApplyDefaults ? "missing=default" : "missing=null");
    }
    if (p.representation) {
        add(token(*p.representation));
    }
    if (p.count) {
        add(preference_token(*p.count));
    }
    if (p.transaction) {
        add(*p.transaction == PreferTransaction::Commit ? "tx=commit" : "tx=rollback");
    }
    if (p.handling) {
        add(preference_token(*p.handling));
    }
    if ((action == Action::Update || action == Action::Delete) &&
        p.handling == PreferHandling::Strict && p.max_affected) {
        // Only a value PostgREST reads as an integer is applied, printed back normalised.
        std::string_view text = *p.max_affected;
        const bool negative = !text.empty() && text.front() == '-';
        if (negative) {
            text.remove_prefix(1);
        }
        long long n = 0;
        if (parse_non_negative_int64(text, n)) {
            add("max-affected=" + std::to_string(negative ? -n : n));
        }
    }
    if (applied.empty()) {
        return std::nullopt;
    }
    return applied;
}

Response write_response(WriteResult result, const ApiRequest& api, const WritePlan& plan) {
    const Preferences& prefs = api.preferences;
    const bool full = plan.representation == PreferRepresentation::Full;
    Response response;
    switch (plan.action) {
        case Action::Create: {
            response.status = 201;
            if (!result.location.empty()) {
                std::string location = "/" + plan.read.relation->name;
                for (size_t i = 0; i < result.location.size(); ++i) {
                    location.append(i == 0 ? "?" : "&")
                        .append(url_encode_query(result.location[i].first))
                        .append("=")
                        .append(url_encode_query(result.location[i].second));
                }
                response.add_header("Location", std::move(location));
            }
            response.add_header("Content-Range", unranged(prefs, result.page_total));
            break;
        }
        case Action::Update: {
            response.status = full ? 200 : 204;
            const std::optional<long long> total =
                counted(prefs) ? std::optional<long long>(result.page_total) : std::nullopt;
            response.add_header("Content-Range", content_range(0, result.page_total, total));
            break;
        }
        case Action::Upsert:
            response.status = full ? 200 : 204;
            break;
        case Action::Delete:
            response.status = full ? 200 : 204;
            response.add_header("Content-Range", unranged(prefs, result.page_total));
            break;
        default:
            break;
    }
    if (std::optional<std::string> applied = write_preference_applied(api, plan)) {
        response.add_header("Preference-Applied", std::move(*applied));
    }
    if (full) {
        add_profile(response, api, plan);
        response.body = std::move(result.body);
    }
    apply_response_gucs(result.gucs, response);
    return response;
}

}  // namespace pg_resty
