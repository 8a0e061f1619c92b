#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace pg_resty {

// The events published on a channel in confirm mode and not yet confirmed, in delivery-tag
// order (tags count the channel's publishes from 1). Broker acks and nacks, single or
// "multiple" (every tag up to this one), resolve them.
class ConfirmTracker {
  public:
    // Records that the event `id` went out with `tag` (greater than every tag before it).
    void sent(uint64_t tag, int64_t id);

    // Applies one basic.ack (ack) or basic.nack: the resolved ids are appended to `acked` or
    // `nacked`. Unknown or already resolved tags are ignored.
    void resolve(uint64_t tag, bool multiple, bool ack, std::vector<int64_t>& acked,
                 std::vector<int64_t>& nacked);

    size_t in_flight() const { return pending_.size(); }
    // The id of the oldest unconfirmed event; 0 when none.
    int64_t oldest_id() const { return pending_.empty() ? 0 : pending_.front().second; }
    bool empty() const { return pending_.empty(); }
    void clear() { pending_.clear(); }

  private:
    std::deque<std::pair<uint64_t, int64_t>> pending_;  // (tag, id), tags increasing
};

}  // namespace pg_resty
