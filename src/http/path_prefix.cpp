#include "http/path_prefix.hpp"

#include "common/text.hpp"

namespace pg_resty {

bool strip_path_prefix(std::string_view prefix, std::string& path) {
    if (prefix.empty()) {
        return true;
    }
    if (path.size() < prefix.size() || std::string_view(path).substr(0, prefix.size()) != prefix) {
        return false;
    }
    if (path.size() == prefix.size()) {
        path = "/";
        return true;
    }
    if (path[prefix.size()] != '/') {
        return false;
    }
    path.erase(0, prefix.size());
    return true;
}

std::string with_path_prefix(std::string_view prefix, std::string_view location) {
    const bool is_path = !location.empty() && location.front() == '/' &&
                         (location.size() == 1 || location[1] != '/');
    if (prefix.empty() || !is_path) {
        return std::string(location);
    }
    std::string out(prefix);
    out.append(location);
    return out;
}

void add_path_prefix(std::string_view prefix, Response& response) {
    if (prefix.empty()) {
        return;
    }
    for (Header& header : response.headers) {
        if (iequals_ascii(header.name, "location") ||
            iequals_ascii(header.name, "content-location")) {
            header.value = with_path_prefix(prefix, header.value);
        }
    }
}

}  // namespace pg_resty
