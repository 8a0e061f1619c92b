#include "worker/wait_set.hpp"

#include "db/pg_guard.hpp"

namespace pg_resty {

WaitSet::WaitSet(int capacity) {
    pg_call([&] {
        set_ = CreateWaitEventSet(TopMemoryContext, capacity);
        // The worker ends by itself if the postmaster dies, without finishing requests.
        AddWaitEventToSet(set_, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, nullptr, nullptr);
    });
}

WaitSet::~WaitSet() {
    if (set_ == nullptr) {
        return;
    }
    try {
        pg_call([&] { FreeWaitEventSet(set_); });
    } catch (...) {
        // Freed with the process.
    }
}

void WaitSet::add_latch() {
    pg_call([&] { AddWaitEventToSet(set_, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, nullptr); });
}

void WaitSet::add_socket(int fd, void* tag) {
    pg_call([&] { AddWaitEventToSet(set_, WL_SOCKET_READABLE, fd, nullptr, tag); });
}

int WaitSet::wait(long timeout_ms, WaitEvent* events, int capacity) {
    int count = 0;
    pg_call(
        [&] { count = WaitEventSetWait(set_, timeout_ms, events, capacity, PG_WAIT_EXTENSION); });
    return count;
}

}  // namespace pg_resty
