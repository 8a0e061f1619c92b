#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "http/request.hpp"
#include "http/response.hpp"

struct MHD_Daemon;
struct MHD_Connection;
struct sockaddr;

namespace pg_resty {

struct HttpLimits {
    size_t max_body_bytes = 64 * 1024 * 1024;
    size_t header_memory_bytes = 32 * 1024;  // request line + headers; more gets 431 from MHD
    unsigned idle_timeout_seconds = 60;
    unsigned max_connections = 1000;
};

// libmicrohttpd in external-poll epoll mode, with no threads and no listening socket of its
// own: the worker hands it accepted connections and calls run() when its epoll fd is ready.
// Every callback runs on the calling thread and lets no exception escape into C.
class HttpServer {
  public:
    using Handler = std::function<Response(Request&)>;

    HttpServer(Handler handler, HttpLimits limits);  // throws std::runtime_error
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    int epoll_fd() const;
    // Takes ownership of `fd` (closed on failure).
    bool add_connection(int fd, const sockaddr* address, unsigned address_length);
    // Milliseconds until MHD needs run() for timeouts; -1 when it does not.
    long timeout_ms() const;
    unsigned connection_count() const;
    void run();

    // Callback plumbing (public for the C trampolines only).
    struct Exchange;
    Response respond(Exchange& exchange, ::MHD_Connection* connection, const char* method);
    const HttpLimits& limits() const { return limits_; }
    // pg_resty.max_body_size is reloadable; requests already reading a body keep the old one.
    void set_max_body_bytes(size_t bytes) { limits_.max_body_bytes = bytes; }

  private:
    struct DaemonDeleter {
        void operator()(MHD_Daemon* daemon) const;
    };

    Handler handler_;
    HttpLimits limits_;
    std::unique_ptr<MHD_Daemon, DaemonDeleter> daemon_;
};

}  // namespace pg_resty
