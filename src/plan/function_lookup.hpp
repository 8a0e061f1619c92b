#pragma once

#include <set>
#include <string>
#include <vector>

#include "api/media_type.hpp"
#include "plan/schema_cache.hpp"

namespace pg_resty {

// What a call gives to choose among a function's overloads (PostgREST's findProc).
struct CallKeys {
    std::set<std::string> names;  // argument names: JSON keys, query or form parameters
    bool post = false;
    MediaType::Kind content = MediaType::Kind::ApplicationJson;  // POST's Content-Type
    bool single_object = false;                                  // Prefer: params=single-object
};

// The input parameters of `function` (in, inout, variadic), in order.
std::vector<const FunctionParam*> input_params(const Function& function);

// Whether the input parameter at `index` must be given (it has no default).
bool is_required(const Function& function, size_t index);

// Whether `function` is called with the whole body as its only, positional argument.
bool takes_whole_body(const Function& function, const CallKeys& keys);

// PostgREST's overload choice: the functions whose required parameters are exactly the given
// names, plus any optional ones; failing that, one with a single unnamed parameter that takes
// the whole body. Throws ApiError 404 PGRST202 (none) or 300 PGRST203 (more than one).
const Function& find_function(const SchemaCache& cache, const std::string& schema,
                              const std::string& name, const CallKeys& keys);

}  // namespace pg_resty
