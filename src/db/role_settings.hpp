#pragma once

namespace pg_resty {

// Applies again the settings stored with ALTER ROLE <authenticator> [IN DATABASE ...] SET,
// as InitPostgres did when the worker connected, so that a reload (SIGHUP) picks up
// PostgREST-style in-database configuration changed since. Settings RESET on the role keep
// their old value until the worker restarts. Throws PgError.
void reapply_role_settings();

}  // namespace pg_resty
