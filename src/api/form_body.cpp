#include "api/form_body.hpp"

#include <map>
#include <utility>
#include <vector>

#include "common/json_text.hpp"
#include "http/request_target.hpp"

namespace pg_resty {

std::string form_to_json(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::map<std::string, size_t> index;
    while (!body.empty()) {
        const size_t end = body.find_first_of("&;");
        const std::string_view item = body.substr(0, end);
        body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
        if (item.empty()) {
            continue;
        }
        const size_t eq = item.find('=');
        std::string key = percent_decode(item.substr(0, eq), true);
        std::string value = eq == std::string_view::npos
                                ? std::string()
                                : percent_decode(item.substr(eq + 1), true);
        // An index, not a scan: a body may hold millions of pairs.
        const auto [slot, inserted] = index.emplace(key, pairs.size());
        if (inserted) {
            pairs.emplace_back(std::move(key), std::move(value));
        } else {
            pairs[slot->second].second = std::move(value);
        }
    }
    std::string json = "{";
    for (size_t i = 0; i < pairs.size(); ++i) {
        if (i > 0) {
            json.push_back(',');
        }
        append_json_string(json, pairs[i].first);
        json.push_back(':');
        append_json_string(json, pairs[i].second);
    }
    json.push_back('}');
    return json;
}

}  // namespace pg_resty
