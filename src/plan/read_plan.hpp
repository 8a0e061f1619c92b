#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/api_request.hpp"
#include "config/settings.hpp"
#include "plan/media_negotiation.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

// An ApiRequest for a read, with every identifier resolved against the schema cache. Holds
// pointers into the cache: valid until the cache is next replaced (between requests).
struct ReadPlan {
    struct Output {
        const Column* column = nullptr;  // nullptr: "*"
        std::string alias;
        std::string cast;
    };
    struct Condition {
        const Column* column = nullptr;
        Filter filter;
    };
    struct Sort {
        const Column* column = nullptr;
        OrderTerm term;
    };

    const Relation* relation = nullptr;
    std::vector<Output> select;
    std::vector<Condition> where;
    std::vector<Sort> order;
    std::optional<long long> limit;
    long long offset = 0;

    // What the statement makes of the rows (plan/read_output.cpp).
    NegotiatedMedia output;
    std::optional<PreferCount> count;
    std::optional<long long> count_limit;  // count=estimated: count at most this many rows
};

// Stage 5. Throws ApiError: PGRST205 (unknown relation), 42703 (unknown column).
ReadPlan plan_read(const ApiRequest& request, const SchemaCache& cache, const Settings& settings);

}  // namespace pg_resty
