#include "api/json_shape.hpp"

#include <algorithm>

#include "common/json_value.hpp"

namespace pg_resty {

namespace {

// Walks a text that is_json already accepted, so only the happy path needs handling; every
// loop still checks the end so that a mismatch between validator and walker cannot overrun.
class ShapeWalker {
  public:
    explicit ShapeWalker(std::string_view text) : text_(text) {}

    void skip_ws() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r')) {
            ++pos_;
        }
    }
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    void advance() { ++pos_; }

    // The string literal at pos_, quotes included.
    std::string_view string_literal() {
        const size_t start = pos_;
        ++pos_;  // opening quote
        while (pos_ < text_.size() && text_[pos_] != '"') {
            pos_ += text_[pos_] == '\\' ? 2 : 1;
        }
        pos_ = std::min(pos_ + 1, text_.size());
        return text_.substr(start, pos_ - start);
    }

    // Any value, iteratively: nesting depth costs no stack.
    void skip_value() {
        skip_ws();
        const char c = peek();
        if (c == '"') {
            string_literal();
            return;
        }
        if (c != '{' && c != '[') {
            while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != ']' &&
                   text_[pos_] != '}' && text_[pos_] != ' ' && text_[pos_] != '\t' &&
                   text_[pos_] != '\n' && text_[pos_] != '\r') {
                ++pos_;
            }
            return;
        }
        size_t depth = 0;
        while (pos_ < text_.size()) {
            const char d = text_[pos_];
            if (d == '"') {
                string_literal();
                continue;
            }
            if (d == '{' || d == '[') {
                ++depth;
            } else if (d == '}' || d == ']') {
                --depth;
                if (depth == 0) {
                    ++pos_;
                    return;
                }
            }
            ++pos_;
        }
    }

    // The keys of the object at pos_, sorted and unique.
    std::vector<std::string> object_keys() {
        std::vector<std::string> keys;
        advance();  // '{'
        skip_ws();
        while (pos_ < text_.size() && peek() != '}') {
            const std::string_view literal = string_literal();
            keys.push_back(parse_json(literal).text);
            skip_ws();
            advance();  // ':'
            skip_value();
            skip_ws();
            if (peek() == ',') {
                advance();
                skip_ws();
            }
        }
        advance();  // '}'
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        return keys;
    }

    bool at_end() const { return pos_ >= text_.size(); }

  private:
    std::string_view text_;
    size_t pos_ = 0;
};

}  // namespace

std::optional<JsonShape> json_shape(std::string_view text) {
    if (!is_json(text)) {
        return std::nullopt;
    }
    JsonShape shape;
    ShapeWalker walker(text);
    walker.skip_ws();
    if (walker.peek() == '{') {
        shape.kind = JsonShape::Kind::Object;
        shape.keys = walker.object_keys();
        return shape;
    }
    if (walker.peek() != '[') {
        return shape;
    }
    shape.kind = JsonShape::Kind::Array;
    walker.advance();
    walker.skip_ws();
    bool first = true;
    while (!walker.at_end() && walker.peek() != ']') {
        if (walker.peek() == '{') {
            std::vector<std::string> keys = walker.object_keys();
            if (first) {
                shape.keys = std::move(keys);
            } else if (keys != shape.keys) {
                shape.uniform = false;
            }
        } else {
            walker.skip_value();
            shape.uniform = false;
        }
        first = false;
        walker.skip_ws();
        if (walker.peek() == ',') {
            walker.advance();
            walker.skip_ws();
        }
    }
    return shape;
}

}  // namespace pg_resty
