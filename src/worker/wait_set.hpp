#pragma once

#include "db/pg_headers.hpp"

namespace pg_resty {

// The worker's one WaitEventSet, built once: creating one per loop costs ~20% of throughput.
class WaitSet {
  public:
    explicit WaitSet(int capacity);
    ~WaitSet();
    WaitSet(const WaitSet&) = delete;
    WaitSet& operator=(const WaitSet&) = delete;

    void add_latch();
    // Returns the event's position, for set_socket_readable.
    int add_socket(int fd, void* tag);
    // Whether the listening socket at `position` wakes the worker when readable.
    void set_socket_readable(int position, bool readable);
    // Returns the number of events written to `events`.
    int wait(long timeout_ms, WaitEvent* events, int capacity);

  private:
    WaitEventSet* set_ = nullptr;
};

}  // namespace pg_resty
