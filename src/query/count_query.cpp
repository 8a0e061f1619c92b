#include "query/count_query.hpp"

#include <vector>

#include "query/condition_sql.hpp"
#include "query/embed_query.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

namespace {

std::string embed_count(const ReadPlan::Embed& embed, const std::string& parent_ref, size_t depth,
                        Statement& stmt);

// Counting needs no join: whether related rows exist is asked of the embedded relation itself.
NullEmbedSql related_rows_exist(const std::vector<ReadPlan::Embed>& embeds, const std::string& ref,
                                size_t depth, Statement& stmt) {
    return [&embeds, &ref, depth, &stmt](size_t embed, bool not_null) {
        return std::string(not_null ? "" : "NOT ") + "EXISTS (" +
               embed_count(embeds[embed], ref, depth, stmt) + ")";
    };
}

// The conditions of a level for counting: its filters, then one EXISTS per `!inner` embed.
std::vector<std::string> count_conditions(const std::string& ref,
                                          const std::vector<ReadPlan::Condition>& where,
                                          const std::vector<ReadPlan::Logic>& logic,
                                          const std::vector<ReadPlan::Embed>& embeds,
                                          const std::vector<std::string>& join, size_t depth,
                                          Statement& stmt) {
    std::vector<std::string> conditions =
        conditions_sql(ref, where, logic, related_rows_exist(embeds, ref, depth, stmt), stmt);
    conditions.insert(conditions.end(), join.begin(), join.end());
    // Nesting is bounded by the select parser (grammar::kMaxNesting).
    for (const ReadPlan::Embed& embed : embeds) {
        if (embed.inner) {
            conditions.push_back("EXISTS (" + embed_count(embed, ref, depth, stmt) + ")");
        }
    }
    return conditions;
}

std::string embed_count(const ReadPlan::Embed& embed, const std::string& parent_ref, size_t depth,
                        Statement& stmt) {
    const EmbedSource source = embed_source(embed, parent_ref, depth);
    return "SELECT 1" + source.from +
           where_clause(count_conditions(source.alias, embed.where, embed.logic, embed.embeds,
                                         source.join, depth + 1, stmt));
}

}  // namespace

std::string count_query_sql(const ReadPlan& plan, Statement& stmt) {
    const Relation& rel = *plan.relation;
    const std::string from = qualified_name(rel.schema, rel.name);
    return count_query_sql(plan, from, from, stmt);
}

std::string count_query_sql(const ReadPlan& plan, const std::string& from_item,
                            const std::string& ref, Statement& stmt) {
    return "SELECT 1 FROM " + from_item +
           where_clause(count_conditions(ref, plan.where, plan.logic, plan.embeds, {}, 1, stmt));
}

}  // namespace pg_resty
