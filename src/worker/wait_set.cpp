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

int WaitSet::add_socket(int fd, void* tag) {
    int position = -1;
    pg_call([&] { position = AddWaitEventToSet(set_, WL_SOCKET_READABLE, fd, nullptr, tag); });
    return position;
}

void WaitSet::set_socket_readable(int position, bool readable) {
    // A socket event needs some mask, and a listening socket never becomes writable: waiting
    // for that keeps it in the set, silent.
    pg_call([&] {
        ModifyWaitEvent(set_, position, readable ? WL_SOCKET_READABLE : WL_SOCKET_WRITEABLE,
                        nullptr);
    });
}

int WaitSet::wait(long timeout_ms, WaitEvent* events, int capacity) {
    int count = 0;
    pg_call(
        [&] { count = WaitEventSetWait(set_, timeout_ms, events, capacity, PG_WAIT_EXTENSION); });
    return count;
}

}  // namespace pg_resty
