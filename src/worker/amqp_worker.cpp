// The AMQP worker: a background worker that drains pg_resty.outbox to RabbitMQ with publisher
// confirms, deleting events only once the broker confirmed them (DESIGN.md, events).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "db/pg_headers.hpp"

#include "amqp/amqp_connection.hpp"
#include "db/outbox_store.hpp"
#include "db/pg_guard.hpp"
#include "db/pg_log.hpp"
#include "events/amqp_url.hpp"
#include "events/retry.hpp"
#include "extension/gucs.hpp"
#include "extension/log_filter.hpp"
#include "extension/shared_state.hpp"
#include "worker/amqp_worker.hpp"
#include "worker/wait_set.hpp"

extern "C" {
PGDLLEXPORT void pg_resty_amqp_worker_main(Datum main_arg);
}

namespace pg_resty {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Commits wake the worker through its latch; this sweep catches anything that did not
// (COMMIT PREPARED, rows inserted by hand, a wake-up while the worker was restarting).
constexpr milliseconds kSweep{1000};
constexpr size_t kBatchEvents = 1000;
constexpr size_t kBatchBytes = size_t{16} * 1024 * 1024;
constexpr milliseconds kConnectTimeout{5000};
constexpr milliseconds kConfirmTimeout{30000};
constexpr milliseconds kFirstRetry{1000};
constexpr milliseconds kMaxRetry{10000};
constexpr std::chrono::seconds kRepeatLogAfter{60};

bool stop_requested() {
    return ProcDiePending != 0;
}

std::string seconds_text(milliseconds delay) {
    const long long ms = delay.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

std::string id_range(const std::vector<OutboxEvent>& events) {
    if (events.size() == 1) {
        return "event " + std::to_string(events.front().id);
    }
    return "events " + std::to_string(events.front().id) + ".." +
           std::to_string(events.back().id);
}

class AmqpWorker {
  public:
    void run();

  private:
    void rebuild_waits();
    void apply_url();
    void reload_configuration();
    void connect_if_due();
    void drop_connection(const std::string& failure);
    void retry_later(const std::string& failure, bool connection_level);
    // Publishes one batch; true when more events may be waiting.
    bool publish_batch();

    std::optional<std::string> applied_url_;  // pg_resty.amqp_url as last applied
    std::optional<AmqpUrl> url_;
    std::unique_ptr<AmqpConnection> connection_;
    std::unique_ptr<WaitSet> waits_;
    OutboxStore outbox_;
    RetryDelay retry_delay_{kFirstRetry, kMaxRetry};
    FailureLog failures_{kRepeatLogAfter};
    Clock::time_point retry_at_{};
    bool announce_connect_ = true;
    bool outbox_missing_logged_ = false;
};

void AmqpWorker::rebuild_waits() {
    waits_.reset();
    waits_ = std::make_unique<WaitSet>(3);
    waits_->add_latch();
    if (connection_) {
        waits_->add_socket(connection_->socket_fd(), nullptr);
    }
}

void AmqpWorker::apply_url() {
    const std::string text = gucs.amqp_url ? gucs.amqp_url : "";
    if (applied_url_ && *applied_url_ == text) {
        return;
    }
    applied_url_ = text;
    connection_.reset();
    url_.reset();
    retry_delay_.reset();
    failures_.clear();
    retry_at_ = Clock::now();
    announce_connect_ = true;
    if (text.empty()) {
        amqp_status_set_connected(false, "");
        log_message("amqp worker: pg_resty.amqp_url is empty; events wait in pg_resty.outbox");
    } else {
        try {
            url_ = parse_amqp_url(text);
            amqp_status_set_connected(false, url_->display());
        } catch (const AmqpUrlError& error) {
            // The setting's check hook refuses such values; only reached if that changes.
            amqp_status_set_connected(false, "");
            log_warning(std::string("amqp worker: invalid pg_resty.amqp_url: ") + error.what());
        }
    }
    rebuild_waits();
}

void AmqpWorker::reload_configuration() {
    pg_call([] {
        ConfigReloadPending = false;
        ProcessConfigFile(PGC_SIGHUP);
    });
    apply_url();
}

void AmqpWorker::retry_later(const std::string& failure, bool connection_level) {
    const milliseconds delay = retry_delay_.next();
    retry_at_ = Clock::now() + delay;
    amqp_status_set_error(failure);
    int repeats = 0;
    if (failures_.should_log(failure, Clock::now(), repeats)) {
        std::string line = "amqp worker: " + failure + "; retrying in " + seconds_text(delay);
        if (repeats > 0) {
            line += " (failed the same way " + std::to_string(repeats) +
                    " more times since the last report)";
        }
        log_message(line);
        if (connection_level) {
            announce_connect_ = true;
        }
    }
}

void AmqpWorker::drop_connection(const std::string& failure) {
    connection_.reset();
    rebuild_waits();
    amqp_status_set_connected(false, url_->display());
    retry_later(failure, true);
}

void AmqpWorker::connect_if_due() {
    if (Clock::now() < retry_at_) {
        return;
    }
    try {
        connection_ = std::make_unique<AmqpConnection>(*url_, kConnectTimeout);
    } catch (const AmqpError& error) {
        retry_later("cannot connect to " + url_->display() + ": " + error.what(), true);
        return;
    }
    rebuild_waits();
    amqp_status_set_connected(true, url_->display());
    if (announce_connect_) {
        log_message("amqp worker: connected to " + url_->display());
        announce_connect_ = false;
    }
}

bool AmqpWorker::publish_batch() {
    std::optional<std::vector<OutboxEvent>> batch;
    try {
        batch = outbox_.read_batch(kBatchEvents, kBatchBytes);
    } catch (const PgError& error) {
        retry_later("cannot read pg_resty.outbox: " + error.message, false);
        return false;
    }
    if (!batch) {
        if (!outbox_missing_logged_) {
            log_message(std::string("amqp worker: pg_resty is not installed in database \"") +
                        gucs.database + "\"; its events are published once it is");
            outbox_missing_logged_ = true;
        }
        return false;
    }
    outbox_missing_logged_ = false;
    if (batch->empty()) {
        return false;
    }

    std::vector<int64_t> confirmed;
    confirmed.reserve(batch->size());
    size_t nacked = 0;
    bool complete = false;
    std::optional<std::string> failure;
    try {
        complete = connection_->publish(*batch, confirmed, nacked, kConfirmTimeout,
                                        stop_requested);
    } catch (const AmqpError& error) {
        failure = "publishing " + id_range(*batch) + " to " + url_->display() +
                  " failed: " + error.what();
    }
    if (!confirmed.empty()) {
        try {
            outbox_.remove(confirmed);
        } catch (const PgError& error) {
            // They stay in the outbox and go out again: a duplicate, never a loss.
            log_warning("amqp worker: cannot delete confirmed events: " + error.message);
        }
        amqp_status_count_published(confirmed.size());
    }
    if (failure) {
        drop_connection(*failure);
        return false;
    }
    if (!complete) {
        return false;  // stopping; what was not confirmed is sent again after the restart
    }
    if (nacked > 0) {
        retry_later("the broker refused " + std::to_string(nacked) + " of " +
                        id_range(*batch) + " (basic.nack); they stay in the outbox",
                    false);
        return false;
    }
    retry_delay_.reset();
    failures_.clear();
    return true;
}

void AmqpWorker::run() {
    amqp_worker_attach();
    // Losing the commit of a DELETE in a crash only re-sends confirmed events (at least once
    // either way), so the worker does not wait for its own WAL flushes.
    pg_call([] { SetConfigOption("synchronous_commit", "off", PGC_SUSET, PGC_S_OVERRIDE); });
    apply_url();

    bool more = false;
    WaitEvent events[4];
    for (;;) {
        long timeout = more ? 0 : static_cast<long>(kSweep.count());
        if (url_ && !connection_) {
            const auto wait = std::chrono::duration_cast<milliseconds>(retry_at_ - Clock::now());
            timeout = std::max(0L, std::min(timeout, static_cast<long>(wait.count())));
        }
        const int count = waits_->wait(timeout, events, 4);
        for (int i = 0; i < count; ++i) {
            if (events[i].events & WL_LATCH_SET) {
                pg_call([] { ResetLatch(MyLatch); });
            }
            if ((events[i].events & WL_SOCKET_READABLE) && connection_) {
                try {
                    connection_->poll();
                } catch (const AmqpError& error) {
                    drop_connection("connection to " + url_->display() + " lost: " +
                                    error.what());
                    break;  // the wait set's events refer to the old one
                }
            }
        }
        if (ProcDiePending) {
            return;  // SIGTERM: close the connection (destructors) and exit cleanly
        }
        if (ConfigReloadPending) {
            reload_configuration();
        }
        pg_call([] { CHECK_FOR_INTERRUPTS(); });
        more = false;
        if (!url_) {
            continue;
        }
        if (!connection_) {
            connect_if_due();
        }
        if (connection_) {
            more = publish_batch();
        }
    }
}

}  // namespace

void register_amqp_worker() {
    BackgroundWorker worker{};
    worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
    worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
    worker.bgw_restart_time = 5;
    snprintf(worker.bgw_library_name, BGW_MAXLEN, "pg_resty");
    snprintf(worker.bgw_function_name, BGW_MAXLEN, "pg_resty_amqp_worker_main");
    snprintf(worker.bgw_name, BGW_MAXLEN, "pg_resty amqp worker");
    snprintf(worker.bgw_type, BGW_MAXLEN, "pg_resty amqp worker");
    worker.bgw_main_arg = Int32GetDatum(0);
    worker.bgw_notify_pid = 0;
    RegisterBackgroundWorker(&worker);
}

}  // namespace pg_resty

void pg_resty_amqp_worker_main(Datum) {
    pqsignal(SIGHUP, SignalHandlerForConfigReload);
    pqsignal(SIGTERM, die);
    BackgroundWorkerUnblockSignals();

    // The worker logs in as the bootstrap superuser (NULL user), not as the authenticator:
    // the outbox belongs to the extension and no role is granted it, and this worker runs no
    // user request or user SQL: it only reads and deletes pg_resty.outbox. A failed login
    // (missing database) is reported by the first HTTP worker, so this one stays quiet.
    pg_resty::set_connecting(true, false);
    BackgroundWorkerInitializeConnection(pg_resty::gucs.database, nullptr, 0);
    pg_resty::set_connecting(false, false);
    pgstat_report_appname("pg_resty amqp worker");

    bool failed = false;
    char message[512] = "";
    {
        try {
            pg_resty::AmqpWorker worker;
            worker.run();
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
        ereport(FATAL, (errmsg("pg_resty amqp worker stopped: %s", message)));
    }
    // Exit code 1 also after SIGTERM, so that pg_terminate_backend() restarts it.
    proc_exit(1);
}
