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

// The schema cache does not yet record whether a view is auto-updatable, so views (and
// materialized views) list the read methods only, which every one of them takes.
std::string relation_methods(const Relation& relation) {
    switch (relation.kind) {
        case RelationKind::Table:
        case RelationKind::PartitionedTable:
        case RelationKind::ForeignTable:
            return has_primary_key(relation) ? "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE"
                                             : "OPTIONS,GET,HEAD,POST,PATCH,DELETE";
        default:
            return "OPTIONS,GET,HEAD";
    }
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
        return allow(relation_methods(*relation));
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
