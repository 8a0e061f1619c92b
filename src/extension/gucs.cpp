#include "extension/gucs.hpp"

#include <unistd.h>

#include "db/pg_headers.hpp"

#include "common/text.hpp"

namespace pg_resty {

Gucs gucs;

namespace {

int default_worker_count() {
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 2 ? 2 : static_cast<int>(cpus > 64 ? 64 : cpus);
}

std::string text_or_empty(const char* value) {
    return value ? std::string(value) : std::string();
}

}  // namespace

void define_gucs(bool preloading) {
    gucs.http_workers = default_worker_count();
    DefineCustomStringVariable(
        "pg_resty.anon_role", "Role of requests without a JWT; empty: such requests get 401.",
        nullptr, &gucs.anon_role, "", PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable(
        "pg_resty.schemas", "Comma-separated schemas exposed by the API; the first is the default.",
        nullptr, &gucs.schemas, "api", PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("pg_resty.extra_search_path",
                               "Comma-separated schemas added to every request's search_path.",
                               nullptr, &gucs.extra_search_path, "public", PGC_SIGHUP, 0, nullptr,
                               nullptr, nullptr);
    DefineCustomIntVariable(
        "pg_resty.max_rows", "Upper bound on rows a read returns; -1: no bound.", nullptr,
        &gucs.max_rows, -1, -1, INT_MAX, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable(
        "pg_resty.hooks",
        "Lua file with on_init, on_rest_request and before_rest_response hooks; empty: none.",
        nullptr, &gucs.hooks, "", PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
    if (!preloading) {
        // PostgreSQL refuses PGC_POSTMASTER settings defined after startup; they only mean
        // something to a preloaded server anyway.
        MarkGUCPrefixReserved("pg_resty");
        return;
    }
    DefineCustomStringVariable(
        "pg_resty.listen_addresses",
        "Comma-separated host names or addresses the HTTP API listens on; * for all.", nullptr,
        &gucs.listen_addresses, "localhost", PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("pg_resty.port", "TCP port of the HTTP API.", nullptr, &gucs.port, 3000,
                            1, 65535, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);
    DefineCustomIntVariable("pg_resty.http_workers",
                            "Number of HTTP background workers (default: CPUs, at least 2).",
                            nullptr, &gucs.http_workers, gucs.http_workers, 1, 64, PGC_POSTMASTER,
                            0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("pg_resty.database", "Database the HTTP workers serve.", nullptr,
                               &gucs.database, "postgres", PGC_POSTMASTER, 0, nullptr, nullptr,
                               nullptr);
    DefineCustomStringVariable(
        "pg_resty.authenticator",
        "Role the HTTP workers connect as; requests switch from it to their own role.", nullptr,
        &gucs.authenticator, "authenticator", PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);
    MarkGUCPrefixReserved("pg_resty");
}

Settings settings_snapshot() {
    Settings settings;
    settings.anon_role = text_or_empty(gucs.anon_role);
    settings.schemas = split_list(text_or_empty(gucs.schemas), ',');
    settings.extra_search_path = split_list(text_or_empty(gucs.extra_search_path), ',');
    settings.max_rows = gucs.max_rows;
    settings.hooks = text_or_empty(gucs.hooks);
    return settings;
}

}  // namespace pg_resty
