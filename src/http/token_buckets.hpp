#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace pg_resty {

// A client address as 16 bytes: IPv6 as is, IPv4 as its IPv4-mapped IPv6 form (::ffff:a.b.c.d),
// so one client has one key whichever family it came in by.
using AddressKey = std::array<uint8_t, 16>;

// One slot of the rate limiter's table. Plain data without constructors or pointers, so the
// table can live in shared memory; zero bytes are an empty slot.
struct TokenBucket {
    AddressKey key;
    uint8_t used;
    double tokens;
    int64_t updated_us;  // when `tokens` was last brought up to date
};

struct RateLimit {
    double per_second = 0;  // tokens added per second
    double burst = 1;       // bucket size: requests allowed at once after a quiet spell
};

// Takes one token from `key`'s bucket in a fixed-size open-addressed table, probing a short
// window of slots. Returns 0 when the request may go ahead, else the seconds until a token
// is there. A new client takes an empty slot, else a slot whose bucket has refilled (that
// client would be admitted anyway), else the least recently seen in the window: memory stays
// fixed and a flood of addresses only makes the limit more lenient, never stricter.
// Not thread-safe: the caller holds the table's lock.
double take_token(TokenBucket* table, size_t size, const AddressKey& key, int64_t now_us,
                  const RateLimit& limit);

}  // namespace pg_resty
