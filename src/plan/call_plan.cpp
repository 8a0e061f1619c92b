#include "plan/call_plan.hpp"

#include <map>

#include "api/api_error.hpp"
#include "common/json_text.hpp"
#include "common/json_value.hpp"
#include "http/request_target.hpp"
#include "plan/function_lookup.hpp"

namespace pg_resty {

namespace {

constexpr TypeOid kVoidOid = 2278;
constexpr TypeOid kRecordOid = 2249;
constexpr TypeOid kByteaOid = 17;

// The arguments as the request carries them, before the function is known.
struct GivenArgs {
    CallKeys keys;
    // GET and form bodies: name=value pairs, in order. JSON: the parsed object.
    std::vector<QueryPair> pairs;
    bool from_pairs = false;
    std::string json = "{}";  // the object json_to_record reads (JSON bodies)
};

ApiError invalid_body(const std::string& message) {
    return ApiError(400, "PGRST102", message);
}

GivenArgs given_args(const ApiRequest& request, std::string_view body) {
    GivenArgs given;
    given.keys.post = request.invoke_post;
    given.keys.content = request.content_type.kind;
    given.keys.single_object = request.invoke_post && request.preferences.single_object_params;
    if (!request.invoke_post) {
        given.pairs = request.plain_params;
        given.from_pairs = true;
    } else {
        switch (request.content_type.kind) {
            case MediaType::Kind::UrlEncoded:
                given.pairs = parse_query_string(body);
                given.from_pairs = true;
                break;
            case MediaType::Kind::ApplicationJson: {
                if (body.empty()) {
                    break;
                }
                std::optional<JsonValue> value = try_parse_json(body);
                if (!value) {
                    throw invalid_body("Empty or invalid json");
                }
                if (value->is_object()) {
                    for (const auto& member : value->members) {
                        given.keys.names.insert(member.first);
                    }
                    given.json.assign(body);
                } else if (value->is_array() && !value->items.empty()) {
                    // PostgREST calls with the first object; every one must have the same keys.
                    std::set<std::string> first;
                    for (size_t i = 0; i < value->items.size(); ++i) {
                        const JsonValue& item = value->items[i];
                        if (!item.is_object()) {
                            throw invalid_body("All object keys must match");
                        }
                        std::set<std::string> keys;
                        for (const auto& member : item.members) {
                            keys.insert(member.first);
                        }
                        if (i == 0) {
                            first = keys;
                        } else if (keys != first) {
                            throw invalid_body("All object keys must match");
                        }
                    }
                    given.keys.names = first;
                    given.json = to_json(value->items.front());
                }
                break;
            }
            case MediaType::Kind::TextPlain:
            case MediaType::Kind::TextXml:
            case MediaType::Kind::OctetStream:
                break;
            default:
                throw invalid_body("Content-Type not acceptable: " + to_mime(request.content_type));
        }
    }
    for (const QueryPair& pair : given.pairs) {
        given.keys.names.insert(pair.first);
    }
    return given;
}

// PostgREST's toRpcParams: each value a JSON string, the last of repeated ones, except for a
// variadic parameter whose repeated values form an array.
std::string pairs_json(const std::vector<QueryPair>& pairs, const Function& function) {
    std::map<std::string, std::vector<std::string>> values;
    std::vector<std::string> order;
    for (const QueryPair& pair : pairs) {
        auto [it, inserted] = values.try_emplace(pair.first);
        if (inserted) {
            order.push_back(pair.first);
        }
        it->second.push_back(pair.second);
    }
    std::string json = "{";
    for (const std::string& name : order) {
        const std::vector<std::string>& list = values[name];
        bool variadic = false;
        for (const FunctionParam& param : function.params) {
            variadic = variadic || (param.mode == 'v' && param.name == name);
        }
        if (json.size() > 1) {
            json.push_back(',');
        }
        append_json_string(json, name);
        json.push_back(':');
        if (variadic) {
            json.push_back('[');
            for (size_t i = 0; i < list.size(); ++i) {
                if (i > 0) {
                    json.push_back(',');
                }
                append_json_string(json, list[i]);
            }
            json.push_back(']');
        } else {
            append_json_string(json, list.back());
        }
    }
    json.push_back('}');
    return json;
}

CallShape shape_of(const Function& function) {
    if (function.return_type == kVoidOid) {
        return CallShape::Void;
    }
    bool has_outputs = false;
    for (const FunctionParam& param : function.params) {
        has_outputs = has_outputs || param.is_output();
    }
    const bool composite =
        function.return_type_kind == 'c' || (function.return_type == kRecordOid && has_outputs);
    if (composite) {
        return function.returns_set ? CallShape::SetOfComposite : CallShape::Composite;
    }
    return function.returns_set ? CallShape::SetOfScalar : CallShape::Scalar;
}

// The relation the call's rows are read as: the cache's when the function returns a table's or
// a view's rows (so its relationships apply), else one made up of the result's columns.
const Relation* result_relation(const Function& function, CallShape shape, const SchemaCache& cache,
                                std::unique_ptr<Relation>& owned) {
    if (function.return_type_kind == 'c') {
        if (const Relation* table =
                cache.find(function.return_type_schema, function.return_type_relname)) {
            return table;
        }
    }
    owned = std::make_unique<Relation>();
    owned->schema = function.schema;
    owned->name = function.name;
    owned->kind = RelationKind::View;
    auto add = [&](const std::string& name, TypeOid type, const std::string& type_name) {
        Column column;
        column.name = name;
        column.type = type;
        column.type_name = type_name;
        owned->columns.push_back(std::move(column));
    };
    if (shape == CallShape::Composite || shape == CallShape::SetOfComposite) {
        if (function.return_type_kind == 'c') {
            for (const ResultColumn& column : function.return_columns) {
                add(column.name, column.type, column.type_name);
            }
        } else {
            for (const FunctionParam& param : function.params) {
                if (param.is_output()) {
                    add(param.name, param.type, param.type_name);
                }
            }
        }
    } else {
        add("pgrst_scalar", function.return_type, function.return_type_name);
    }
    return owned.get();
}

std::string hex(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0xF]);
    }
    return out;
}

}  // namespace

CallPlan plan_call(const ApiRequest& request, std::string_view body, const SchemaCache& cache,
                   const Settings& settings) {
    GivenArgs given = given_args(request, body);
    CallPlan plan;
    plan.function = &find_function(cache, request.schema, request.function, given.keys);
    const Function& function = *plan.function;
    plan.shape = shape_of(function);
    plan.read_only = !request.invoke_post || function.volatility != 'v';

    if (request.invoke_post && takes_whole_body(function, given.keys)) {
        const FunctionParam& param = *input_params(function).front();
        plan.whole_body = true;
        plan.body_value.type = param.type;
        if (param.type == kByteaOid) {
            plan.body_value.value = hex(body);
        } else if (body.empty() && given.keys.content == MediaType::Kind::ApplicationJson) {
            plan.body_value.value = "{}";
        } else {
            plan.body_value.value.assign(body);
        }
    } else {
        for (const FunctionParam* param : input_params(function)) {
            if (given.keys.names.count(param->name) > 0) {
                plan.args.push_back(param);
            }
        }
        plan.args_json = given.from_pairs ? pairs_json(given.pairs, function) : given.json;
    }

    const Relation* relation = result_relation(function, plan.shape, cache, plan.result);
    plan.read = plan_read_of(request, *relation, cache, settings);
    if (plan.shape == CallShape::Void) {
        plan.read.output.aggregate = BodyAggregate::None;
    } else if (plan.shape == CallShape::Scalar || plan.shape == CallShape::SetOfScalar) {
        const BodyAggregate aggregate = plan.read.output.aggregate;
        if (aggregate != BodyAggregate::None && aggregate != BodyAggregate::Csv) {
            plan.read.output.aggregate = plan.shape == CallShape::Scalar
                                             ? BodyAggregate::ScalarValue
                                             : BodyAggregate::ScalarArray;
        }
    } else if (plan.shape == CallShape::Composite) {
        if (plan.read.output.aggregate == BodyAggregate::JsonArray) {
            plan.read.output.aggregate = BodyAggregate::JsonObject;
        } else if (plan.read.output.aggregate == BodyAggregate::JsonArrayStripNulls) {
            plan.read.output.aggregate = BodyAggregate::JsonObjectStripNulls;
        }
    }
    return plan;
}

}  // namespace pg_resty
