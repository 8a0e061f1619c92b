#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_request.hpp"
#include "config/settings.hpp"
#include "plan/read_plan.hpp"
#include "plan/schema_cache.hpp"
#include "query/statement.hpp"

namespace pg_resty {

// What a function returns, which decides the body's shape (PostgREST's funcReturns*).
enum class CallShape {
    Void,            // 204, no body
    Scalar,          // the bare value
    SetOfScalar,     // an array of values
    Composite,       // one object
    SetOfComposite,  // an array of objects (a table, RETURNS TABLE, setof a composite)
};

// A call, resolved against the schema cache. Holds pointers into the cache (valid until it is
// next replaced) and into itself: move it, never copy it.
struct CallPlan {
    const Function* function = nullptr;
    CallShape shape = CallShape::Scalar;
    bool read_only = true;  // GET, or POST to a stable or immutable function

    // The whole body as the only, positional argument (a single unnamed json, jsonb, text,
    // xml or bytea parameter, or Prefer: params=single-object).
    bool whole_body = false;
    SqlParam body_value;

    // Otherwise the named arguments given, in parameter order, read from `args_json` (an
    // object) by json_to_record as PostgREST does, so each is converted to its parameter's type.
    std::vector<const FunctionParam*> args;
    std::string args_json;

    // The rows the function returns, read like a relation's (filters, select, order, range,
    // and embedding when they are a table's or view's rows). `result` owns the relation when
    // it is not one of the cache's.
    std::unique_ptr<Relation> result;
    ReadPlan read;
};

// Stage 5 for /rpc/<function>. Throws ApiError: PGRST202 / PGRST203 (no or ambiguous function),
// PGRST102 (a body that is not valid JSON), and what plan_read throws.
CallPlan plan_call(const ApiRequest& request, std::string_view body, const SchemaCache& cache,
                   const Settings& settings);

}  // namespace pg_resty
