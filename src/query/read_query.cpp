#include "query/read_query.hpp"

#include "query/condition_sql.hpp"
#include "query/count_query.hpp"
#include "query/embed_query.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

namespace {

bool has_null_embed(const ReadPlan::Logic& logic) {
    if (logic.kind == LogicTree::Kind::Filter) {
        return logic.condition.null_embed >= 0;
    }
    for (const ReadPlan::Logic& child : logic.children) {
        if (has_null_embed(child)) {
            return true;
        }
    }
    return false;
}

// Whether counting asks more than the page's WHERE: related rows of `!inner` embeds or of null
// filters on embeds. Otherwise the count query reuses the page's conditions and parameters.
bool count_needs_exists(const ReadPlan& plan) {
    for (const ReadPlan::Embed& embed : plan.embeds) {
        if (embed.inner) {
            return true;
        }
    }
    for (const ReadPlan::Condition& condition : plan.where) {
        if (condition.null_embed >= 0) {
            return true;
        }
    }
    for (const ReadPlan::Logic& logic : plan.logic) {
        if (has_null_embed(logic)) {
            return true;
        }
    }
    return false;
}

}  // namespace

ReadStatements build_read_statements(const ReadPlan& plan) {
    const Relation& rel = *plan.relation;
    const std::string name = qualified_name(rel.schema, rel.name);
    return build_read_statements_from(plan, ReadSource{"", name, name}, Statement{});
}

ReadStatements build_read_statements_from(const ReadPlan& plan, const ReadSource& source,
                                          Statement stmt) {
    const Relation& rel = *plan.relation;
    const std::string& from = source.ref;

    // A count query of its own binds its values first: the EXPLAIN of count=planned sends it
    // alone, with the statement's first parameters.
    CountQuery count;
    const bool own_count = plan.count && count_needs_exists(plan);
    if (own_count) {
        count.sql = count_query_sql(plan, source.from, from, stmt);
        count.params = stmt.params.size();
        count.with = source.with;
    }

    const LevelSql level = level_sql(plan.select, plan.embeds, rel, from, 1, stmt);

    std::string sql = "WITH ";
    if (!source.with.empty()) {
        sql.append(source.with).append(", ");
    }
    sql.append("pgrst_source AS (SELECT ");
    sql.append(level.select).append(" FROM ").append(source.from).append(level.joins);
    const std::string where = where_clause(
        conditions_sql(from, plan.where, plan.logic, joined_null_test(rel, plan.embeds, 1), stmt));
    sql.append(where);
    // PostgREST's count query: the same relation and conditions, without order or range.
    if (!own_count) {
        count = CountQuery{"SELECT 1 FROM " + source.from + where, stmt.params.size(), source.with};
    }
    sql.append(
        level_tail_sql(from, rel, plan.embeds, plan.order, plan.limit, plan.offset, 1, stmt));
    return finish_read_statements(std::move(sql), std::move(stmt), plan, count, true);
}

Statement build_read_statement(const ReadPlan& plan) {
    return build_read_statements(plan).main;
}

}  // namespace pg_resty
