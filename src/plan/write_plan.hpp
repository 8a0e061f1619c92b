#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/api_request.hpp"
#include "config/settings.hpp"
#include "plan/read_plan.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

// A POST, PATCH, PUT or DELETE with every identifier resolved against the schema cache
// (PostgREST's MutateReadPlan). Holds pointers into the cache, like ReadPlan.
struct WritePlan {
    Action action = Action::Create;
    // The relation, the rows to change (where, logic, order: PATCH and DELETE; PUT's primary
    // key conditions), and the representation sent back (select, embeds, output media).
    ReadPlan read;
    std::vector<const Column*> columns;      // the body's columns, in name order
    std::vector<std::string> defaults;       // each one's default expression; "" for none
    std::vector<const Column*> on_conflict;  // the conflict target of an upsert; empty: none
    std::optional<PreferResolution> resolution;
    std::vector<const Column*> primary_key;
    // PATCH and DELETE with limit/offset: only the first rows in `read.order` change.
    std::optional<long long> limit;
    long long offset = 0;
    PreferRepresentation representation = PreferRepresentation::None;
    bool apply_defaults = false;  // Prefer: missing=default
    std::string payload;          // the JSON body, one statement parameter
    // What RETURNING gives the representation: every column, or these (PostgREST's
    // inferColsEmbedNeeds: the selected columns, those embedding joins on, the primary key).
    bool returning_all = false;
    std::vector<const Column*> returning;
};

// Stage 5 for writes. Throws ApiError: PGRST205 (unknown relation), PGRST204 (a body key,
// ?columns= or ?on_conflict= naming no column), PGRST105 (PUT without exactly the primary key
// as eq filters), PGRST115 (PUT body without the primary key), and the read planner's errors.
WritePlan plan_write(const ApiRequest& request, const SchemaCache& cache, const Settings& settings);

}  // namespace pg_resty
