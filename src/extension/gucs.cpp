#include "extension/gucs.hpp"

#include <unistd.h>

#include "db/pg_headers.hpp"

#include "common/text.hpp"
#include "config/proxy_uri.hpp"
#include "events/amqp_url.hpp"

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

// JWT, CORS and body-size settings. PGC_SUSET rather than PGC_SIGHUP: still reloaded from
// postgresql.conf on SIGHUP, but also settable with ALTER ROLE authenticator SET, which is
// PostgREST's in-database configuration (PGC_SIGHUP settings cannot be stored on a role).
void define_auth_gucs() {
    DefineCustomStringVariable(
        "pg_resty.jwt_secret",
        "Secret (HS256/384/512), JWK or JWKS (also RS256, ES256) that verifies JWTs.", nullptr,
        &gucs.jwt_secret, "", PGC_SUSET, GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL, nullptr, nullptr,
        nullptr);
    DefineCustomBoolVariable(
        "pg_resty.jwt_secret_is_base64", "Whether pg_resty.jwt_secret is base64-encoded.", nullptr,
        &gucs.jwt_secret_is_base64, false, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("pg_resty.jwt_aud",
                               "Audience a JWT's aud claim must contain; empty: any.", nullptr,
                               &gucs.jwt_aud, "", PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("pg_resty.jwt_role_claim_key",
                               "Path of the role claim in a JWT, e.g. .role or "
                               ".realm_access.roles[0].",
                               nullptr, &gucs.jwt_role_claim_key, ".role", PGC_SUSET, 0, nullptr,
                               nullptr, nullptr);
    DefineCustomStringVariable("pg_resty.cors_allowed_origins",
                               "Comma-separated origins allowed by CORS; empty: any origin.",
                               nullptr, &gucs.cors_allowed_origins, "", PGC_SUSET, 0, nullptr,
                               nullptr, nullptr);
    DefineCustomIntVariable("pg_resty.max_body_size",
                            "Largest request body accepted; larger ones get 413.", nullptr,
                            &gucs.max_body_size, 10 * 1024 * 1024, 0, INT_MAX, PGC_SUSET,
                            GUC_UNIT_BYTE, nullptr, nullptr, nullptr);
}

// Limits that protect the workers from slow, stalled and overeager clients.
void define_limit_gucs() {
    DefineCustomIntVariable(
        "pg_resty.client_timeout",
        "Seconds a client may stay silent, or take to send one whole request, before it is "
        "disconnected.",
        nullptr, &gucs.client_timeout, 30, 1, 3600, PGC_SUSET, GUC_UNIT_S, nullptr, nullptr,
        nullptr);
    DefineCustomIntVariable("pg_resty.rate_limit",
                            "Requests per second each client address may make, shared by all "
                            "HTTP workers; 0: no limit. More get 429.",
                            nullptr, &gucs.rate_limit, 0, 0, 1000000, PGC_SUSET, 0, nullptr,
                            nullptr, nullptr);
    DefineCustomIntVariable("pg_resty.rate_limit_burst",
                            "Requests a client address may make at once after a quiet spell; 0: "
                            "pg_resty.rate_limit.",
                            nullptr, &gucs.rate_limit_burst, 0, 0, 1000000, PGC_SUSET, 0, nullptr,
                            nullptr, nullptr);
}

// pg_resty.amqp_url is checked when set, so a typo is refused (and a reload keeps the old
// value) instead of surfacing later as a connection failure.
bool check_amqp_url(char** newval, void**, GucSource) {
    char problem[256] = "";
    {
        try {
            if (*newval != nullptr && **newval != '\0') {
                (void)parse_amqp_url(*newval);
            }
        } catch (const std::exception& error) {
            snprintf(problem, sizeof problem, "%s", error.what());
        }
    }
    if (problem[0] == '\0') {
        return true;
    }
    GUC_check_errdetail("%s", problem);
    return false;
}

// The prefix is compared with the decoded request path, so it must itself be a plain path.
bool check_path_prefix(char** newval, void**, GucSource) {
    const char* value = *newval;
    if (value == nullptr || *value == '\0') {
        return true;
    }
    if (*value != '/') {
        GUC_check_errdetail("The prefix must start with \"/\", like \"/rest\".");
        return false;
    }
    for (const char* p = value; *p != '\0'; ++p) {
        const unsigned char c = static_cast<unsigned char>(*p);
        if (c <= ' ' || c == 0x7f || c == '?' || c == '#' || c == '%') {
            GUC_check_errdetail(
                "The prefix must be a plain path: no spaces, \"?\", \"#\" or \"%%\".");
            return false;
        }
    }
    return true;
}

// Without the trailing slashes: "/rest/" and "/rest" are the same prefix, "/" is the root.
std::string normalised_prefix(const char* value) {
    std::string prefix = text_or_empty(value);
    while (!prefix.empty() && prefix.back() == '/') {
        prefix.pop_back();
    }
    return prefix;
}

// A malformed proxy URI is refused when set (PostgREST refuses it at startup).
bool check_openapi_server_proxy_uri(char** newval, void**, GucSource) {
    bool valid = false;
    try {
        valid = *newval == nullptr || **newval == '\0' || parse_proxy_uri(*newval).has_value();
    } catch (...) {
        valid = false;
    }
    if (!valid) {
        GUC_check_errdetail(
            "Malformed proxy uri, a correct example: "
            "https://example.com:8443/basePath");
    }
    return valid;
}

// PostgREST's spellings of openapi-mode, in OpenApiMode's order.
const config_enum_entry kOpenApiModes[] = {
    {"follow-privileges", static_cast<int>(OpenApiMode::FollowPrivileges), false},
    {"ignore-privileges", static_cast<int>(OpenApiMode::IgnorePrivileges), false},
    {"disabled", static_cast<int>(OpenApiMode::Disabled), false},
    {nullptr, 0, false},
};

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
        "pg_resty.pre_request",
        "Function called in each request's transaction before its main statement (schema."
        "name); empty: none.",
        nullptr, &gucs.pre_request, "", PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
    define_auth_gucs();
    define_limit_gucs();
    DefineCustomEnumVariable(
        "pg_resty.openapi_mode",
        "What GET / describes: follow-privileges (what the role may reach), ignore-privileges "
        "(everything exposed) or disabled (an empty answer).",
        nullptr, &gucs.openapi_mode, static_cast<int>(OpenApiMode::FollowPrivileges), kOpenApiModes,
        PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable(
        "pg_resty.openapi_server_proxy_uri",
        "URI the OpenAPI document names as the API's address (behind a proxy); empty: the "
        "listening address.",
        nullptr, &gucs.openapi_server_proxy_uri, "", PGC_SIGHUP, 0, check_openapi_server_proxy_uri,
        nullptr, nullptr);
    DefineCustomStringVariable(
        "pg_resty.hooks",
        "Lua file with on_init, on_rest_request and before_rest_response hooks; empty: none.",
        nullptr, &gucs.hooks, "", PGC_SIGHUP, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable(
        "pg_resty.path_prefix",
        "Path below which the API is served, e.g. /rest; empty: at the root.", nullptr,
        &gucs.path_prefix, "", PGC_SIGHUP, 0, check_path_prefix, nullptr, nullptr);
    DefineCustomBoolVariable(
        "pg_resty.legacy_gucs",
        "Also set request.jwt.claim.*, request.header.* and request.cookie.* (PostgREST < 9).",
        nullptr, &gucs.legacy_gucs, false, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable(
        "pg_resty.amqp_url",
        "RabbitMQ the AMQP worker publishes events to: amqp://user:password@host:port/vhost; "
        "empty: events wait in pg_resty.outbox.",
        nullptr, &gucs.amqp_url, "", PGC_SIGHUP, GUC_SUPERUSER_ONLY, check_amqp_url, nullptr,
        nullptr);
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
    DefineCustomIntVariable(
        "pg_resty.max_connections_per_worker",
        "Client connections one HTTP worker serves at once; more wait to be accepted.", nullptr,
        &gucs.max_connections_per_worker, 1000, 1, 100000, PGC_POSTMASTER, 0, nullptr, nullptr,
        nullptr);
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
    settings.pre_request = text_or_empty(gucs.pre_request);
    if (gucs.listen_addresses != nullptr) {
        settings.listen_addresses = gucs.listen_addresses;
    }
    settings.port = gucs.port;
    settings.jwt_secret = text_or_empty(gucs.jwt_secret);
    settings.jwt_secret_is_base64 = gucs.jwt_secret_is_base64;
    settings.jwt_aud = text_or_empty(gucs.jwt_aud);
    settings.jwt_role_claim_key = text_or_empty(gucs.jwt_role_claim_key);
    settings.cors_allowed_origins = split_list(text_or_empty(gucs.cors_allowed_origins), ',');
    settings.max_body_size = gucs.max_body_size;
    settings.hooks = text_or_empty(gucs.hooks);
    settings.path_prefix = normalised_prefix(gucs.path_prefix);
    settings.legacy_gucs = gucs.legacy_gucs;
    settings.client_timeout = gucs.client_timeout;
    settings.max_connections_per_worker = gucs.max_connections_per_worker;
    settings.rate_limit = gucs.rate_limit;
    settings.rate_limit_burst = gucs.rate_limit_burst;
    settings.openapi_mode = static_cast<OpenApiMode>(gucs.openapi_mode);
    settings.openapi_server_proxy_uri = text_or_empty(gucs.openapi_server_proxy_uri);
    return settings;
}

}  // namespace pg_resty
