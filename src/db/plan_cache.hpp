#pragma once

#include <string>
#include <unordered_map>

#include "db/pg_headers.hpp"

#include "query/statement.hpp"

namespace pg_resty {

// Prepared SPI plans of the statements this worker has run, keyed by SQL text and parameter
// types. PostgreSQL's plan cache invalidates them on DDL; the bound on entries keeps a client
// that sends endless query shapes from growing the worker without limit.
class PlanCache {
  public:
    explicit PlanCache(size_t max_entries = 2000) : max_entries_(max_entries) {}
    ~PlanCache();

    PlanCache(const PlanCache&) = delete;
    PlanCache& operator=(const PlanCache&) = delete;

    // The plan for `statement`, prepared on first use. Needs an open Transaction.
    SPIPlanPtr get(const Statement& statement);

    void clear();

  private:
    size_t max_entries_;
    std::unordered_map<std::string, SPIPlanPtr> plans_;
};

}  // namespace pg_resty
