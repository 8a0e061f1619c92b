#pragma once

#include "pipeline/request_context.hpp"
#include "plan/privileges.hpp"
#include "plan/schema_cache.hpp"
#include "query/read_tail.hpp"
#include "query/statement.hpp"
#include "query/write_query.hpp"
#include "response/read_response.hpp"
#include "response/write_response.hpp"

namespace pg_resty {

// What the pipeline needs from PostgreSQL (stage 7), implemented in db/ by the worker.
class Database {
  public:
    virtual ~Database() = default;

    // The current schema cache, reloaded first if the schema changed since it was built.
    // Throws ApiError (503 PGRST002) while no cache could be loaded.
    virtual const SchemaCache& schema_cache() = 0;

    // Runs a read's statements in one transaction under `ctx`. Throws PgError.
    virtual ReadResult run_read(const ReadStatements& statements, const RequestContext& ctx) = 0;

    // Runs a function call's statements (query/call_query.hpp) the same way: read-only or not
    // as `ctx` says. Throws PgError.
    virtual ReadResult run_call(const ReadStatements& statements, const RequestContext& ctx) = 0;

    // Runs a write's statement in one read-write transaction under `ctx`, checks the affected
    // row count (check_write_result) and commits, or rolls back on a failed check or
    // Prefer: tx=rollback. Throws PgError or the check's ApiError (after the rollback).
    virtual WriteResult run_write(const WriteStatements& statements, const RequestContext& ctx) = 0;

    // What the request's role may reach in `schema` (for the OpenAPI description), asked in
    // its own read-only transaction under `ctx`. Throws PgError.
    virtual AccessibleObjects accessible_objects(const std::string& schema,
                                                 const RequestContext& ctx) = 0;
};

}  // namespace pg_resty
