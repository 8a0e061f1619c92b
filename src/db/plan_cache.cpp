#include "db/plan_cache.hpp"

#include <vector>

#include "db/pg_guard.hpp"

namespace pg_resty {

namespace {

std::string plan_key(const Statement& statement) {
    std::string key = statement.sql;
    key.push_back('\0');
    for (const SqlParam& param : statement.params) {
        key.append(std::to_string(param.type));
        key.push_back(',');
    }
    return key;
}

}  // namespace

SPIPlanPtr PlanCache::get(const Statement& statement) {
    std::string key = plan_key(statement);
    if (auto found = plans_.find(key); found != plans_.end()) {
        return found->second;
    }
    if (plans_.size() >= max_entries_) {
        clear();
    }
    std::vector<Oid> types;
    types.reserve(statement.params.size());
    for (const SqlParam& param : statement.params) {
        types.push_back(param.type);
    }
    const char* sql = statement.sql.c_str();
    const int nargs = static_cast<int>(types.size());
    Oid* argtypes = types.data();
    SPIPlanPtr plan = nullptr;
    pg_call([&] {
        SPIPlanPtr prepared = SPI_prepare(sql, nargs, argtypes);
        if (prepared == nullptr) {
            elog(ERROR, "pg_resty: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
        }
        // Kept plans live under CacheMemoryContext, past this transaction.
        SPI_keepplan(prepared);
        plan = prepared;
    });
    try {
        plans_.emplace(std::move(key), plan);
    } catch (...) {
        pg_call([&] { SPI_freeplan(plan); });
        throw;
    }
    return plan;
}

void PlanCache::clear() {
    for (auto& entry : plans_) {
        SPIPlanPtr plan = entry.second;
        try {
            pg_call([&] { SPI_freeplan(plan); });
        } catch (...) {
            // A plan that cannot be freed is leaked, not fatal.
        }
    }
    plans_.clear();
}

PlanCache::~PlanCache() {
    clear();
}

}  // namespace pg_resty
