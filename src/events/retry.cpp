#include "events/retry.hpp"

#include <algorithm>

namespace pg_resty {

std::chrono::milliseconds RetryDelay::next() {
    const std::chrono::milliseconds delay = next_;
    next_ = std::min(max_, next_ * 2);
    return delay;
}

bool FailureLog::should_log(const std::string& failure, Clock::time_point now, int& repeats) {
    if (last_ && *last_ == failure && now - logged_at_ < repeat_after_) {
        ++held_back_;
        return false;
    }
    repeats = (last_ && *last_ == failure) ? held_back_ : 0;
    last_ = failure;
    logged_at_ = now;
    held_back_ = 0;
    return true;
}

}  // namespace pg_resty
