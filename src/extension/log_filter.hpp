#pragma once

namespace pg_resty {

// Keeps a worker that cannot log in (missing authenticator role, missing database) to one
// clear line per retry instead of one FATAL per worker plus the postmaster's exit notices.
void install_log_filter();

// Set by a worker around its connection attempt; `reporter` is the worker that keeps its line.
void set_connecting(bool connecting, bool reporter);

}  // namespace pg_resty
