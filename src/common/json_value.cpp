#include "common/json_value.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "common/json_text.hpp"

#include <cstdint>

namespace pg_resty {

namespace {

void append_utf8(std::string& out, uint32_t cp) {
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

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// The lexical layer shared by the tree builder and the validator.
class Reader {
  public:
    explicit Reader(std::string_view text) : text_(text) {}

    void skip_ws() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            ++pos_;
        }
    }
    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }
    void advance() { ++pos_; }

    [[noreturn]] void fail(const char* what) const {
        throw JsonError(std::string(what) + " at byte " + std::to_string(pos_));
    }

    void expect(char c) {
        if (peek() != c || at_end()) {
            fail(c == ':' ? "expected ':'" : "unexpected character");
        }
        ++pos_;
    }

    // A string starting at the opening quote; decoded into `out` when it is not null.
    void string(std::string* out) {
        expect('"');
        for (;;) {
            if (at_end()) {
                fail("unterminated string");
            }
            const auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                ++pos_;
                return;
            }
            if (c < 0x20) {
                fail("control character in string");
            }
            if (c == '\\') {
                escape(out);
                continue;
            }
            const size_t len = c < 0x80 ? 1 : utf8_sequence_length(text_, pos_);
            if (len == 0) {
                fail("invalid UTF-8 in string");
            }
            if (out) {
                out->append(text_.substr(pos_, len));
            }
            pos_ += len;
        }
    }

    void number(std::string* out) {
        const size_t start = pos_;
        if (peek() == '-') {
            ++pos_;
        }
        if (peek() == '0') {
            ++pos_;
        } else if (is_digit(peek()) && !at_end()) {
            digits();
        } else {
            fail("invalid number");
        }
        if (peek() == '.' && !at_end()) {
            ++pos_;
            if (!is_digit(peek()) || at_end()) {
                fail("invalid number");
            }
            digits();
        }
        if ((peek() == 'e' || peek() == 'E') && !at_end()) {
            ++pos_;
            if (peek() == '+' || peek() == '-') {
                ++pos_;
            }
            if (!is_digit(peek()) || at_end()) {
                fail("invalid number");
            }
            digits();
        }
        if (out) {
            out->assign(text_.substr(start, pos_ - start));
        }
    }

    void literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) {
            fail("unexpected character");
        }
        pos_ += word.size();
    }

  private:
    void digits() {
        while (!at_end() && is_digit(text_[pos_])) {
            ++pos_;
        }
    }

    uint32_t hex4() {
        if (text_.size() - pos_ < 4) {
            fail("invalid \\u escape");
        }
        uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = text_[pos_++];
            value <<= 4;
            if (h >= '0' && h <= '9') {
                value |= static_cast<uint32_t>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                value |= static_cast<uint32_t>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                value |= static_cast<uint32_t>(h - 'A' + 10);
            } else {
                --pos_;
                fail("invalid \\u escape");
            }
        }
        return value;
    }

    void escape(std::string* out) {
        ++pos_;  // the backslash
        if (at_end()) {
            fail("unterminated string");
        }
        const char e = text_[pos_++];
        char plain = 0;
        switch (e) {
            case '"':
                plain = '"';
                break;
            case '\\':
                plain = '\\';
                break;
            case '/':
                plain = '/';
                break;
            case 'b':
                plain = '\b';
                break;
            case 'f':
                plain = '\f';
                break;
            case 'n':
                plain = '\n';
                break;
            case 'r':
                plain = '\r';
                break;
            case 't':
                plain = '\t';
                break;
            case 'u':
                break;
            default:
                --pos_;
                fail("invalid escape");
        }
        if (plain != 0) {
            if (out) {
                out->push_back(plain);
            }
            return;
        }
        uint32_t cp = hex4();
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("lone low surrogate in \\u escape");
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (text_.substr(pos_, 2) != "\\u") {
                fail("high surrogate without its low surrogate");
            }
            pos_ += 2;
            const uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) {
                fail("high surrogate without its low surrogate");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (out) {
            append_utf8(*out, cp);
        }
    }

    std::string_view text_;
    size_t pos_ = 0;
};

class TreeBuilder {
  public:
    TreeBuilder(std::string_view text, int max_depth) : reader_(text), max_depth_(max_depth) {}

    JsonValue document() {
        JsonValue value = parse_value(0);
        reader_.skip_ws();
        if (!reader_.at_end()) {
            reader_.fail("unexpected text after the JSON value");
        }
        return value;
    }

  private:
    JsonValue parse_value(int depth) {
        reader_.skip_ws();
        JsonValue value;
        switch (reader_.peek()) {
            case '{':
            case '[':
                if (depth >= max_depth_) {
                    reader_.fail("JSON nested too deeply");
                }
                if (reader_.peek() == '{') {
                    parse_object(value, depth + 1);
                } else {
                    parse_array(value, depth + 1);
                }
                break;
            case '"':
                value.kind = JsonValue::Kind::String;
                reader_.string(&value.text);
                break;
            case 't':
                reader_.literal("true");
                value.kind = JsonValue::Kind::Bool;
                value.boolean = true;
                break;
            case 'f':
                reader_.literal("false");
                value.kind = JsonValue::Kind::Bool;
                break;
            case 'n':
                reader_.literal("null");
                break;
            default:
                if (reader_.at_end()) {
                    reader_.fail("unexpected end of JSON");
                }
                value.kind = JsonValue::Kind::Number;
                reader_.number(&value.text);
        }
        return value;
    }

    void parse_object(JsonValue& value, int depth) {
        value.kind = JsonValue::Kind::Object;
        reader_.advance();
        reader_.skip_ws();
        if (reader_.peek() == '}') {
            reader_.advance();
            return;
        }
        for (;;) {
            reader_.skip_ws();
            std::string key;
            if (reader_.peek() != '"') {
                reader_.fail("expected a member name");
            }
            reader_.string(&key);
            reader_.skip_ws();
            reader_.expect(':');
            JsonValue member = parse_value(depth);
            value.members.emplace_back(std::move(key), std::move(member));
            reader_.skip_ws();
            if (reader_.peek() == ',') {
                reader_.advance();
                continue;
            }
            reader_.expect('}');
            return;
        }
    }

    void parse_array(JsonValue& value, int depth) {
        value.kind = JsonValue::Kind::Array;
        reader_.advance();
        reader_.skip_ws();
        if (reader_.peek() == ']') {
            reader_.advance();
            return;
        }
        for (;;) {
            value.items.push_back(parse_value(depth));
            reader_.skip_ws();
            if (reader_.peek() == ',') {
                reader_.advance();
                continue;
            }
            reader_.expect(']');
            return;
        }
    }

    Reader reader_;
    int max_depth_;
};

// Iterative, so that any nesting depth is checked without recursion.
void validate(std::string_view text) {
    Reader reader(text);
    std::vector<char> open;  // '{' or '[' of each enclosing container
    for (;;) {
        // A value is expected here.
        reader.skip_ws();
        bool value_done = true;
        switch (reader.peek()) {
            case '{':
                reader.advance();
                reader.skip_ws();
                if (reader.peek() == '}') {
                    reader.advance();
                } else {
                    open.push_back('{');
                    if (reader.peek() != '"') {
                        reader.fail("expected a member name");
                    }
                    reader.string(nullptr);
                    reader.skip_ws();
                    reader.expect(':');
                    value_done = false;
                }
                break;
            case '[':
                reader.advance();
                reader.skip_ws();
                if (reader.peek() == ']') {
                    reader.advance();
                } else {
                    open.push_back('[');
                    value_done = false;
                }
                break;
            case '"':
                reader.string(nullptr);
                break;
            case 't':
                reader.literal("true");
                break;
            case 'f':
                reader.literal("false");
                break;
            case 'n':
                reader.literal("null");
                break;
            default:
                if (reader.at_end()) {
                    reader.fail("unexpected end of JSON");
                }
                reader.number(nullptr);
        }
        if (!value_done) {
            continue;
        }
        // After a complete value: close containers, or move to the next element.
        for (;;) {
            reader.skip_ws();
            if (open.empty()) {
                if (!reader.at_end()) {
                    reader.fail("unexpected text after the JSON value");
                }
                return;
            }
            const char c = reader.peek();
            if (c == ',' && !reader.at_end()) {
                reader.advance();
                if (open.back() == '{') {
                    reader.skip_ws();
                    if (reader.peek() != '"') {
                        reader.fail("expected a member name");
                    }
                    reader.string(nullptr);
                    reader.skip_ws();
                    reader.expect(':');
                }
                break;
            }
            reader.expect(open.back() == '{' ? '}' : ']');
            open.pop_back();
        }
    }
}

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
    for (const auto& member : members) {
        if (member.first == key) {
            return &member.second;
        }
    }
    return nullptr;
}

JsonValue parse_json(std::string_view text, int max_depth) {
    return TreeBuilder(text, max_depth).document();
}

namespace {

bool holds_nul(const JsonValue& value) {
    if (value.text.find('\0') != std::string::npos) {
        return true;
    }
    for (const JsonValue& item : value.items) {
        if (holds_nul(item)) {
            return true;
        }
    }
    for (const auto& [key, member] : value.members) {
        if (key.find('\0') != std::string::npos || holds_nul(member)) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::optional<JsonValue> try_parse_json(std::string_view text, int max_depth) {
    try {
        JsonValue value = parse_json(text, max_depth);
        // A "\u0000" would be cut short wherever a C string takes over (a role name, a
        // setting), so untrusted documents holding one are refused outright.
        if (holds_nul(value)) {
            return std::nullopt;
        }
        return value;
    } catch (const JsonError&) {
        return std::nullopt;
    }
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

bool is_json(std::string_view text) {
    try {
        validate(text);
        return true;
    } catch (const JsonError&) {
        return false;
    }
}

}  // namespace pg_resty
