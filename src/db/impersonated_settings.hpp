#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pg_resty {

class PlanCache;

// PostgREST's impersonated role settings: what ALTER ROLE <role> SET stored for each role the
// authenticator may switch to. PostgreSQL applies a role's settings only at login, never on
// SET ROLE, so each request applies its role's, transaction-local: statement_timeout above
// all. Like PostgREST: roles the authenticator is a direct member of, settings for all
// databases (not IN DATABASE ones), only those the authenticator may set (user context or
// GRANT SET ON PARAMETER); default_transaction_isolation becomes the transaction's isolation
// level.
class ImpersonatedSettings {
  public:
    using List = std::vector<std::pair<std::string, std::string>>;

    // Reads them again; needs an open Transaction (the schema cache load's).
    void load(PlanCache& plans);

    // Sets `role`'s settings transaction-local. Needs an open Transaction; throws PgError.
    void apply(const std::string& role) const;

    // The XACT_* isolation level `role`'s requests run at; -1: the server's default.
    int isolation(const std::string& role) const;

  private:
    std::unordered_map<std::string, List> by_role_;
    std::unordered_map<std::string, int> isolation_by_role_;
};

}  // namespace pg_resty
