#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "db/plan_cache.hpp"
#include "events/outbox_event.hpp"

namespace pg_resty {

// pg_resty.outbox as the AMQP worker reads and empties it, one short transaction per call
// (no transaction stays open while the worker talks to the broker).
class OutboxStore {
  public:
    // The oldest events with an id above `after`, in id order: at most `max_events`, and no
    // more than about `max_bytes` of payload (always at least one event). None when the table
    // does not exist (the extension is not installed in this database). Throws PgError.
    std::optional<std::vector<OutboxEvent>> read_batch(size_t max_events, size_t max_bytes,
                                                       int64_t after);

    // Deletes the events the broker confirmed. Throws PgError.
    void remove(const std::vector<int64_t>& ids);

  private:
    PlanCache plans_;
};

}  // namespace pg_resty
