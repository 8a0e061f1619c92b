#pragma once

#include <amqp.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "events/amqp_url.hpp"
#include "events/outbox_event.hpp"

namespace pg_resty {

// A failure talking to the broker, in words fit for the log and the status view. After one,
// the connection is unusable: drop it and connect again.
struct AmqpError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A publisher confirm: basic.ack (ack) or basic.nack of `delivery_tag`, or of every tag up to
// it when `multiple`.
struct AmqpConfirm {
    uint64_t delivery_tag = 0;
    bool multiple = false;
    bool ack = true;
};

// One connection to the broker with channel 1 in publisher-confirm mode (rabbitmq-c, TCP, no
// heartbeats: the worker watches the socket in its wait set and reads whatever the broker
// sends). Plain C++: no PostgreSQL here.
class AmqpConnection {
  public:
    // Connects, logs in, opens the channel and selects confirms; each step bounded by
    // `timeout`. Throws AmqpError.
    AmqpConnection(const AmqpUrl& url, std::chrono::milliseconds timeout);
    ~AmqpConnection();

    AmqpConnection(const AmqpConnection&) = delete;
    AmqpConnection& operator=(const AmqpConnection&) = delete;

    int socket_fd() const;

    // Publishes `event` as a persistent message (message_id = outbox id, its content type and
    // headers, timestamp, app_id) and returns its delivery tag; the confirm comes later. May
    // wait while the socket is full. Throws AmqpError.
    uint64_t send(const OutboxEvent& event);

    // Between cork(true) and cork(false), sent messages are packed into full TCP segments
    // instead of one (or more) per message.
    void cork(bool on);

    // Reads every frame the broker has sent so far, without waiting, and appends the
    // confirms. Throws AmqpError when the broker closed the connection or the channel, or the
    // connection broke.
    void read_available(std::vector<AmqpConfirm>& confirms);

    // Whether the broker asked publishers to pause (connection.blocked: a memory or disk
    // alarm), and why; sending now would wait until it lifts the block.
    bool blocked() const { return blocked_; }
    const std::string& blocked_reason() const { return blocked_reason_; }

  private:
    struct StateDeleter {
        void operator()(amqp_connection_state_t state) const;
    };

    void check_reply(const amqp_rpc_reply_t& reply, const char* step);
    // One frame that is not a confirm: throws for a close, notes (un)blocking.
    void handle_other_frame(const amqp_frame_t& frame);

    std::unique_ptr<amqp_connection_state_t_, StateDeleter> state_;
    bool usable_ = false;  // logged in; close politely on destruction
    uint64_t next_delivery_tag_ = 1;
    bool blocked_ = false;
    std::string blocked_reason_;
};

}  // namespace pg_resty
