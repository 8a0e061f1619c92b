#pragma once

#include <vector>

namespace pg_resty {

// The listening sockets the postmaster opened at preload (inherited by the workers).
const std::vector<int>& http_listen_fds();

}  // namespace pg_resty
