#include "db/impersonated_settings.hpp"

#include "common/text.hpp"
#include "db/pg_guard.hpp"
#include "db/statement_runner.hpp"

namespace pg_resty {

namespace {

// PostgREST v12's query (Config/Database.hs), values kept as written (v12 lower-cased them,
// which later versions undid: it broke case-sensitive values such as search_path).
constexpr const char* kRoleSettingsQuery = R"SQL(
WITH authenticator AS (
    SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user
), role_setting AS (
    SELECT r.rolname, unnest(r.rolconfig) AS setting
    FROM pg_catalog.pg_auth_members m
    JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
    WHERE m.member = (SELECT oid FROM authenticator)
), kv AS (
    SELECT rolname,
           substr(setting, 1, strpos(setting, '=') - 1) AS key,
           substr(setting, strpos(setting, '=') + 1) AS value
    FROM role_setting
)
SELECT kv.rolname::text, kv.key, kv.value
FROM kv
JOIN pg_catalog.pg_settings ps ON ps.name = kv.key
 AND (ps.context = 'user' OR has_parameter_privilege(current_user, ps.name, 'set'))
ORDER BY 1, 2
)SQL";

// default_transaction_isolation as ALTER ROLE stored it (any case); -1 if unknown.
int isolation_level(const std::string& value) {
    const std::string level = to_lower_ascii(value);
    if (level == "serializable") {
        return XACT_SERIALIZABLE;
    }
    if (level == "repeatable read") {
        return XACT_REPEATABLE_READ;
    }
    if (level == "read committed") {
        return XACT_READ_COMMITTED;
    }
    if (level == "read uncommitted") {
        return XACT_READ_UNCOMMITTED;
    }
    return -1;
}

}  // namespace

void ImpersonatedSettings::load(PlanCache& plans) {
    Statement query;
    query.sql = kRoleSettingsQuery;
    std::unordered_map<std::string, List> loaded;
    std::unordered_map<std::string, int> isolation;
    for (const Row& row : run_statement(plans, query, true)) {
        if (row.size() != 3 || !row[0] || !row[1] || !row[2]) {
            continue;
        }
        if (*row[1] == "default_transaction_isolation") {
            // Not a setting to apply inside the transaction: it must be in place before the
            // transaction's first snapshot.
            if (const int level = isolation_level(*row[2]); level >= 0) {
                isolation[*row[0]] = level;
            }
        } else {
            loaded[*row[0]].emplace_back(*row[1], *row[2]);
        }
    }
    by_role_ = std::move(loaded);
    isolation_by_role_ = std::move(isolation);
}

int ImpersonatedSettings::isolation(const std::string& role) const {
    const auto found = isolation_by_role_.find(role);
    return found == isolation_by_role_.end() ? -1 : found->second;
}

void ImpersonatedSettings::apply(const std::string& role) const {
    const auto found = by_role_.find(role);
    if (found == by_role_.end()) {
        return;
    }
    const List& settings = found->second;
    pg_call([&] {
        // Before SET ROLE, as the authenticator, whose privileges the query above checked.
        const GucContext context = superuser() ? PGC_SUSET : PGC_USERSET;
        for (const auto& setting : settings) {
            (void)set_config_option(setting.first.c_str(), setting.second.c_str(), context,
                                    PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0, false);
        }
    });
}

}  // namespace pg_resty
