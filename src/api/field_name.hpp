#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/api_request.hpp"
#include "api/parsec.hpp"

// The productions of PostgREST's query-string grammar that select, order, filters and logic
// trees share: field names, JSON paths, quoted values, identifiers (PostgREST's
// ApiRequest/QueryParams.hs, transcribed production by production).

namespace pg_resty {

namespace grammar {

using parsec::Char;
using parsec::Input;
using parsec::Reply;
using parsec::Unit;

struct Field {
    std::string name;
    JsonPath json_path = {};
};

// ws = many (oneOf " \t")
Reply<Unit> ws(Input& in, size_t pos);

// lexeme p = ws *> p <* ws
template <typename P>
auto lexeme(Input& in, size_t pos, P&& p) -> decltype(p(in, pos)) {
    using T = decltype(p(in, pos).value);
    parsec::Seq s(pos);
    T value{};
    if (!s.step(ws(in, s.pos())) || !s.step(p(in, s.pos()), &value) || !s.step(ws(in, s.pos()))) {
        return s.failure<T>();
    }
    return s.success(std::move(value));
}

// pDelimiter = char '.' <?> "delimiter (.)"
Reply<Char> delimiter(const Input& in, size_t pos);
// pQuotedValue: "..." with backslash escaping any character.
Reply<std::string> quoted_value(Input& in, size_t pos);
// pIdentifier: letters, digits, '_', ' ', '$'; surrounding spaces trimmed.
Reply<std::string> identifier(Input& in, size_t pos);
// pFieldName: a quoted value, or identifiers joined by '-' (not "->").
Reply<std::string> field_name(Input& in, size_t pos);
// pJsonPath: ("->" | "->>") (index | key), repeated.
Reply<JsonPath> json_path(Input& in, size_t pos);
// pField = lexeme (pFieldName, optional pJsonPath)
Reply<Field> field(Input& in, size_t pos);

// Bound on nesting (logic trees, embedded selects): deeper input is a PGRST100, so recursion
// depth, and with it stack use, stays bounded whatever the client sends.
constexpr int kMaxNesting = 32;

}  // namespace grammar

// A filter key: embedding path ("clients.projects.name" → clients, projects) and the field.
struct TreePath {
    std::vector<std::string> embed;
    grammar::Field field;
};

// pTreePath. Throws ApiError PGRST100 ("failed to parse tree path (...)").
TreePath parse_tree_path(std::string_view key);

// The same through the grammar alone, without the plain-syntax shortcut (for tests).
TreePath parse_tree_path_with_grammar(std::string_view key);

}  // namespace pg_resty
