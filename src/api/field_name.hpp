#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pg_resty {

// A cursor over one query-string value, with the 1-based column PostgREST's errors report.
struct Cursor {
    std::string_view text;
    size_t pos = 0;

    bool done() const { return pos >= text.size(); }
    char peek() const { return done() ? '\0' : text[pos]; }
    bool starts_with(std::string_view s) const { return text.substr(pos).substr(0, s.size()) == s; }
    size_t column() const { return pos + 1; }
    void skip_spaces() {
        while (!done() && (text[pos] == ' ' || text[pos] == '\t')) {
            ++pos;
        }
    }
};

bool is_identifier_char(char c);

// PostgREST's field name: a double-quoted string (backslash escapes) or identifier words
// ([letters, digits, _, $, space]) joined by '-' (but not '->'), spaces trimmed.
std::optional<std::string> parse_field_name(Cursor& cur);

}  // namespace pg_resty
