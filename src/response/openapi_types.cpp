#include "response/openapi_types.hpp"

namespace pg_resty {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view text) {
    size_t i = 0;
    auto digits = [&] {
        const size_t start = i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        return i > start;
    };
    if (i < text.size() && text[i] == '-') {
        ++i;
    }
    if (i < text.size() && text[i] == '0') {
        ++i;
    } else if (!digits()) {
        return false;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (!digits()) {
            return false;
        }
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        if (!digits()) {
            return false;
        }
    }
    return i == text.size();
}

// The inside of a JSON string literal: no bare quotes or control characters, valid escapes.
// \u escapes of surrogates are refused, so what passes is always valid UTF-8 once decoded.
bool is_json_string_body(std::string_view body) {
    for (size_t i = 0; i < body.size(); ++i) {
        const auto c = static_cast<unsigned char>(body[i]);
        if (c < 0x20 || c == '"') {
            return false;
        }
        if (c != '\\') {
            continue;
        }
        if (++i == body.size()) {
            return false;
        }
        switch (body[i]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                break;
            case 'u': {
                if (body.size() - i < 5) {
                    return false;
                }
                for (size_t k = 1; k <= 4; ++k) {
                    if (!is_hex(body[i + k])) {
                        return false;
                    }
                }
                // D800-DFFF: the second digit is 8, 9 or a letter.
                const char first = body[i + 1];
                const char second = body[i + 2];
                if ((first == 'd' || first == 'D') &&
                    (second == '8' || second == '9' || !is_digit(second))) {
                    return false;
                }
                i += 4;
                break;
            }
            default:
                return false;
        }
    }
    return true;
}

std::string_view strip_quotes(std::string_view text) {
    while (!text.empty() && text.front() == '\'') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == '\'') {
        text.remove_suffix(1);
    }
    return text;
}

}  // namespace

bool is_array_type(std::string_view pg_type) {
    return pg_type.size() >= 2 && pg_type.substr(pg_type.size() - 2) == "[]";
}

std::optional<std::string_view> swagger_type(std::string_view pg_type) {
    if (pg_type == "character varying" || pg_type == "character" || pg_type == "text") {
        return "string";
    }
    if (pg_type == "boolean") {
        return "boolean";
    }
    if (pg_type == "smallint" || pg_type == "integer" || pg_type == "bigint") {
        return "integer";
    }
    if (pg_type == "numeric" || pg_type == "real" || pg_type == "double precision") {
        return "number";
    }
    if (pg_type == "json" || pg_type == "jsonb") {
        return std::nullopt;
    }
    if (is_array_type(pg_type)) {
        return "array";
    }
    return "string";
}

std::optional<std::string_view> swagger_item_type(std::string_view pg_type) {
    return swagger_type(pg_type.substr(0, pg_type.size() - 2));
}

bool is_json_scalar(std::string_view text) {
    if (text == "true" || text == "false") {
        return true;
    }
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        return is_json_string_body(text.substr(1, text.size() - 2));
    }
    return is_json_number(text);
}

std::optional<std::string> swagger_default(std::string_view pg_type, std::string_view expression) {
    if (swagger_type(pg_type) == std::optional<std::string_view>("string")) {
        std::string_view constant = expression;
        const std::string cast = "::" + std::string(pg_type);
        if (constant.size() >= cast.size() &&
            constant.substr(constant.size() - cast.size()) == cast) {
            constant = strip_quotes(constant.substr(0, constant.size() - cast.size()));
        }
        std::string json = "\"" + std::string(constant) + "\"";
        if (is_json_scalar(json)) {
            return json;
        }
        return std::nullopt;
    }
    if (is_json_scalar(expression)) {
        return std::string(expression);
    }
    return std::nullopt;
}

}  // namespace pg_resty
