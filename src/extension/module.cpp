// Library entry: PostgreSQL loads pg_resty and calls _PG_init, in the postmaster when
// preloaded (settings, shared memory, listening sockets, workers) or in a backend otherwise
// (settings only, so the SQL functions work and say what is missing).
#include <string>
#include <vector>

#include "db/pg_headers.hpp"

#include "extension/gucs.hpp"
#include "extension/log_filter.hpp"
#include "extension/module_state.hpp"
#include "extension/shared_state.hpp"
#include "worker/amqp_worker.hpp"
#include "worker/http_worker.hpp"
#include "worker/listen_sockets.hpp"

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

namespace pg_resty {

namespace {

bool preloaded = false;

// Lives as long as the postmaster: the workers it forks inherit the descriptors.
ListenSockets listen_sockets;

void register_http_workers(int count) {
    // Leave room for the AMQP worker and PostgreSQL's own workers (parallel query, logical
    // replication).
    const int room = max_worker_processes - 3;
    if (count > room) {
        ereport(
            WARNING,
            (errmsg("pg_resty: starting %d HTTP workers instead of %d", room < 1 ? 1 : room, count),
             errhint("Raise max_worker_processes (now %d) to run more.", max_worker_processes)));
        count = room < 1 ? 1 : room;
    }
    for (int i = 0; i < count; ++i) {
        BackgroundWorker worker{};
        worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
        worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
        worker.bgw_restart_time = 5;
        snprintf(worker.bgw_library_name, BGW_MAXLEN, "pg_resty");
        snprintf(worker.bgw_function_name, BGW_MAXLEN, "pg_resty_http_worker_main");
        snprintf(worker.bgw_name, BGW_MAXLEN, "pg_resty http worker %d", i + 1);
        snprintf(worker.bgw_type, BGW_MAXLEN, "pg_resty http worker");
        worker.bgw_main_arg = Int32GetDatum(i);
        worker.bgw_notify_pid = 0;
        RegisterBackgroundWorker(&worker);
    }
}

void open_listen_sockets() {
    std::vector<std::string> errors;
    try {
        listen_sockets.open(gucs.listen_addresses ? gucs.listen_addresses : "", gucs.port, errors);
    } catch (const std::exception& error) {
        errors.push_back(error.what());
    }
    for (const std::string& error : errors) {
        ereport(WARNING, (errmsg("pg_resty: %s", error.c_str())));
    }
}

}  // namespace

bool loaded_at_preload() {
    return preloaded;
}

const std::vector<int>& http_listen_fds() {
    return listen_sockets.fds();
}

}  // namespace pg_resty

void _PG_init(void) {
    pg_resty::define_gucs(process_shared_preload_libraries_in_progress);
    if (!process_shared_preload_libraries_in_progress) {
        return;
    }
    pg_resty::preloaded = true;
    pg_resty::install_shared_state_hooks();
    pg_resty::install_log_filter();
    // The outbox drains whatever happens to the HTTP side.
    pg_resty::register_amqp_worker();
    pg_resty::open_listen_sockets();
    if (pg_resty::http_listen_fds().empty()) {
        ereport(WARNING, (errmsg("pg_resty: no HTTP listening socket, HTTP workers not started"),
                          errhint("Check pg_resty.listen_addresses and pg_resty.port.")));
        return;
    }
    pg_resty::register_http_workers(pg_resty::gucs.http_workers);
}
