#include "api/select_parser.hpp"

#include <array>
#include <optional>
#include <utility>

#include "api/api_error.hpp"
#include "api/field_name.hpp"
#include "api/parse_error.hpp"
#include "api/plain_syntax.hpp"
#include "common/text.hpp"

namespace pg_resty {

namespace {

using grammar::Char;
using grammar::Input;
using grammar::Reply;
using grammar::Unit;
using parsec::Choice;
using parsec::Seq;

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

// What one level of the select forest holds. Aggregates are parsed (so that malformed ones get
// PostgREST's parse errors) but not served.
struct Forest {
    std::vector<SelectItem> fields;
    bool embeds = false;
    bool aggregates = false;
};

// A select tree item: a field, or an embedded (or spread) resource with its own forest.
struct TreeItem {
    bool relation = false;
    bool aggregate = false;
    SelectItem field;
    Forest forest;
};

Reply<Forest> field_forest(Input& in, size_t pos);

Reply<Unit> unit_of(Reply<Char> r) {
    return parsec::fmap(std::move(r), [](Char) { return Unit{}; });
}

// aliasSeparator = char ':' >> notFollowedBy (char ':')
Reply<Unit> alias_separator(Input& in, size_t pos) {
    Seq s(pos);
    if (!s.step(parsec::char_(in, pos, ':')) ||
        !s.step(parsec::not_followed_by(in, parsec::char_(in, s.pos(), ':'), s.pos()))) {
        return s.failure<Unit>();
    }
    return s.success(Unit{});
}

// optionMaybe (try (pFieldName <* aliasSeparator))
Reply<std::optional<std::string>> alias_prefix(Input& in, size_t pos) {
    Seq s(pos);
    std::string alias;
    if (!s.step(grammar::field_name(in, pos), &alias) || !s.step(alias_separator(in, s.pos()))) {
        return parsec::option_maybe(parsec::attempt(s.failure<std::string>()), pos);
    }
    return parsec::option_maybe(s.success(std::move(alias)), pos);
}

// pEmbedParam = char '!' *> (try "left" <|> try "inner" <|> try pFieldName)
Reply<std::string> embed_param(Input& in, size_t pos) {
    Seq s(pos);
    if (!s.step(parsec::char_(in, pos, '!'))) {
        return s.failure<std::string>();
    }
    const auto word = [](std::string_view w) { return [w](Unit) { return std::string(w); }; };
    Choice<std::string> choice;
    auto r = parsec::attempt(parsec::fmap(parsec::string_(in, s.pos(), "left"), word("left")));
    if (!choice.decided(r)) {
        r = parsec::attempt(parsec::fmap(parsec::string_(in, s.pos(), "inner"), word("inner")));
        if (!choice.decided(r)) {
            r = parsec::attempt(grammar::field_name(in, s.pos()));
            if (!choice.decided(r)) {
                r = choice.failure(s.pos());
            }
        }
    }
    std::string param;
    if (!s.step(std::move(r), &param)) {
        return s.failure<std::string>();
    }
    return s.success(std::move(param));
}

// Like PostgREST's pEmbedParams, a word is a join type when it is "left"/"inner", else the hint.
void apply_embed_param(const std::optional<std::string>& param, SelectItem& item) {
    if (!param) {
        return;
    }
    if (*param == "inner") {
        item.join = JoinType::Inner;
    } else if (*param == "left") {
        item.join = JoinType::Left;
    } else {
        item.hint = *param;
    }
}

// pEmbedParams, then try (lookAhead (string "(")): the tail of both relation forms.
bool embed_params_then_paren(Input& in, Seq& s, SelectItem& item) {
    std::optional<std::string> first;
    std::optional<std::string> second;
    const bool ok =
        s.step(parsec::option_maybe(embed_param(in, s.pos()), s.pos()), &first) &&
        s.step(parsec::option_maybe(embed_param(in, s.pos()), s.pos()), &second) &&
        s.step(parsec::attempt(parsec::look_ahead(parsec::string_(in, s.pos(), "("), s.pos())));
    apply_embed_param(first, item);
    apply_embed_param(second, item);
    return ok;
}

// pRelationSelect = lexeme (alias? name (guard name /= "count") pEmbedParams lookAhead "(")
Reply<SelectItem> relation_select(Input& in, size_t pos) {
    return grammar::lexeme(in, pos, [](Input& i, size_t p) {
        Seq s(p);
        SelectItem item;
        item.embed = true;
        std::optional<std::string> alias;
        if (!s.step(alias_prefix(i, p), &alias) ||
            !s.step(grammar::field_name(i, s.pos()), &item.column)) {
            return s.failure<SelectItem>();
        }
        if (item.column == "count") {
            // guard False: fails with an unknown error, which adds nothing to the messages.
            s.step(parsec::error_reply<Unit>(false, parsec::ParseError{s.pos(), {}}));
            return s.failure<SelectItem>();
        }
        item.alias = alias.value_or("");
        if (!embed_params_then_paren(i, s, item)) {
            return s.failure<SelectItem>();
        }
        return s.success(std::move(item));
    });
}

// pSpreadRelationSelect = lexeme ("..." name pEmbedParams lookAhead "(")
Reply<SelectItem> spread_select(Input& in, size_t pos) {
    return grammar::lexeme(in, pos, [](Input& i, size_t p) {
        Seq s(p);
        SelectItem item;
        item.embed = true;
        item.spread = true;
        if (!s.step(parsec::string_(i, p, "...")) ||
            !s.step(grammar::field_name(i, s.pos()), &item.column) ||
            !embed_params_then_paren(i, s, item)) {
            return s.failure<SelectItem>();
        }
        return s.success(std::move(item));
    });
}

// pEnd = try (lookAhead ")") <|> try (lookAhead ",") <|> try eof
Reply<Unit> item_end(Input& in, size_t pos) {
    Choice<Unit> choice;
    for (std::string_view next : {")", ","}) {
        auto r = parsec::attempt(parsec::look_ahead(parsec::string_(in, pos, next), pos));
        if (choice.decided(r)) {
            return r;
        }
    }
    if (auto r = parsec::attempt(parsec::eof(in, pos)); choice.decided(r)) {
        return r;
    }
    return choice.failure(pos);
}

// optionMaybe (string "::" *> pIdentifier)
Reply<std::optional<std::string>> cast_suffix(Input& in, size_t pos) {
    Seq s(pos);
    std::string type;
    if (!s.step(parsec::string_(in, pos, "::")) ||
        !s.step(grammar::identifier(in, s.pos()), &type)) {
        return parsec::option_maybe(s.failure<std::string>(), pos);
    }
    return parsec::option_maybe(s.success(std::move(type)), pos);
}

// pAggregation = choice [string "sum", string "avg", string "count", try "max", try "min"]
Reply<Unit> aggregation(Input& in, size_t pos) {
    Choice<Unit> choice;
    for (std::string_view name : {"sum", "avg", "count"}) {
        if (auto r = parsec::string_(in, pos, name); choice.decided(r)) {
            return r;
        }
    }
    for (std::string_view name : {"max", "min"}) {
        if (auto r = parsec::attempt(parsec::string_(in, pos, name)); choice.decided(r)) {
            return r;
        }
    }
    return choice.failure(pos);
}

// optionMaybe (try (char '.' *> pAggregation <* string "()"))
Reply<std::optional<Unit>> aggregate_suffix(Input& in, size_t pos) {
    Seq s(pos);
    if (!s.step(parsec::char_(in, pos, '.')) || !s.step(aggregation(in, s.pos())) ||
        !s.step(parsec::string_(in, s.pos(), "()"))) {
        return parsec::option_maybe(parsec::attempt(s.failure<Unit>()), pos);
    }
    return parsec::option_maybe(s.success(Unit{}), pos);
}

void apply_cast(Input& in, size_t end, const std::optional<std::string>& cast, SelectItem& item) {
    if (!cast) {
        return;
    }
    // PostgREST splices the type into the SQL unquoted; this implementation quotes identifiers,
    // so a type must be a plain (or well-known multi-word) catalog name.
    item.cast = normalize_cast_type(*cast);
    if (item.cast.empty()) {
        throw query_parse_error(in, end, "invalid cast type");
    }
}

// pFieldSelect = lexeme (try star <|> try count() <|> field)
Reply<TreeItem> field_select(Input& in, size_t pos) {
    return grammar::lexeme(in, pos, [](Input& i, size_t p) {
        Choice<TreeItem> choice;
        {
            // try (pStar <* pEnd)
            Seq s(p);
            TreeItem item;
            item.field.star = true;
            auto r = s.step(parsec::string_(i, p, "*")) && s.step(item_end(i, s.pos()))
                         ? s.success(std::move(item))
                         : parsec::attempt(s.failure<TreeItem>());
            if (choice.decided(r)) {
                return r;
            }
        }
        {
            // try (alias? "count()" cast? pEnd)
            Seq s(p);
            TreeItem item;
            item.aggregate = true;
            auto r = s.step(alias_prefix(i, p)) && s.step(parsec::string_(i, s.pos(), "count()")) &&
                             s.step(cast_suffix(i, s.pos())) && s.step(item_end(i, s.pos()))
                         ? s.success(std::move(item))
                         : parsec::attempt(s.failure<TreeItem>());
            if (choice.decided(r)) {
                return r;
            }
        }
        Seq s(p);
        TreeItem item;
        std::optional<std::string> alias;
        grammar::Field field;
        std::optional<std::string> cast;
        std::optional<Unit> aggregate;
        if (!s.step(alias_prefix(i, p), &alias) || !s.step(grammar::field(i, s.pos()), &field) ||
            !s.step(cast_suffix(i, s.pos()), &cast)) {
            return choice.finish(s.failure<TreeItem>(), p);
        }
        const size_t cast_end = s.pos();
        if (!s.step(aggregate_suffix(i, s.pos()), &aggregate) || !s.step(cast_suffix(i, s.pos())) ||
            !s.step(item_end(i, s.pos()))) {
            return choice.finish(s.failure<TreeItem>(), p);
        }
        item.field.column = std::move(field.name);
        item.field.json_path = std::move(field.json_path);
        item.field.alias = alias.value_or("");
        apply_cast(i, cast_end, cast, item.field);
        item.aggregate = aggregate.has_value();
        return choice.finish(s.success(std::move(item)), p);
    });
}

// between (char '(') (char ')') pFieldForest, one nesting level deeper.
Reply<Forest> nested_forest(Input& in, size_t pos) {
    Seq s(pos);
    Forest forest;
    if (!s.step(parsec::char_(in, pos, '('))) {
        return s.failure<Forest>();
    }
    if (++in.depth > grammar::kMaxNesting) {
        throw query_parse_error(in, pos,
                                "embedded resources nest at most " +
                                    std::to_string(grammar::kMaxNesting) + " levels deep");
    }
    const bool ok = s.step(field_forest(in, s.pos()), &forest);
    --in.depth;
    if (!ok || !s.step(parsec::char_(in, s.pos(), ')'))) {
        return s.failure<Forest>();
    }
    return s.success(std::move(forest));
}

// relation head (under try) followed by its nested forest
template <typename Head>
Reply<TreeItem> relation_tree(Input& in, size_t pos, Head&& head) {
    Seq s(pos);
    TreeItem item;
    item.relation = true;
    if (!s.step(parsec::attempt(head(in, pos)), &item.field) ||
        !s.step(nested_forest(in, s.pos()), &item.forest)) {
        return s.failure<TreeItem>();
    }
    return s.success(std::move(item));
}

// pFieldTree
Reply<TreeItem> field_tree(Input& in, size_t pos) {
    Choice<TreeItem> choice;
    if (auto r = relation_tree(in, pos, spread_select); choice.decided(r)) {
        return r;
    }
    if (auto r = relation_tree(in, pos, relation_select); choice.decided(r)) {
        return r;
    }
    if (auto r = field_select(in, pos); choice.decided(r)) {
        return r;
    }
    return choice.failure(pos);
}

// pFieldForest = pFieldTree `sepBy` lexeme (char ',')
Reply<Forest> field_forest(Input& in, size_t pos) {
    Forest forest;
    size_t count = 0;
    const auto add = [&](TreeItem item) {
        if (++count > kMaxSelectItems) {
            throw query_parse_error(in, pos, "too many items in select (at most 1000)");
        }
        forest.embeds = forest.embeds || item.relation || item.forest.embeds;
        forest.aggregates = forest.aggregates || item.aggregate || item.forest.aggregates;
        if (item.relation) {
            item.field.children = std::move(item.forest.fields);
        }
        forest.fields.push_back(std::move(item.field));
    };
    Seq s(pos);
    TreeItem first;
    auto head = field_tree(in, pos);
    if (!head.ok && !head.consumed) {
        // sepBy p sep = sepBy1 p sep <|> return []
        head.ok = true;
        head.pos = pos;
        return parsec::fmap(std::move(head), [&](TreeItem) { return std::move(forest); });
    }
    if (!s.step(std::move(head), &first)) {
        return s.failure<Forest>();
    }
    add(std::move(first));
    const auto comma_then_tree = [](Input& i, size_t p) {
        Seq t(p);
        TreeItem item;
        if (!t.step(grammar::lexeme(
                i, p, [](Input& j, size_t q) { return unit_of(parsec::char_(j, q, ',')); })) ||
            !t.step(field_tree(i, t.pos()), &item)) {
            return t.failure<TreeItem>();
        }
        return t.success(std::move(item));
    };
    if (!s.step(parsec::many(in, s.pos(), comma_then_tree,
                             [&](TreeItem item) { add(std::move(item)); }))) {
        return s.failure<Forest>();
    }
    return s.success(std::move(forest));
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
    if (std::optional<std::vector<SelectItem>> plain = plain_select(text)) {
        return std::move(*plain);
    }
    return parse_select_with_grammar(text);
}

std::vector<SelectItem> parse_select_with_grammar(std::string_view text) {
    Input in(text, "select parameter", text);
    Reply<Forest> r = parsec::run(in, field_forest);
    if (!r.ok) {
        throw query_parse_error(in, r.error);
    }
    if (r.value.aggregates) {
        // PostgREST's default (db-aggregates-enabled = false).
        throw ApiError(400, "PGRST123", "Use of aggregate functions is not allowed");
    }
    if (r.value.fields.empty()) {
        // An empty select selects every column, as PostgREST's query builder does.
        SelectItem star;
        star.star = true;
        r.value.fields.push_back(std::move(star));
    }
    return std::move(r.value.fields);
}

}  // namespace pg_resty
