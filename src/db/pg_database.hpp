#pragma once

#include <cstdint>
#include <memory>

#include "config/settings.hpp"
#include "db/plan_cache.hpp"
#include "pipeline/database.hpp"

namespace pg_resty {

// The pipeline's Database, run by an HTTP worker on its main thread.
class PgDatabase final : public Database {
  public:
    explicit PgDatabase(const Settings& settings) : settings_(settings) {}

    const SchemaCache& schema_cache() override;
    ReadResult run_read(const ReadStatements& statements, const RequestContext& ctx) override;

    // Forces a reload before the next request (after SIGHUP changed the schemas).
    void invalidate() { loaded_generation_ = 0; }

    // Loads now; errors are logged, not thrown (worker start).
    void preload() noexcept;

  private:
    void load();

    const Settings& settings_;
    std::unique_ptr<SchemaCache> cache_;
    uint64_t loaded_generation_ = 0;
    PlanCache plans_;
};

}  // namespace pg_resty
