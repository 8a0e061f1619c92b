#include "query/read_tail.hpp"

namespace pg_resty {

std::string body_sql(BodyAggregate aggregate) {
    switch (aggregate) {
        case BodyAggregate::None:
            return "''::text";
        case BodyAggregate::JsonArray:
            return "coalesce(pg_catalog.json_agg(_postgrest_t), '[]')::text";
        case BodyAggregate::JsonArrayStripNulls:
            return "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg(_postgrest_t)), "
                   "'[]')::text";
        case BodyAggregate::JsonObject:
            return "coalesce((pg_catalog.json_agg(_postgrest_t) -> 0)::text, 'null')";
        case BodyAggregate::JsonObjectStripNulls:
            return "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg(_postgrest_t) -> "
                   "0)::text, 'null')";
        case BodyAggregate::Csv:
            // PostgREST's CSV: a header of the first row's keys, then each row as the record's
            // text form without its parentheses (PostgreSQL's quoting), one per line.
            return "(SELECT coalesce(pg_catalog.string_agg(a.k, ','), '') FROM "
                   "(SELECT pg_catalog.json_object_keys(r)::text AS k FROM "
                   "(SELECT pg_catalog.row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) s) a)"
                   " || E'\\n' || coalesce(pg_catalog.string_agg(pg_catalog.substring("
                   "_postgrest_t::text, 2, pg_catalog.length(_postgrest_t::text) - 2), E'\\n'), "
                   "'')";
        case BodyAggregate::GeoJson:
            // ST_AsGeoJSON is PostGIS's, found through the search path as PostgREST finds it.
            return "pg_catalog.json_build_object('type', 'FeatureCollection', 'features', "
                   "coalesce(pg_catalog.json_agg(ST_AsGeoJSON(_postgrest_t)::json), '[]'))::text";
        case BodyAggregate::ScalarValue:
            return "coalesce((pg_catalog.json_agg(_postgrest_t.pgrst_scalar) -> 0)::text, 'null')";
        case BodyAggregate::ScalarArray:
            return "coalesce(pg_catalog.json_agg(_postgrest_t.pgrst_scalar), '[]')::text";
    }
    return "''::text";
}

ReadStatements finish_read_statements(std::string sql, Statement stmt, const ReadPlan& plan,
                                      const CountQuery& count) {
    ReadStatements out;
    const bool counted = plan.count == PreferCount::Exact || plan.count == PreferCount::Estimated;
    sql.append(")");
    if (counted) {
        sql.append(", pgrst_source_count AS (").append(count.sql);
        if (plan.count_limit) {
            sql.append(" LIMIT ").append(stmt.bind(kInt8Oid, std::to_string(*plan.count_limit)));
        }
        sql.append(")");
    }
    // PostgREST's columns; page_total stays first, where this statement always had it.
    sql.append(" SELECT pg_catalog.count(_postgrest_t) AS page_total, ")
        .append(counted ? "(SELECT pg_catalog.count(*) FROM pgrst_source_count)" : "null::bigint")
        .append(" AS total_result_set, ")
        .append(body_sql(plan.output.aggregate))
        .append(" AS body FROM (SELECT * FROM pgrst_source) _postgrest_t");

    if (plan.count == PreferCount::Planned || plan.count == PreferCount::Estimated) {
        Statement explain;
        explain.sql = "EXPLAIN (FORMAT JSON) ";
        if (!count.with.empty()) {
            explain.sql.append("WITH ").append(count.with).append(" ");
        }
        explain.sql.append(count.sql);
        explain.params.assign(stmt.params.begin(), stmt.params.begin() + count.params);
        out.explain = std::move(explain);
        if (plan.count == PreferCount::Estimated && plan.count_limit) {
            out.explain_above = *plan.count_limit - 1;
        }
    }
    stmt.sql = std::move(sql);
    out.main = std::move(stmt);
    return out;
}

}  // namespace pg_resty
