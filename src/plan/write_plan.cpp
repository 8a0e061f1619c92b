#include "plan/write_plan.hpp"

#include <algorithm>
#include <set>

#include "api/api_error.hpp"

namespace pg_resty {

namespace {

const Column& body_column(const Relation& relation, const std::string& name) {
    const Column* column = relation.find_column(name);
    if (column == nullptr) {
        throw ApiError(400, "PGRST204",
                       "Could not find the '" + name + "' column of '" + relation.name +
                           "' in the schema cache");
    }
    return *column;
}

void add_returning(WritePlan& plan, const Column* column) {
    if (std::find(plan.returning.begin(), plan.returning.end(), column) == plan.returning.end()) {
        plan.returning.push_back(column);
    }
}

// The parent-side columns an embedded resource joins on.
void add_embed_needs(WritePlan& plan, const Relation& relation, const ReadPlan::Embed& embed) {
    const Relationship& rel = *embed.relationship;
    const auto add_named = [&](const std::string& name) {
        if (const Column* column = relation.find_column(name)) {
            add_returning(plan, column);
        }
    };
    if (rel.cardinality == Cardinality::ManyToMany) {
        for (const auto& pair : rel.junction_from) {
            add_named(pair.second);
        }
    } else {
        for (const auto& pair : rel.columns) {
            add_named(pair.first);
        }
    }
}

void plan_returning(WritePlan& plan) {
    if (plan.representation == PreferRepresentation::None) {
        return;
    }
    const Relation& relation = *plan.read.relation;
    for (const ReadPlan::Output& out : plan.read.select) {
        if (out.embed >= 0) {
            add_embed_needs(plan, relation, plan.read.embeds[static_cast<size_t>(out.embed)]);
        } else if (out.column == nullptr) {
            plan.returning_all = true;
        } else {
            add_returning(plan, out.column);
        }
    }
    for (const Column* column : plan.primary_key) {
        add_returning(plan, column);
    }
}

bool is_plain_eq(const Filter& filter) {
    return filter.op == FilterOp::Eq && !filter.negated && filter.quantifier == Quantifier::None &&
           filter.json_path.empty();
}

// PostgREST's MutationSingleUpsert conditions.
void check_put(const ApiRequest& request, const WritePlan& plan) {
    std::set<std::string> filtered;
    bool all_eq = true;
    for (const Filter& filter : request.filters) {
        filtered.insert(filter.column);
        all_eq = all_eq && is_plain_eq(filter);
    }
    std::set<std::string> key;
    for (const Column* column : plan.primary_key) {
        key.insert(column->name);
    }
    if (!request.logic.empty() || key.empty() || filtered != key || !all_eq) {
        throw ApiError(405, "PGRST105",
                       "Filters must include all and only primary key columns with 'eq' "
                       "operators");
    }
    for (const Column* column : plan.primary_key) {
        if (std::find(plan.columns.begin(), plan.columns.end(), column) == plan.columns.end()) {
            throw ApiError(400, "PGRST115",
                           "Payload values do not match URL in primary key column(s)");
        }
    }
}

}  // namespace

WritePlan plan_write(const ApiRequest& request, const SchemaCache& cache,
                     const Settings& settings) {
    WritePlan plan;
    plan.action = request.action;
    plan.read = plan_read(request, cache, settings);
    // The representation is every changed row: db-max-rows and the range do not cut it.
    plan.read.limit.reset();
    plan.read.offset = 0;
    const Relation& relation = *plan.read.relation;
    for (const Column& column : relation.columns) {
        if (column.primary_key) {
            plan.primary_key.push_back(&column);
        }
    }
    plan.representation = request.preferences.representation.value_or(PreferRepresentation::None);
    plan.apply_defaults = request.preferences.missing == PreferMissing::ApplyDefaults;
    if (request.action != Action::Delete) {
        const RelationDocs* docs = cache.docs().relation(relation.schema, relation.name);
        for (const std::string& key : request.payload.keys) {
            plan.columns.push_back(&body_column(relation, key));
            std::string default_expr;
            if (docs != nullptr) {
                const auto found = docs->columns.find(key);
                if (found != docs->columns.end() && found->second.default_expr) {
                    default_expr = *found->second.default_expr;
                }
            }
            plan.defaults.push_back(std::move(default_expr));
        }
        plan.payload = request.payload.json;
    }
    if (request.action == Action::Create) {
        std::vector<const Column*> target;
        if (request.on_conflict) {
            for (const std::string& name : *request.on_conflict) {
                target.push_back(&body_column(relation, name));
            }
        } else {
            target = plan.primary_key;
        }
        plan.resolution = request.preferences.resolution;
        if (plan.resolution) {
            plan.on_conflict = std::move(target);
        }
    }
    if (request.action == Action::Upsert) {
        check_put(request, plan);
        plan.resolution = PreferResolution::MergeDuplicates;
        plan.on_conflict = plan.primary_key;
    }
    if ((request.action == Action::Update || request.action == Action::Delete) &&
        request.range_given) {
        plan.limit = request.limit;
        plan.offset = request.offset;
    }
    plan_returning(plan);
    return plan;
}

}  // namespace pg_resty
