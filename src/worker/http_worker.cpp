// An HTTP worker: a background worker connected as the authenticator that serves requests
// from the shared listening sockets on its main thread (DESIGN.md, the process model).
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <vector>

#include "db/pg_headers.hpp"

#include "db/pg_database.hpp"
#include "db/pg_guard.hpp"
#include "db/pg_hook_host.hpp"
#include "db/pg_log.hpp"
#include "db/role_settings.hpp"
#include "extension/gucs.hpp"
#include "extension/shared_state.hpp"
#include "extension/log_filter.hpp"
#include "hooks/hooks.hpp"
#include "pipeline/request_pipeline.hpp"
#include "worker/http_server.hpp"
#include "worker/http_worker.hpp"
#include "worker/wait_set.hpp"
#include "worker/listen_sockets.hpp"

extern "C" {
PGDLLEXPORT void pg_resty_http_worker_main(Datum main_arg);
}

namespace pg_resty {

namespace {

constexpr long kIdleCheckMs = 1000;

int listen_tag_storage = 0;
void* const kListenTag = &listen_tag_storage;

// Takes at most one new connection per listening socket and wake-up, and only while this
// worker is waiting: a worker busy with a query is not in this loop, so new connections go
// to the idle workers instead of queueing behind it. Returns false when the process is out
// of file descriptors (or memory), so the caller stops accepting for a while.
bool accept_new_connection(HttpServer& server, int listen_fd) {
    sockaddr_storage address{};
    unsigned length = sizeof address;
    const int fd = accept_connection(listen_fd, &address, &length);
    if (fd >= 0) {
        server.add_connection(fd, reinterpret_cast<const sockaddr*>(&address), length);
        return true;
    }
    return !(errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM);
}

// The listening sockets wake this worker only while it takes new clients: below
// pg_resty.max_connections_per_worker and not out of file descriptors. A socket that stays
// readable while nobody accepts would make the loop spin; meanwhile the kernel's backlog
// keeps new connections for the other workers, or for this one once a client leaves.
class ListenGate {
  public:
    ListenGate(WaitSet& waits, const std::vector<int>& listen_fds) : waits_(waits) {
        for (int fd : listen_fds) {
            positions_.push_back(waits.add_socket(fd, kListenTag));
        }
    }

    void update(const HttpServer& server, unsigned max_connections) {
        const bool want = server.connection_count() < max_connections &&
                          std::chrono::steady_clock::now() >= paused_until_;
        if (want != open_) {
            for (int position : positions_) {
                waits_.set_socket_readable(position, want);
            }
            open_ = want;
        }
    }

    void pause() { paused_until_ = std::chrono::steady_clock::now() + std::chrono::seconds(1); }

  private:
    WaitSet& waits_;
    std::vector<int> positions_;
    bool open_ = true;
    std::chrono::steady_clock::time_point paused_until_{};
};

double admit(const Settings& settings, const AddressKey& key) {
    if (settings.rate_limit <= 0) {
        return 0;
    }
    const int burst =
        settings.rate_limit_burst > 0 ? settings.rate_limit_burst : settings.rate_limit;
    return rate_limit_wait(key, settings.rate_limit, burst);
}

void reload_configuration(Settings& settings, PgDatabase& database, HttpServer& server,
                          Hooks& hooks) {
    pg_call([] {
        ConfigReloadPending = false;
        ProcessConfigFile(PGC_SIGHUP);
    });
    try {
        reapply_role_settings();
    } catch (const std::exception& error) {
        pg_call([&] {
            ereport(WARNING, (errmsg("pg_resty: could not re-read the authenticator's settings: %s",
                                     error.what())));
        });
    }
    settings = settings_snapshot();
    server.set_max_body_bytes(static_cast<size_t>(settings.max_body_size));
    server.set_client_timeout(static_cast<unsigned>(settings.client_timeout));
    database.invalidate();
    hooks.load(settings.hooks);  // the file may have changed even if its name did not
}

void serve(int index) {
    Settings settings = settings_snapshot();
    PgDatabase database(settings, index == 0);
    PgHookHost hook_host(settings);
    Hooks hooks(hook_host);
    RequestPipeline pipeline(hooks, database, settings);
    HttpLimits limits;
    limits.max_body_bytes = static_cast<size_t>(settings.max_body_size);
    limits.client_timeout_seconds = static_cast<unsigned>(settings.client_timeout);
    limits.max_connections = static_cast<unsigned>(settings.max_connections_per_worker);
    HttpCallbacks callbacks;
    callbacks.handle = [&pipeline](Request& request) { return pipeline.handle(request); };
    callbacks.refuse = [&pipeline](Request& request, const ApiError& error) {
        return pipeline.refuse(request, error);
    };
    callbacks.admit = [&settings](const AddressKey& key) { return admit(settings, key); };
    HttpServer server(std::move(callbacks), limits);
    database.preload();
    hooks.load(settings.hooks);

    const std::vector<int>& listen_fds = http_listen_fds();
    WaitSet waits(static_cast<int>(listen_fds.size()) + 3);
    waits.add_latch();
    waits.add_socket(server.epoll_fd(), nullptr);
    ListenGate gate(waits, listen_fds);

    WaitEvent events[8];
    for (;;) {
        // Wake at least once a second to notice schema changes while idle.
        long timeout = server.timeout_ms();
        if (timeout < 0 || timeout > kIdleCheckMs) {
            timeout = kIdleCheckMs;
        }
        gate.update(server, limits.max_connections);
        const int count = waits.wait(timeout, events, 8);
        for (int i = 0; i < count; ++i) {
            if (events[i].events & WL_LATCH_SET) {
                pg_call([] { ResetLatch(MyLatch); });
            }
            if ((events[i].events & WL_SOCKET_READABLE) && events[i].user_data == kListenTag) {
                if (server.connection_count() < limits.max_connections &&
                    !accept_new_connection(server, events[i].fd)) {
                    gate.pause();
                }
            }
        }
        if (ProcDiePending) {
            return;  // SIGTERM: close every connection (destructors) and exit cleanly
        }
        if (ConfigReloadPending) {
            reload_configuration(settings, database, server, hooks);
        }
        pg_call([] {
            // A cancel (pg_cancel_backend, or a statement timeout that fired as its statement
            // ended) that arrives between requests has nothing left to cancel. As a backend
            // reading its next command ignores one, so does the worker: raised here, it
            // would end the worker.
            QueryCancelPending = false;
            CHECK_FOR_INTERRUPTS();
        });
        database.refresh_if_stale();
        server.enforce_deadlines();
        server.run();
    }
}

}  // namespace

}  // namespace pg_resty

void pg_resty_http_worker_main(Datum main_arg) {
    const int index = DatumGetInt32(main_arg);
    pqsignal(SIGHUP, SignalHandlerForConfigReload);
    pqsignal(SIGTERM, die);
    BackgroundWorkerUnblockSignals();

    pg_resty::set_connecting(true, index == 0);
    BackgroundWorkerInitializeConnection(pg_resty::gucs.database, pg_resty::gucs.authenticator, 0);
    pg_resty::set_connecting(false, false);
    pgstat_report_appname("pg_resty");

    bool failed = false;
    char message[512] = "";
    {
        try {
            pg_resty::serve(index);
        } catch (const std::exception& error) {
            failed = true;
            snprintf(message, sizeof message, "%s", error.what());
        } catch (...) {
            failed = true;
            snprintf(message, sizeof message, "unknown error");
        }
    }
    if (failed) {
        // Every C++ object is gone; the postmaster restarts the worker after bgw_restart_time.
        ereport(FATAL, (errmsg("pg_resty http worker stopped: %s", message)));
    }
    // Exit code 1 even after a clean SIGTERM: the postmaster forgets a worker that exits with
    // 0, and one stopped by pg_terminate_backend() should come back like any other.
    proc_exit(1);
}
