#pragma once

#include <cstdint>

namespace pg_resty {

// The small shared-memory block all pg_resty processes see (only when preloaded).
void install_shared_state_hooks();
bool shared_state_available();

// Bumped when the exposed schema may have changed; workers reload their schema cache when it
// differs from the generation they loaded.
uint64_t schema_generation();
void bump_schema_generation();

}  // namespace pg_resty
