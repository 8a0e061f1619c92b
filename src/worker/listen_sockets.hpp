#pragma once

#include <string>
#include <vector>

namespace pg_resty {

// The HTTP listening sockets. The postmaster opens them at preload and every HTTP worker it
// forks inherits them, so all workers serve one port and each accepts only when it is free.
class ListenSockets {
  public:
    ListenSockets() = default;
    ~ListenSockets();
    ListenSockets(const ListenSockets&) = delete;
    ListenSockets& operator=(const ListenSockets&) = delete;

    // Binds every address of the comma list ("*": all interfaces) on `port`. Addresses that
    // fail are reported in `errors` and skipped.
    void open(const std::string& addresses, int port, std::vector<std::string>& errors);

    const std::vector<int>& fds() const { return fds_; }

  private:
    void bind_one(const char* host, int port, std::vector<std::string>& errors);

    std::vector<int> fds_;
};

// Accepts one pending connection, non-blocking, with TCP_NODELAY. Returns -1 when none is
// pending (another worker took it) or on a transient error.
int accept_connection(int listen_fd, void* address, unsigned* address_length);

}  // namespace pg_resty
