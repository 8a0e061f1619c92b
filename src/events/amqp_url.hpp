#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace pg_resty {

// Where the AMQP worker publishes: pg_resty.amqp_url, parsed by RabbitMQ's URI rules
// (amqp://user:pass@host:port/vhost, each part percent-encoded, every part optional).
struct AmqpUrl {
    std::string user = "guest";
    std::string password = "guest";
    std::string host = "localhost";
    int port = 5672;
    std::string vhost = "/";

    // The URL without the password, for logs and the status view.
    std::string display() const;
};

struct AmqpUrlError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Throws AmqpUrlError saying what is wrong. An empty path, "/", "//" and "/%2f" all mean the
// default virtual host "/" (an empty virtual host name is never what anyone means).
AmqpUrl parse_amqp_url(std::string_view text);

}  // namespace pg_resty
