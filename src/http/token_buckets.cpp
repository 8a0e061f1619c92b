#include "http/token_buckets.hpp"

#include <algorithm>

namespace pg_resty {

namespace {

constexpr size_t kProbeWindow = 8;

size_t hash_key(const AddressKey& key) {
    uint64_t hash = 1469598103934665603ULL;  // FNV-1a
    for (uint8_t byte : key) {
        hash = (hash ^ byte) * 1099511628211ULL;
    }
    return static_cast<size_t>(hash ^ (hash >> 32));
}

// The bucket's tokens at `now_us`, at most `burst`. A clock that went backwards adds nothing.
double refilled(const TokenBucket& bucket, int64_t now_us, const RateLimit& limit) {
    const int64_t elapsed_us = now_us > bucket.updated_us ? now_us - bucket.updated_us : 0;
    return std::min(limit.burst,
                    bucket.tokens + static_cast<double>(elapsed_us) / 1e6 * limit.per_second);
}

double take(TokenBucket& bucket, int64_t now_us, const RateLimit& limit) {
    double tokens = refilled(bucket, now_us, limit);
    bucket.updated_us = now_us;
    if (tokens >= 1.0) {
        bucket.tokens = tokens - 1.0;
        return 0;
    }
    bucket.tokens = tokens;
    return (1.0 - tokens) / limit.per_second;
}

}  // namespace

double take_token(TokenBucket* table, size_t size, const AddressKey& key, int64_t now_us,
                  const RateLimit& raw_limit) {
    if (size == 0 || !(raw_limit.per_second > 0)) {
        return 0;
    }
    RateLimit limit = raw_limit;
    limit.burst = std::max(1.0, limit.burst);
    const size_t start = hash_key(key) % size;
    const size_t window = std::min(kProbeWindow, size);
    TokenBucket* victim = nullptr;
    bool victim_is_free = false;
    for (size_t i = 0; i < window; ++i) {
        TokenBucket& slot = table[(start + i) % size];
        if (slot.used && slot.key == key) {
            return take(slot, now_us, limit);
        }
        if (victim_is_free) {
            continue;
        }
        // A refilled bucket holds nothing the client would miss.
        if (!slot.used || refilled(slot, now_us, limit) >= limit.burst) {
            victim = &slot;
            victim_is_free = true;
        } else if (victim == nullptr || slot.updated_us < victim->updated_us) {
            victim = &slot;
        }
    }
    victim->key = key;
    victim->used = 1;
    victim->tokens = limit.burst;
    return take(*victim, now_us, limit);
}

}  // namespace pg_resty
