#include "api/select_parser.hpp"

#include <array>
#include <utility>

#include "api/field_name.hpp"
#include "api/parse_error.hpp"
#include "common/text.hpp"

namespace pg_resty {

namespace {

constexpr size_t kMaxSelectItems = 1000;

// SQL-standard spellings whose catalog type names differ.
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kTypeAliases{{
    {"integer", "int4"},
    {"int", "int4"},
    {"smallint", "int2"},
    {"bigint", "int8"},
    {"real", "float4"},
    {"float", "float8"},
    {"double precision", "float8"},
    {"boolean", "bool"},
    {"decimal", "numeric"},
    {"character varying", "varchar"},
    {"character", "bpchar"},
    {"char", "bpchar"},
    {"timestamp with time zone", "timestamptz"},
    {"timestamp without time zone", "timestamp"},
    {"time with time zone", "timetz"},
    {"time without time zone", "time"},
    {"bit varying", "varbit"},
}};

[[noreturn]] void fail(std::string_view input, const Cursor& cur, std::string details) {
    throw query_parse_error("select parameter", input, cur.column(), std::move(details));
}

}  // namespace

std::string normalize_cast_type(std::string_view text) {
    // Collapse runs of spaces and lower-case, then accept only plain identifier words.
    std::string words;
    for (const std::string& word : split_list(text, ' ')) {
        if (!words.empty()) {
            words.push_back(' ');
        }
        words.append(to_lower_ascii(word));
    }
    for (const auto& [alias, name] : kTypeAliases) {
        if (words == alias) {
            return std::string(name);
        }
    }
    if (words.empty() || words.size() > 63 || (words[0] >= '0' && words[0] <= '9')) {
        return {};
    }
    for (char c : words) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return {};
        }
    }
    return words;
}

std::vector<SelectItem> parse_select(std::string_view text) {
    std::vector<SelectItem> items;
    Cursor cur{text};
    for (;;) {
        if (items.size() >= kMaxSelectItems) {
            fail(text, cur, "too many items in select (at most 1000)");
        }
        cur.skip_spaces();
        SelectItem item;
        if (cur.peek() == '*') {
            ++cur.pos;
            item.star = true;
        } else {
            if (cur.starts_with("...") || cur.starts_with("..")) {
                throw not_implemented("spread of embedded resources is not supported yet");
            }
            auto first = parse_field_name(cur);
            if (!first) {
                fail(text, cur, "expecting field name (* or [a..z0..9_$])");
            }
            if (cur.peek() == ':' && !cur.starts_with("::")) {
                ++cur.pos;
                item.alias = *first;
                auto name = parse_field_name(cur);
                if (!name) {
                    fail(text, cur, "expecting field name (* or [a..z0..9_$])");
                }
                item.column = *name;
            } else {
                item.column = *first;
            }
            if (cur.starts_with("->")) {
                throw not_implemented("JSON paths in select are not supported yet");
            }
            if (cur.peek() == '(' || cur.peek() == '!') {
                throw not_implemented("resource embedding is not supported yet");
            }
            if (cur.starts_with("::")) {
                cur.pos += 2;
                const size_t start = cur.pos;
                while (!cur.done() && is_identifier_char(cur.peek())) {
                    ++cur.pos;
                }
                if (cur.pos == start) {
                    fail(text, cur, "unexpected end of input expecting letter or digit");
                }
                item.cast = normalize_cast_type(text.substr(start, cur.pos - start));
                if (item.cast.empty()) {
                    fail(text, cur, "invalid cast type");
                }
            }
        }
        cur.skip_spaces();
        items.push_back(std::move(item));
        if (cur.done()) {
            return items;
        }
        if (cur.peek() != ',') {
            fail(text, cur,
                 std::string("unexpected \"") + cur.peek() + "\" expecting \",\" or end of input");
        }
        ++cur.pos;
    }
}

}  // namespace pg_resty
