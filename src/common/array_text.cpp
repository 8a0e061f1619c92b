#include "common/array_text.hpp"

#include "common/text.hpp"

namespace pg_resty {

std::optional<std::vector<std::string>> parse_text_array(std::string_view text) {
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        return std::nullopt;
    }
    text = text.substr(1, text.size() - 2);
    std::vector<std::string> elements;
    if (text.empty()) {
        return elements;
    }
    size_t i = 0;
    while (true) {
        std::string element;
        bool quoted = false;
        if (i < text.size() && text[i] == '"') {
            quoted = true;
            ++i;
            while (i < text.size() && text[i] != '"') {
                if (text[i] == '\\') {
                    ++i;
                    if (i == text.size()) {
                        return std::nullopt;
                    }
                }
                element.push_back(text[i++]);
            }
            if (i == text.size()) {
                return std::nullopt;  // unterminated quote
            }
            ++i;
        } else {
            while (i < text.size() && text[i] != ',') {
                if (text[i] == '"' || text[i] == '{' || text[i] == '}' || text[i] == '\\') {
                    return std::nullopt;  // nested arrays and stray quotes are not ours
                }
                element.push_back(text[i++]);
            }
            if (element.empty()) {
                return std::nullopt;  // PostgreSQL quotes empty strings
            }
        }
        // Unquoted NULL is the null element; "NULL" in quotes is the word.
        if (quoted || !iequals_ascii(element, "NULL")) {
            elements.push_back(std::move(element));
        }
        if (i == text.size()) {
            return elements;
        }
        if (text[i] != ',') {
            return std::nullopt;
        }
        ++i;
    }
}

}  // namespace pg_resty
