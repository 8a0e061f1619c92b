#include "api/filter_parser.hpp"

#include <array>
#include <optional>
#include <utility>

#include "api/field_name.hpp"
#include "api/parse_error.hpp"
#include "common/text.hpp"

namespace pg_resty {

namespace {

constexpr size_t kMaxListItems = 10000;

constexpr std::array<std::pair<std::string_view, FilterOp>, 8> kSimpleOps{{
    {"eq", FilterOp::Eq},
    {"neq", FilterOp::Neq},
    {"gt", FilterOp::Gt},
    {"gte", FilterOp::Gte},
    {"lt", FilterOp::Lt},
    {"lte", FilterOp::Lte},
    {"like", FilterOp::Like},
    {"ilike", FilterOp::Ilike},
}};

// Operators of PostgREST's grammar that this build does not serve yet; recognised so that
// such filters are reported as unsupported instead of being silently ignored.
constexpr std::array<std::string_view, 15> kPendingOps{
    "match", "imatch", "cs",         "cd",  "ov",    "sl",    "sr",  "nxl",
    "nxr",   "adj",    "isdistinct", "fts", "plfts", "phfts", "wfts"};

// "eq(any)" / "like(all)": the operator without its quantifier, or empty when there is none.
std::string_view unquantified(std::string_view name) {
    for (std::string_view suffix : {std::string_view("(any)"), std::string_view("(all)")}) {
        if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
            return name.substr(0, name.size() - suffix.size());
        }
    }
    return {};
}

std::optional<FilterOp> simple_op(std::string_view name) {
    for (const auto& [op_name, op] : kSimpleOps) {
        if (op_name == name) {
            return op;
        }
    }
    return std::nullopt;
}

bool pending_op(std::string_view name) {
    for (std::string_view op : kPendingOps) {
        if (op == name) {
            return true;
        }
    }
    return false;
}

bool is_fts_name(std::string_view name) {
    return name == "fts" || name == "plfts" || name == "phfts" || name == "wfts";
}

[[noreturn]] void fail(std::string_view input, size_t column, std::string details) {
    throw query_parse_error("filter", input, column, std::move(details));
}

std::vector<std::string> parse_list(std::string_view input, Cursor& cur) {
    cur.skip_spaces();
    if (cur.peek() != '(') {
        fail(input, cur.column(),
             cur.done() ? "unexpected end of input expecting \"(\""
                        : std::string("unexpected \"") + cur.peek() + "\" expecting \"(\"");
    }
    ++cur.pos;
    cur.skip_spaces();
    std::vector<std::string> items;
    for (;;) {
        if (items.size() >= kMaxListItems) {
            fail(input, cur.column(), "too many values in list (at most 10000)");
        }
        std::string item;
        const size_t start = cur.pos;
        bool quoted = false;
        if (cur.peek() == '"') {
            Cursor probe = cur;
            auto value = parse_field_name(probe);
            if (value && (probe.peek() == ',' || probe.peek() == ')')) {
                item = *value;
                cur = probe;
                quoted = true;
            }
        }
        if (!quoted) {
            cur.pos = start;
            while (!cur.done() && cur.peek() != ',' && cur.peek() != ')') {
                ++cur.pos;
            }
            item.assign(cur.text.substr(start, cur.pos - start));
        }
        items.push_back(std::move(item));
        if (cur.peek() == ',') {
            ++cur.pos;
            continue;
        }
        if (cur.peek() == ')') {
            ++cur.pos;
            return items;
        }
        fail(input, cur.column(), "unexpected end of input expecting \",\" or \")\"");
    }
}

std::optional<IsValue> parse_is_value(std::string_view rest) {
    // PostgREST matches a case-insensitive prefix and ignores what follows.
    const auto prefix = [&](std::string_view word) {
        return rest.size() >= word.size() && iequals_ascii(rest.substr(0, word.size()), word);
    };
    if (prefix("not_null"))
        return IsValue::NotNull;
    if (prefix("null"))
        return IsValue::Null;
    if (prefix("unknown"))
        return IsValue::Unknown;
    if (prefix("true"))
        return IsValue::True;
    if (prefix("false"))
        return IsValue::False;
    return std::nullopt;
}

}  // namespace

bool looks_like_filter(std::string_view value) {
    const size_t dot = value.find('.');
    const std::string_view first = value.substr(0, dot);
    if (first == "not" && dot != std::string_view::npos) {
        return true;
    }
    if (first == "is" || first == "in" || simple_op(first) || pending_op(first)) {
        return true;
    }
    if (const std::string_view base = unquantified(first);
        !base.empty() && (simple_op(base) || pending_op(base))) {
        return true;
    }
    const size_t paren = value.find('(');
    return paren != std::string_view::npos && is_fts_name(value.substr(0, paren));
}

Filter parse_filter(std::string column, std::string_view value) {
    Filter filter;
    filter.column = std::move(column);
    Cursor cur{value};
    if (cur.starts_with("not.")) {
        filter.negated = true;
        cur.pos += 4;
    }
    if (cur.starts_with("in.")) {
        cur.pos += 3;
        filter.op = FilterOp::In;
        filter.list = parse_list(value, cur);
        return filter;
    }
    if (cur.starts_with("is.")) {
        cur.pos += 3;
        auto is_value = parse_is_value(value.substr(cur.pos));
        if (!is_value) {
            fail(value, cur.column(),
                 "unexpected \"" + std::string(value.substr(cur.pos, 1)) +
                     "\" expecting null or trilean value (unknown, true, false)");
        }
        filter.op = FilterOp::Is;
        filter.is_value = *is_value;
        return filter;
    }
    const size_t dot = value.find('.', cur.pos);
    if (dot == std::string_view::npos) {
        fail(value, value.size() + 1, "unexpected end of input expecting delimiter (.)");
    }
    const std::string_view op_name = value.substr(cur.pos, dot - cur.pos);
    const auto op = simple_op(op_name);
    if (!op) {
        const std::string_view base = unquantified(op_name);
        if (pending_op(op_name) || is_fts_name(op_name.substr(0, op_name.find('('))) ||
            (!base.empty() && (simple_op(base) || pending_op(base)))) {
            throw not_implemented("the '" + std::string(op_name) +
                                  "' filter operator is not supported yet");
        }
        fail(value, dot + 2, "unknown single value operator " + std::string(op_name));
    }
    filter.op = *op;
    filter.value.assign(value.substr(dot + 1));
    return filter;
}

}  // namespace pg_resty
