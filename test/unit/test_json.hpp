#pragma once

// A small JSON reader for the unit tests (header only: the test glob picks up *.cpp files), so
// tests check a document's structure instead of its exact bytes, and that it parses at all.

#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pg_resty::test {

struct Json {
    enum class Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    bool boolean = false;
    double number = 0;
    std::string text;  // String; Number: as written
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;  // in document order

    bool has(const std::string& key) const {
        for (const auto& member : members) {
            if (member.first == key) {
                return true;
            }
        }
        return false;
    }
    // The member `key`; throws if missing, so a test fails with the name.
    const Json& operator[](const std::string& key) const {
        for (const auto& member : members) {
            if (member.first == key) {
                return member.second;
            }
        }
        throw std::out_of_range("no member " + key);
    }
    const Json& operator[](size_t index) const { return items.at(index); }
    std::vector<std::string> keys() const {
        std::vector<std::string> names;
        for (const auto& member : members) {
            names.push_back(member.first);
        }
        return names;
    }
    // Strings of an array of strings.
    std::vector<std::string> strings() const {
        std::vector<std::string> out;
        for (const Json& item : items) {
            out.push_back(item.text);
        }
        return out;
    }
};

class JsonReader {
  public:
    explicit JsonReader(std::string_view text) : text_(text) {}

    Json parse() {
        Json value = read_value();
        skip_space();
        if (pos_ != text_.size()) {
            fail("trailing characters");
        }
        return value;
    }

  private:
    [[noreturn]] void fail(const std::string& why) {
        throw std::runtime_error("invalid JSON at " + std::to_string(pos_) + ": " + why);
    }
    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                       text_[pos_] == '\t' || text_[pos_] == '\r')) {
            ++pos_;
        }
    }
    bool eat(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!eat(c)) {
            fail(std::string("expected ") + c);
        }
    }
    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) == word) {
            pos_ += word.size();
            return true;
        }
        return false;
    }
    std::string read_string() {
        expect('"');
        std::string out;
        while (pos_ < text_.size() && text_[pos_] != '"') {
            char c = text_[pos_++];
            if (static_cast<unsigned char>(c) < 0x20) {
                fail("control character in string");
            }
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (pos_ >= text_.size()) {
                fail("bad escape");
            }
            c = text_[pos_++];
            switch (c) {
                case '"':
                case '\\':
                case '/':
                    out.push_back(c);
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
                    if (pos_ + 4 > text_.size()) {
                        fail("bad \\u escape");
                    }
                    const long cp =
                        std::strtol(std::string(text_.substr(pos_, 4)).c_str(), nullptr, 16);
                    pos_ += 4;
                    if (cp < 0x80) {
                        out.push_back(static_cast<char>(cp));
                    } else if (cp < 0x800) {
                        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
                        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
                    } else {
                        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
                        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
                    }
                    break;
                }
                default:
                    fail("bad escape");
            }
        }
        expect('"');
        return out;
    }
    Json read_value() {
        skip_space();
        Json value;
        if (pos_ >= text_.size()) {
            fail("unexpected end");
        }
        const char c = text_[pos_];
        if (c == '{') {
            value.kind = Json::Kind::Object;
            ++pos_;
            if (eat('}')) {
                return value;
            }
            do {
                skip_space();
                std::string key = read_string();
                expect(':');
                value.members.emplace_back(std::move(key), read_value());
            } while (eat(','));
            expect('}');
        } else if (c == '[') {
            value.kind = Json::Kind::Array;
            ++pos_;
            if (eat(']')) {
                return value;
            }
            do {
                value.items.push_back(read_value());
            } while (eat(','));
            expect(']');
        } else if (c == '"') {
            value.kind = Json::Kind::String;
            value.text = read_string();
        } else if (literal("true")) {
            value.kind = Json::Kind::Bool;
            value.boolean = true;
        } else if (literal("false")) {
            value.kind = Json::Kind::Bool;
        } else if (literal("null")) {
            value.kind = Json::Kind::Null;
        } else {
            const size_t start = pos_;
            while (pos_ < text_.size() && std::string_view("+-.eE0123456789").find(text_[pos_]) !=
                                              std::string_view::npos) {
                ++pos_;
            }
            if (pos_ == start) {
                fail("unexpected character");
            }
            value.kind = Json::Kind::Number;
            value.text = std::string(text_.substr(start, pos_ - start));
            value.number = std::strtod(value.text.c_str(), nullptr);
        }
        return value;
    }

    std::string_view text_;
    size_t pos_ = 0;
};

inline Json parse_json(std::string_view text) {
    return JsonReader(text).parse();
}

}  // namespace pg_resty::test
