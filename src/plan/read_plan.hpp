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
        const Column* column = nullptr;  // nullptr: "*" (or an embedded resource)
        std::string alias;               // for a JSON path, PostgREST's key when none was given
        std::string cast;
        JsonPath json_path = {};
        int embed = -1;  // index into `embeds` when this item is an embedded resource
    };
    struct Condition {
        const Column* column = nullptr;  // nullptr: a null filter on an embedded resource
        Filter filter;                   // its json_path applies to `column`
        // `clients=not.is.null`: index into the level's `embeds` (filter.negated: not null).
        int null_embed = -1;
    };
    // An and/or tree: a Condition at the leaves.
    struct Logic {
        LogicTree::Kind kind = LogicTree::Kind::Filter;
        bool negated = false;
        Condition condition;          // Kind::Filter
        std::vector<Logic> children;  // And, Or
    };
    struct Sort {
        const Column* column = nullptr;  // of the level's relation, or of `embed`'s
        OrderTerm term;
        int embed = -1;  // `order=clients(name)`: index into the level's (to-one) `embeds`
    };
    // An embedded resource, planned like the top level but reached through a relationship.
    struct Embed {
        const Relationship* relationship = nullptr;
        const Relation* relation = nullptr;
        std::string name;     // its key in the output: the alias, else the name as written
        std::string written;  // the relation (or hint target) as written in the select
        bool spread = false;
        bool inner = false;
        std::vector<Output> select;  // empty: only joined (e.g. to filter with !inner)
        std::vector<Embed> embeds;
        // `clients.name=eq.x`, `clients.or=(...)`, `clients.order=...`, `clients.limit=...`.
        std::vector<Condition> where;
        std::vector<Logic> logic;
        std::vector<Sort> order;
        std::optional<long long> limit;
        long long offset = 0;
    };

    const Relation* relation = nullptr;
    std::vector<Output> select;
    std::vector<Embed> embeds;
    std::vector<Condition> where;
    std::vector<Logic> logic;  // ANDed with `where`
    std::vector<Sort> order;
    std::optional<long long> limit;
    long long offset = 0;

    // What the statement makes of the rows (plan/read_output.cpp).
    NegotiatedMedia output;
    std::optional<PreferCount> count;
    std::optional<long long> count_limit;  // count=estimated: count at most this many rows
    // Prefer: timezone=<name>, when pg_timezone_names has it: the transaction's TimeZone.
    std::optional<std::string> timezone;
};

// The names the statement gives an embedded resource at nesting `depth` (1 for the top level's
// embeds), PostgREST's: its rows' alias ("clients_1") and its joined subquery's, which null
// filters and related orders refer to ("projects_clients_1", `parent` being the projects).
std::string embed_rows_name(const ReadPlan::Embed& embed, size_t depth);
std::string embed_join_name(const Relation& parent, const ReadPlan::Embed& embed, size_t depth);

// Stage 5. Throws ApiError: PGRST205 (unknown relation), 42703 (unknown column), PGRST200 /
// PGRST201 (no or ambiguous relationship for an embedded resource), PGRST108 (a parameter for a
// resource the select does not embed), PGRST118 (order by a to-many embedded resource).
ReadPlan plan_read(const ApiRequest& request, const SchemaCache& cache, const Settings& settings);

// The same for the rows of `relation` (a function's result): it must outlive the plan.
ReadPlan plan_read_of(const ApiRequest& request, const Relation& relation, const SchemaCache& cache,
                      const Settings& settings);

}  // namespace pg_resty
