#include "api/order_parser.hpp"

#include <optional>

#include "api/field_name.hpp"
#include "api/parse_error.hpp"
#include "api/plain_syntax.hpp"

namespace pg_resty {

namespace {

using grammar::Input;
using grammar::Reply;
using grammar::Unit;
using parsec::Choice;
using parsec::Seq;

constexpr size_t kMaxOrderTerms = 100;

using Term = OrderTerm;

// try (pDelimiter *> string word $> value) <|> ... over `words`
template <typename T, size_t N>
Reply<T> dotted_word(Input& in, size_t pos, const std::pair<std::string_view, T> (&words)[N]) {
    Choice<T> choice;
    for (const auto& [word, value] : words) {
        Seq s(pos);
        auto r = s.step(grammar::delimiter(in, pos)) && s.step(parsec::string_(in, s.pos(), word))
                     ? s.success(value)
                     : parsec::attempt(s.failure<T>());
        if (choice.decided(r)) {
            return r;
        }
    }
    return choice.failure(pos);
}

// pOrdDir
Reply<bool> direction(Input& in, size_t pos) {
    static const std::pair<std::string_view, bool> kWords[] = {{"asc", false}, {"desc", true}};
    return dotted_word(in, pos, kWords);
}

// pNulls
Reply<NullsOrder> nulls(Input& in, size_t pos) {
    static const std::pair<std::string_view, NullsOrder> kWords[] = {
        {"nullsfirst", NullsOrder::First}, {"nullslast", NullsOrder::Last}};
    return dotted_word(in, pos, kWords);
}

// pEnd = try (lookAhead (char ',')) <|> try eof
Reply<Unit> term_end(Input& in, size_t pos) {
    Choice<Unit> choice;
    auto r = parsec::fmap(parsec::attempt(parsec::look_ahead(parsec::char_(in, pos, ','), pos)),
                          [](grammar::Char) { return Unit{}; });
    if (choice.decided(r)) {
        return r;
    }
    return choice.finish(parsec::attempt(parsec::eof(in, pos)), pos);
}

// dir <- optionMaybe pOrdDir; nls <- optionMaybe pNulls <* pEnd <|> pEnd $> Nothing
bool modifiers(Input& in, Seq& s, OrderTerm& term) {
    std::optional<bool> descending;
    if (!s.step(parsec::option_maybe(direction(in, s.pos()), s.pos()), &descending)) {
        return false;
    }
    term.descending = descending;
    Choice<std::optional<NullsOrder>> choice;
    const size_t at = s.pos();
    Seq with_nulls(at);
    std::optional<NullsOrder> order;
    auto r = with_nulls.step(parsec::option_maybe(nulls(in, at), at), &order) &&
                     with_nulls.step(term_end(in, with_nulls.pos()))
                 ? with_nulls.success(order)
                 : with_nulls.failure<std::optional<NullsOrder>>();
    if (!choice.decided(r)) {
        r = choice.finish(
            parsec::fmap(term_end(in, at), [](Unit) { return std::optional<NullsOrder>(); }), at);
    }
    if (!s.step(std::move(r), &order)) {
        return false;
    }
    term.nulls = order.value_or(NullsOrder::Default);
    return true;
}

// pOrderTerm = pField, modifiers
Reply<Term> order_term(Input& in, size_t pos) {
    Seq s(pos);
    Term t;
    grammar::Field field;
    if (!s.step(grammar::field(in, pos), &field) || !modifiers(in, s, t)) {
        return s.failure<Term>();
    }
    t.column = std::move(field.name);
    t.json_path = std::move(field.json_path);
    return s.success(std::move(t));
}

// pOrderRelationTerm = pFieldName, between (char '(') (char ')') pField, modifiers
Reply<Term> relation_term(Input& in, size_t pos) {
    Seq s(pos);
    Term t;
    grammar::Field field;
    if (!s.step(grammar::field_name(in, pos), &t.relation) ||
        !s.step(parsec::char_(in, s.pos(), '(')) || !s.step(grammar::field(in, s.pos()), &field) ||
        !s.step(parsec::char_(in, s.pos(), ')')) || !modifiers(in, s, t)) {
        return s.failure<Term>();
    }
    t.column = std::move(field.name);
    t.json_path = std::move(field.json_path);
    return s.success(std::move(t));
}

// lexeme (try pOrderRelationTerm <|> pOrderTerm)
Reply<Term> term(Input& in, size_t pos) {
    return grammar::lexeme(in, pos, [](Input& i, size_t p) {
        Choice<Term> choice;
        if (auto r = parsec::attempt(relation_term(i, p)); choice.decided(r)) {
            return r;
        }
        return choice.finish(order_term(i, p), p);
    });
}

}  // namespace

std::vector<OrderTerm> parse_order(std::string_view text) {
    if (std::optional<std::vector<OrderTerm>> plain = plain_order(text)) {
        return std::move(*plain);
    }
    return parse_order_with_grammar(text);
}

std::vector<OrderTerm> parse_order_with_grammar(std::string_view text) {
    using Terms = std::vector<Term>;
    // pOrder = term `sepBy1` char ','
    const auto order = [](Input& in, size_t pos) {
        Terms terms;
        const auto add = [&](Term t) {
            if (terms.size() >= kMaxOrderTerms) {
                throw query_parse_error(in, pos, "too many order terms (at most 100)");
            }
            terms.push_back(std::move(t));
        };
        const auto comma_then_term = [](Input& i, size_t p) {
            Seq t(p);
            Term value;
            if (!t.step(parsec::char_(i, p, ',')) || !t.step(term(i, t.pos()), &value)) {
                return t.failure<Term>();
            }
            return t.success(std::move(value));
        };
        Seq s(pos);
        Term first;
        if (!s.step(term(in, pos), &first)) {
            return s.failure<Terms>();
        }
        add(std::move(first));
        if (!s.step(parsec::many(in, s.pos(), comma_then_term, add))) {
            return s.failure<Terms>();
        }
        return s.success(std::move(terms));
    };
    Input in(text, "order", text);
    Reply<Terms> r = parsec::run(in, order);
    if (!r.ok) {
        throw query_parse_error(in, r.error);
    }
    return std::move(r.value);
}

}  // namespace pg_resty
