#include "extension/shared_state.hpp"

#include "db/pg_headers.hpp"

extern "C" {
#include "port/atomics.h"
}

namespace pg_resty {

namespace {

struct SharedState {
    pg_atomic_uint64 schema_generation;
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
        pg_atomic_init_u64(&shared_state->schema_generation, 1);
    }
    LWLockRelease(AddinShmemInitLock);
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

}  // namespace pg_resty
