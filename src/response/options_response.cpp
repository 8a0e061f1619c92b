#include "response/options_response.hpp"

#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "api/api_request.hpp"
#include "plan/read_plan.hpp"

namespace pg_resty {

namespace {

Response allow(std::string methods) {
    Response response;
    response.status = 200;
    response.add_header("Allow", std::move(methods));
    return response;
}

bool has_primary_key(const Relation& relation) {
    for (const Column& column : relation.columns) {
        if (column.primary_key) {
            return true;
        }
    }
    return false;
}

// PostgREST's allowH: the write methods the relation takes (pg_relation_is_updatable for views),
// privileges aside.
std::string relation_methods(const Relation& relation, const RelationDocs* docs) {
    const bool insertable = docs != nullptr && docs->insertable;
    const bool updatable = docs != nullptr && docs->updatable;
    std::string methods = "OPTIONS,GET,HEAD";
    if (insertable) {
        methods.append(",POST");
    }
    if (insertable && updatable && has_primary_key(relation)) {
        methods.append(",PUT");
    }
    if (updatable) {
        methods.append(",PATCH");
    }
    if (docs != nullptr && docs->deletable) {
        methods.append(",DELETE");
    }
    return methods;
}

}  // namespace

Response options_response(const Request& request, const SchemaCache& cache,
                          const Settings& settings) {
    std::string_view path = request.path;
    if (path.empty() || path.front() != '/') {
        throw ApiError(404, "PGRST125", "Invalid path specified in request URL");
    }
    path.remove_prefix(1);
    if (path.empty()) {
        return allow("OPTIONS,GET,HEAD");
    }
    const std::string schema =
        settings.schemas.empty() ? std::string("public") : settings.schemas.front();
    if (path.substr(0, 4) == "rpc/") {
        const std::string name(path.substr(4));
        const std::vector<const Function*> overloads = cache.functions(schema, name);
        if (overloads.empty() || name.find('/') != std::string::npos) {
            throw ApiError(
                404, "PGRST202",
                "Could not find the function " + schema + "." + name + " in the schema cache");
        }
        return allow(overloads.front()->volatility == 'v' ? "OPTIONS,POST"
                                                          : "OPTIONS,GET,HEAD,POST");
    }
    if (path.find('/') != std::string_view::npos) {
        throw ApiError(404, "PGRST125", "Invalid path specified in request URL");
    }
    const std::string name(path);
    if (const Relation* relation = cache.find(schema, name)) {
        return allow(relation_methods(*relation, cache.docs().relation(schema, name)));
    }
    // Unknown relation: the planner's PGRST205, with its "Perhaps you meant" hint.
    ApiRequest api;
    api.action = Action::Read;
    api.schema = schema;
    api.relation = name;
    SelectItem star;
    star.star = true;
    api.select.push_back(std::move(star));
    (void)plan_read(api, cache, settings);
    throw ApiError(404, "PGRST205", "Could not find the table '" + schema + "." + name + "'");
}

}  // namespace pg_resty
