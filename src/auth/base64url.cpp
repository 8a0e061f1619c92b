#include "auth/base64url.hpp"

namespace pg_resty {

namespace {

int url_digit(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

int any_digit(char c) {
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return url_digit(c);
}

std::optional<std::string> decode(std::string_view text, int (*digit)(char)) {
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size() / 4 * 3 + 2);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int d = digit(c);
        if (d < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<unsigned>(d);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    if ((buffer & ((1u << bits) - 1)) != 0) {
        return std::nullopt;  // non-canonical: leftover bits must be zero
    }
    return out;
}

}  // namespace

std::optional<std::string> base64url_decode(std::string_view text) {
    return decode(text, url_digit);
}

std::optional<std::string> base64_decode_secret(std::string_view text) {
    while (!text.empty() && (text.back() == '=' || text.back() == '\n' || text.back() == ' ')) {
        text.remove_suffix(1);
    }
    return decode(text, any_digit);
}

std::string base64url_encode(std::string_view bytes) {
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(alphabet[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) {
        out.push_back(alphabet[(buffer << (6 - bits)) & 0x3F]);
    }
    return out;
}

}  // namespace pg_resty
