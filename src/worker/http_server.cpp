#include "worker/http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "api/api_error.hpp"
#include "common/text.hpp"
#include "http/request_target.hpp"
#include "response/read_response.hpp"

namespace pg_resty {

// What MHD keeps for one request between callbacks (its con_cls).
struct HttpServer::Exchange {
    std::string target;  // raw request-target, as the client sent it
    std::string body;
    bool started = false;
    bool rejected = false;  // a response was already queued (body too large)
};

namespace {

void* on_uri(void*, const char* uri, MHD_Connection*) noexcept {
    try {
        auto exchange = std::make_unique<HttpServer::Exchange>();
        exchange->target = uri ? uri : "";
        return exchange.release();
    } catch (...) {
        return nullptr;  // the access handler answers 500 for a missing exchange
    }
}

void on_completed(void* cls, MHD_Connection* connection, void** context,
                  MHD_RequestTerminationCode) noexcept {
    // Reclaims what on_uri released to MHD.
    std::unique_ptr<HttpServer::Exchange> exchange(static_cast<HttpServer::Exchange*>(*context));
    *context = nullptr;
    // A kept-alive connection has a fresh client_timeout for its next request.
    static_cast<HttpServer*>(cls)->start_request_clock(connection);
}

void on_connection(void* cls, MHD_Connection* connection, void**,
                   MHD_ConnectionNotificationCode code) noexcept {
    auto* server = static_cast<HttpServer*>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        server->connection_started(connection);
    } else {
        server->connection_closed(connection);
    }
}

MHD_Result collect_header(void* context, MHD_ValueKind, const char* key,
                          const char* value) noexcept {
    try {
        auto* headers = static_cast<std::vector<Header>*>(context);
        headers->push_back(Header{to_lower_ascii(key ? key : ""), value ? value : ""});
        return MHD_YES;
    } catch (...) {
        return MHD_NO;
    }
}

void free_body(void* body) noexcept {
    // Reclaims what queue() released to MHD.
    std::unique_ptr<std::string> owned(static_cast<std::string*>(body));
}

MHD_Result queue(MHD_Connection* connection, Response response) noexcept {
    // MHD sends the body from our own string and frees it with the response: no copy of a
    // body that may be megabytes.
    std::unique_ptr<std::string> body;
    try {
        body = std::make_unique<std::string>(std::move(response.body));
    } catch (...) {
        return MHD_NO;
    }
    MHD_Response* mhd = MHD_create_response_from_buffer_with_free_callback_cls(
        body->size(), body->data(), &free_body, body.get());
    if (mhd == nullptr) {
        return MHD_NO;
    }
    body.release();
    for (const Header& header : response.headers) {
        // MHD refuses names or values with CR/LF, so a hook cannot split the response.
        MHD_add_response_header(mhd, header.name.c_str(), header.value.c_str());
    }
    const MHD_Result result = MHD_queue_response(connection, response.status, mhd);
    MHD_destroy_response(mhd);
    return result;
}

MHD_Result queue_error(MHD_Connection* connection, const ApiError& error) noexcept {
    try {
        return queue(connection, error_response(error));
    } catch (...) {
        return MHD_NO;  // MHD closes the connection
    }
}

MHD_Result queue_refusal(HttpServer& server, MHD_Connection* connection, const char* method,
                         const ApiError& error) noexcept {
    try {
        return queue(connection, server.refuse(connection, method, error));
    } catch (...) {
        return queue_error(connection, error);
    }
}

const sockaddr* client_sockaddr(MHD_Connection* connection) {
    const MHD_ConnectionInfo* info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info ? info->client_addr : nullptr;
}

// IPv4 as ::ffff:a.b.c.d, so the rate limit sees one client whichever family it used.
bool address_key(const sockaddr* address, AddressKey& key) {
    key.fill(0);
    if (address == nullptr) {
        return false;
    }
    if (address->sa_family == AF_INET) {
        key[10] = 0xff;
        key[11] = 0xff;
        memcpy(key.data() + 12, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, 4);
        return true;
    }
    if (address->sa_family == AF_INET6) {
        memcpy(key.data(), &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, 16);
        return true;
    }
    return false;
}

ApiError too_many_requests(double wait_seconds) {
    const long long retry = std::max(1LL, static_cast<long long>(std::ceil(wait_seconds)));
    ApiError error(429, "PGRSTX29", "Too many requests",
                   "This client address made more requests than pg_resty.rate_limit allows",
                   "Retry after " + std::to_string(retry) + " seconds");
    error.headers.push_back(Header{"Retry-After", std::to_string(retry)});
    return error;
}

std::string client_address(MHD_Connection* connection) {
    const sockaddr* address = client_sockaddr(connection);
    if (address == nullptr) {
        return {};
    }
    char text[INET6_ADDRSTRLEN] = "";
    if (address->sa_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text,
                  sizeof text);
    } else if (address->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
                  sizeof text);
    }
    return text;
}

ApiError body_too_large(size_t limit) {
    return ApiError(413, "PGRST413", "Request body is too large",
                    "The limit is " + std::to_string(limit) + " bytes");
}

MHD_Result on_access(void* cls, MHD_Connection* connection, const char*, const char* method,
                     const char*, const char* upload_data, size_t* upload_data_size,
                     void** context) noexcept {
    auto* server = static_cast<HttpServer*>(cls);
    auto* exchange = static_cast<HttpServer::Exchange*>(*context);
    if (exchange == nullptr) {
        return queue_error(connection, ApiError(500, "PGRSTX00", "out of memory"));
    }
    if (exchange->rejected) {
        *upload_data_size = 0;  // discard the rest of an oversized body
        return MHD_YES;
    }
    const size_t limit = server->limits().max_body_bytes;
    if (!exchange->started) {
        exchange->started = true;
        AddressKey key;
        if (server->callbacks().admit && address_key(client_sockaddr(connection), key)) {
            double wait = 0;
            try {
                wait = server->callbacks().admit(key);
            } catch (...) {
                wait = 0;  // the limiter failing must not refuse everyone
            }
            if (wait > 0) {
                exchange->rejected = true;
                return queue_refusal(*server, connection, method, too_many_requests(wait));
            }
        }
        const char* length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                         MHD_HTTP_HEADER_CONTENT_LENGTH);
        long long declared = 0;
        if (length != nullptr && parse_non_negative_int64(length, declared) &&
            static_cast<unsigned long long>(declared) > limit) {
            exchange->rejected = true;
            return queue_refusal(*server, connection, method, body_too_large(limit));
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (exchange->body.size() + *upload_data_size > limit) {
            exchange->rejected = true;
            *upload_data_size = 0;
            return queue_refusal(*server, connection, method, body_too_large(limit));
        }
        try {
            exchange->body.append(upload_data, *upload_data_size);
        } catch (...) {
            return MHD_NO;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    server->stop_request_clock(connection);
    try {
        return queue(connection, server->respond(*exchange, connection, method));
    } catch (...) {
        return queue_error(connection, ApiError(500, "PGRSTX00", "out of memory"));
    }
}

}  // namespace

Response HttpServer::respond(Exchange& exchange, MHD_Connection* connection, const char* method) {
    Request request;
    request.method = method ? method : "";
    request.target = std::move(exchange.target);
    split_request_target(request.target, request.path, request.query);
    MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_header, &request.headers);
    request.body = std::move(exchange.body);
    request.client_address = client_address(connection);
    return callbacks_.handle(request);
}

Response HttpServer::refuse(MHD_Connection* connection, const char* method, const ApiError& error) {
    if (!callbacks_.refuse) {
        return error_response(error);
    }
    Request request;
    request.method = method ? method : "";
    MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_header, &request.headers);
    request.client_address = client_address(connection);
    return callbacks_.refuse(request, error);
}

void HttpServer::connection_started(MHD_Connection* connection) {
    try {
        deadlines_[connection] =
            Clock::now() + std::chrono::seconds(limits_.client_timeout_seconds);
    } catch (...) {
        // Out of memory: MHD's idle timeout still applies to this one.
    }
    // The daemon's timeout is the one at start; pg_resty.client_timeout may have changed since.
    MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT,
                              limits_.client_timeout_seconds);
}

void HttpServer::connection_closed(MHD_Connection* connection) {
    deadlines_.erase(connection);
}

void HttpServer::start_request_clock(MHD_Connection* connection) {
    // Only for connections still open: MHD may report a request's end after its connection's.
    auto found = deadlines_.find(connection);
    if (found != deadlines_.end()) {
        found->second = Clock::now() + std::chrono::seconds(limits_.client_timeout_seconds);
    }
}

void HttpServer::stop_request_clock(MHD_Connection* connection) {
    auto found = deadlines_.find(connection);
    if (found != deadlines_.end()) {
        found->second = Clock::time_point::max();
    }
}

void HttpServer::enforce_deadlines() {
    // A quarter of a second is precise enough for a limit counted in seconds, and spares a
    // busy worker a walk over all its connections after every request.
    const Clock::time_point now = Clock::now();
    if (now < next_deadline_check_) {
        return;
    }
    next_deadline_check_ = now + std::chrono::milliseconds(250);
    for (auto& [connection, deadline] : deadlines_) {
        if (deadline > now) {
            continue;
        }
        deadline = Clock::time_point::max();
        const MHD_ConnectionInfo* info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (info != nullptr) {
            // MHD has no call to close a connection from outside; it sees the end of the
            // stream at its next read and cleans up as for any client that hung up.
            shutdown(info->connect_fd, SHUT_RDWR);
        }
    }
}

void HttpServer::DaemonDeleter::operator()(MHD_Daemon* daemon) const {
    MHD_stop_daemon(daemon);
}

HttpServer::HttpServer(HttpCallbacks callbacks, HttpLimits limits)
    : callbacks_(std::move(callbacks)), limits_(limits) {
    MHD_Daemon* daemon = MHD_start_daemon(
        MHD_USE_EPOLL | MHD_USE_NO_LISTEN_SOCKET, 0, nullptr, nullptr, &on_access, this,
        MHD_OPTION_URI_LOG_CALLBACK, &on_uri, nullptr, MHD_OPTION_NOTIFY_COMPLETED, &on_completed,
        this, MHD_OPTION_NOTIFY_CONNECTION, &on_connection, this, MHD_OPTION_CONNECTION_TIMEOUT,
        limits_.client_timeout_seconds, MHD_OPTION_CONNECTION_LIMIT, limits_.max_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, limits_.header_memory_bytes, MHD_OPTION_END);
    if (daemon == nullptr) {
        throw std::runtime_error("could not start libmicrohttpd");
    }
    daemon_.reset(daemon);
}

HttpServer::~HttpServer() = default;

int HttpServer::epoll_fd() const {
    const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_.get(), MHD_DAEMON_INFO_EPOLL_FD);
    return info ? info->epoll_fd : -1;
}

bool HttpServer::add_connection(int fd, const sockaddr* address, unsigned address_length) {
    // MHD closes the socket itself when it refuses it.
    return MHD_add_connection(daemon_.get(), fd, address, address_length) == MHD_YES;
}

long HttpServer::timeout_ms() const {
    MHD_UNSIGNED_LONG_LONG timeout = 0;
    if (MHD_get_timeout(daemon_.get(), &timeout) != MHD_YES) {
        return -1;
    }
    return timeout > 60000 ? 60000 : static_cast<long>(timeout);
}

unsigned HttpServer::connection_count() const {
    const MHD_DaemonInfo* info =
        MHD_get_daemon_info(daemon_.get(), MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info ? info->num_connections : 0;
}

void HttpServer::run() {
    MHD_run(daemon_.get());
}

}  // namespace pg_resty
