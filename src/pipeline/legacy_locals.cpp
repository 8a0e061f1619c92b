#include "pipeline/legacy_locals.hpp"

#include <cstdlib>
#include <optional>

namespace pg_resty {

namespace {

// PostgreSQL keeps a placeholder for every custom setting name a session ever set; a longer
// name is refused rather than kept (no header or cookie name of any use is this long).
constexpr size_t kMaxSettingName = 256;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Scientific's fixed format of a JSON number literal: exact decimal, no exponent. Literals
// whose fixed form would be huge (1e999) stay as written.
std::string fixed_decimal(std::string_view literal) {
    size_t i = 0;
    const bool negative = !literal.empty() && literal[0] == '-';
    if (negative) {
        ++i;
    }
    std::string digits;
    long exponent = 0;
    while (i < literal.size() && is_digit(literal[i])) {
        digits.push_back(literal[i++]);
    }
    if (i < literal.size() && literal[i] == '.') {
        ++i;
        while (i < literal.size() && is_digit(literal[i])) {
            digits.push_back(literal[i++]);
            --exponent;
        }
    }
    if (i < literal.size() && (literal[i] == 'e' || literal[i] == 'E')) {
        ++i;
        bool exponent_negative = false;
        if (i < literal.size() && (literal[i] == '+' || literal[i] == '-')) {
            exponent_negative = literal[i++] == '-';
        }
        long written = 0;
        while (i < literal.size() && is_digit(literal[i])) {
            if (written > 100000) {
                return std::string(literal);
            }
            written = written * 10 + (literal[i++] - '0');
        }
        exponent += exponent_negative ? -written : written;
    }
    const size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) {
        return "0";
    }
    digits.erase(0, first);
    while (digits.back() == '0') {
        digits.pop_back();
        ++exponent;
    }
    if (std::labs(exponent) > 1000) {
        return std::string(literal);
    }
    std::string out = negative ? "-" : "";
    if (exponent >= 0) {
        out += digits;
        out.append(static_cast<size_t>(exponent), '0');
        return out;
    }
    const size_t fraction = static_cast<size_t>(-exponent);
    if (fraction >= digits.size()) {
        out += "0.";
        out.append(fraction - digits.size(), '0');
        out += digits;
    } else {
        out += digits.substr(0, digits.size() - fraction);
        out.push_back('.');
        out += digits.substr(digits.size() - fraction);
    }
    return out;
}

void add_members(std::vector<RequestLocal>& out, const std::string& json, std::string_view prefix,
                 bool claims, std::string_view skip = {}) {
    const std::optional<JsonValue> object = try_parse_json(json);
    if (!object || !object->is_object()) {
        return;
    }
    for (const auto& [key, value] : object->members) {
        if (!skip.empty() && key == skip) {
            continue;
        }
        std::string name(prefix);
        name += key;
        if (name.size() > kMaxSettingName || !is_custom_setting_name(name)) {
            continue;
        }
        if (claims) {
            out.emplace_back(std::move(name), legacy_claim_text(value));
        } else if (value.is_string()) {
            out.emplace_back(std::move(name), value.text);
        }
    }
}

}  // namespace

bool is_custom_setting_name(std::string_view name) {
    bool saw_dot = false;
    bool part_start = true;
    for (const char c : name) {
        if (c == '.') {
            if (part_start) {
                return false;
            }
            saw_dot = true;
            part_start = true;
        } else if (is_name_start(c)) {
            part_start = false;
        } else if (part_start || !(is_digit(c) || c == '$')) {
            return false;
        }
    }
    return saw_dot && !part_start;
}

std::string legacy_claim_text(const JsonValue& value) {
    switch (value.kind) {
        case JsonValue::Kind::String:
            return value.text;
        case JsonValue::Kind::Number:
            return fixed_decimal(value.text);
        case JsonValue::Kind::Bool:
            return value.boolean ? "True" : "False";
        default:
            return to_json(value);
    }
}

std::vector<RequestLocal> legacy_request_locals(const RequestContext& ctx) {
    std::vector<RequestLocal> out;
    add_members(out, ctx.claims_json, "request.jwt.claim.", true);
    add_members(out, ctx.headers_json, "request.header.", false, "cookie");
    add_members(out, ctx.cookies_json, "request.cookie.", false);
    return out;
}

}  // namespace pg_resty
