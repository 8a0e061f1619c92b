#include "query/write_query.hpp"

#include <algorithm>

#include "api/api_error.hpp"
#include "common/text.hpp"
#include "query/condition_sql.hpp"
#include "query/embed_query.hpp"
#include "query/read_tail.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

namespace {

constexpr const char* kMutation = "\"pgrst_mutation\"";

std::string join_columns(const std::vector<const Column*>& columns, const std::string& prefix) {
    std::string sql;
    for (const Column* column : columns) {
        if (!sql.empty()) {
            sql.append(", ");
        }
        sql.append(prefix).append(quote_ident(column->name));
    }
    return sql;
}

std::string returning_sql(const WritePlan& plan, const std::string& table) {
    if (plan.returning_all) {
        return " RETURNING " + table + ".*";
    }
    if (plan.returning.empty()) {
        return " RETURNING 1";
    }
    return " RETURNING " + join_columns(plan.returning, table + ".");
}

// PostgREST's fromJsonBodyF: the body (one json parameter, an object or an array of them) as
// the rows of `pgrst_body`, typed by the columns. With missing=default, absent keys take the
// column's default expression (from the catalog) instead of null.
std::string body_rows_sql(const WritePlan& plan, bool limit_one, Statement& stmt) {
    const bool defaults = plan.apply_defaults;
    const char* json = defaults ? "jsonb" : "json";
    std::string sql = "(SELECT ";
    sql.append(stmt.bind(defaults ? kJsonbOid : kJsonOid, plan.payload))
        .append(" AS json_data) pgrst_payload, LATERAL (SELECT CASE WHEN pg_catalog.")
        .append(json)
        .append(
            "_typeof(pgrst_payload.json_data) = 'array' THEN pgrst_payload.json_data ELSE "
            "pg_catalog.")
        .append(json)
        .append("_build_array(pgrst_payload.json_data) END AS val) pgrst_uniform_json, ");
    std::string rows = "pgrst_uniform_json.val";
    if (defaults) {
        std::string object;
        for (size_t i = 0; i < plan.columns.size(); ++i) {
            if (plan.defaults[i].empty()) {
                continue;
            }
            // The default expression is catalog text (pg_get_expr), written by the schema's
            // owner, never by the client.
            object.append(object.empty() ? "" : ", ")
                .append(stmt.bind(kTextOid, plan.columns[i]->name))
                .append("::text, ")
                .append(plan.defaults[i]);
        }
        sql.append("LATERAL (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(")
            .append(object)
            .append(
                ") || elem) AS val FROM pg_catalog.jsonb_array_elements("
                "pgrst_uniform_json.val) elem) pgrst_json_defs, ");
        rows = "pgrst_json_defs.val";
    }
    sql.append("LATERAL (SELECT * FROM pg_catalog.");
    if (plan.columns.empty()) {
        sql.append(json).append("_array_elements(").append(rows).append(") _");
    } else {
        sql.append(json).append("_to_recordset(").append(rows).append(") AS _ (");
        for (size_t i = 0; i < plan.columns.size(); ++i) {
            sql.append(i == 0 ? "" : ", ")
                .append(quote_ident(plan.columns[i]->name))
                .append(" ")
                .append(plan.columns[i]->type_name);
        }
        sql.append(")");
    }
    if (limit_one) {
        sql.append(" LIMIT 1");
    }
    sql.append(") pgrst_body");
    return sql;
}

// A write changes rows of its table only: filters and orders that reach into embedded
// resources have nothing to join to there.
[[noreturn]] void embedded_in_write() {
    throw ApiError(400, "PGRST100",
                   "Filters and orders on embedded resources cannot select the rows of a write");
}

// " WHERE ..." for the filters and logic trees of `plan`'s top level, or "".
std::string where_sql(const std::string& table, const ReadPlan& plan, Statement& stmt) {
    const NullEmbedSql no_embeds = [](size_t, bool) -> std::string { embedded_in_write(); };
    return where_clause(conditions_sql(table, plan.where, plan.logic, no_embeds, stmt));
}

std::string order_sql(const std::string& table, const ReadPlan& plan, Statement& stmt) {
    for (const ReadPlan::Sort& sort : plan.order) {
        if (sort.embed >= 0) {
            embedded_in_write();
        }
    }
    return level_tail_sql(table, *plan.relation, {}, plan.order, std::nullopt, 0, 1, stmt);
}

// PATCH and DELETE with limit/offset (PostgREST's mutRangeF): the rows to change are the
// first ones in the requested order, matched back by the order's columns.
std::string affected_rows_sql(const WritePlan& plan, const std::string& table, Statement& stmt,
                              std::string& match) {
    std::vector<const Column*> ids;
    for (const ReadPlan::Sort& sort : plan.read.order) {
        if (std::find(ids.begin(), ids.end(), sort.column) == ids.end()) {
            ids.push_back(sort.column);
        }
    }
    std::string sql = "(SELECT " + join_columns(ids, table + ".") + " FROM " + table;
    sql.append(where_sql(table, plan.read, stmt)).append(order_sql(table, plan.read, stmt));
    if (plan.limit) {
        sql.append(" LIMIT ").append(stmt.bind(kInt8Oid, std::to_string(*plan.limit)));
    }
    if (plan.offset != 0) {
        sql.append(" OFFSET ").append(stmt.bind(kInt8Oid, std::to_string(plan.offset)));
    }
    sql.append(") pgrst_affected_rows");
    for (const Column* id : ids) {
        match.append(match.empty() ? " WHERE " : " AND ")
            .append(table + "." + quote_ident(id->name) + " = pgrst_affected_rows." +
                    quote_ident(id->name));
    }
    return sql;
}

std::string insert_sql(const WritePlan& plan, const std::string& table, Statement& stmt) {
    std::string sql = "INSERT INTO " + table;
    if (!plan.columns.empty()) {
        sql.append("(").append(join_columns(plan.columns, "")).append(")");
    }
    sql.append(" SELECT ")
        .append(join_columns(plan.columns, "pgrst_body."))
        .append(" FROM ")
        .append(body_rows_sql(plan, false, stmt));
    if (plan.action == Action::Upsert) {
        // PUT: only a body row carrying the URL's primary key values is written.
        std::string where;
        for (const ReadPlan::Condition& condition : plan.read.where) {
            where.append(where.empty() ? " WHERE " : " AND ")
                .append(condition_sql("pgrst_body", condition, stmt));
        }
        sql.append(where);
    }
    if (plan.resolution && !plan.on_conflict.empty()) {
        sql.append(" ON CONFLICT(").append(join_columns(plan.on_conflict, "")).append(") ");
        if (*plan.resolution == PreferResolution::IgnoreDuplicates || plan.columns.empty()) {
            sql.append("DO NOTHING");
        } else {
            sql.append("DO UPDATE SET ");
            for (size_t i = 0; i < plan.columns.size(); ++i) {
                const std::string name = quote_ident(plan.columns[i]->name);
                sql.append(i == 0 ? "" : ", ").append(name + " = EXCLUDED." + name);
            }
        }
    }
    return sql + returning_sql(plan, table);
}

std::string update_sql(const WritePlan& plan, const std::string& table, Statement& stmt) {
    if (plan.columns.empty()) {
        // Nothing to set: no row changes, but the representation keeps its columns.
        std::string columns = plan.returning_all       ? table + ".*"
                              : plan.returning.empty() ? std::string("NULL")
                                                       : join_columns(plan.returning, table + ".");
        return "SELECT " + columns + " FROM " + table + " WHERE false";
    }
    std::string sql = "UPDATE " + table + " SET ";
    for (size_t i = 0; i < plan.columns.size(); ++i) {
        const std::string name = quote_ident(plan.columns[i]->name);
        sql.append(i == 0 ? "" : ", ").append(name + " = pgrst_body." + name);
    }
    sql.append(" FROM ").append(body_rows_sql(plan, true, stmt));
    if (plan.limit || plan.offset != 0) {
        std::string match;
        sql.append(", ").append(affected_rows_sql(plan, table, stmt, match)).append(match);
    } else {
        sql.append(where_sql(table, plan.read, stmt));
    }
    return sql + returning_sql(plan, table);
}

std::string delete_sql(const WritePlan& plan, const std::string& table, Statement& stmt) {
    std::string sql = "DELETE FROM " + table;
    if (plan.limit || plan.offset != 0) {
        std::string match;
        sql.append(" USING ").append(affected_rows_sql(plan, table, stmt, match)).append(match);
    } else {
        sql.append(where_sql(table, plan.read, stmt));
    }
    return sql + returning_sql(plan, table);
}

// PostgREST's locationF: the primary key of the one inserted row, as filters.
std::string location_sql(const WritePlan& plan, Statement& stmt) {
    std::vector<std::string> names;
    for (const Column* column : plan.primary_key) {
        names.push_back(column->name);
    }
    return "CASE WHEN pg_catalog.count(_postgrest_t) = 1 THEN (WITH data AS (SELECT "
           "pg_catalog.row_to_json(_) AS row FROM " +
           std::string(kMutation) +
           " AS _ LIMIT 1) SELECT pg_catalog.json_agg(pg_catalog.json_build_array(json_data.key, "
           "coalesce('eq.' || json_data.value, 'is.null')))::text FROM data CROSS JOIN "
           "pg_catalog.json_each_text(data.row) AS json_data WHERE json_data.key = ANY(" +
           stmt.bind(kTextArrayOid, array_literal(names)) + ")) END";
}

std::optional<long long> parse_max_affected(const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    std::string_view digits = *text;
    bool negative = false;
    if (!digits.empty() && digits.front() == '-') {
        negative = true;
        digits.remove_prefix(1);
    }
    long long value = 0;
    if (!parse_non_negative_int64(digits, value)) {
        return std::nullopt;
    }
    return negative ? -value : value;
}

}  // namespace

WriteStatements build_write_statements(const WritePlan& plan, const Preferences& preferences) {
    WriteStatements out;
    Statement& stmt = out.main;
    const Relation& relation = *plan.read.relation;
    const std::string table = qualified_name(relation.schema, relation.name);

    std::string mutation;
    switch (plan.action) {
        case Action::Create:
        case Action::Upsert:
            mutation = insert_sql(plan, table, stmt);
            break;
        case Action::Update:
            mutation = update_sql(plan, table, stmt);
            break;
        case Action::Delete:
            mutation = delete_sql(plan, table, stmt);
            break;
        default:
            throw ApiError(500, "PGRSTX00", "not a write");
    }
    const bool full = plan.representation == PreferRepresentation::Full;
    std::string source = "SELECT * FROM ";
    source.append(kMutation);
    if (full) {
        const LevelSql level =
            level_sql(plan.read.select, plan.read.embeds, relation, kMutation, 1, stmt);
        source = "SELECT " + level.select + " FROM " + kMutation + level.joins;
    }
    const bool location = plan.action == Action::Create &&
                          plan.representation == PreferRepresentation::HeadersOnly &&
                          !plan.primary_key.empty();
    if (!full && !location) {
        // return=minimal (and headers-only without a key): only the count is needed, which
        // SPI reports for the bare statement; the CTE, its materialisation and the count
        // aggregate around it were a third of a one-row POST's executor work.
        stmt.sql = std::move(mutation);
        out.count_only = true;
    } else {
        std::string sql = "WITH " + std::string(kMutation) + " AS (" + mutation +
                          "), pgrst_source AS (" + source +
                          ") SELECT pg_catalog.count(_postgrest_t) AS page_total, ";
        sql.append(location ? location_sql(plan, stmt) : std::string("null::text"))
            .append(" AS location, ")
            .append(full ? body_sql(plan.read.output.aggregate) : std::string("''::text"))
            .append(" AS body FROM (SELECT * FROM pgrst_source) _postgrest_t");
        stmt.sql = std::move(sql);
    }

    out.singular = plan.read.output.media.is_singular() && plan.action != Action::Upsert;
    out.put = plan.action == Action::Upsert;
    if ((plan.action == Action::Update || plan.action == Action::Delete) &&
        preferences.handling == PreferHandling::Strict) {
        out.max_affected = parse_max_affected(preferences.max_affected);
    }
    if (plan.action == Action::Update || plan.action == Action::Delete) {
        out.max_changes = plan.limit;
    }
    out.rollback = preferences.transaction == PreferTransaction::Rollback;
    return out;
}

void check_write_result(const WriteStatements& statements, long long affected) {
    if (statements.put && affected != 1) {
        throw ApiError(400, "PGRST115", "Payload values do not match URL in primary key column(s)");
    }
    if (statements.singular && affected != 1) {
        throw ApiError(406, "PGRST116", "JSON object requested, multiple (or no) rows returned",
                       "The result contains " + std::to_string(affected) + " rows");
    }
    if (statements.max_affected && affected > *statements.max_affected) {
        throw ApiError(400, "PGRST124", "Query result exceeds max-affected preference constraint",
                       "The query affects " + std::to_string(affected) + " rows");
    }
    if (statements.max_changes && affected > *statements.max_changes) {
        throw ApiError(400, "PGRST110",
                       "The maximum number of rows allowed to change was surpassed",
                       "Results contain " + std::to_string(affected) +
                           " rows changed but the maximum number allowed is " +
                           std::to_string(*statements.max_changes));
    }
}

}  // namespace pg_resty
