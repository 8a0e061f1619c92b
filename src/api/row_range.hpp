#pragma once

#include <optional>
#include <string>

namespace pg_resty {

// A window of result rows, numbered from 0, both ends inclusive: PostgREST's NonnegRange
// (Data.Ranged over Integer). `limit`/`offset`, the `Range` header and db-max-rows are all
// ranges, combined by intersection, so that their quirks (which combinations are a 416, what
// limit=0 means) come out as PostgREST's do.
struct RowRange {
    std::optional<long long> lower;  // first row; nullopt: unbounded below
    std::optional<long long> upper;  // last row; nullopt: unbounded above

    // No row fits: the upper end is below the lower end.
    bool is_empty() const { return lower && upper && *upper < *lower; }

    // Where the window starts; PostgREST never asks this of a range unbounded below.
    long long offset() const { return lower.value_or(0); }

    // How many rows it holds, when both ends are bounded.
    std::optional<long long> limit() const;

    // Empty ranges are all equal, as in Data.Ranged.
    bool operator==(const RowRange& other) const;
    bool operator!=(const RowRange& other) const { return !(*this == other); }
};

// Row numbers beyond this are clamped to it: no result has that many rows, and it keeps every
// sum and difference of two row numbers well inside a long long.
inline constexpr long long kMaxRowNumber = 1LL << 60;

// [0, ∞): everything (PostgREST's allRange).
RowRange all_rows();

// [0, -1]: what limit=0 asks for, the one empty range PostgREST lets through.
RowRange limit_zero_range();

// The range's upper end is -1: it came from limit=0.
bool has_limit_zero(const RowRange& range);

// The rows both ranges hold (Data.Ranged's rangeIntersection).
RowRange intersect(const RowRange& a, const RowRange& b);

// The `Range: 0-9` request header: "first-[last]" in digits and nothing else, or all rows
// (PostgREST ignores any other value, including a unit such as "items=0-9").
RowRange parse_range_header(std::string_view value);

// The `limit` and `offset` query parameters as a range (PostgREST's qsRanges).
RowRange query_range(std::optional<long long> limit, long long offset);

// The range a read returns, from the query parameters and, for GET only (RFC 9110 has other
// methods ignore it), the Range header. Throws ApiError 416 PGRST103 for an empty range other
// than limit=0.
RowRange top_level_range(const RowRange& query, const std::string* range_header, bool is_get);

// The top-level range restricted to db-max-rows (max_rows < 0: no limit), as the statement
// applies it; limit=0 stays limit=0.
RowRange restrict_to_max_rows(const RowRange& range, long long max_rows);

}  // namespace pg_resty
