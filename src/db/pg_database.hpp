#pragma once

#include <cstdint>
#include <memory>

#include "config/settings.hpp"
#include "db/impersonated_settings.hpp"
#include "db/plan_cache.hpp"
#include "pipeline/database.hpp"

namespace pg_resty {

// The pipeline's Database, run by an HTTP worker on its main thread.
class PgDatabase final : public Database {
  public:
    // `reporter`: this worker logs each schema cache load (one line per reload, not per worker).
    PgDatabase(const Settings& settings, bool reporter)
        : settings_(settings), reporter_(reporter) {}

    const SchemaCache& schema_cache() override;
    ReadResult run_read(const ReadStatements& statements, const RequestContext& ctx) override;
    ReadResult run_call(const ReadStatements& statements, const RequestContext& ctx) override;
    WriteResult run_write(const WriteStatements& statements, const RequestContext& ctx) override;
    AccessibleObjects accessible_objects(const std::string& schema,
                                         const RequestContext& ctx) override;

    // Forces a reload before the next request (after SIGHUP changed the schemas).
    void invalidate() { loaded_generation_ = 0; }

    // Loads now; errors are logged, not thrown (worker start).
    void preload() noexcept;

    // Reloads while idle if the schema changed, so the next request does not wait for it and
    // every worker's reload happens (and is logged) soon after the DDL commits.
    void refresh_if_stale() noexcept;

  private:
    void load();
    // A read's or a call's statements in one transaction: request locals, pre-request, the
    // main statement (and EXPLAIN), then the response GUCs.
    ReadResult run_statements(const ReadStatements& statements, const RequestContext& ctx);

    const Settings& settings_;
    bool reporter_;
    std::unique_ptr<SchemaCache> cache_;
    uint64_t loaded_generation_ = 0;
    PlanCache plans_;
    // Reloaded with the schema cache (pg_resty.reload(), DDL, SIGHUP): ALTER ROLE fires no
    // event trigger.
    ImpersonatedSettings role_settings_;
};

}  // namespace pg_resty
