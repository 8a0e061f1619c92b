#include "api/row_range.hpp"

#include <algorithm>
#include <string_view>

#include "api/api_error.hpp"

namespace pg_resty {

namespace {

long long clamp_row(long long n) {
    return std::clamp(n, -kMaxRowNumber, kMaxRowNumber);
}

// Data.Ranged normalises every empty intersection to one canonical empty range. Only its
// emptiness matters (PostgREST never takes the offset of an empty range other than limit=0),
// but its upper end must not be -1, or it would pass for limit=0.
RowRange canonical_empty() {
    return RowRange{1, 0};
}

// A run of ASCII digits as a row number, saturating at kMaxRowNumber; false if `text` is
// empty or holds anything else.
bool parse_row_number(std::string_view text, long long& out) {
    if (text.empty()) {
        return false;
    }
    long long value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
        const int digit = c - '0';
        value = value > (kMaxRowNumber - digit) / 10 ? kMaxRowNumber : value * 10 + digit;
    }
    out = value;
    return true;
}

ApiError range_not_satisfiable(const char* details) {
    return ApiError(416, "PGRST103", "Requested range not satisfiable", std::string(details));
}

}  // namespace

std::optional<long long> RowRange::limit() const {
    if (!lower || !upper) {
        return std::nullopt;
    }
    return *upper - *lower + 1;
}

bool RowRange::operator==(const RowRange& other) const {
    if (is_empty() || other.is_empty()) {
        return is_empty() && other.is_empty();
    }
    return lower == other.lower && upper == other.upper;
}

RowRange all_rows() {
    return RowRange{0, std::nullopt};
}

RowRange limit_zero_range() {
    return RowRange{0, -1};
}

bool has_limit_zero(const RowRange& range) {
    return range.upper == -1;
}

RowRange intersect(const RowRange& a, const RowRange& b) {
    if (a.is_empty() || b.is_empty()) {
        return canonical_empty();
    }
    RowRange out;
    if (a.lower && b.lower) {
        out.lower = std::max(*a.lower, *b.lower);
    } else {
        out.lower = a.lower ? a.lower : b.lower;
    }
    if (a.upper && b.upper) {
        out.upper = std::min(*a.upper, *b.upper);
    } else {
        out.upper = a.upper ? a.upper : b.upper;
    }
    return out;
}

RowRange parse_range_header(std::string_view value) {
    // PostgREST matches ^([0-9]+)-([0-9]*)$.
    const size_t dash = value.find('-');
    long long first = 0;
    if (dash == std::string_view::npos || !parse_row_number(value.substr(0, dash), first)) {
        return all_rows();
    }
    const std::string_view rest = value.substr(dash + 1);
    if (rest.empty()) {
        return RowRange{first, std::nullopt};
    }
    long long last = 0;
    if (!parse_row_number(rest, last)) {
        return all_rows();
    }
    return intersect(RowRange{first, std::nullopt}, RowRange{std::nullopt, last});
}

RowRange query_range(std::optional<long long> limit, long long offset) {
    const long long first = clamp_row(offset);
    if (!limit) {
        return RowRange{first, std::nullopt};
    }
    // PostgREST unites the two parameters as [offset, offset + limit - 1], whatever their
    // signs: a negative limit gives an empty range (416), a negative offset reaches the
    // database (which refuses it).
    return RowRange{first, first + clamp_row(*limit) - 1};
}

RowRange top_level_range(const RowRange& query, const std::string* range_header, bool is_get) {
    const RowRange header =
        is_get && range_header != nullptr ? parse_range_header(*range_header) : all_rows();
    if (has_limit_zero(query)) {
        // limit=0 bypasses the Range header and the emptiness check.
        return limit_zero_range();
    }
    const RowRange top = intersect(header, query);
    if (top.is_empty()) {
        throw range_not_satisfiable(
            header.is_empty() ? "The lower boundary must be lower than or equal to the upper "
                                "boundary in the Range header."
                              : "Limit should be greater than or equal to zero.");
    }
    return top;
}

RowRange restrict_to_max_rows(const RowRange& range, long long max_rows) {
    if (max_rows < 0 || has_limit_zero(range)) {
        return range;
    }
    return intersect(range, RowRange{std::nullopt, range.offset() + max_rows - 1});
}

}  // namespace pg_resty
