#include "db/pg_database.hpp"

#include <chrono>
#include <stdexcept>

#include "api/api_error.hpp"
#include "common/pg_error.hpp"
#include "db/pg_log.hpp"
#include "db/pre_request.hpp"
#include "db/request_locals.hpp"
#include "db/response_gucs.hpp"
#include "db/statement_runner.hpp"
#include "db/transaction.hpp"
#include "extension/shared_state.hpp"
#include "db/view_sources.hpp"
#include "plan/relationships.hpp"
#include "plan/schema_docs_rows.hpp"
#include "plan/schema_rows.hpp"
#include "plan/timezone_rows.hpp"
#include "plan/view_keys.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

namespace {

// PostgREST's: the request's schema, then the extra ones.
std::string search_path_for(const Settings& settings, const std::string& request_schema) {
    std::string path;
    auto add = [&path](const std::string& schema) {
        if (!path.empty()) {
            path.append(", ");
        }
        path.append(quote_ident(schema));
    };
    if (!request_schema.empty()) {
        add(request_schema);
    } else if (!settings.schemas.empty()) {
        add(settings.schemas.front());
    }
    for (const std::string& schema : settings.extra_search_path) {
        add(schema);
    }
    return path;
}

}  // namespace

void PgDatabase::load() {
    const auto started = std::chrono::steady_clock::now();
    // Read before loading: a change committed while we load bumps it again and we reload.
    const uint64_t generation = schema_generation();
    Statement relations_query;
    relations_query.sql = kSchemaCacheQuery;
    relations_query.bind(kTextArrayOid, array_literal(settings_.schemas));
    Statement foreign_keys_query;
    foreign_keys_query.sql = kForeignKeysQuery;
    Statement functions_query;
    functions_query.sql = kFunctionsQuery;
    functions_query.bind(kTextArrayOid, array_literal(settings_.schemas));
    // For the OpenAPI description only.
    Statement primary_keys_query;
    primary_keys_query.sql = kPrimaryKeysQuery;
    Statement relation_docs_query;
    relation_docs_query.sql = kRelationDocsQuery;
    relation_docs_query.bind(kTextArrayOid, array_literal(settings_.schemas));
    Statement column_docs_query;
    column_docs_query.sql = kColumnDocsQuery;
    column_docs_query.bind(kTextArrayOid, array_literal(settings_.schemas));
    Statement comments_query;
    comments_query.sql = kCommentsQuery;
    comments_query.bind(kTextArrayOid, array_literal(settings_.schemas));
    Statement timezones_query;
    timezones_query.sql = kTimezonesQuery;

    auto cache = std::make_unique<SchemaCache>();
    ImpersonatedSettings role_settings;
    std::vector<ForeignKey> foreign_keys;
    std::vector<ColumnSource> sources;
    {
        // One snapshot for all of it: no half-old, half-new cache.
        Transaction transaction("pg_resty: load schema cache", true);
        transaction.without_jit();
        // Catalog queries are one-off: no point keeping their plans.
        PlanCache once(1);
        *cache = schema_cache_from_rows(run_statement(once, relations_query, true));
        foreign_keys = foreign_keys_from_rows(run_statement(once, foreign_keys_query, true));
        add_functions_from_rows(*cache, run_statement(once, functions_query, true));
        sources = load_view_sources(*cache);
        mark_view_primary_keys(*cache, sources, run_statement(once, primary_keys_query, true));
        cache->set_docs(schema_docs_from_rows(run_statement(once, relation_docs_query, true),
                                              run_statement(once, column_docs_query, true),
                                              run_statement(once, comments_query, true)));
        role_settings.load(once);
        cache->set_timezones(timezones_from_rows(run_statement(once, timezones_query, true)));
        transaction.commit();
    }
    cache->set_relationships(derive_relationships(*cache, foreign_keys, sources));
    // A changed schema can change every plan's meaning (types, columns): start afresh.
    plans_.clear();
    cache_ = std::move(cache);
    role_settings_ = std::move(role_settings);
    loaded_generation_ = generation == 0 ? 1 : generation;
    if (reporter_) {
        const auto elapsed =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        char millis[32];
        snprintf(millis, sizeof millis, "%.1f", elapsed);
        log_message("schema cache loaded in " + std::string(millis) +
                    " ms: " + std::to_string(cache_->relation_count()) + " relations, " +
                    std::to_string(cache_->relationship_count()) + " relationships, " +
                    std::to_string(cache_->function_count()) + " functions");
    }
}

const SchemaCache& PgDatabase::schema_cache() {
    const uint64_t generation = schema_generation();
    if (!cache_ || loaded_generation_ == 0 ||
        (generation != 0 && generation != loaded_generation_)) {
        try {
            load();
        } catch (const std::exception& error) {
            if (!cache_) {
                throw ApiError(503, "PGRST002",
                               "Could not query the database for the schema cache. Retrying.",
                               std::string(error.what()));
            }
            log_warning(std::string("schema cache reload failed, serving the previous one: ") +
                        error.what());
        }
    }
    return *cache_;
}

void PgDatabase::preload() noexcept {
    try {
        load();
    } catch (const std::exception& error) {
        log_warning(std::string("could not load the schema cache: ") + error.what());
    }
}

void PgDatabase::refresh_if_stale() noexcept {
    const uint64_t generation = schema_generation();
    if (cache_ && generation != 0 && generation != loaded_generation_) {
        try {
            load();
        } catch (const std::exception& error) {
            log_warning(std::string("schema cache reload failed, serving the previous one: ") +
                        error.what());
        }
    }
}

ReadResult PgDatabase::run_read(const ReadStatements& statements, const RequestContext& ctx) {
    return run_statements(statements, ctx);
}

ReadResult PgDatabase::run_call(const ReadStatements& statements, const RequestContext& ctx) {
    return run_statements(statements, ctx);
}

ReadResult PgDatabase::run_statements(const ReadStatements& statements, const RequestContext& ctx) {
    const std::string search_path = search_path_for(settings_, ctx.schema);
    Transaction transaction(statements.main.sql.c_str(), ctx.read_only,
                            role_settings_.isolation(ctx.role));
    role_settings_.apply(ctx.role);
    apply_request_locals(ctx, search_path);
    transaction.arm_statement_timeout();
    run_pre_request(plans_, settings_, ctx.read_only);
    if (statements.rows_as_json) {
        ReadResult result;
        result.page_total = run_json_rows(plans_, statements.main, ctx.read_only, result.body);
        result.gucs = read_response_gucs();
        transaction.commit();
        return result;
    }
    Rows rows = run_statement(plans_, statements.main, ctx.read_only);
    if (rows.size() != 1 || rows[0].size() != 3 || !rows[0][0] || !rows[0][2]) {
        throw std::runtime_error("read statement returned an unexpected shape");
    }
    ReadResult result;
    result.page_total = std::stoll(*rows[0][0]);
    if (rows[0][1]) {
        result.total = std::stoll(*rows[0][1]);
    }
    result.body = std::move(*rows[0][2]);
    if (statements.explain && (!statements.explain_above ||
                               (result.total && *result.total > *statements.explain_above))) {
        // SPI counts every utility statement as writing: EXPLAIN needs read_only off, and the
        // transaction itself stays read-only.
        Rows plan = run_statement(plans_, *statements.explain, false);
        if (plan.size() == 1 && plan[0].size() == 1 && plan[0][0]) {
            result.explain = std::move(*plan[0][0]);
        }
    }
    result.gucs = read_response_gucs();
    transaction.commit();
    return result;
}

WriteResult PgDatabase::run_write(const WriteStatements& statements, const RequestContext& ctx) {
    const std::string search_path = search_path_for(settings_, ctx.schema);
    Transaction transaction(statements.main.sql.c_str(), false, role_settings_.isolation(ctx.role));
    role_settings_.apply(ctx.role);
    apply_request_locals(ctx, search_path);
    transaction.arm_statement_timeout();
    run_pre_request(plans_, settings_, false);
    WriteResult result;
    if (statements.count_only) {
        result.page_total = run_counted(plans_, statements.main, false);
    } else {
        Rows rows = run_statement(plans_, statements.main, false);
        if (rows.size() != 1 || rows[0].size() != 3 || !rows[0][0] || !rows[0][2]) {
            throw std::runtime_error("write statement returned an unexpected shape");
        }
        result.page_total = std::stoll(*rows[0][0]);
        if (rows[0][1]) {
            result.location = parse_location(*rows[0][1]);
        }
        result.body = std::move(*rows[0][2]);
    }
    // A failed check throws: the Transaction's destructor rolls everything back.
    check_write_result(statements, result.page_total);
    result.gucs = read_response_gucs();
    if (statements.rollback) {
        // As PostgREST: deferred constraints are still checked, then nothing is kept.
        Statement immediate;
        immediate.sql = "SET CONSTRAINTS ALL IMMEDIATE";
        run_statement(plans_, immediate, false);
        return result;
    }
    transaction.commit();
    return result;
}

AccessibleObjects PgDatabase::accessible_objects(const std::string& schema,
                                                 const RequestContext& ctx) {
    Statement statement;
    statement.sql = kAccessibleObjectsQuery;
    statement.bind(kTextOid, schema);
    Transaction transaction("pg_resty: OpenAPI privileges", true);
    role_settings_.apply(ctx.role);
    apply_request_locals(ctx, search_path_for(settings_, schema));
    transaction.without_jit();
    transaction.arm_statement_timeout();
    Rows rows = run_statement(plans_, statement, true);
    transaction.commit();
    return accessible_objects_from_rows(rows);
}

}  // namespace pg_resty
