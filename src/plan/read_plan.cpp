#include "plan/read_plan.hpp"

#include "api/api_error.hpp"
#include "plan/relationship_finder.hpp"
#include "plan/read_output.hpp"

namespace pg_resty {

namespace {

const Column& resolve_column(const Relation& relation, const std::string& qualifier,
                             const std::string& name) {
    const Column* column = relation.find_column(name);
    if (column == nullptr) {
        // The message PostgreSQL itself gives for the qualified reference PostgREST builds.
        throw ApiError(400, "42703", "column " + qualifier + "." + name + " does not exist");
    }
    return *column;
}

ApiError not_embedded(const std::string& resource) {
    return ApiError(400, "PGRST108",
                    "'" + resource + "' is not an embedded resource in this request", std::nullopt,
                    "Verify that '" + resource + "' is included in the 'select' query parameter.");
}

bool is_to_one(const Relationship& r) {
    return r.cardinality == Cardinality::ManyToOne || r.cardinality == Cardinality::OneToOne;
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

// One level of the plan (the top, or an embedded resource) as the query parameters see it.
struct Level {
    const Relation& relation;
    std::string qualifier;  // how PostgreSQL names its rows in error messages
    size_t depth;           // 0 for the top level
    std::vector<ReadPlan::Embed>& embeds;
    std::vector<ReadPlan::Condition>& where;
    std::vector<ReadPlan::Logic>& logic;
    std::vector<ReadPlan::Sort>& order;
    std::optional<long long>& limit;
    long long& offset;
};

Level top_level(ReadPlan& plan) {
    return Level{*plan.relation, plan.relation->name, 0,          plan.embeds, plan.where,
                 plan.logic,     plan.order,          plan.limit, plan.offset};
}

Level embed_level(ReadPlan::Embed& embed, size_t depth) {
    // Many-to-many rows are named by their table, as PostgREST leaves them unaliased.
    std::string qualifier = embed.relationship->cardinality == Cardinality::ManyToMany
                                ? embed.relation->name
                                : embed_rows_name(embed, depth);
    return Level{*embed.relation, std::move(qualifier), depth,       embed.embeds, embed.where,
                 embed.logic,     embed.order,          embed.limit, embed.offset};
}

// The embedded resource a null filter or a related order names: PostgREST matches the alias,
// else the name as written.
int embed_named(const std::vector<ReadPlan::Embed>& embeds, const std::string& name) {
    for (size_t i = 0; i < embeds.size(); ++i) {
        if (embeds[i].name == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

// The level an embedding path leads to; a path step matches the name as written or the alias.
Level follow_path(ReadPlan& plan, const std::vector<std::string>& path) {
    std::vector<ReadPlan::Embed>* embeds = &plan.embeds;
    ReadPlan::Embed* found = nullptr;
    for (const std::string& step : path) {
        found = nullptr;
        for (ReadPlan::Embed& embed : *embeds) {
            if (embed.written == step || embed.name == step) {
                found = &embed;
                break;
            }
        }
        if (found == nullptr) {
            throw not_embedded(step);
        }
        embeds = &found->embeds;
    }
    return found == nullptr ? top_level(plan) : embed_level(*found, path.size());
}

// A filter of the level; `rel=is.null` / `rel=not.is.null` on an embedded resource's name
// tests whether the resource has rows (PostgREST v11+).
ReadPlan::Condition plan_condition(const Level& level, const Filter& filter) {
    if (filter.op == FilterOp::Is && filter.is_value == IsValue::Null && filter.json_path.empty()) {
        if (const int embed = embed_named(level.embeds, filter.column); embed >= 0) {
            return ReadPlan::Condition{nullptr, filter, embed};
        }
    }
    return ReadPlan::Condition{&resolve_column(level.relation, level.qualifier, filter.column),
                               filter};
}

ReadPlan::Logic plan_logic(const Level& level, const LogicTree& tree) {
    ReadPlan::Logic logic;
    logic.kind = tree.kind;
    logic.negated = tree.negated;
    if (tree.kind == LogicTree::Kind::Filter) {
        logic.condition = plan_condition(level, tree.filter);
    }
    // Depth is bounded by the parser (grammar::kMaxNesting).
    for (const LogicTree& child : tree.children) {
        logic.children.push_back(plan_logic(level, child));
    }
    return logic;
}

ReadPlan::Sort plan_sort(const Level& level, const OrderTerm& term) {
    if (term.relation.empty()) {
        return ReadPlan::Sort{&resolve_column(level.relation, level.qualifier, term.column), term};
    }
    const int index = embed_named(level.embeds, term.relation);
    if (index < 0) {
        throw not_embedded(term.relation);
    }
    const ReadPlan::Embed& embed = level.embeds[static_cast<size_t>(index)];
    if (!is_to_one(*embed.relationship)) {
        throw ApiError(400, "PGRST118", "A related order on '" + embed.name + "' is not possible",
                       "'" + level.relation.name + "' and '" + embed.name +
                           "' do not form a many-to-one or one-to-one relationship");
    }
    // The order names a column of the joined subquery: one of the relation's (PostgreSQL
    // refuses it if the select left it out) or an alias given in the select.
    const Column* column = embed.relation->find_column(term.column);
    for (const ReadPlan::Output& out : embed.select) {
        if (column == nullptr && out.column != nullptr && out.alias == term.column) {
            column = out.column;
        }
    }
    if (column == nullptr) {
        throw ApiError(400, "42703",
                       "column " + embed_join_name(level.relation, embed, level.depth + 1) + "." +
                           term.column + " does not exist");
    }
    return ReadPlan::Sort{column, term, index};
}

void set_range(const Level& level, const RowRange& range) {
    level.limit = range.limit();
    level.offset = range.offset();
}

void plan_select(const std::vector<SelectItem>& items, const Relation& relation,
                 const std::string& qualifier, size_t depth, const SchemaCache& cache,
                 std::vector<ReadPlan::Output>& select, std::vector<ReadPlan::Embed>& embeds);

ReadPlan::Embed plan_embed(const SelectItem& item, const Relation& origin, size_t depth,
                           const SchemaCache& cache) {
    ReadPlan::Embed embed;
    embed.relationship = &find_relationship(cache, origin, item.column, item.hint);
    embed.relation = cache.find(embed.relationship->to.schema, embed.relationship->to.name);
    if (embed.relation == nullptr) {
        throw ApiError(500, "PGRSTX00", "relationship to a relation missing from the cache");
    }
    if (item.spread && !is_to_one(*embed.relationship)) {
        throw ApiError(400, "PGRST119",
                       "A spread operation on '" + item.column + "' is not possible",
                       "'" + origin.name + "' and '" + item.column +
                           "' do not form a many-to-one or one-to-one relationship");
    }
    embed.name = item.alias.empty() ? item.column : item.alias;
    embed.written = item.column;
    embed.spread = item.spread;
    embed.inner = item.join == JoinType::Inner;
    const std::string qualifier = embed.relationship->cardinality == Cardinality::ManyToMany
                                      ? embed.relation->name
                                      : embed_rows_name(embed, depth);
    plan_select(item.children, *embed.relation, qualifier, depth, cache, embed.select,
                embed.embeds);
    return embed;
}

void plan_select(const std::vector<SelectItem>& items, const Relation& relation,
                 const std::string& qualifier, size_t depth, const SchemaCache& cache,
                 std::vector<ReadPlan::Output>& select, std::vector<ReadPlan::Embed>& embeds) {
    for (const SelectItem& item : items) {
        ReadPlan::Output out;
        if (item.embed) {
            embeds.push_back(plan_embed(item, relation, depth + 1, cache));
            out.embed = static_cast<int>(embeds.size() - 1);
        } else if (!item.star) {
            out.column = &resolve_column(relation, qualifier, item.column);
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

// db-max-rows bounds every level, embedded resources included, as PostgREST's
// treeRestrictRange does.
void restrict_embeds(std::vector<ReadPlan::Embed>& embeds, long long max_rows) {
    if (max_rows < 0) {
        return;
    }
    for (ReadPlan::Embed& embed : embeds) {
        const RowRange range = restrict_to_max_rows(
            RowRange{embed.offset, embed.limit
                                       ? std::optional<long long>(embed.offset + *embed.limit - 1)
                                       : std::nullopt},
            max_rows);
        embed.limit = range.limit();
        embed.offset = range.offset();
        restrict_embeds(embed.embeds, max_rows);
    }
}

}  // namespace

std::string embed_rows_name(const ReadPlan::Embed& embed, size_t depth) {
    return embed.relation->name + "_" + std::to_string(depth);
}

std::string embed_join_name(const Relation& parent, const ReadPlan::Embed& embed, size_t depth) {
    return parent.name + "_" + embed.name + "_" + std::to_string(depth);
}

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
    plan_select(request.select, relation, relation.name, 0, cache, plan.select, plan.embeds);
    const Level top = top_level(plan);
    for (const Filter& filter : request.filters) {
        top.where.push_back(plan_condition(top, filter));
    }
    for (const EmbedParam<Filter>& filter : request.embed_filters) {
        const Level level = follow_path(plan, filter.path);
        level.where.push_back(plan_condition(level, filter.value));
    }
    for (const LogicTree& tree : request.logic) {
        top.logic.push_back(plan_logic(top, tree));
    }
    for (const EmbedParam<LogicTree>& tree : request.embed_logic) {
        const Level level = follow_path(plan, tree.path);
        level.logic.push_back(plan_logic(level, tree.value));
    }
    for (const OrderTerm& term : request.order) {
        top.order.push_back(plan_sort(top, term));
    }
    for (const EmbedParam<std::vector<OrderTerm>>& order : request.embed_order) {
        const Level level = follow_path(plan, order.path);
        // A later order parameter for the same resource replaces an earlier one.
        level.order.clear();
        for (const OrderTerm& term : order.value) {
            level.order.push_back(plan_sort(level, term));
        }
    }
    for (const EmbedParam<EmbedRange>& range : request.embed_ranges) {
        set_range(follow_path(plan, range.path),
                  query_range(range.value.limit, range.value.offset));
    }
    restrict_embeds(plan.embeds, settings.max_rows);
    const std::optional<std::string>& timezone = request.preferences.timezone;
    if (timezone && cache.knows_timezone(*timezone)) {
        plan.timezone = timezone;
    }

    plan_read_output(request, settings, plan);
    return plan;
}

}  // namespace pg_resty
