#include "query/read_query.hpp"

#include "query/condition_sql.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

Statement build_read_statement(const ReadPlan& plan) {
    Statement stmt;
    const Relation& rel = *plan.relation;
    const std::string from = qualified_name(rel.schema, rel.name);

    std::string select;
    for (const ReadPlan::Output& out : plan.select) {
        if (!select.empty()) {
            select.append(", ");
        }
        if (out.column == nullptr) {
            select.append(from).append(".*");
            continue;
        }
        const std::string field = field_sql(from, *out.column, out.json_path, stmt);
        if (!out.cast.empty()) {
            // "::" binds tighter than "->>": a path is cast as a whole.
            select.append(out.json_path.empty() ? field : "(" + field + ")");
            select.append("::").append(quote_ident(out.cast));
        } else {
            select.append(field);
        }
        if (!out.alias.empty()) {
            select.append(" AS ").append(quote_ident(out.alias));
        } else if (!out.cast.empty()) {
            select.append(" AS ").append(quote_ident(out.column->name));
        }
    }

    std::string sql = "WITH pgrst_source AS (SELECT ";
    sql.append(select).append(" FROM ").append(from);
    sql.append(where_sql(from, plan, stmt));
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
    sql.append(
        ") SELECT pg_catalog.count(_postgrest_t) AS page_total, "
        "coalesce(pg_catalog.json_agg(_postgrest_t), '[]')::text AS body "
        "FROM (SELECT * FROM pgrst_source) _postgrest_t");
    stmt.sql = std::move(sql);
    return stmt;
}

}  // namespace pg_resty
