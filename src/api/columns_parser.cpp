#include "api/columns_parser.hpp"

#include "api/field_name.hpp"
#include "api/parse_error.hpp"

namespace pg_resty {

namespace {

using Names = std::vector<std::string>;

// Far more than any table has columns (PostgreSQL allows 1600); bounds the work per request.
constexpr size_t kMaxColumns = 5000;

}  // namespace

std::vector<std::string> parse_column_list(std::string_view text, std::string_view what) {
    using parsec::Input;
    using parsec::Reply;
    using parsec::Seq;
    const auto columns = [](Input& in, size_t pos) {
        Names names;
        const auto add = [&](std::string name) {
            if (names.size() >= kMaxColumns) {
                throw query_parse_error(in, pos, "too many columns (at most 5000)");
            }
            names.push_back(std::move(name));
        };
        const auto comma_then_name = [](Input& i, size_t p) {
            Seq t(p);
            std::string name;
            const auto comma = [](Input& j, size_t q) { return parsec::char_(j, q, ','); };
            if (!t.step(grammar::lexeme(i, p, comma)) ||
                !t.step(grammar::field_name(i, t.pos()), &name)) {
                return t.failure<std::string>();
            }
            return t.success(std::move(name));
        };
        Seq s(pos);
        std::string first;
        if (!s.step(grammar::field_name(in, pos), &first)) {
            return s.failure<Names>();
        }
        add(std::move(first));
        if (!s.step(parsec::many(in, s.pos(), comma_then_name, add))) {
            return s.failure<Names>();
        }
        return s.success(std::move(names));
    };
    const std::string name = std::string(what);
    Input in(text, name, text);
    Reply<Names> r = parsec::run(in, columns);
    if (!r.ok) {
        throw query_parse_error(in, r.error);
    }
    return std::move(r.value);
}

}  // namespace pg_resty
