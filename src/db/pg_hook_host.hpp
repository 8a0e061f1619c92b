#pragma once

#include "config/settings.hpp"
#include "hooks/hook_host.hpp"

namespace pg_resty {

// The worker's HookHost: ngx.log into the server log, pg_resty.query in its own short
// transaction as the anonymous role (pg_resty.anon_role), never as the authenticator and
// never as a superuser; the role is transaction-local, so it cannot outlive the query.
class PgHookHost final : public HookHost {
  public:
    explicit PgHookHost(const Settings& settings) : settings_(settings) {}

    void log(HookLogLevel level, const std::string& text) noexcept override;
    HookQueryResult query(const std::string& sql,
                          const std::vector<std::optional<std::string>>& params) override;
    std::string shipped_lua_dir() const override;

  private:
    const Settings& settings_;
};

}  // namespace pg_resty
