#include "response/read_total.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace pg_resty {

std::optional<long long> plan_rows_from_explain(std::string_view explain_json) {
    // EXPLAIN writes a node's own properties before its child "Plans", so the first key is
    // the top node's. The key cannot occur inside a JSON string: a quote there is escaped.
    constexpr std::string_view kKey = "\"Plan Rows\":";
    const size_t at = explain_json.find(kKey);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view rest = explain_json.substr(at + kKey.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) {
        rest.remove_prefix(1);
    }
    size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
        ++digits;
    }
    long long rows = 0;
    if (!parse_non_negative_int64(rest.substr(0, digits), rows)) {
        return std::nullopt;
    }
    return rows;
}

std::optional<long long> resolve_total(std::optional<PreferCount> count, const ReadResult& result) {
    if (!count) {
        return std::nullopt;
    }
    const std::optional<long long> planned =
        result.explain ? plan_rows_from_explain(*result.explain) : std::nullopt;
    switch (*count) {
        case PreferCount::Exact:
            return result.total;
        case PreferCount::Planned:
            return planned;
        case PreferCount::Estimated:
            if (result.total && planned) {
                return std::max(*result.total, *planned);
            }
            return result.total ? result.total : planned;
    }
    return std::nullopt;
}

}  // namespace pg_resty
