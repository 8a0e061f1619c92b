#include "query/read_query.hpp"

#include "query/condition_sql.hpp"
#include "query/embed_query.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

ReadStatements build_read_statements(const ReadPlan& plan) {
    Statement stmt;
    const Relation& rel = *plan.relation;
    const std::string from = qualified_name(rel.schema, rel.name);

    const LevelSql level = level_sql(plan.select, plan.embeds, rel, from, 1, stmt);

    std::string sql = "WITH pgrst_source AS (SELECT ";
    sql.append(level.select).append(" FROM ").append(from).append(level.joins);
    const std::string where = where_sql(from, plan, stmt);
    sql.append(where);
    // PostgREST's count query: the same relation and conditions, without order or range.
    const CountQuery count{"SELECT 1 FROM " + from + where, stmt.params.size()};
    for (size_t i = 0; i < plan.order.size(); ++i) {
        const ReadPlan::Sort& sort = plan.order[i];
        sql.append(i == 0 ? " ORDER BY " : ", ")
            .append(field_sql(from, *sort.column, sort.term.json_path, stmt));
        if (sort.term.descending) {
            sql.append(*sort.term.descending ? " DESC" : " ASC");
        }
        if (sort.term.nulls == NullsOrder::First) {
            sql.append(" NULLS FIRST");
        } else if (sort.term.nulls == NullsOrder::Last) {
            sql.append(" NULLS LAST");
        }
    }
    if (plan.limit) {
        sql.append(" LIMIT ").append(stmt.bind(kInt8Oid, std::to_string(*plan.limit)));
    }
    if (plan.offset != 0) {
        sql.append(" OFFSET ").append(stmt.bind(kInt8Oid, std::to_string(plan.offset)));
    }
    return finish_read_statements(std::move(sql), std::move(stmt), plan, count, true);
}

Statement build_read_statement(const ReadPlan& plan) {
    return build_read_statements(plan).main;
}

}  // namespace pg_resty
