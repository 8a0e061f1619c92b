#include "config/proxy_uri.hpp"

#include <cctype>

namespace pg_resty {

namespace {

bool is_unreserved_or_sub_delim(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("-._~!$&'()*+,;=%").find(c) != std::string_view::npos;
}

// RFC 3986's reg-name (percent-encodings taken as written) or a bracketed IP literal.
bool valid_host(std::string_view host) {
    if (host.empty()) {
        return false;
    }
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') {
            return false;
        }
        for (char c : host.substr(1, host.size() - 2)) {
            if (std::isxdigit(static_cast<unsigned char>(c)) == 0 && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }
    for (char c : host) {
        if (!is_unreserved_or_sub_delim(c)) {
            return false;
        }
    }
    return true;
}

bool valid_path(std::string_view path) {
    for (char c : path) {
        if (!is_unreserved_or_sub_delim(c) && c != '/' && c != ':' && c != '@') {
            return false;
        }
    }
    return true;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace

std::optional<ProxyUri> parse_proxy_uri(std::string_view text) {
    ProxyUri uri;
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    uri.scheme = lower(text.substr(0, colon));
    if (uri.scheme != "http" && uri.scheme != "https") {
        return std::nullopt;
    }
    std::string_view rest = text.substr(colon + 1);
    if (rest.substr(0, 2) != "//") {
        return std::nullopt;  // no authority: no host
    }
    rest.remove_prefix(2);
    if (const size_t hash = rest.find('#'); hash != std::string_view::npos) {
        rest = rest.substr(0, hash);
    }
    if (rest.find('?') != std::string_view::npos) {
        return std::nullopt;
    }
    const size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    const std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
    if (authority.find('@') != std::string_view::npos || !valid_path(path)) {
        return std::nullopt;
    }
    // The port follows the last ':' outside an IP literal.
    const size_t bracket = authority.rfind(']');
    const size_t port_colon = authority.rfind(':');
    std::string_view host = authority;
    uri.port = uri.scheme == "https" ? 443 : 80;
    if (port_colon != std::string_view::npos &&
        (bracket == std::string_view::npos || port_colon > bracket)) {
        host = authority.substr(0, port_colon);
        const std::string_view digits = authority.substr(port_colon + 1);
        if (digits.empty() || digits.size() > 5) {
            return std::nullopt;
        }
        int port = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') {
                return std::nullopt;
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            return std::nullopt;
        }
        uri.port = port;
    }
    if (!valid_host(host)) {
        return std::nullopt;
    }
    uri.host.assign(host);
    if (!path.empty()) {
        uri.path.assign(path);
    }
    return uri;
}

}  // namespace pg_resty
