#include "plan/read_plan.hpp"

#include "api/api_error.hpp"
#include "plan/relationship_finder.hpp"
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

void plan_select(const std::vector<SelectItem>& items, const Relation& relation,
                 const SchemaCache& cache, std::vector<ReadPlan::Output>& select,
                 std::vector<ReadPlan::Embed>& embeds);

ReadPlan::Embed plan_embed(const SelectItem& item, const Relation& origin,
                           const SchemaCache& cache) {
    ReadPlan::Embed embed;
    embed.relationship = &find_relationship(cache, origin, item.column, item.hint);
    embed.relation = cache.find(embed.relationship->to.schema, embed.relationship->to.name);
    if (embed.relation == nullptr) {
        throw ApiError(500, "PGRSTX00", "relationship to a relation missing from the cache");
    }
    const Cardinality cardinality = embed.relationship->cardinality;
    if (item.spread && cardinality != Cardinality::ManyToOne &&
        cardinality != Cardinality::OneToOne) {
        throw ApiError(400, "PGRST119",
                       "A spread operation on '" + item.column + "' is not possible",
                       "'" + origin.name + "' and '" + item.column +
                           "' do not form a many-to-one or one-to-one relationship");
    }
    embed.name = item.alias.empty() ? item.column : item.alias;
    embed.spread = item.spread;
    embed.inner = item.join == JoinType::Inner;
    plan_select(item.children, *embed.relation, cache, embed.select, embed.embeds);
    return embed;
}

void plan_select(const std::vector<SelectItem>& items, const Relation& relation,
                 const SchemaCache& cache, std::vector<ReadPlan::Output>& select,
                 std::vector<ReadPlan::Embed>& embeds) {
    for (const SelectItem& item : items) {
        ReadPlan::Output out;
        if (item.embed) {
            embeds.push_back(plan_embed(item, relation, cache));
            out.embed = static_cast<int>(embeds.size() - 1);
        } else if (!item.star) {
            out.column = &resolve_column(relation, item.column);
            out.alias = item.alias;
            out.cast = item.cast;
            out.json_path = item.json_path;
            if (out.alias.empty() && !out.json_path.empty()) {
                out.alias = json_output_name(*out.column, out.json_path);
            }
        }
        select.push_back(std::move(out));
    }
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
    return plan_read_of(request, *plan.relation, cache, settings);
}

ReadPlan plan_read_of(const ApiRequest& request, const Relation& relation, const SchemaCache& cache,
                      const Settings& settings) {
    ReadPlan plan;
    plan.relation = &relation;
    plan_select(request.select, relation, cache, plan.select, plan.embeds);
    for (const Filter& filter : request.filters) {
        plan.where.push_back(ReadPlan::Condition{&resolve_column(relation, filter.column), filter});
    }
    for (const LogicTree& tree : request.logic) {
        plan.logic.push_back(plan_logic(relation, tree));
    }
    for (const OrderTerm& term : request.order) {
        plan.order.push_back(ReadPlan::Sort{&resolve_column(relation, term.column), term});
    }

    plan_read_output(request, settings, plan);
    return plan;
}

}  // namespace pg_resty
