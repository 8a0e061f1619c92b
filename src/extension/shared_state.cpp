#include "extension/shared_state.hpp"

#include "db/pg_headers.hpp"

#include "db/pg_guard.hpp"
#include "http/token_buckets.hpp"

extern "C" {
#include "port/atomics.h"
}

namespace pg_resty {

namespace {

constexpr uint32 kNoWorker = UINT32_MAX;

// The AMQP worker's status. The counters and texts change together, under `mutex` (held for
// a copy of a few hundred bytes at most, like the walreceiver's conninfo).
struct AmqpShared {
    pg_atomic_uint32 worker_procno;  // PGPROC number whose latch commits set, or kNoWorker
    slock_t mutex;
    int worker_pid;
    bool connected;
    uint64 published;
    TimestampTz last_error_at;
    TimestampTz last_publish_at;
    char broker[256];
    char last_error[512];
};

// pg_resty.rate_limit's buckets, one table for all HTTP workers. A spinlock suffices: a
// request holds it for one probe of at most eight slots, no allocation, no call out.
constexpr size_t kRateBuckets = 8192;

struct RateShared {
    slock_t mutex;
    TokenBucket buckets[kRateBuckets];
};

struct SharedState {
    pg_atomic_uint64 schema_generation;
    AmqpShared amqp;
    RateShared rate;
};

SharedState* shared_state = nullptr;
shmem_request_hook_type previous_request_hook = nullptr;
shmem_startup_hook_type previous_startup_hook = nullptr;

void request_shmem() {
    if (previous_request_hook) {
        previous_request_hook();
    }
    RequestAddinShmemSpace(MAXALIGN(sizeof(SharedState)));
}

void startup_shmem() {
    if (previous_startup_hook) {
        previous_startup_hook();
    }
    bool found = false;
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    shared_state =
        static_cast<SharedState*>(ShmemInitStruct("pg_resty", sizeof(SharedState), &found));
    if (!found) {
        memset(shared_state, 0, sizeof(SharedState));
        pg_atomic_init_u64(&shared_state->schema_generation, 1);
        pg_atomic_init_u32(&shared_state->amqp.worker_procno, kNoWorker);
        SpinLockInit(&shared_state->amqp.mutex);
        SpinLockInit(&shared_state->rate.mutex);
    }
    LWLockRelease(AddinShmemInitLock);
}

// Truncates on a UTF-8 character boundary, so the view never shows half a character.
void copy_text(char* out, size_t size, const std::string& text) {
    size_t length = text.size() < size - 1 ? text.size() : size - 1;
    while (length < text.size() && length > 0 &&
           (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) {
        --length;
    }
    memcpy(out, text.data(), length);
    out[length] = '\0';
}

void detach_amqp_worker(int, Datum) {
    AmqpShared* amqp = &shared_state->amqp;
    pg_atomic_write_u32(&amqp->worker_procno, kNoWorker);
    SpinLockAcquire(&amqp->mutex);
    amqp->worker_pid = 0;
    amqp->connected = false;
    SpinLockRelease(&amqp->mutex);
}

}  // namespace

void install_shared_state_hooks() {
    previous_request_hook = shmem_request_hook;
    shmem_request_hook = request_shmem;
    previous_startup_hook = shmem_startup_hook;
    shmem_startup_hook = startup_shmem;
}

bool shared_state_available() {
    return shared_state != nullptr;
}

uint64_t schema_generation() {
    return shared_state ? pg_atomic_read_u64(&shared_state->schema_generation) : 0;
}

void bump_schema_generation() {
    if (shared_state) {
        pg_atomic_fetch_add_u64(&shared_state->schema_generation, 1);
    }
}

double rate_limit_wait(const AddressKey& key, double per_second, double burst) {
    if (!shared_state || !(per_second > 0)) {
        return 0;
    }
    const int64_t now = GetCurrentTimestamp();
    RateShared* rate = &shared_state->rate;
    SpinLockAcquire(&rate->mutex);
    const double wait =
        take_token(rate->buckets, kRateBuckets, key, now, RateLimit{per_second, burst});
    SpinLockRelease(&rate->mutex);
    return wait;
}

void amqp_worker_attach() {
    if (!shared_state) {
        return;
    }
    AmqpShared* amqp = &shared_state->amqp;
    pg_call([&] { before_shmem_exit(detach_amqp_worker, 0); });
    SpinLockAcquire(&amqp->mutex);
    amqp->worker_pid = MyProcPid;
    amqp->connected = false;
    SpinLockRelease(&amqp->mutex);
    pg_atomic_write_u32(&amqp->worker_procno, static_cast<uint32>(MyProc->pgprocno));
}

void wake_amqp_worker() {
    if (!shared_state) {
        return;
    }
    const uint32 procno = pg_atomic_read_u32(&shared_state->amqp.worker_procno);
    if (procno != kNoWorker) {
        // If the worker just exited and its PGPROC went to another backend, that backend
        // wakes up once for nothing: latches allow spurious wake-ups.
        SetLatch(&GetPGProcByNumber(procno)->procLatch);
    }
}

void amqp_status_set_connected(bool connected, const std::string& broker) {
    if (!shared_state) {
        return;
    }
    AmqpShared* amqp = &shared_state->amqp;
    char text[sizeof amqp->broker];
    copy_text(text, sizeof text, broker);
    SpinLockAcquire(&amqp->mutex);
    amqp->connected = connected;
    memcpy(amqp->broker, text, sizeof text);
    SpinLockRelease(&amqp->mutex);
}

void amqp_status_count_published(uint64_t count) {
    if (!shared_state) {
        return;
    }
    const TimestampTz now = GetCurrentTimestamp();
    AmqpShared* amqp = &shared_state->amqp;
    SpinLockAcquire(&amqp->mutex);
    amqp->published += count;
    amqp->last_publish_at = now;
    SpinLockRelease(&amqp->mutex);
}

void amqp_status_set_error(const std::string& error) {
    if (!shared_state) {
        return;
    }
    const TimestampTz now = GetCurrentTimestamp();
    AmqpShared* amqp = &shared_state->amqp;
    char text[sizeof amqp->last_error];
    copy_text(text, sizeof text, error);
    SpinLockAcquire(&amqp->mutex);
    memcpy(amqp->last_error, text, sizeof text);
    amqp->last_error_at = now;
    SpinLockRelease(&amqp->mutex);
}

AmqpStatusSnapshot amqp_status() {
    AmqpStatusSnapshot snapshot;
    if (!shared_state) {
        return snapshot;
    }
    AmqpShared* amqp = &shared_state->amqp;
    char broker[sizeof amqp->broker];
    char last_error[sizeof amqp->last_error];
    SpinLockAcquire(&amqp->mutex);
    snapshot.worker_pid = amqp->worker_pid;
    snapshot.connected = amqp->connected;
    snapshot.published = amqp->published;
    snapshot.last_error_at = amqp->last_error_at;
    snapshot.last_publish_at = amqp->last_publish_at;
    memcpy(broker, amqp->broker, sizeof broker);
    memcpy(last_error, amqp->last_error, sizeof last_error);
    SpinLockRelease(&amqp->mutex);
    snapshot.broker = broker;
    snapshot.last_error = last_error;
    return snapshot;
}

}  // namespace pg_resty
