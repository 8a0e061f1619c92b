#include "query/sql_text.hpp"

#include "api/api_error.hpp"

namespace pg_resty {

std::string quote_ident(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 2);
    out.push_back('"');
    for (char c : name) {
        if (c == '\0') {
            throw ApiError(400, "22021", "invalid byte sequence for encoding \"UTF8\": 0x00");
        }
        if (c == '"') {
            out.push_back('"');
        }
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string qualified_name(std::string_view schema, std::string_view name) {
    return quote_ident(schema) + "." + quote_ident(name);
}

std::string array_literal(const std::vector<std::string>& elements) {
    std::string out = "{";
    for (size_t i = 0; i < elements.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        out.push_back('"');
        for (char c : elements[i]) {
            if (c == '"' || c == '\\') {
                out.push_back('\\');
            }
            out.push_back(c);
        }
        out.push_back('"');
    }
    out.push_back('}');
    return out;
}

}  // namespace pg_resty
