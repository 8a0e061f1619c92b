#include "events/amqp_url.hpp"

#include "common/text.hpp"

namespace pg_resty {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string percent_decode(std::string_view text, const char* part) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        const int low = high >= 0 ? hex_value(text[i + 2]) : -1;
        if (high < 0 || low < 0) {
            throw AmqpUrlError(std::string("invalid percent-encoding in the ") + part);
        }
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return out;
}

void percent_encode_into(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (plain) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        }
    }
}

int parse_port(std::string_view text) {
    long long port = 0;
    if (!parse_non_negative_int64(text, port) || port < 1 || port > 65535) {
        throw AmqpUrlError(text.size() <= 16
                               ? "invalid port \"" + std::string(text) + "\" (1 to 65535)"
                               : std::string("invalid port (1 to 65535)"));
    }
    return static_cast<int>(port);
}

bool is_ipv6_literal(std::string_view host) {
    if (host.find(':') == std::string_view::npos) {
        return false;
    }
    for (const char c : host) {
        if (hex_value(c) < 0 && c != ':' && c != '.') {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string AmqpUrl::display() const {
    std::string out = "amqp://";
    percent_encode_into(out, user);
    out.push_back('@');
    if (is_ipv6_literal(host)) {
        out += "[" + host + "]";
    } else {
        percent_encode_into(out, host);
    }
    out += ":" + std::to_string(port) + "/";
    percent_encode_into(out, vhost);
    return out;
}

AmqpUrl parse_amqp_url(std::string_view text) {
    const size_t colon = text.find("://");
    if (colon == std::string_view::npos) {
        throw AmqpUrlError("expected amqp://user:password@host:port/vhost");
    }
    const std::string scheme = to_lower_ascii(text.substr(0, colon));
    if (scheme == "amqps") {
        throw AmqpUrlError("amqps:// (TLS) is not supported yet; use amqp://");
    }
    if (scheme != "amqp") {
        throw AmqpUrlError(colon <= 16 ? "the scheme must be amqp://, not " +
                                             std::string(text.substr(0, colon)) + "://"
                                       : std::string("the scheme must be amqp://"));
    }
    std::string_view rest = text.substr(colon + 3);
    if (rest.find_first_of("?#") != std::string_view::npos) {
        throw AmqpUrlError("query parameters and fragments are not supported");
    }
    for (const char c : rest) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
            throw AmqpUrlError("spaces and control characters must be percent-encoded");
        }
    }

    AmqpUrl url;
    const size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        const std::string_view path = rest.substr(slash + 1);
        if (!path.empty()) {
            url.vhost = percent_decode(path, "virtual host");
        }
    }

    const size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
        const std::string_view userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        const size_t sep = userinfo.find(':');
        url.user = percent_decode(userinfo.substr(0, sep), "user name");
        url.password = sep == std::string_view::npos
                           ? std::string()
                           : percent_decode(userinfo.substr(sep + 1), "password");
    }

    std::string_view host = authority;
    if (!authority.empty() && authority.front() == '[') {
        const size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            throw AmqpUrlError("unterminated [IPv6 address]");
        }
        host = authority.substr(1, close - 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                throw AmqpUrlError("unexpected text after the [IPv6 address]");
            }
            if (after.size() > 1) {
                url.port = parse_port(after.substr(1));
            }
        }
        if (!is_ipv6_literal(host)) {
            throw AmqpUrlError("invalid [IPv6 address]");
        }
        url.host = std::string(host);
        return url;
    }
    const size_t port_sep = authority.rfind(':');
    if (port_sep != std::string_view::npos) {
        host = authority.substr(0, port_sep);
        if (port_sep + 1 < authority.size()) {
            url.port = parse_port(authority.substr(port_sep + 1));
        }
    }
    if (!host.empty()) {
        url.host = percent_decode(host, "host");
    }
    return url;
}

}  // namespace pg_resty
