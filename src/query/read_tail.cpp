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

void append_json_agg_element(std::string& body, std::string_view element) {
    body.append(body.empty() ? "[" : ", \n ").append(element);
}

void finish_json_agg(std::string& body) {
    body.append(body.empty() ? "[]" : "]");
}

std::string json_agg_text(const Rows& rows) {
    std::string body;
    for (const Row& row : rows) {
        // row_to_json never returns NULL for a row; json_agg writes null for a NULL element.
        append_json_agg_element(
            body, row.empty() || !row[0] ? std::string_view("null") : std::string_view(*row[0]));
    }
    finish_json_agg(body);
    return body;
}

ReadStatements finish_read_statements(std::string sql, Statement stmt, const ReadPlan& plan,
                                      const CountQuery& count, bool rows_as_json) {
    ReadStatements out;
    const bool counted = plan.count == PreferCount::Exact || plan.count == PreferCount::Estimated;
    sql.append(")");
    if (rows_as_json && !counted && plan.count != PreferCount::Planned &&
        plan.output.aggregate == BodyAggregate::JsonArray) {
        // The common read: no aggregate node at all. Setting up json_agg and count for every
        // execution was a tenth of a one-row GET's CPU; the rows' JSON is the same
        // composite_to_json output json_agg appends, so joining it gives the same bytes.
        sql.append(
            " SELECT pg_catalog.row_to_json(_postgrest_t)::text AS body FROM "
            "(SELECT * FROM pgrst_source) _postgrest_t");
        stmt.sql = std::move(sql);
        out.main = std::move(stmt);
        out.rows_as_json = true;
        return out;
    }
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
