#pragma once

#include <amqp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#include "events/amqp_url.hpp"
#include "events/outbox_event.hpp"

namespace pg_resty {

// A failure talking to the broker, in words fit for the log and the status view. After one,
// the connection is unusable: drop it and connect again.
struct AmqpError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One connection to the broker with channel 1 in publisher-confirm mode (rabbitmq-c, TCP, no
// heartbeats: the worker watches the socket while idle and every publish waits for its
// confirms). Plain C++: no PostgreSQL here.
class AmqpConnection {
  public:
    // Connects, logs in, opens the channel and selects confirms; each step bounded by
    // `timeout`. Throws AmqpError.
    AmqpConnection(const AmqpUrl& url, std::chrono::milliseconds timeout);
    ~AmqpConnection();

    AmqpConnection(const AmqpConnection&) = delete;
    AmqpConnection& operator=(const AmqpConnection&) = delete;

    int socket_fd() const;

    // Publishes `events` in order as persistent messages (message_id = outbox id, the event's
    // content type and headers) and waits until the broker confirmed every one of them.
    // `confirmed` receives the ids the broker acknowledged (also when an AmqpError is thrown
    // midway); `nacked` counts those it refused. Gives up with an AmqpError when no confirm
    // arrives for `confirm_timeout`. Returns false, early, when `stop()` says so.
    bool publish(const std::vector<OutboxEvent>& events, std::vector<int64_t>& confirmed,
                 size_t& nacked, std::chrono::milliseconds confirm_timeout,
                 const std::function<bool()>& stop);

    // Reads what the broker sent while nothing was being published (the socket became
    // readable). Throws AmqpError when the broker closed the connection or the channel.
    void poll();

  private:
    struct StateDeleter {
        void operator()(amqp_connection_state_t state) const;
    };

    void check_reply(const amqp_rpc_reply_t& reply, const char* step);
    // Handles one frame that is not an ack or nack: throws for a close.
    void handle_other_frame(const amqp_frame_t& frame);

    std::unique_ptr<amqp_connection_state_t_, StateDeleter> state_;
    bool usable_ = false;         // logged in; close politely on destruction
    uint64_t next_delivery_tag_ = 1;
};

}  // namespace pg_resty
