#include "api/plain_syntax.hpp"

#include <array>
#include <utility>

namespace pg_resty {

namespace {

// The operators that take their value verbatim. For "W.value" with W exactly one of these,
// PostgREST's pOpExpr always ends in W's alternative: no other operator word is W followed by
// '.', and "in"/"is"/"not" are not in the list.
constexpr std::array<std::pair<std::string_view, FilterOp>, 23> kPlainOps{{
    {"eq", FilterOp::Eq},
    {"neq", FilterOp::Neq},
    {"gt", FilterOp::Gt},
    {"gte", FilterOp::Gte},
    {"lt", FilterOp::Lt},
    {"lte", FilterOp::Lte},
    {"like", FilterOp::Like},
    {"ilike", FilterOp::Ilike},
    {"match", FilterOp::Match},
    {"imatch", FilterOp::Imatch},
    {"isdistinct", FilterOp::IsDistinct},
    {"cs", FilterOp::Cs},
    {"cd", FilterOp::Cd},
    {"ov", FilterOp::Ov},
    {"sl", FilterOp::Sl},
    {"sr", FilterOp::Sr},
    {"nxl", FilterOp::Nxl},
    {"nxr", FilterOp::Nxr},
    {"adj", FilterOp::Adj},
    {"fts", FilterOp::Fts},
    {"plfts", FilterOp::Plfts},
    {"phfts", FilterOp::Phfts},
    {"wfts", FilterOp::Wfts},
}};

bool plain_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Splits on ',' into non-empty parts; false when a part is empty.
template <typename F>
bool for_each_part(std::string_view text, F&& f) {
    size_t start = 0;
    for (;;) {
        const size_t comma = text.find(',', start);
        const std::string_view part = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (part.empty() || !f(part)) {
            return false;
        }
        if (comma == std::string_view::npos) {
            return true;
        }
        start = comma + 1;
    }
}

bool take_suffix(std::string_view& text, std::string_view word) {
    if (text.size() > word.size() + 1 && text[text.size() - word.size() - 1] == '.' &&
        text.substr(text.size() - word.size()) == word) {
        text.remove_suffix(word.size() + 1);
        return true;
    }
    return false;
}

}  // namespace

std::optional<FilterOp> plain_operator(std::string_view word) {
    for (const auto& [name, op] : kPlainOps) {
        if (name == word) {
            return op;
        }
    }
    return std::nullopt;
}

bool plain_field_name(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    for (char c : text) {
        if (!plain_char(c)) {
            return false;
        }
    }
    return true;
}

std::optional<Filter> plain_filter(std::string_view value) {
    Filter f;
    if (value.substr(0, 4) == "not.") {
        f.negated = true;
        value.remove_prefix(4);
    }
    const size_t dot = value.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const std::optional<FilterOp> op = plain_operator(value.substr(0, dot));
    if (!op) {
        return std::nullopt;
    }
    f.op = *op;
    f.value.assign(value.substr(dot + 1));
    return f;
}

std::optional<std::vector<SelectItem>> plain_select(std::string_view text) {
    std::vector<SelectItem> items;
    const bool plain = for_each_part(text, [&](std::string_view part) {
        if (part == "*") {
            items.push_back(SelectItem{true, {}, {}, {}, {}});
            return true;
        }
        if (!plain_field_name(part)) {
            return false;
        }
        items.push_back(SelectItem{false, std::string(part), {}, {}, {}});
        return true;
    });
    if (!plain || items.size() > 1000) {
        return std::nullopt;
    }
    return items;
}

std::optional<std::vector<OrderTerm>> plain_order(std::string_view text) {
    std::vector<OrderTerm> terms;
    const bool plain = for_each_part(text, [&](std::string_view part) {
        OrderTerm term;
        if (take_suffix(part, "nullsfirst")) {
            term.nulls = NullsOrder::First;
        } else if (take_suffix(part, "nullslast")) {
            term.nulls = NullsOrder::Last;
        }
        if (take_suffix(part, "asc")) {
            term.descending = false;
        } else if (take_suffix(part, "desc")) {
            term.descending = true;
        }
        if (!plain_field_name(part)) {
            return false;
        }
        term.column.assign(part);
        terms.push_back(std::move(term));
        return true;
    });
    if (!plain || terms.size() > 100) {
        return std::nullopt;
    }
    return terms;
}

}  // namespace pg_resty
