#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace pg_resty {

// Exponential back-off between reconnection attempts: initial, doubled each failure, capped.
class RetryDelay {
  public:
    RetryDelay(std::chrono::milliseconds initial, std::chrono::milliseconds max)
        : initial_(initial), max_(max), next_(initial) {}

    std::chrono::milliseconds next();
    void reset() { next_ = initial_; }

  private:
    std::chrono::milliseconds initial_;
    std::chrono::milliseconds max_;
    std::chrono::milliseconds next_;
};

// Keeps a failure that repeats (broker down for hours) to one log line a minute: a new
// failure is logged at once, the same one again only after `repeat_after`.
class FailureLog {
  public:
    using Clock = std::chrono::steady_clock;

    explicit FailureLog(std::chrono::seconds repeat_after) : repeat_after_(repeat_after) {}

    // Whether to log `failure` now; when yes, `repeats` says how many identical lines were
    // held back since it was last logged.
    bool should_log(const std::string& failure, Clock::time_point now, int& repeats);
    // After a success: the next failure is news again.
    void clear() { last_.reset(); }

  private:
    std::chrono::seconds repeat_after_;
    std::optional<std::string> last_;
    Clock::time_point logged_at_{};
    int held_back_ = 0;
};

}  // namespace pg_resty
