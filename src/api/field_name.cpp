#include "api/field_name.hpp"

#include "common/text.hpp"

namespace pg_resty {

bool is_identifier_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c == ' ' || u >= 0x80;
}

std::optional<std::string> parse_field_name(Cursor& cur) {
    if (cur.peek() == '"') {
        std::string out;
        size_t i = cur.pos + 1;
        while (i < cur.text.size() && cur.text[i] != '"') {
            if (cur.text[i] == '\\' && i + 1 < cur.text.size()) {
                ++i;
            }
            out.push_back(cur.text[i]);
            ++i;
        }
        if (i >= cur.text.size()) {
            return std::nullopt;
        }
        cur.pos = i + 1;
        return out;
    }
    std::string out;
    for (;;) {
        const size_t start = cur.pos;
        while (!cur.done() && is_identifier_char(cur.peek())) {
            ++cur.pos;
        }
        if (cur.pos == start) {
            return std::nullopt;
        }
        out.append(trim_ascii(cur.text.substr(start, cur.pos - start)));
        // A dash continues the name unless it starts a JSON arrow.
        if (cur.peek() == '-' && cur.pos + 1 < cur.text.size() && cur.text[cur.pos + 1] != '>' &&
            is_identifier_char(cur.text[cur.pos + 1])) {
            out.push_back('-');
            ++cur.pos;
            continue;
        }
        break;
    }
    if (out.empty()) {
        return std::nullopt;
    }
    return out;
}

}  // namespace pg_resty
