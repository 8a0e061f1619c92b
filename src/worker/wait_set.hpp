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
    void add_socket(int fd, void* tag);
    // Returns the number of events written to `events`.
    int wait(long timeout_ms, WaitEvent* events, int capacity);

  private:
    WaitEventSet* set_ = nullptr;
};

}  // namespace pg_resty
