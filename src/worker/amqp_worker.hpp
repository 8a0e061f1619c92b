#pragma once

namespace pg_resty {

// Registers the AMQP background worker (from _PG_init, when preloaded).
void register_amqp_worker();

}  // namespace pg_resty
