#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <unordered_map>

#include "api/api_error.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/token_buckets.hpp"

struct MHD_Daemon;
struct MHD_Connection;
struct sockaddr;

namespace pg_resty {

struct HttpLimits {
    size_t max_body_bytes = 64 * 1024 * 1024;
    // Request line + headers. MHD answers a longer request line 414 and longer headers 431.
    size_t header_memory_bytes = 32 * 1024;
    unsigned client_timeout_seconds = 30;
    unsigned max_connections = 1000;
};

// What the worker plugs into the server.
struct HttpCallbacks {
    // Answers a complete request (the pipeline).
    std::function<Response(Request&)> handle;
    // Answers a request the server refuses before reading it all (413, 429): the error's
    // response with the CORS headers the pipeline would add. `request` has no body.
    std::function<Response(Request&, const ApiError&)> refuse;
    // Seconds this client address must wait before its next request; 0: go ahead.
    std::function<double(const AddressKey&)> admit;
};

// libmicrohttpd in external-poll epoll mode, with no threads and no listening socket of its
// own: the worker hands it accepted connections and calls run() when its epoll fd is ready.
// Every callback runs on the calling thread and lets no exception escape into C.
class HttpServer {
  public:
    HttpServer(HttpCallbacks callbacks, HttpLimits limits);  // throws std::runtime_error
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
    // Disconnects the clients that took longer than pg_resty.client_timeout to send a request
    // (MHD's own timeout only catches silence, not a client trickling a byte at a time).
    void enforce_deadlines();

    // Callback plumbing (public for the C trampolines only).
    struct Exchange;
    using Clock = std::chrono::steady_clock;
    Response respond(Exchange& exchange, ::MHD_Connection* connection, const char* method);
    Response refuse(::MHD_Connection* connection, const char* method, const ApiError& error);
    const HttpLimits& limits() const { return limits_; }
    const HttpCallbacks& callbacks() const { return callbacks_; }
    void connection_started(::MHD_Connection* connection);
    void connection_closed(::MHD_Connection* connection);
    // The client has this long from now to send its (next) request.
    void start_request_clock(::MHD_Connection* connection);
    // The whole request is in: the client owes nothing until the response is sent.
    void stop_request_clock(::MHD_Connection* connection);

    // Reloadable; connections already open keep the old values.
    void set_max_body_bytes(size_t bytes) { limits_.max_body_bytes = bytes; }
    void set_client_timeout(unsigned seconds) { limits_.client_timeout_seconds = seconds; }

  private:
    struct DaemonDeleter {
        void operator()(MHD_Daemon* daemon) const;
    };

    HttpCallbacks callbacks_;
    HttpLimits limits_;
    // When each open connection must have sent its request; Clock::time_point::max() while
    // it is being answered.
    std::unordered_map<::MHD_Connection*, Clock::time_point> deadlines_;
    Clock::time_point next_deadline_check_{};
    std::unique_ptr<MHD_Daemon, DaemonDeleter> daemon_;
};

}  // namespace pg_resty
