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

namespace {

constexpr size_t kMaxEmbedDepth = 32;

struct SelectParser {
    std::string_view text;
    Cursor cur{text};
    size_t items = 0;

    [[noreturn]] void error(std::string details) { fail(text, cur, std::move(details)); }

    std::string field_name() {
        auto name = parse_field_name(cur);
        if (!name) {
            error("expecting field name (* or [a..z0..9_$])");
        }
        return *name;
    }

    // `!hint` and `!inner` / `!left`, in any order, at most one of each.
    void embed_options(SelectItem& item) {
        while (cur.peek() == '!') {
            ++cur.pos;
            std::string word = field_name();
            if (word == "inner" || word == "left") {
                item.join = word == "inner" ? JoinType::Inner : JoinType::Left;
            } else if (item.hint.empty()) {
                item.hint = std::move(word);
            } else {
                error("unexpected \"!\" expecting \"(\"");
            }
        }
    }

    void children(SelectItem& item, size_t depth) {
        if (depth >= kMaxEmbedDepth) {
            error("embedded resources are nested too deeply (at most 32 levels)");
        }
        ++cur.pos;  // '('
        item.embed = true;
        cur.skip_spaces();
        if (cur.peek() != ')') {
            item.children = list(depth + 1, true);
        }
        if (cur.peek() != ')') {
            error(cur.done()
                      ? "unexpected end of input expecting \",\" or \")\""
                      : std::string("unexpected \"") + cur.peek() + "\" expecting \",\" or \")\"");
        }
        ++cur.pos;
    }

    void cast(SelectItem& item) {
        cur.pos += 2;
        const size_t start = cur.pos;
        while (!cur.done() && is_identifier_char(cur.peek())) {
            ++cur.pos;
        }
        if (cur.pos == start) {
            error("unexpected end of input expecting letter or digit");
        }
        item.cast = normalize_cast_type(text.substr(start, cur.pos - start));
        if (item.cast.empty()) {
            error("invalid cast type");
        }
    }

    SelectItem item(size_t depth) {
        SelectItem item;
        if (cur.peek() == '*') {
            ++cur.pos;
            item.star = true;
            return item;
        }
        if (cur.starts_with("...")) {
            cur.pos += 3;
            item.spread = true;
            item.column = field_name();
            embed_options(item);
            if (cur.peek() != '(') {
                error("unexpected \"" + std::string(1, cur.peek()) + "\" expecting \"(\"");
            }
            children(item, depth);
            return item;
        }
        std::string first = field_name();
        if (cur.peek() == ':' && !cur.starts_with("::")) {
            ++cur.pos;
            item.alias = std::move(first);
            item.column = field_name();
        } else {
            item.column = std::move(first);
        }
        if (cur.starts_with("->")) {
            throw not_implemented("JSON paths in select are not supported yet");
        }
        if (cur.peek() == '(' || cur.peek() == '!') {
            embed_options(item);
            if (cur.peek() != '(') {
                error("unexpected \"" + std::string(1, cur.peek()) + "\" expecting \"(\"");
            }
            children(item, depth);
            return item;
        }
        if (cur.starts_with("::")) {
            cast(item);
        }
        return item;
    }

    std::vector<SelectItem> list(size_t depth, bool nested) {
        std::vector<SelectItem> list;
        for (;;) {
            if (++items > kMaxSelectItems) {
                error("too many items in select (at most 1000)");
            }
            cur.skip_spaces();
            list.push_back(item(depth));
            cur.skip_spaces();
            if (cur.done() || (nested && cur.peek() == ')')) {
                return list;
            }
            if (cur.peek() != ',') {
                error(std::string("unexpected \"") + cur.peek() + "\" expecting \",\" or " +
                      (nested ? "\")\"" : "end of input"));
            }
            ++cur.pos;
        }
    }
};

}  // namespace

std::vector<SelectItem> parse_select(std::string_view text) {
    SelectParser parser{text};
    return parser.list(0, false);
}

}  // namespace pg_resty
