#include "api/field_name.hpp"

#include "api/parse_error.hpp"
#include "api/plain_syntax.hpp"

namespace pg_resty {

namespace grammar {

using parsec::Choice;
using parsec::Seq;

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Haskell's T.strip (for the whitespace these productions can hold).
std::string strip(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

std::string_view bytes_of(Char c) {
    return c.bytes;
}

// char '\\' *> anyChar
Reply<std::string_view> escaped_char(Input& in, size_t pos) {
    Seq s(pos);
    Char c;
    if (!s.step(parsec::char_(in, pos, '\\')) || !s.step(parsec::any_char(in, s.pos()), &c)) {
        return s.failure<std::string_view>();
    }
    return s.success(c.bytes);
}

// pIdentifierChar = letter <|> digit <|> oneOf "_ $"
Reply<Char> identifier_char(Input& in, size_t pos) {
    Choice<Char> choice;
    if (auto r = parsec::letter(in, pos); choice.decided(r)) {
        return r;
    }
    if (auto r = parsec::digit(in, pos); choice.decided(r)) {
        return r;
    }
    if (auto r = parsec::one_of(in, pos, "_ $"); choice.decided(r)) {
        return r;
    }
    return choice.failure(pos);
}

bool accepts_identifier_char(char32_t c) {
    return parsec::is_alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == ' ' || c == '$';
}

// many1 p, for a character parser `p` that succeeds exactly on what `accepts` accepts,
// collecting the input bytes it matched.
template <typename Accepts, typename P>
Reply<std::string> many1_text(Input& in, size_t pos, Accepts&& accepts, P&& p) {
    Seq s(pos);
    Char first;
    if (!s.step(p(in, s.pos()), &first)) {
        return s.failure<std::string>();
    }
    std::string_view rest;
    if (!s.step(parsec::many_chars(in, s.pos(), accepts, p), &rest)) {
        return s.failure<std::string>();
    }
    std::string out(first.bytes);
    out.append(rest);
    return s.success(std::move(out));
}

// dash = try (char '-' >> notFollowedBy (char '>'))
Reply<Unit> dash(Input& in, size_t pos) {
    Seq s(pos);
    if (!s.step(parsec::char_(in, pos, '-')) ||
        !s.step(parsec::not_followed_by(in, parsec::char_(in, s.pos(), '>'), s.pos()))) {
        return parsec::attempt(s.failure<Unit>());
    }
    return s.success(Unit{});
}

// sepByDash p = intercalate "-" <$> (p `sepBy1` dash)
template <typename P>
Reply<std::string> sep_by_dash(Input& in, size_t pos, P&& p) {
    Seq s(pos);
    std::string out;
    if (!s.step(p(in, s.pos()), &out)) {
        return s.failure<std::string>();
    }
    const auto dash_then_p = [&p](Input& input, size_t at) {
        Seq t(at);
        std::string part;
        if (!t.step(dash(input, t.pos())) || !t.step(p(input, t.pos()), &part)) {
            return t.failure<std::string>();
        }
        return t.success(std::move(part));
    };
    const auto append = [&](std::string part) {
        out.push_back('-');
        out.append(part);
    };
    if (!s.step(parsec::many(in, s.pos(), dash_then_p, append))) {
        return s.failure<std::string>();
    }
    return s.success(std::move(out));
}

// pJsonKeyIdentifier = T.strip <$> many1 (noneOf "(-:.,>)")
Reply<std::string> json_key_identifier(Input& in, size_t pos) {
    return parsec::fmap(many1_text(
                            in, pos, [](char32_t c) { return !parsec::in_set(c, "(-:.,>)"); },
                            [](Input& i, size_t p) { return parsec::none_of(i, p, "(-:.,>)"); }),
                        [](std::string text) { return strip(text); });
}

// pJsonKeyName = pQuotedValue <|> sepByDash pJsonKeyIdentifier <?> "any non reserved ..."
Reply<std::string> json_key_name(Input& in, size_t pos) {
    Choice<std::string> choice;
    auto r = quoted_value(in, pos);
    if (!choice.decided(r)) {
        r = sep_by_dash(in, pos, json_key_identifier);
        if (!choice.decided(r)) {
            r = choice.failure(pos);
        }
    }
    return parsec::label(std::move(r), "any non reserved character different from: .,>()");
}

// pEnd of an array index: lookahead "->", "::", ".", "," or end of input.
Reply<Unit> index_end(Input& in, size_t pos) {
    Choice<Unit> choice;
    for (std::string_view next : {"->", "::", ".", ","}) {
        auto r = parsec::attempt(parsec::look_ahead(parsec::string_(in, pos, next), pos));
        if (choice.decided(r)) {
            return r;
        }
    }
    auto r = parsec::attempt(parsec::eof(in, pos));
    if (choice.decided(r)) {
        return r;
    }
    return choice.failure(pos);
}

// pJIdx = (option '+' (char '-') : many1 digit) <* pEnd
Reply<JsonStep> json_index(Input& in, size_t pos) {
    Seq s(pos);
    JsonStep step;
    step.index = true;
    std::optional<Char> minus;
    if (!s.step(parsec::option_maybe(parsec::char_(in, pos, '-'), pos), &minus) ||
        !s.step(many1_text(
                    in, s.pos(), [](char32_t c) { return c >= '0' && c <= '9'; }, parsec::digit),
                &step.key) ||
        !s.step(index_end(in, s.pos()))) {
        return s.failure<JsonStep>();
    }
    if (minus) {
        step.key.insert(step.key.begin(), '-');
    }
    return s.success(std::move(step));
}

// pJsonOperation = pJsonArrow <*> (try pJIdx <|> try pJKey)
Reply<JsonStep> json_operation(Input& in, size_t pos) {
    Seq s(pos);
    bool as_text = false;
    {
        Choice<bool> arrow;
        auto r = parsec::fmap(parsec::attempt(parsec::string_(in, pos, "->>")),
                              [](Unit) { return true; });
        if (!arrow.decided(r)) {
            r = parsec::fmap(parsec::attempt(parsec::string_(in, pos, "->")),
                             [](Unit) { return false; });
            if (!arrow.decided(r)) {
                r = arrow.failure(pos);
            }
        }
        if (!s.step(std::move(r), &as_text)) {
            return s.failure<JsonStep>();
        }
    }
    JsonStep step;
    Choice<JsonStep> operand;
    auto r = parsec::attempt(json_index(in, s.pos()));
    if (!operand.decided(r)) {
        r = parsec::attempt(parsec::fmap(json_key_name(in, s.pos()), [](std::string key) {
            JsonStep k;
            k.key = std::move(key);
            return k;
        }));
        if (!operand.decided(r)) {
            r = operand.failure(s.pos());
        }
    }
    if (!s.step(std::move(r), &step)) {
        return s.failure<JsonStep>();
    }
    step.as_text = as_text;
    return s.success(std::move(step));
}

}  // namespace

Reply<Unit> ws(Input& in, size_t pos) {
    return parsec::fmap(parsec::many_chars(
                            in, pos, [](char32_t c) { return c == ' ' || c == '\t'; },
                            [](Input& i, size_t p) { return parsec::one_of(i, p, " \t"); }),
                        [](std::string_view) { return Unit{}; });
}

Reply<Char> delimiter(const Input& in, size_t pos) {
    return parsec::label(parsec::char_(in, pos, '.'), "delimiter (.)");
}

// pQuotedValue = char '"' *> many (noneOf "\\\"" <|> (char '\\' *> anyChar)) <* char '"'
Reply<std::string> quoted_value(Input& in, size_t pos) {
    Seq s(pos);
    std::string out;
    const auto item = [](Input& i, size_t p) {
        Choice<std::string_view> choice;
        if (auto r = parsec::fmap(parsec::none_of(i, p, "\\\""), bytes_of); choice.decided(r)) {
            return r;
        }
        if (auto r = escaped_char(i, p); choice.decided(r)) {
            return r;
        }
        return choice.failure(p);
    };
    if (!s.step(parsec::char_(in, pos, '"')) ||
        !s.step(parsec::many(in, s.pos(), item, [&](std::string_view b) { out.append(b); })) ||
        !s.step(parsec::char_(in, s.pos(), '"'))) {
        return s.failure<std::string>();
    }
    return s.success(std::move(out));
}

Reply<std::string> identifier(Input& in, size_t pos) {
    return parsec::fmap(many1_text(in, pos, accepts_identifier_char, identifier_char),
                        [](std::string text) { return strip(text); });
}

namespace {

Reply<std::string> field_name_at(Input& in, size_t pos) {
    Choice<std::string> choice;
    auto r = quoted_value(in, pos);
    if (!choice.decided(r)) {
        r = sep_by_dash(in, pos, identifier);
        if (!choice.decided(r)) {
            r = choice.failure(pos);
        }
    }
    return parsec::label(std::move(r), "field name (* or [a..z0..9_$])");
}

}  // namespace

Reply<std::string> field_name(Input& in, size_t pos) {
    for (const auto& [at, reply] : in.field_names) {
        if (at == pos) {
            return reply;
        }
    }
    Reply<std::string> r = field_name_at(in, pos);
    // Backtracking only revisits the last few names: a short memo is enough, and stays cheap
    // to search however long the input.
    constexpr size_t kMemo = 8;
    if (in.field_names.size() >= kMemo) {
        in.field_names.erase(in.field_names.begin());
    }
    in.field_names.emplace_back(pos, r);
    return r;
}

Reply<JsonPath> json_path(Input& in, size_t pos) {
    JsonPath path;
    return parsec::fmap(
        parsec::many(in, pos, json_operation, [&](JsonStep step) { path.push_back(step); }),
        [&](Unit) { return std::move(path); });
}

Reply<Field> field(Input& in, size_t pos) {
    return lexeme(in, pos, [](Input& i, size_t p) {
        Seq s(p);
        Field f;
        if (!s.step(field_name(i, s.pos()), &f.name) ||
            !s.step(json_path(i, s.pos()), &f.json_path)) {
            return s.failure<Field>();
        }
        return s.success(std::move(f));
    });
}

}  // namespace grammar

TreePath parse_tree_path(std::string_view key) {
    if (plain_field_name(key)) {
        TreePath path;
        path.field.name.assign(key);
        return path;
    }
    return parse_tree_path_with_grammar(key);
}

TreePath parse_tree_path_with_grammar(std::string_view key) {
    using grammar::Seq;
    // pTreePath = (pFieldName `sepBy1` pDelimiter, option [] pJsonPath)
    const auto tree_path = [](parsec::Input& in, size_t pos) {
        const auto dot_then_name = [](parsec::Input& i, size_t p) {
            Seq t(p);
            std::string name;
            if (!t.step(grammar::delimiter(i, p)) ||
                !t.step(grammar::field_name(i, t.pos()), &name)) {
                return t.failure<std::string>();
            }
            return t.success(std::move(name));
        };
        Seq s(pos);
        std::vector<std::string> names(1);
        TreePath path;
        if (!s.step(grammar::field_name(in, pos), &names[0]) ||
            !s.step(parsec::many(in, s.pos(), dot_then_name,
                                 [&](std::string name) { names.push_back(std::move(name)); })) ||
            !s.step(grammar::json_path(in, s.pos()), &path.field.json_path)) {
            return s.failure<TreePath>();
        }
        path.field.name = std::move(names.back());
        names.pop_back();
        path.embed = std::move(names);
        return s.success(std::move(path));
    };
    parsec::Input in(key, "tree path", key);
    parsec::Reply<TreePath> r = parsec::run(in, tree_path);
    if (!r.ok) {
        throw query_parse_error(in, r.error);
    }
    return std::move(r.value);
}

}  // namespace pg_resty
