#include "worker/listen_sockets.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/text.hpp"

namespace pg_resty {

namespace {

struct AddrInfoList {
    addrinfo* head = nullptr;
    ~AddrInfoList() {
        if (head) {
            freeaddrinfo(head);
        }
    }
};

std::string describe(const addrinfo* ai) {
    char host[NI_MAXHOST] = "?";
    char service[NI_MAXSERV] = "?";
    getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, service, sizeof service,
                NI_NUMERICHOST | NI_NUMERICSERV);
    return std::string(host) + " port " + service;
}

}  // namespace

ListenSockets::~ListenSockets() {
    for (int fd : fds_) {
        close(fd);
    }
}

void ListenSockets::open(const std::string& addresses, int port, std::vector<std::string>& errors) {
    for (const std::string& address : split_list(addresses, ',')) {
        bind_one(address == "*" ? nullptr : address.c_str(), port, errors);
    }
}

void ListenSockets::bind_one(const char* host, int port, std::vector<std::string>& errors) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    AddrInfoList list;
    const std::string service = std::to_string(port);
    if (int rc = getaddrinfo(host, service.c_str(), &hints, &list.head); rc != 0) {
        errors.push_back(std::string("could not resolve \"") + (host ? host : "*") +
                         "\": " + gai_strerror(rc));
        return;
    }
    for (addrinfo* ai = list.head; ai != nullptr; ai = ai->ai_next) {
        const int fd =
            socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            errors.push_back("could not create socket for " + describe(ai) + ": " +
                             std::strerror(errno));
            continue;
        }
        const int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (ai->ai_family == AF_INET6) {
            // Each family gets its own socket, as getaddrinfo lists both for "*" and localhost.
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
        }
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
            errors.push_back("could not listen on " + describe(ai) + ": " + std::strerror(errno));
            close(fd);
            continue;
        }
        fds_.push_back(fd);
    }
}

int accept_connection(int listen_fd, void* address, unsigned* address_length) {
    socklen_t length = *address_length;
    const int fd =
        accept4(listen_fd, static_cast<sockaddr*>(address), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    *address_length = length;
    const int one = 1;
    // Responses go out in one write; waiting for Nagle only adds latency.
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

}  // namespace pg_resty
