// The AMQP worker: a background worker that drains pg_resty.outbox to RabbitMQ with publisher
// confirms, deleting events only once the broker confirmed them (DESIGN.md, events).
#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "db/pg_headers.hpp"

#include "amqp/amqp_connection.hpp"
#include "db/outbox_store.hpp"
#include "db/pg_guard.hpp"
#include "db/pg_log.hpp"
#include "events/amqp_url.hpp"
#include "events/confirm_tracker.hpp"
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
// One read of the outbox: at most this many events and about this much payload.
constexpr size_t kBatchEvents = 1000;
constexpr size_t kBatchBytes = size_t{16} * 1024 * 1024;
// Events published and not yet confirmed: the broker confirms persistent messages after its
// own disk writes, so batches overlap instead of waiting for each other.
constexpr size_t kWindowEvents = 5000;
// While batches overlap, the worker reads only events newer than the last one it sent; at
// least this often it lets the window empty and reads from the oldest event again, which
// picks up events of transactions that committed after newer ones were sent.
constexpr milliseconds kRescanEvery{1000};
constexpr milliseconds kConnectTimeout{5000};
constexpr milliseconds kConfirmTimeout{30000};
constexpr milliseconds kConfirmCheck{200};
// On SIGTERM, how long the worker waits for the confirms of what it has in flight, so that a
// restart sends fewer events twice.
constexpr milliseconds kStopGrace{2000};
constexpr milliseconds kFirstRetry{1000};
constexpr milliseconds kMaxRetry{10000};
constexpr std::chrono::seconds kRepeatLogAfter{60};

std::string seconds_text(milliseconds delay) {
    const long long ms = delay.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

class AmqpWorker {
  public:
    void run();

  private:
    void rebuild_waits();
    void apply_url();
    void reload_configuration();
    void connect_if_due();
    // Forgets the connection and what it had in flight (those events stay in the outbox and
    // go out again after the reconnection); `failure` is logged and shown.
    void drop_connection(const std::string& failure);
    void retry_later(const std::string& failure, bool connection_level);
    // Deletes the confirmed events from the outbox.
    void flush_confirmed();
    // One step of publishing: read confirms, delete confirmed events, send the next batch.
    // True when there is more to do right away.
    bool pump();
    bool send_next_batch();
    long wait_timeout(bool busy) const;
    // Before exiting: collects the confirms still coming for a moment and deletes what they
    // confirm.
    void finish_in_flight();

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
    bool blocked_logged_ = false;

    ConfirmTracker in_flight_;
    std::vector<int64_t> confirmed_;  // confirmed by the broker, not yet deleted
    int64_t last_sent_id_ = 0;
    Clock::time_point last_confirm_{};  // last confirm, or first send into an empty window
    Clock::time_point rescan_due_{};
    bool draining_ = false;  // waiting for the window to empty before reading from the start
    std::vector<AmqpConfirm> confirms_;
    std::vector<int64_t> nacked_;
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
    if (connection_) {
        flush_confirmed();
        in_flight_.clear();
        connection_.reset();
    }
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
    flush_confirmed();
    in_flight_.clear();
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
    in_flight_.clear();
    draining_ = false;
    blocked_logged_ = false;
    rebuild_waits();
    amqp_status_set_connected(true, url_->display());
    if (announce_connect_) {
        log_message("amqp worker: connected to " + url_->display());
        announce_connect_ = false;
    }
}

void AmqpWorker::flush_confirmed() {
    if (confirmed_.empty()) {
        return;
    }
    try {
        outbox_.remove(confirmed_);
    } catch (const PgError& error) {
        // They stay in the outbox and go out again: a duplicate, never a loss.
        log_warning("amqp worker: cannot delete confirmed events: " + error.message);
    }
    amqp_status_count_published(confirmed_.size());
    confirmed_.clear();
}

bool AmqpWorker::send_next_batch() {
    // An empty window: nothing can be sent twice, so read from the oldest event.
    const bool from_start = in_flight_.empty();
    if (from_start) {
        flush_confirmed();
        draining_ = false;
        rescan_due_ = Clock::now() + kRescanEvery;
    }
    const size_t room = kWindowEvents - in_flight_.in_flight();
    std::optional<std::vector<OutboxEvent>> batch;
    try {
        batch = outbox_.read_batch(std::min(room, kBatchEvents), kBatchBytes,
                                   from_start ? 0 : last_sent_id_);
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
    if (in_flight_.empty()) {
        last_confirm_ = Clock::now();
    }
    connection_->cork(true);
    for (const OutboxEvent& event : *batch) {
        try {
            in_flight_.sent(connection_->send(event), event.id);
        } catch (const AmqpError& error) {
            drop_connection("publishing event " + std::to_string(event.id) + " to " +
                            url_->display() + " failed: " + error.what());
            return false;
        }
        last_sent_id_ = event.id;
        if (ProcDiePending) {
            break;
        }
    }
    connection_->cork(false);
    return !ProcDiePending;
}

bool AmqpWorker::pump() {
    confirms_.clear();
    try {
        connection_->read_available(confirms_);
    } catch (const AmqpError& error) {
        // Confirms read before the failure still count.
        for (const AmqpConfirm& confirm : confirms_) {
            in_flight_.resolve(confirm.delivery_tag, confirm.multiple, confirm.ack, confirmed_,
                               nacked_);
        }
        nacked_.clear();
        std::string failure = "connection to " + url_->display() + " lost: " + error.what();
        if (!in_flight_.empty()) {
            failure = "publishing event " + std::to_string(in_flight_.oldest_id());
            if (in_flight_.in_flight() > 1) {
                failure += " (and " + std::to_string(in_flight_.in_flight() - 1) + " more)";
            }
            failure += " to " + url_->display() + " failed: " + error.what();
        }
        drop_connection(failure);
        return false;
    }
    if (!confirms_.empty()) {
        const size_t before = nacked_.size();
        for (const AmqpConfirm& confirm : confirms_) {
            in_flight_.resolve(confirm.delivery_tag, confirm.multiple, confirm.ack, confirmed_,
                               nacked_);
        }
        last_confirm_ = Clock::now();
        if (nacked_.size() > before) {
            // They stay in the outbox; the next read from the start sends them again.
            retry_later("the broker refused " + std::to_string(nacked_.size() - before) +
                            " events (basic.nack); they stay in the outbox",
                        false);
        }
        nacked_.clear();
    }
    if (confirmed_.size() >= kBatchEvents || (in_flight_.empty() && !confirmed_.empty())) {
        flush_confirmed();
    }
    if (!in_flight_.empty() && Clock::now() - last_confirm_ > kConfirmTimeout) {
        drop_connection("no publisher confirm from " + url_->display() + " for " +
                        seconds_text(kConfirmTimeout) + " (" +
                        std::to_string(in_flight_.in_flight()) + " events unconfirmed)");
        return false;
    }
    if (connection_->blocked()) {
        if (!blocked_logged_) {
            log_message("amqp worker: the broker blocks publishing: " +
                        connection_->blocked_reason() + "; waiting until it lifts the block");
            amqp_status_set_error("the broker blocks publishing: " + connection_->blocked_reason());
            blocked_logged_ = true;
        }
        return false;
    }
    blocked_logged_ = false;
    if (in_flight_.in_flight() >= kWindowEvents) {
        return false;  // the socket wakes the worker when confirms arrive
    }
    if (!in_flight_.empty() && (draining_ || Clock::now() >= rescan_due_)) {
        draining_ = true;
        return false;
    }
    if (Clock::now() < retry_at_) {
        return false;  // backing off after a refusal (nack, database error)
    }
    const bool sent = send_next_batch();
    if (sent) {
        retry_delay_.reset();
        failures_.clear();
    }
    return sent;
}

long AmqpWorker::wait_timeout(bool busy) const {
    if (busy) {
        return 0;
    }
    milliseconds timeout = kSweep;
    if (url_ && !connection_) {
        timeout =
            std::min(timeout, std::chrono::duration_cast<milliseconds>(retry_at_ - Clock::now()));
    }
    if (connection_ && !in_flight_.empty()) {
        timeout = std::min(timeout, kConfirmCheck);
    }
    if (connection_ && Clock::now() < retry_at_) {
        timeout =
            std::min(timeout, std::chrono::duration_cast<milliseconds>(retry_at_ - Clock::now()));
    }
    return std::max(0L, static_cast<long>(timeout.count()));
}

void AmqpWorker::finish_in_flight() {
    const Clock::time_point deadline = Clock::now() + kStopGrace;
    while (connection_ && !in_flight_.empty() && Clock::now() < deadline) {
        confirms_.clear();
        try {
            connection_->read_available(confirms_);
        } catch (const AmqpError&) {
            break;
        }
        for (const AmqpConfirm& confirm : confirms_) {
            in_flight_.resolve(confirm.delivery_tag, confirm.multiple, confirm.ack, confirmed_,
                               nacked_);
        }
        if (confirms_.empty()) {
            std::this_thread::sleep_for(milliseconds(5));
        }
    }
    // The termination request must not cut the last DELETE short.
    pg_call([] { HOLD_INTERRUPTS(); });
    flush_confirmed();
    pg_call([] { RESUME_INTERRUPTS(); });
}

void AmqpWorker::run() {
    amqp_worker_attach();
    // Losing the commit of a DELETE in a crash only re-sends confirmed events (at least once
    // either way), so the worker does not wait for its own WAL flushes.
    pg_call([] { SetConfigOption("synchronous_commit", "off", PGC_SUSET, PGC_S_OVERRIDE); });
    apply_url();

    bool busy = false;
    WaitEvent events[4];
    for (;;) {
        const int count = waits_->wait(wait_timeout(busy), events, 4);
        for (int i = 0; i < count; ++i) {
            if (events[i].events & WL_LATCH_SET) {
                pg_call([] { ResetLatch(MyLatch); });
            }
            // A readable socket needs nothing here: pump() reads whatever arrived.
        }
        if (ProcDiePending) {
            // SIGTERM: what stays unconfirmed goes out again after the restart; close the
            // connection (destructors) and exit.
            finish_in_flight();
            return;
        }
        if (ConfigReloadPending) {
            reload_configuration();
        }
        pg_call([] { CHECK_FOR_INTERRUPTS(); });
        busy = false;
        if (!url_) {
            continue;
        }
        if (!connection_) {
            connect_if_due();
        }
        if (connection_) {
            busy = pump();
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
