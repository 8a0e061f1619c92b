#include "http/token_buckets.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pg_resty {
namespace {

AddressKey key_of(uint32_t n) {
    AddressKey key{};
    key[10] = 0xff;
    key[11] = 0xff;
    key[12] = static_cast<uint8_t>(n >> 24);
    key[13] = static_cast<uint8_t>(n >> 16);
    key[14] = static_cast<uint8_t>(n >> 8);
    key[15] = static_cast<uint8_t>(n);
    return key;
}

constexpr int64_t kSecond = 1000000;

TEST(TokenBuckets, BurstThenRefusedWithTheWaitUntilTheNextToken) {
    std::vector<TokenBucket> table(64, TokenBucket{});
    const RateLimit limit{2, 3};  // 2 per second, 3 at once
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(take_token(table.data(), table.size(), key_of(1), 0, limit), 0) << i;
    }
    EXPECT_DOUBLE_EQ(take_token(table.data(), table.size(), key_of(1), 0, limit), 0.5);
    // Refused requests take nothing: half a second later one token is back.
    EXPECT_DOUBLE_EQ(take_token(table.data(), table.size(), key_of(1), kSecond / 4, limit), 0.25);
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(1), kSecond / 2, limit), 0);
    EXPECT_GT(take_token(table.data(), table.size(), key_of(1), kSecond / 2, limit), 0);
}

TEST(TokenBuckets, ClientsHaveTheirOwnBuckets) {
    std::vector<TokenBucket> table(64, TokenBucket{});
    const RateLimit limit{1, 1};
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(1), 0, limit), 0);
    EXPECT_GT(take_token(table.data(), table.size(), key_of(1), 0, limit), 0);
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(2), 0, limit), 0);
}

TEST(TokenBuckets, ABucketNeverHoldsMoreThanTheBurst) {
    std::vector<TokenBucket> table(64, TokenBucket{});
    const RateLimit limit{10, 2};
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(1), 0, limit), 0);
    const int64_t later = 3600 * kSecond;
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(1), later, limit), 0);
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(1), later, limit), 0);
    EXPECT_GT(take_token(table.data(), table.size(), key_of(1), later, limit), 0);
}

TEST(TokenBuckets, AClockGoingBackwardsAddsNoTokens) {
    std::vector<TokenBucket> table(8, TokenBucket{});
    const RateLimit limit{1, 1};
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(1), 100 * kSecond, limit), 0);
    EXPECT_GT(take_token(table.data(), table.size(), key_of(1), 0, limit), 0);
}

TEST(TokenBuckets, OffAdmitsEverything) {
    std::vector<TokenBucket> table(8, TokenBucket{});
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(take_token(table.data(), table.size(), key_of(1), 0, RateLimit{0, 1}), 0);
    }
    EXPECT_EQ(take_token(nullptr, 0, key_of(1), 0, RateLimit{1, 1}), 0);
}

TEST(TokenBuckets, AFloodOfAddressesStaysInTheTableAndNeverBlocksAnyone) {
    std::vector<TokenBucket> table(16, TokenBucket{});
    const RateLimit limit{1, 1};
    // Far more clients than slots, all at the same instant: each first request is admitted
    // (a new client starts with a full bucket), whatever was evicted.
    for (uint32_t n = 0; n < 10000; ++n) {
        EXPECT_EQ(take_token(table.data(), table.size(), key_of(n), 0, limit), 0) << n;
    }
    size_t used = 0;
    for (const TokenBucket& slot : table) {
        used += slot.used;
    }
    EXPECT_EQ(used, table.size());
}

TEST(TokenBuckets, RefilledBucketsAreReusedBeforeActiveOnes) {
    std::vector<TokenBucket> table(8, TokenBucket{});  // one probe window: every slot
    const RateLimit limit{1, 2};
    for (uint32_t n = 0; n < 8; ++n) {
        EXPECT_EQ(take_token(table.data(), table.size(), key_of(n), 0, limit), 0);
    }
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(0), 0, limit), 0);
    // A second later clients 1..7 are full again, client 0 holds one token.
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(100), kSecond, limit), 0);
    // Client 0 kept its bucket (a fresh one would admit two).
    EXPECT_EQ(take_token(table.data(), table.size(), key_of(0), kSecond, limit), 0);
    EXPECT_GT(take_token(table.data(), table.size(), key_of(0), kSecond, limit), 0);
}

}  // namespace
}  // namespace pg_resty
