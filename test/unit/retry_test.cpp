#include "events/retry.hpp"

#include <gtest/gtest.h>

namespace pg_resty {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RetryDelay, DoublesUpToTheCapAndResets) {
    RetryDelay delay(milliseconds(1000), milliseconds(10000));
    EXPECT_EQ(delay.next(), milliseconds(1000));
    EXPECT_EQ(delay.next(), milliseconds(2000));
    EXPECT_EQ(delay.next(), milliseconds(4000));
    EXPECT_EQ(delay.next(), milliseconds(8000));
    EXPECT_EQ(delay.next(), milliseconds(10000));
    EXPECT_EQ(delay.next(), milliseconds(10000));
    delay.reset();
    EXPECT_EQ(delay.next(), milliseconds(1000));
}

TEST(FailureLog, NewFailuresAtOnceRepeatsOncePerPeriod) {
    FailureLog log(seconds(60));
    const auto t0 = FailureLog::Clock::time_point{} + seconds(1000);
    int repeats = -1;
    EXPECT_TRUE(log.should_log("down", t0, repeats));
    EXPECT_EQ(repeats, 0);
    EXPECT_FALSE(log.should_log("down", t0 + seconds(10), repeats));
    EXPECT_FALSE(log.should_log("down", t0 + seconds(20), repeats));
    EXPECT_TRUE(log.should_log("down", t0 + seconds(61), repeats));
    EXPECT_EQ(repeats, 2);
    // Another failure is news; so is the first one again afterwards.
    EXPECT_TRUE(log.should_log("refused", t0 + seconds(62), repeats));
    EXPECT_EQ(repeats, 0);
    EXPECT_TRUE(log.should_log("down", t0 + seconds(63), repeats));
    EXPECT_EQ(repeats, 0);
}

TEST(FailureLog, ClearMakesTheNextFailureNews) {
    FailureLog log(seconds(60));
    const auto t0 = FailureLog::Clock::time_point{} + seconds(1000);
    int repeats = 0;
    EXPECT_TRUE(log.should_log("down", t0, repeats));
    log.clear();
    EXPECT_TRUE(log.should_log("down", t0 + seconds(1), repeats));
}

}  // namespace
}  // namespace pg_resty
