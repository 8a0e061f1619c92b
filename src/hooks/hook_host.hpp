#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/rows.hpp"

namespace pg_resty {

// ngx.log levels, in nginx's numbering (ngx.ERR == 4).
enum class HookLogLevel { kError, kWarning, kInfo, kDebug };

// Rows of pg_resty.query: column names, how Lua should see each column, values as text.
struct HookQueryResult {
    enum class Kind { kString, kNumber, kBoolean };
    std::vector<std::string> columns;
    std::vector<Kind> kinds;
    Rows rows;
};

// What Lua hooks may ask of the server. The worker implements it on top of PostgreSQL
// (db/pg_hook_host.cpp); unit tests use a fake, so the Lua engine stays free of PostgreSQL.
class HookHost {
  public:
    virtual ~HookHost() = default;

    virtual void log(HookLogLevel level, const std::string& text) noexcept = 0;

    // Runs one parameterised statement; throws (PgError, std::exception) on failure.
    virtual HookQueryResult query(const std::string& sql,
                                  const std::vector<std::optional<std::string>>& params) = 0;

    // Folder of the Lua modules pg_resty ships (`require "utils"`); empty if unknown.
    virtual std::string shipped_lua_dir() const = 0;
};

}  // namespace pg_resty
