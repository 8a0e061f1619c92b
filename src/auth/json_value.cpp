#include "auth/json_value.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "common/json_text.hpp"

namespace pg_resty {

const JsonValue* JsonValue::find(std::string_view key) const {
    const JsonValue* found = nullptr;
    for (const auto& [name, value] : members) {
        if (name == key) {
            found = &value;
        }
    }
    return found;
}

namespace {

class Parser {
  public:
    Parser(std::string_view text, int max_depth) : text_(text), max_depth_(max_depth) {}

    bool document(JsonValue& out) {
        skip_space();
        if (!value(out, 0)) {
            return false;
        }
        skip_space();
        return pos_ == text_.size();
    }

  private:
    bool value(JsonValue& out, int depth) {
        if (depth > max_depth_ || pos_ >= text_.size()) {
            return false;
        }
        const char c = text_[pos_];
        if (c == '{') {
            return object(out, depth);
        }
        if (c == '[') {
            return array(out, depth);
        }
        if (c == '"') {
            out.kind = JsonValue::Kind::String;
            return string(out.text);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(out);
        }
        if (literal("true")) {
            out.kind = JsonValue::Kind::Bool;
            out.boolean = true;
            return true;
        }
        if (literal("false")) {
            out.kind = JsonValue::Kind::Bool;
            return true;
        }
        if (literal("null")) {
            out.kind = JsonValue::Kind::Null;
            return true;
        }
        return false;
    }

    bool object(JsonValue& out, int depth) {
        out.kind = JsonValue::Kind::Object;
        ++pos_;
        skip_space();
        if (peek('}')) {
            ++pos_;
            return true;
        }
        for (;;) {
            skip_space();
            std::string key;
            if (!peek('"') || !string(key)) {
                return false;
            }
            skip_space();
            if (!peek(':')) {
                return false;
            }
            ++pos_;
            skip_space();
            JsonValue member;
            if (!value(member, depth + 1)) {
                return false;
            }
            out.members.emplace_back(std::move(key), std::move(member));
            skip_space();
            if (peek(',')) {
                ++pos_;
                continue;
            }
            if (peek('}')) {
                ++pos_;
                return true;
            }
            return false;
        }
    }

    bool array(JsonValue& out, int depth) {
        out.kind = JsonValue::Kind::Array;
        ++pos_;
        skip_space();
        if (peek(']')) {
            ++pos_;
            return true;
        }
        for (;;) {
            skip_space();
            JsonValue item;
            if (!value(item, depth + 1)) {
                return false;
            }
            out.items.push_back(std::move(item));
            skip_space();
            if (peek(',')) {
                ++pos_;
                continue;
            }
            if (peek(']')) {
                ++pos_;
                return true;
            }
            return false;
        }
    }

    bool number(JsonValue& out) {
        const size_t start = pos_;
        if (peek('-')) {
            ++pos_;
        }
        if (peek('0')) {
            ++pos_;
        } else if (!digits()) {
            return false;
        }
        if (peek('.')) {
            ++pos_;
            if (!digits()) {
                return false;
            }
        }
        if (peek('e') || peek('E')) {
            ++pos_;
            if (peek('+') || peek('-')) {
                ++pos_;
            }
            if (!digits()) {
                return false;
            }
        }
        out.kind = JsonValue::Kind::Number;
        out.text.assign(text_.substr(start, pos_ - start));
        return true;
    }

    bool digits() {
        const size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
            ++pos_;
        }
        return pos_ > start;
    }

    bool hex4(unsigned& out) {
        if (text_.size() - pos_ < 4) {
            return false;
        }
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[pos_++];
            out <<= 4;
            if (c >= '0' && c <= '9') {
                out |= static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                out |= static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                out |= static_cast<unsigned>(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return true;
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    // Length of the valid UTF-8 sequence at pos_, or 0.
    size_t utf8_length() const {
        const auto byte = [&](size_t i) { return static_cast<unsigned char>(text_[pos_ + i]); };
        const unsigned char b0 = byte(0);
        size_t n = 0;
        unsigned min = 0;
        unsigned cp = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2, min = 0x80, cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3, min = 0x800, cp = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4, min = 0x10000, cp = b0 & 0x07;
        } else {
            return 0;
        }
        if (text_.size() - pos_ < n) {
            return 0;
        }
        for (size_t i = 1; i < n; ++i) {
            if ((byte(i) & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (byte(i) & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        return n;
    }

    bool string(std::string& out) {
        ++pos_;  // opening quote
        while (pos_ < text_.size()) {
            const auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                if (++pos_ >= text_.size()) {
                    return false;
                }
                const char e = text_[pos_++];
                switch (e) {
                    case '"':
                        out.push_back('"');
                        break;
                    case '\\':
                        out.push_back('\\');
                        break;
                    case '/':
                        out.push_back('/');
                        break;
                    case 'b':
                        out.push_back('\b');
                        break;
                    case 'f':
                        out.push_back('\f');
                        break;
                    case 'n':
                        out.push_back('\n');
                        break;
                    case 'r':
                        out.push_back('\r');
                        break;
                    case 't':
                        out.push_back('\t');
                        break;
                    case 'u': {
                        unsigned cp = 0;
                        if (!hex4(cp)) {
                            return false;
                        }
                        if (cp >= 0xD800 && cp <= 0xDBFF) {
                            unsigned low = 0;
                            if (text_.substr(pos_, 2) != "\\u") {
                                return false;
                            }
                            pos_ += 2;
                            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) {
                                return false;
                            }
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                            return false;
                        }
                        // PostgreSQL's json type refuses \u0000 in text; so do we.
                        if (cp == 0) {
                            return false;
                        }
                        append_utf8(out, cp);
                        break;
                    }
                    default:
                        return false;
                }
                continue;
            }
            if (c < 0x80) {
                out.push_back(static_cast<char>(c));
                ++pos_;
                continue;
            }
            const size_t n = utf8_length();
            if (n == 0) {
                return false;
            }
            out.append(text_.substr(pos_, n));
            pos_ += n;
        }
        return false;
    }

    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) == word) {
            pos_ += word.size();
            return true;
        }
        return false;
    }

    bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r')) {
            ++pos_;
        }
    }

    std::string_view text_;
    int max_depth_;
    size_t pos_ = 0;
};

}  // namespace

std::optional<JsonValue> parse_json(std::string_view text, int max_depth) {
    JsonValue value;
    Parser parser(text, max_depth);
    if (!parser.document(value)) {
        return std::nullopt;
    }
    return value;
}

void append_json(std::string& out, const JsonValue& value) {
    switch (value.kind) {
        case JsonValue::Kind::Null:
            out += "null";
            break;
        case JsonValue::Kind::Bool:
            out += value.boolean ? "true" : "false";
            break;
        case JsonValue::Kind::Number:
            out += value.text;
            break;
        case JsonValue::Kind::String:
            append_json_string(out, value.text);
            break;
        case JsonValue::Kind::Array: {
            out.push_back('[');
            for (size_t i = 0; i < value.items.size(); ++i) {
                if (i > 0) {
                    out.push_back(',');
                }
                append_json(out, value.items[i]);
            }
            out.push_back(']');
            break;
        }
        case JsonValue::Kind::Object: {
            out.push_back('{');
            for (size_t i = 0; i < value.members.size(); ++i) {
                if (i > 0) {
                    out.push_back(',');
                }
                append_json_string(out, value.members[i].first);
                out.push_back(':');
                append_json(out, value.members[i].second);
            }
            out.push_back('}');
            break;
        }
    }
}

std::string to_json(const JsonValue& value) {
    std::string out;
    append_json(out, value);
    return out;
}

std::optional<long long> json_number_as_int64(const JsonValue& value) {
    if (!value.is_number()) {
        return std::nullopt;
    }
    const double d = std::floor(std::strtod(value.text.c_str(), nullptr));
    if (std::isnan(d)) {
        return std::nullopt;
    }
    // 2^63 is exact as a double; anything at or beyond it saturates.
    if (d >= 9223372036854775808.0) {
        return std::numeric_limits<long long>::max();
    }
    if (d <= -9223372036854775808.0) {
        return std::numeric_limits<long long>::min();
    }
    return static_cast<long long>(d);
}

}  // namespace pg_resty
