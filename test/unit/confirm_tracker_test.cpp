#include "events/confirm_tracker.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pg_resty {
namespace {

using Ids = std::vector<int64_t>;

TEST(ConfirmTracker, SingleAcksInAnyOrder) {
    ConfirmTracker tracker;
    tracker.sent(1, 100);
    tracker.sent(2, 101);
    tracker.sent(3, 105);
    Ids acked, nacked;
    tracker.resolve(2, false, true, acked, nacked);
    tracker.resolve(1, false, true, acked, nacked);
    EXPECT_EQ(acked, (Ids{101, 100}));
    EXPECT_TRUE(nacked.empty());
    EXPECT_EQ(tracker.in_flight(), 1u);
    tracker.resolve(3, false, false, acked, nacked);
    EXPECT_EQ(nacked, (Ids{105}));
    EXPECT_TRUE(tracker.empty());
}

TEST(ConfirmTracker, MultipleResolvesEverythingUpToTheTag) {
    ConfirmTracker tracker;
    for (uint64_t tag = 1; tag <= 5; ++tag) {
        tracker.sent(tag, static_cast<int64_t>(tag * 10));
    }
    Ids acked, nacked;
    tracker.resolve(2, false, true, acked, nacked);
    tracker.resolve(4, true, true, acked, nacked);
    EXPECT_EQ(acked, (Ids{20, 10, 30, 40}));
    EXPECT_EQ(tracker.in_flight(), 1u);
    tracker.resolve(5, true, false, acked, nacked);
    EXPECT_EQ(nacked, (Ids{50}));
    EXPECT_TRUE(tracker.empty());
}

TEST(ConfirmTracker, UnknownAndRepeatedTagsAreIgnored) {
    ConfirmTracker tracker;
    tracker.sent(7, 1);
    Ids acked, nacked;
    tracker.resolve(3, false, true, acked, nacked);
    tracker.resolve(9, false, true, acked, nacked);
    tracker.resolve(6, true, true, acked, nacked);
    EXPECT_TRUE(acked.empty());
    tracker.resolve(7, false, true, acked, nacked);
    tracker.resolve(7, false, true, acked, nacked);
    EXPECT_EQ(acked, (Ids{1}));
}

TEST(ConfirmTracker, TagsMustIncrease) {
    ConfirmTracker tracker;
    tracker.sent(2, 1);
    EXPECT_THROW(tracker.sent(2, 2), std::logic_error);
    tracker.clear();
    EXPECT_NO_THROW(tracker.sent(1, 3));  // a new channel counts from 1 again
}

}  // namespace
}  // namespace pg_resty
