#include "http/request_target.hpp"

namespace pg_resty {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            const int hi = hex_value(text[i + 1]);
            const int lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
    return out;
}

void split_request_target(std::string_view target, std::string& path, std::string& query) {
    const size_t hash = target.find('#');
    if (hash != std::string_view::npos) {
        target = target.substr(0, hash);
    }
    const size_t q = target.find('?');
    if (q == std::string_view::npos) {
        path = percent_decode(target, false);
        query.clear();
    } else {
        path = percent_decode(target.substr(0, q), false);
        query.assign(target.substr(q + 1));
    }
}

std::vector<QueryPair> parse_query_string(std::string_view query) {
    std::vector<QueryPair> pairs;
    size_t start = 0;
    while (start < query.size()) {
        size_t end = query.find('&', start);
        if (end == std::string_view::npos) {
            end = query.size();
        }
        const std::string_view item = query.substr(start, end - start);
        if (!item.empty()) {
            const size_t eq = item.find('=');
            if (eq == std::string_view::npos) {
                pairs.emplace_back(percent_decode(item, true), std::string());
            } else {
                pairs.emplace_back(percent_decode(item.substr(0, eq), true),
                                   percent_decode(item.substr(eq + 1), true));
            }
        }
        start = end + 1;
    }
    return pairs;
}

}  // namespace pg_resty
