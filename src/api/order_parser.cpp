#include "api/order_parser.hpp"

#include "api/field_name.hpp"
#include "api/parse_error.hpp"

namespace pg_resty {

namespace {

constexpr size_t kMaxOrderTerms = 100;

[[noreturn]] void fail(std::string_view input, const Cursor& cur, std::string details) {
    throw query_parse_error("order", input, cur.column(), std::move(details));
}

bool take_word(Cursor& cur, std::string_view word) {
    if (cur.starts_with(word)) {
        cur.pos += word.size();
        return true;
    }
    return false;
}

bool at_term_end(const Cursor& cur) {
    return cur.done() || cur.peek() == ',';
}

}  // namespace

std::vector<OrderTerm> parse_order(std::string_view text) {
    std::vector<OrderTerm> terms;
    Cursor cur{text};
    for (;;) {
        if (terms.size() >= kMaxOrderTerms) {
            fail(text, cur, "too many order terms (at most 100)");
        }
        cur.skip_spaces();
        OrderTerm term;
        auto name = parse_field_name(cur);
        if (!name) {
            fail(text, cur, "expecting field name (* or [a..z0..9_$])");
        }
        if (cur.starts_with("->") || cur.peek() == '(') {
            throw not_implemented("JSON paths and embedded columns in order are not supported yet");
        }
        term.column = *name;
        if (cur.peek() == '.') {
            Cursor after = cur;
            ++after.pos;
            if (take_word(after, "asc")) {
                term.descending = false;
                cur = after;
            } else if (take_word(after, "desc")) {
                term.descending = true;
                cur = after;
            }
        }
        if (cur.peek() == '.') {
            Cursor after = cur;
            ++after.pos;
            if (take_word(after, "nullsfirst")) {
                term.nulls = NullsOrder::First;
                cur = after;
            } else if (take_word(after, "nullslast")) {
                term.nulls = NullsOrder::Last;
                cur = after;
            } else {
                ++cur.pos;
                fail(text, cur,
                     term.descending
                         ? "expecting \"nullsfirst\" or \"nullslast\""
                         : "expecting \"asc\", \"desc\", \"nullsfirst\" or \"nullslast\"");
            }
        }
        cur.skip_spaces();
        if (!at_term_end(cur)) {
            fail(text, cur,
                 std::string("unexpected '") + cur.peek() + "' expecting \",\" or end of input");
        }
        terms.push_back(std::move(term));
        if (cur.done()) {
            return terms;
        }
        ++cur.pos;
    }
}

}  // namespace pg_resty
