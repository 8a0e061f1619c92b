#include "api/filter_parser.hpp"

#include <array>
#include <cctype>
#include <optional>
#include <utility>

#include "api/parse_error.hpp"
#include "api/plain_syntax.hpp"

namespace pg_resty {

namespace {

using grammar::Char;
using grammar::Input;
using grammar::Reply;
using grammar::Unit;
using parsec::Choice;
using parsec::Seq;

constexpr size_t kMaxListItems = 10000;

using OpName = std::pair<std::string_view, FilterOp>;

// PostgREST's simpleOperator, quantOperator and fts operators, in the order its parser tries
// them (the order decides which error messages come first).
constexpr std::array<OpName, 9> kSimpleOps{{{"neq", FilterOp::Neq},
                                            {"cs", FilterOp::Cs},
                                            {"cd", FilterOp::Cd},
                                            {"ov", FilterOp::Ov},
                                            {"sl", FilterOp::Sl},
                                            {"sr", FilterOp::Sr},
                                            {"nxr", FilterOp::Nxr},
                                            {"nxl", FilterOp::Nxl},
                                            {"adj", FilterOp::Adj}}};
constexpr std::array<OpName, 9> kQuantOps{{{"eq", FilterOp::Eq},
                                           {"gte", FilterOp::Gte},
                                           {"gt", FilterOp::Gt},
                                           {"lte", FilterOp::Lte},
                                           {"lt", FilterOp::Lt},
                                           {"like", FilterOp::Like},
                                           {"ilike", FilterOp::Ilike},
                                           {"match", FilterOp::Match},
                                           {"imatch", FilterOp::Imatch}}};
constexpr std::array<OpName, 4> kFtsOps{{{"fts", FilterOp::Fts},
                                         {"plfts", FilterOp::Plfts},
                                         {"phfts", FilterOp::Phfts},
                                         {"wfts", FilterOp::Wfts}}};

template <size_t N>
bool names_op(const std::array<OpName, N>& table, std::string_view name) {
    for (const auto& entry : table) {
        if (entry.first == name) {
            return true;
        }
    }
    return false;
}

// try (string w1) <|> try (string w2) <|> ...
template <size_t N>
Reply<FilterOp> operator_word(Input& in, size_t pos, const std::array<OpName, N>& table) {
    Choice<FilterOp> choice;
    for (const auto& [word, op] : table) {
        auto r = parsec::fmap(parsec::attempt(parsec::string_(in, pos, word)),
                              [op = op](Unit) { return op; });
        if (choice.decided(r)) {
            return r;
        }
    }
    return choice.failure(pos);
}

// try (string word *> pDelimiter)
Reply<Unit> word_and_dot(Input& in, size_t pos, std::string_view word) {
    Seq s(pos);
    if (!s.step(parsec::string_(in, pos, word)) || !s.step(grammar::delimiter(in, s.pos()))) {
        return parsec::attempt(s.failure<Unit>());
    }
    return s.success(Unit{});
}

// ciString: each character as written or upper-cased.
Reply<Unit> ci_string(Input& in, size_t pos, std::string_view word) {
    Seq s(pos);
    for (char c : word) {
        Choice<Char> choice;
        auto r = parsec::char_(in, s.pos(), c);
        if (!choice.decided(r)) {
            r = parsec::char_(in, s.pos(), static_cast<char>(std::toupper(c)));
            if (!choice.decided(r)) {
                r = choice.failure(s.pos());
            }
        }
        if (!s.step(std::move(r))) {
            return s.failure<Unit>();
        }
    }
    return s.success(Unit{});
}

// pIsVal
Reply<IsValue> is_value(Input& in, size_t pos) {
    constexpr std::array<std::pair<std::string_view, IsValue>, 5> kValues{
        {{"null", IsValue::Null},
         {"not_null", IsValue::NotNull},
         {"true", IsValue::True},
         {"false", IsValue::False},
         {"unknown", IsValue::Unknown}}};
    Choice<IsValue> choice;
    for (const auto& [word, value] : kValues) {
        auto r = parsec::fmap(parsec::attempt(ci_string(in, pos, word)),
                              [v = value](Unit) { return v; });
        if (choice.decided(r)) {
            return r;
        }
    }
    return parsec::label(choice.failure(pos), "isVal: (null, not_null, true, false, unknown)");
}

// pQuotedValue <* notFollowedBy (noneOf ",)"), under try
Reply<std::string> quoted_list_value(Input& in, size_t pos) {
    Seq s(pos);
    std::string value;
    if (!s.step(grammar::quoted_value(in, pos), &value) ||
        !s.step(parsec::not_followed_by(in, parsec::none_of(in, s.pos(), ",)"), s.pos()))) {
        return parsec::attempt(s.failure<std::string>());
    }
    return s.success(std::move(value));
}

// many (noneOf ",)")
Reply<std::string> unquoted_list_value(Input& in, size_t pos) {
    return parsec::fmap(parsec::many_chars(
                            in, pos, [](char32_t c) { return !parsec::in_set(c, ",)"); },
                            [](Input& i, size_t p) { return parsec::none_of(i, p, ",)"); }),
                        [](std::string_view text) { return std::string(text); });
}

// pListElement
Reply<std::string> list_element(Input& in, size_t pos) {
    Choice<std::string> choice;
    if (auto r = quoted_list_value(in, pos); choice.decided(r)) {
        return r;
    }
    if (auto r = unquoted_list_value(in, pos); choice.decided(r)) {
        return r;
    }
    return choice.failure(pos);
}

// pListVal = lexeme (char '(') *> pListElement `sepBy1` char ',' <* lexeme (char ')')
Reply<std::vector<std::string>> list_value(Input& in, size_t pos) {
    using List = std::vector<std::string>;
    const auto open = [](Input& i, size_t p) { return parsec::char_(i, p, '('); };
    const auto close = [](Input& i, size_t p) { return parsec::char_(i, p, ')'); };
    Seq s(pos);
    List items(1);
    const auto comma_then_element = [](Input& i, size_t p) {
        Seq t(p);
        std::string item;
        if (!t.step(parsec::char_(i, p, ',')) || !t.step(list_element(i, t.pos()), &item)) {
            return t.failure<std::string>();
        }
        return t.success(std::move(item));
    };
    const auto add = [&](std::string item) {
        if (items.size() >= kMaxListItems) {
            throw query_parse_error(in, s.pos(), "too many values in list (at most 10000)");
        }
        items.push_back(std::move(item));
    };
    if (!s.step(grammar::lexeme(in, pos, open)) || !s.step(list_element(in, s.pos()), &items[0]) ||
        !s.step(parsec::many(in, s.pos(), comma_then_element, add)) ||
        !s.step(grammar::lexeme(in, s.pos(), close))) {
        return s.failure<List>();
    }
    return s.success(std::move(items));
}

// pPgArray = "{" ++ many (noneOf "{}") ++ "}"
Reply<std::string> pg_array(Input& in, size_t pos) {
    Seq s(pos);
    if (!s.step(parsec::string_(in, pos, "{")) ||
        !s.step(parsec::many_chars(
            in, s.pos(), [](char32_t c) { return !parsec::in_set(c, "{}"); },
            [](Input& i, size_t p) { return parsec::none_of(i, p, "{}"); })) ||
        !s.step(parsec::string_(in, s.pos(), "}"))) {
        return s.failure<std::string>();
    }
    return s.success(std::string(in.text.substr(pos, s.pos() - pos)));
}

// pSingleVal (the rest of the input) or pLogicSingleVal.
Reply<std::string> single_value(Input& in, size_t pos, grammar::ValueSyntax syntax) {
    if (syntax == grammar::ValueSyntax::Rest) {
        // many anyChar: everything, ending with anyChar's failure at the end of input.
        const bool consumed = pos < in.text.size();
        return parsec::ok_reply<std::string>(
            consumed, in.text.size(),
            parsec::error_at(in, in.text.size(), {parsec::MessageKind::SysUnExpect}),
            std::string(in.text.substr(std::min(pos, in.text.size()))));
    }
    Choice<std::string> choice;
    if (auto r = quoted_list_value(in, pos); choice.decided(r)) {
        return r;
    }
    if (auto r = parsec::attempt(pg_array(in, pos)); choice.decided(r)) {
        return r;
    }
    if (auto r = unquoted_list_value(in, pos); choice.decided(r)) {
        return r;
    }
    return choice.failure(pos);
}

// between (char '(') (char ')') p, under try, as an optionMaybe.
template <typename T, typename P>
Reply<std::optional<T>> optional_parenthesized(Input& in, size_t pos, P&& p) {
    Seq s(pos);
    T value{};
    if (!s.step(parsec::char_(in, pos, '(')) || !s.step(p(in, s.pos()), &value) ||
        !s.step(parsec::char_(in, s.pos(), ')'))) {
        return parsec::option_maybe(parsec::attempt(s.failure<T>()), pos);
    }
    return parsec::option_maybe(s.success(std::move(value)), pos);
}

// try (string "any" $> QuantAny) <|> string "all" $> QuantAll
Reply<Quantifier> quantifier(Input& in, size_t pos) {
    Choice<Quantifier> choice;
    if (auto r = parsec::fmap(parsec::attempt(parsec::string_(in, pos, "any")),
                              [](Unit) { return Quantifier::Any; });
        choice.decided(r)) {
        return r;
    }
    if (auto r =
            parsec::fmap(parsec::string_(in, pos, "all"), [](Unit) { return Quantifier::All; });
        choice.decided(r)) {
        return r;
    }
    return choice.failure(pos);
}

// pFts: operator, optional (language), ".", value
Reply<Filter> fts_operation(Input& in, size_t pos, grammar::ValueSyntax syntax) {
    Seq s(pos);
    Filter f;
    std::optional<std::string> language;
    if (!s.step(operator_word(in, pos, kFtsOps), &f.op) ||
        !s.step(optional_parenthesized<std::string>(in, s.pos(), grammar::identifier), &language) ||
        !s.step(grammar::delimiter(in, s.pos())) ||
        !s.step(single_value(in, s.pos(), syntax), &f.value)) {
        return s.failure<Filter>();
    }
    f.language = std::move(language);
    return s.success(std::move(f));
}

// pSimpleOp: operator "." value
Reply<Filter> simple_operation(Input& in, size_t pos, grammar::ValueSyntax syntax) {
    Seq s(pos);
    Filter f;
    if (!s.step(parsec::label(operator_word(in, pos, kSimpleOps), "unknown single value operator"),
                &f.op) ||
        !s.step(grammar::delimiter(in, s.pos())) ||
        !s.step(single_value(in, s.pos(), syntax), &f.value)) {
        return s.failure<Filter>();
    }
    return s.success(std::move(f));
}

// pQuantOp: operator, optional (any|all), ".", value
Reply<Filter> quantified_operation(Input& in, size_t pos, grammar::ValueSyntax syntax) {
    Seq s(pos);
    Filter f;
    std::optional<Quantifier> quant;
    if (!s.step(parsec::label(operator_word(in, pos, kQuantOps), "unknown single value operator"),
                &f.op) ||
        !s.step(optional_parenthesized<Quantifier>(in, s.pos(), quantifier), &quant) ||
        !s.step(grammar::delimiter(in, s.pos())) ||
        !s.step(single_value(in, s.pos(), syntax), &f.value)) {
        return s.failure<Filter>();
    }
    f.quantifier = quant.value_or(Quantifier::None);
    return s.success(std::move(f));
}

// pOperation = pIn <|> pIs <|> pIsDist <|> try pFts <|> try pSimpleOp <|> try pQuantOp
//              <?> "operator (eq, gt, ...)"
Reply<Filter> operation(Input& in, size_t pos, grammar::ValueSyntax syntax) {
    Choice<Filter> choice;
    {
        Seq s(pos);
        Filter f;
        f.op = FilterOp::In;
        auto r = s.step(word_and_dot(in, pos, "in")) && s.step(list_value(in, s.pos()), &f.list)
                     ? s.success(std::move(f))
                     : s.failure<Filter>();
        if (choice.decided(r)) {
            return parsec::label(std::move(r), "operator (eq, gt, ...)");
        }
    }
    {
        Seq s(pos);
        Filter f;
        f.op = FilterOp::Is;
        auto r = s.step(word_and_dot(in, pos, "is")) && s.step(is_value(in, s.pos()), &f.is_value)
                     ? s.success(std::move(f))
                     : s.failure<Filter>();
        if (choice.decided(r)) {
            return parsec::label(std::move(r), "operator (eq, gt, ...)");
        }
    }
    {
        Seq s(pos);
        Filter f;
        f.op = FilterOp::IsDistinct;
        auto r = s.step(word_and_dot(in, pos, "isdistinct")) &&
                         s.step(single_value(in, s.pos(), syntax), &f.value)
                     ? s.success(std::move(f))
                     : s.failure<Filter>();
        if (choice.decided(r)) {
            return parsec::label(std::move(r), "operator (eq, gt, ...)");
        }
    }
    if (auto r = parsec::attempt(fts_operation(in, pos, syntax)); choice.decided(r)) {
        return parsec::label(std::move(r), "operator (eq, gt, ...)");
    }
    if (auto r = parsec::attempt(simple_operation(in, pos, syntax)); choice.decided(r)) {
        return parsec::label(std::move(r), "operator (eq, gt, ...)");
    }
    if (auto r = parsec::attempt(quantified_operation(in, pos, syntax)); choice.decided(r)) {
        return parsec::label(std::move(r), "operator (eq, gt, ...)");
    }
    return parsec::label(choice.failure(pos), "operator (eq, gt, ...)");
}

// "eq(any)" / "like(all)": the operator without its quantifier, or empty when there is none.
std::string_view unquantified(std::string_view name) {
    for (std::string_view suffix : {std::string_view("(any)"), std::string_view("(all)")}) {
        if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
            return name.substr(0, name.size() - suffix.size());
        }
    }
    return {};
}

bool operator_name(std::string_view name) {
    return names_op(kSimpleOps, name) || names_op(kQuantOps, name) || names_op(kFtsOps, name) ||
           name == "isdistinct";
}

// pOpExpr for "[not.]W.value" with W a plain operator, when no messages are recorded: the
// grammar's reply is then known to be W's alternative, consumed, ending where the value
// ends; only the (muted) error would differ. Skips the other twenty-odd alternatives.
std::optional<Reply<Filter>> plain_op_expr(Input& in, size_t pos, grammar::ValueSyntax syntax) {
    std::string_view rest = in.text.substr(pos);
    size_t at = pos;
    Filter f;
    if (rest.substr(0, 4) == "not.") {
        f.negated = true;
        rest.remove_prefix(4);
        at += 4;
    }
    const size_t dot = rest.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const std::optional<FilterOp> op = plain_operator(rest.substr(0, dot));
    if (!op) {
        return std::nullopt;
    }
    f.op = *op;
    Reply<std::string> value = single_value(in, at + dot + 1, syntax);
    f.value = std::move(value.value);
    return parsec::ok_reply<Filter>(true, value.pos, parsec::ParseError{value.pos, {}, true},
                                    std::move(f));
}

}  // namespace

namespace grammar {

Reply<Filter> op_expr(Input& in, size_t pos, ValueSyntax syntax) {
    if (!in.record_errors) {
        if (std::optional<Reply<Filter>> plain = plain_op_expr(in, pos, syntax)) {
            return std::move(*plain);
        }
    }
    Seq s(pos);
    bool negated = false;
    {
        // try (string "not" *> pDelimiter $> True) <|> pure False
        auto r = parsec::fmap(word_and_dot(in, pos, "not"), [](Unit) { return true; });
        if (!r.ok && !r.consumed) {
            r.ok = true;
            r.pos = pos;
        }
        if (!s.step(std::move(r), &negated)) {
            return s.failure<Filter>();
        }
    }
    Filter f;
    if (!s.step(operation(in, s.pos(), syntax), &f)) {
        return s.failure<Filter>();
    }
    f.negated = negated;
    return s.success(std::move(f));
}

}  // namespace grammar

namespace {

Filter parse_filter_grammar(grammar::Field field, std::string_view value, bool muted_first) {
    Input in(value, "filter", value);
    Reply<Filter> r = parsec::run(
        in,
        [](Input& i, size_t pos) { return grammar::op_expr(i, pos, grammar::ValueSyntax::Rest); },
        muted_first);
    if (!r.ok) {
        throw query_parse_error(in, r.error);
    }
    r.value.column = std::move(field.name);
    r.value.json_path = std::move(field.json_path);
    return std::move(r.value);
}

}  // namespace

bool looks_like_filter(std::string_view value) {
    const size_t dot = value.find('.');
    const std::string_view first = value.substr(0, dot);
    if (first == "not" && dot != std::string_view::npos) {
        return true;
    }
    if (first == "is" || first == "in" || operator_name(first)) {
        return true;
    }
    if (const std::string_view base = unquantified(first); !base.empty() && operator_name(base)) {
        return true;
    }
    const size_t paren = value.find('(');
    return paren != std::string_view::npos && names_op(kFtsOps, value.substr(0, paren));
}

Filter parse_filter(grammar::Field field, std::string_view value) {
    if (std::optional<Filter> plain = plain_filter(value)) {
        plain->column = std::move(field.name);
        plain->json_path = std::move(field.json_path);
        return std::move(*plain);
    }
    return parse_filter_grammar(std::move(field), value, true);
}

Filter parse_filter_with_grammar(grammar::Field field, std::string_view value) {
    return parse_filter_grammar(std::move(field), value, false);
}

}  // namespace pg_resty
