#pragma once

#include "config/settings.hpp"

namespace pg_resty {

// The pg_resty.* settings as PostgreSQL holds them. Read only on a worker's main thread.
struct Gucs {
    char* listen_addresses = nullptr;
    int port = 3000;
    int http_workers = 2;
    char* database = nullptr;
    char* authenticator = nullptr;
    char* anon_role = nullptr;
    char* schemas = nullptr;
    char* extra_search_path = nullptr;
    int max_rows = -1;
    char* pre_request = nullptr;
    char* jwt_secret = nullptr;
    bool jwt_secret_is_base64 = false;
    char* jwt_aud = nullptr;
    char* jwt_role_claim_key = nullptr;
    char* cors_allowed_origins = nullptr;
    int max_body_size = 10 * 1024 * 1024;
    char* hooks = nullptr;
    char* path_prefix = nullptr;
    bool legacy_gucs = false;
    int client_timeout = 30;
    int max_connections_per_worker = 1000;
    int rate_limit = 0;
    int rate_limit_burst = 0;
    char* amqp_url = nullptr;  // empty: events wait in the outbox
    int openapi_mode = 0;      // an OpenApiMode
    char* openapi_server_proxy_uri = nullptr;
};

extern Gucs gucs;

// Defines the pg_resty.* settings in _PG_init; the server-start ones only when preloading.
void define_gucs(bool preloading);

// The reloadable settings as the pure stages see them; taken at start and after each SIGHUP.
Settings settings_snapshot();

}  // namespace pg_resty
