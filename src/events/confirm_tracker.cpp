#include "events/confirm_tracker.hpp"

#include <algorithm>
#include <stdexcept>

namespace pg_resty {

void ConfirmTracker::sent(uint64_t tag, int64_t id) {
    if (!pending_.empty() && tag <= pending_.back().first) {
        throw std::logic_error("delivery tags must increase");
    }
    pending_.emplace_back(tag, id);
}

void ConfirmTracker::resolve(uint64_t tag, bool multiple, bool ack, std::vector<int64_t>& acked,
                             std::vector<int64_t>& nacked) {
    std::vector<int64_t>& out = ack ? acked : nacked;
    if (multiple) {
        while (!pending_.empty() && pending_.front().first <= tag) {
            out.push_back(pending_.front().second);
            pending_.pop_front();
        }
        return;
    }
    const auto found = std::lower_bound(
        pending_.begin(), pending_.end(), tag,
        [](const std::pair<uint64_t, int64_t>& entry, uint64_t t) { return entry.first < t; });
    if (found != pending_.end() && found->first == tag) {
        out.push_back(found->second);
        pending_.erase(found);
    }
}

}  // namespace pg_resty
