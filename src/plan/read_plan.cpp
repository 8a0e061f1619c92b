#include "plan/read_plan.hpp"

#include "api/api_error.hpp"
#include "plan/read_output.hpp"

namespace pg_resty {

namespace {

const Column& resolve_column(const Relation& relation, const std::string& name) {
    const Column* column = relation.find_column(name);
    if (column == nullptr) {
        // The message PostgreSQL itself gives for the qualified reference PostgREST builds.
        throw ApiError(400, "42703", "column " + relation.name + "." + name + " does not exist");
    }
    return *column;
}

}  // namespace

ReadPlan plan_read(const ApiRequest& request, const SchemaCache& cache, const Settings& settings) {
    ReadPlan plan;
    plan.relation = cache.find(request.schema, request.relation);
    if (plan.relation == nullptr) {
        std::optional<std::string> hint;
        if (auto similar = closest_name(request.relation, cache.relation_names(request.schema))) {
            hint = "Perhaps you meant the table '" + request.schema + "." + *similar + "'";
        }
        throw ApiError(404, "PGRST205",
                       "Could not find the table '" + request.schema + "." + request.relation +
                           "' in the schema cache",
                       std::nullopt, hint);
    }
    const Relation& relation = *plan.relation;

    for (const SelectItem& item : request.select) {
        ReadPlan::Output out;
        if (!item.star) {
            out.column = &resolve_column(relation, item.column);
            out.alias = item.alias;
            out.cast = item.cast;
        }
        plan.select.push_back(std::move(out));
    }
    for (const Filter& filter : request.filters) {
        plan.where.push_back(ReadPlan::Condition{&resolve_column(relation, filter.column), filter});
    }
    for (const OrderTerm& term : request.order) {
        plan.order.push_back(ReadPlan::Sort{&resolve_column(relation, term.column), term});
    }

    plan_read_output(request, settings, plan);
    return plan;
}

}  // namespace pg_resty
