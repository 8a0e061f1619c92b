#include "common/base64.hpp"

namespace pg_resty {

namespace {

constexpr char kStandard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c, Base64Alphabet alphabet) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    const bool standard = alphabet != Base64Alphabet::Url;
    const bool url = alphabet != Base64Alphabet::Standard;
    if ((c == '+' && standard) || (c == '-' && url))
        return 62;
    if ((c == '/' && standard) || (c == '_' && url))
        return 63;
    return -1;
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text, const Base64Decoding& rules) {
    while (!text.empty() && rules.ignored_tail.find(text.back()) != std::string_view::npos) {
        text.remove_suffix(1);
    }
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size() / 4 * 3 + 2);
    unsigned buffer = 0;  // only the low `bits` bits are pending
    int bits = 0;
    for (const char c : text) {
        const int value = sextet(c, rules.alphabet);
        if (value < 0) {
            return std::nullopt;
        }
        buffer = ((buffer << 6) | static_cast<unsigned>(value)) & 0xFFFu;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    if (rules.canonical && (buffer & ((1u << bits) - 1)) != 0) {
        return std::nullopt;
    }
    return out;
}

std::string base64_encode(std::string_view bytes, Base64Alphabet alphabet, bool padded) {
    const char* digits = alphabet == Base64Alphabet::Url ? kUrl : kStandard;
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = ((buffer << 8) | static_cast<unsigned char>(c)) & 0x3FFFu;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(digits[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) {
        out.push_back(digits[(buffer << (6 - bits)) & 0x3F]);
    }
    while (padded && out.size() % 4 != 0) {
        out.push_back('=');
    }
    return out;
}

}  // namespace pg_resty
