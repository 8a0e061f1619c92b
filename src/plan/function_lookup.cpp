#include "plan/function_lookup.hpp"

#include <algorithm>

#include "api/api_error.hpp"

namespace pg_resty {

namespace {

// "a, b, c"
std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) {
        if (!out.empty()) {
            out.append(", ");
        }
        out.append(name);
    }
    return out;
}

// "(a, b)" with the names sorted, as PostgREST compares parameter lists for its hint.
std::string sorted_list(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    return "(" + join(names) + ")";
}

bool single_unnamed_param_matches(const Function& function, const CallKeys& keys) {
    const std::vector<const FunctionParam*> params = input_params(function);
    if (!keys.post || params.size() != 1 || !params[0]->name.empty()) {
        return false;
    }
    const std::string& type = params[0]->type_name;
    switch (keys.content) {
        case MediaType::Kind::ApplicationJson:
            return type == "json" || type == "jsonb";
        case MediaType::Kind::TextPlain:
            return type == "text";
        case MediaType::Kind::TextXml:
            return type == "xml";
        case MediaType::Kind::OctetStream:
            return type == "bytea";
        default:
            return false;
    }
}

bool matches_names(const Function& function, const CallKeys& keys) {
    const std::vector<const FunctionParam*> params = input_params(function);
    if (keys.single_object) {
        return params.size() == 1 &&
               (params[0]->type_name == "json" || params[0]->type_name == "jsonb");
    }
    if (params.empty()) {
        const bool raw_body = keys.post && (keys.content == MediaType::Kind::OctetStream ||
                                            keys.content == MediaType::Kind::TextPlain ||
                                            keys.content == MediaType::Kind::TextXml);
        return keys.names.empty() && !raw_body;
    }
    std::set<std::string> required;
    std::set<std::string> optional;
    for (size_t i = 0; i < params.size(); ++i) {
        if (params[i]->name.empty()) {
            // An unnamed parameter cannot be given by name (and "" is no SQL identifier).
            return false;
        }
        (is_required(function, i) ? required : optional).insert(params[i]->name);
    }
    std::set<std::string> rest;
    for (const std::string& name : keys.names) {
        if (optional.count(name) == 0) {
            rest.insert(name);
        }
    }
    return rest == required;
}

// PostgREST's Error.hs NoRpc.
ApiError no_function(const SchemaCache& cache, const std::string& schema, const std::string& name,
                     const CallKeys& keys, const std::vector<const Function*>& overloads) {
    const std::string func = schema + "." + name;
    const std::vector<std::string> names(keys.names.begin(), keys.names.end());
    const std::string params = join(names);
    const bool only_single =
        keys.single_object || (keys.post && (keys.content == MediaType::Kind::TextPlain ||
                                             keys.content == MediaType::Kind::TextXml ||
                                             keys.content == MediaType::Kind::OctetStream));
    auto fmt = [&](const std::string& given) {
        return names.empty() ? std::string(" without parameters") : given;
    };
    const std::string message = "Could not find the function " + func +
                                (only_single ? "" : fmt("(" + params + ")")) +
                                " in the schema cache";
    std::string searched;
    const std::string with_params =
        " with parameter" + std::string(names.size() > 1 ? "s " : " ") + params;
    if (keys.single_object) {
        searched = " with a single json/jsonb parameter";
    } else if (keys.post && keys.content == MediaType::Kind::TextPlain) {
        searched = " with a single unnamed text parameter";
    } else if (keys.post && keys.content == MediaType::Kind::TextXml) {
        searched = " with a single unnamed xml parameter";
    } else if (keys.post && keys.content == MediaType::Kind::OctetStream) {
        searched = " with a single unnamed bytea parameter";
    } else if (keys.post && keys.content == MediaType::Kind::ApplicationJson) {
        searched = fmt(with_params) + " or with a single unnamed json/jsonb parameter";
    } else {
        searched = fmt(with_params);
    }
    const std::string details = "Searched for the function " + func + searched +
                                ", but no matches were found in the schema cache.";
    std::optional<std::string> hint;
    if (!only_single) {
        std::optional<std::string> suggestion;
        if (overloads.empty()) {
            std::vector<std::string> candidates;
            for (const Function* function : cache.all_functions()) {
                if (function->schema == schema) {
                    candidates.push_back(function->name);
                }
            }
            suggestion = closest_name(name, candidates);
        } else {
            std::vector<std::string> lists;
            for (const Function* function : overloads) {
                std::vector<std::string> param_names;
                for (const FunctionParam* param : input_params(*function)) {
                    param_names.push_back(param->name);
                }
                lists.push_back(sorted_list(param_names));
            }
            // PostgREST's fuzzy match of parameter lists is a lenient one.
            if (auto list = closest_name(sorted_list(names), lists, 0.33)) {
                suggestion = name + *list;
            }
        }
        if (suggestion) {
            hint = "Perhaps you meant to call the function " + schema + "." + *suggestion;
        }
    }
    return ApiError(404, "PGRST202", message, details, hint);
}

ApiError ambiguous(const std::vector<const Function*>& functions) {
    std::string list;
    for (const Function* function : functions) {
        if (!list.empty()) {
            list.append(", ");
        }
        list.append(function->schema + "." + function->name + "(");
        bool first = true;
        for (const FunctionParam* param : input_params(*function)) {
            list.append(first ? "" : ", ").append(param->name + " => " + param->type_name);
            first = false;
        }
        list.append(")");
    }
    return ApiError(300, "PGRST203",
                    "Could not choose the best candidate function between: " + list, std::nullopt,
                    "Try renaming the parameters or the function itself in the database so "
                    "function overloading can be resolved");
}

}  // namespace

std::vector<const FunctionParam*> input_params(const Function& function) {
    std::vector<const FunctionParam*> params;
    for (const FunctionParam& param : function.params) {
        if (param.is_input()) {
            params.push_back(&param);
        }
    }
    return params;
}

bool is_required(const Function& function, size_t index) {
    const size_t inputs = input_params(function).size();
    const size_t defaults = static_cast<size_t>(std::max(function.defaults, 0));
    return index + defaults < inputs;
}

bool takes_whole_body(const Function& function, const CallKeys& keys) {
    const std::vector<const FunctionParam*> params = input_params(function);
    return params.size() == 1 && (keys.single_object || params[0]->name.empty());
}

const Function& find_function(const SchemaCache& cache, const std::string& schema,
                              const std::string& name, const CallKeys& keys) {
    const std::vector<const Function*> overloads = cache.functions(schema, name);
    std::vector<const Function*> matching;
    std::vector<const Function*> fallback;
    for (const Function* function : overloads) {
        if (matches_names(*function, keys)) {
            matching.push_back(function);
        } else if (single_unnamed_param_matches(*function, keys)) {
            fallback.push_back(function);
        }
    }
    if (matching.size() == 1) {
        return *matching.front();
    }
    if (matching.size() > 1) {
        throw ambiguous(matching);
    }
    if (fallback.size() == 1) {
        return *fallback.front();
    }
    if (fallback.size() > 1) {
        throw ambiguous(fallback);
    }
    throw no_function(cache, schema, name, keys, overloads);
}

}  // namespace pg_resty
