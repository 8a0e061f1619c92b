#include "api/logic_parser.hpp"

#include <algorithm>

#include "api/field_name.hpp"
#include "api/filter_parser.hpp"
#include "api/parse_error.hpp"

namespace pg_resty {

namespace {

using grammar::Char;
using grammar::Input;
using grammar::Reply;
using grammar::Unit;
using parsec::Choice;
using parsec::Seq;

// Counts one level of nesting for as long as it lives; past the bound, a PGRST100.
class NestingGuard {
  public:
    NestingGuard(Input& in, size_t pos) : in_(in) {
        if (++in_.depth > grammar::kMaxNesting) {
            throw query_parse_error(in_, pos,
                                    "logic trees nest at most " +
                                        std::to_string(grammar::kMaxNesting) + " levels deep");
        }
    }
    ~NestingGuard() { --in_.depth; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

  private:
    Input& in_;
};

Reply<LogicTree> logic_tree(Input& in, size_t pos);

// pLogicFilter = Filter <$> pField <* pDelimiter <*> pOpExpr pLogicSingleVal
Reply<LogicTree> logic_filter(Input& in, size_t pos) {
    Seq s(pos);
    grammar::Field field;
    LogicTree tree;
    if (!s.step(grammar::field(in, pos), &field) || !s.step(grammar::delimiter(in, s.pos())) ||
        !s.step(grammar::op_expr(in, s.pos(), grammar::ValueSyntax::LogicTree), &tree.filter)) {
        return s.failure<LogicTree>();
    }
    tree.filter.column = std::move(field.name);
    tree.filter.json_path = std::move(field.json_path);
    return s.success(std::move(tree));
}

// pNot = try (string "not" *> pDelimiter $> True) <|> pure False <?> "negation operator (not)"
Reply<bool> negation(Input& in, size_t pos) {
    Seq s(pos);
    Reply<bool> r;
    if (s.step(parsec::string_(in, pos, "not")) && s.step(grammar::delimiter(in, s.pos()))) {
        r = s.success(true);
    } else {
        r = parsec::attempt(s.failure<bool>());
        r.ok = true;
        r.pos = pos;
    }
    return parsec::label(std::move(r), "negation operator (not)");
}

// pLogicOp = try (string "and" $> And) <|> string "or" $> Or <?> "logic operator (and, or)"
Reply<LogicTree::Kind> logic_operator(Input& in, size_t pos) {
    Choice<LogicTree::Kind> choice;
    auto r = parsec::fmap(parsec::attempt(parsec::string_(in, pos, "and")),
                          [](Unit) { return LogicTree::Kind::And; });
    if (!choice.decided(r)) {
        r = parsec::fmap(parsec::string_(in, pos, "or"), [](Unit) { return LogicTree::Kind::Or; });
        if (!choice.decided(r)) {
            r = choice.failure(pos);
        }
    }
    return parsec::label(std::move(r), "logic operator (and, or)");
}

Reply<Char> lexeme_char(Input& in, size_t pos, char c) {
    return grammar::lexeme(in, pos, [c](Input& i, size_t p) { return parsec::char_(i, p, c); });
}

// Expr <$> pNot <*> pLogicOp <*> (lexeme (char '(') *> pLogicTree `sepBy1` lexeme (char ',')
//                                 <* lexeme (char ')'))
Reply<LogicTree> logic_expression(Input& in, size_t pos) {
    Seq s(pos);
    LogicTree tree;
    if (!s.step(negation(in, pos), &tree.negated) ||
        !s.step(logic_operator(in, s.pos()), &tree.kind) ||
        !s.step(lexeme_char(in, s.pos(), '('))) {
        return s.failure<LogicTree>();
    }
    const NestingGuard guard(in, pos);
    const auto comma_then_tree = [](Input& i, size_t p) {
        Seq t(p);
        LogicTree child;
        if (!t.step(lexeme_char(i, p, ',')) || !t.step(logic_tree(i, t.pos()), &child)) {
            return t.failure<LogicTree>();
        }
        return t.success(std::move(child));
    };
    LogicTree first;
    if (!s.step(logic_tree(in, s.pos()), &first)) {
        return s.failure<LogicTree>();
    }
    tree.children.push_back(std::move(first));
    if (!s.step(
            parsec::many(in, s.pos(), comma_then_tree,
                         [&](LogicTree child) { tree.children.push_back(std::move(child)); })) ||
        !s.step(lexeme_char(in, s.pos(), ')'))) {
        return s.failure<LogicTree>();
    }
    return s.success(std::move(tree));
}

// pLogicTree = Stmnt <$> try pLogicFilter <|> Expr <$> ...
Reply<LogicTree> logic_tree(Input& in, size_t pos) {
    Choice<LogicTree> choice;
    if (auto r = parsec::attempt(logic_filter(in, pos)); choice.decided(r)) {
        return r;
    }
    if (auto r = logic_expression(in, pos); choice.decided(r)) {
        return r;
    }
    return choice.failure(pos);
}

// pLogicPath = pFieldName `sepBy1` pDelimiter
std::vector<std::string> logic_path(std::string_view key) {
    using Names = std::vector<std::string>;
    const auto path = [](Input& in, size_t pos) {
        const auto dot_then_name = [](Input& i, size_t p) {
            Seq t(p);
            std::string name;
            if (!t.step(grammar::delimiter(i, p)) ||
                !t.step(grammar::field_name(i, t.pos()), &name)) {
                return t.failure<std::string>();
            }
            return t.success(std::move(name));
        };
        Seq s(pos);
        Names names(1);
        if (!s.step(grammar::field_name(in, pos), &names[0]) ||
            !s.step(parsec::many(in, s.pos(), dot_then_name,
                                 [&](std::string name) { names.push_back(std::move(name)); }))) {
            return s.failure<Names>();
        }
        return s.success(std::move(names));
    };
    Input in(key, "logic path", key);
    Reply<Names> r = parsec::run(in, path);
    if (!r.ok) {
        throw query_parse_error(in, r.error);
    }
    return std::move(r.value);
}

LogicParam parse_logic(std::string_view key, std::string_view value, bool muted_first) {
    std::vector<std::string> path = logic_path(key);
    const bool negated = std::find(path.begin(), path.end(), "not") != path.end();
    std::string text = negated ? "not." + path.back() : path.back();
    path.pop_back();
    LogicParam param;
    for (std::string& name : path) {
        if (name != "not") {
            param.embed.push_back(std::move(name));
        }
    }
    // The operator becomes part of the parsed text, so that "?or=(...)" parses as "or(...)";
    // error columns count from the operator, as PostgREST's do.
    text.append(value);
    Input in(text, "logic tree", value);
    Reply<LogicTree> r = parsec::run(in, logic_tree, muted_first);
    if (!r.ok) {
        throw query_parse_error(in, r.error);
    }
    param.tree = std::move(r.value);
    return param;
}

}  // namespace

LogicParam parse_logic_param(std::string_view key, std::string_view value) {
    return parse_logic(key, value, true);
}

LogicParam parse_logic_param_with_grammar(std::string_view key, std::string_view value) {
    return parse_logic(key, value, false);
}

}  // namespace pg_resty
