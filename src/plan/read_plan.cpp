#include "plan/read_plan.hpp"

#include "api/api_error.hpp"

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

// The key PostgREST gives a selected JSON path without an alias: its last key ("data->a->>b"
// is "b"), or the column's name when the path only indexes arrays ("data->0").
std::string json_output_name(const Column& column, const JsonPath& path) {
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
        if (!it->index) {
            return it->key;
        }
    }
    return column.name;
}

ReadPlan::Logic plan_logic(const Relation& relation, const LogicTree& tree) {
    ReadPlan::Logic logic;
    logic.kind = tree.kind;
    logic.negated = tree.negated;
    if (tree.kind == LogicTree::Kind::Filter) {
        logic.condition =
            ReadPlan::Condition{&resolve_column(relation, tree.filter.column), tree.filter};
    }
    // Depth is bounded by the parser (grammar::kMaxNesting).
    for (const LogicTree& child : tree.children) {
        logic.children.push_back(plan_logic(relation, child));
    }
    return logic;
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
            out.json_path = item.json_path;
            if (out.alias.empty() && !out.json_path.empty()) {
                out.alias = json_output_name(*out.column, out.json_path);
            }
        }
        plan.select.push_back(std::move(out));
    }
    for (const Filter& filter : request.filters) {
        plan.where.push_back(ReadPlan::Condition{&resolve_column(relation, filter.column), filter});
    }
    for (const LogicTree& tree : request.logic) {
        plan.logic.push_back(plan_logic(relation, tree));
    }
    for (const OrderTerm& term : request.order) {
        plan.order.push_back(ReadPlan::Sort{&resolve_column(relation, term.column), term});
    }

    plan.limit = request.limit;
    if (settings.max_rows >= 0 && (!plan.limit || *plan.limit > settings.max_rows)) {
        plan.limit = settings.max_rows;
    }
    plan.offset = request.offset;
    return plan;
}

}  // namespace pg_resty
