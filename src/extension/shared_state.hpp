#pragma once

#include <cstdint>
#include <string>

#include "http/token_buckets.hpp"

namespace pg_resty {

// The small shared-memory block all pg_resty processes see (only when preloaded).
void install_shared_state_hooks();
bool shared_state_available();

// Bumped when the exposed schema may have changed; workers reload their schema cache when it
// differs from the generation they loaded.
uint64_t schema_generation();
void bump_schema_generation();

// pg_resty.rate_limit: takes one request from `key`'s bucket in the table all HTTP workers
// share. Returns 0 when the request may go ahead, else the seconds until it may. Never fails.
double rate_limit_wait(const AddressKey& key, double per_second, double burst);

// --- The AMQP worker --------------------------------------------------------------------------

// Called by the AMQP worker once it runs: commits that recorded events set its latch from now
// on, and its status shows its pid. Undone when the worker exits.
void amqp_worker_attach();

// Sets the AMQP worker's latch (a commit recorded events). Never fails; no-op without one.
void wake_amqp_worker();

// What pg_resty.amqp_status shows, kept by the worker. Timestamps are PostgreSQL
// TimestampTz values; 0 means never.
struct AmqpStatusSnapshot {
    int worker_pid = 0;  // 0: no worker running
    bool connected = false;
    std::string broker;  // the broker's URL without password; empty: none configured
    uint64_t published = 0;
    std::string last_error;
    int64_t last_error_at = 0;
    int64_t last_publish_at = 0;
};

void amqp_status_set_connected(bool connected, const std::string& broker);
void amqp_status_count_published(uint64_t count);
void amqp_status_set_error(const std::string& error);
AmqpStatusSnapshot amqp_status();

}  // namespace pg_resty
