#include "amqp/amqp_connection.hpp"

#include <amqp_tcp_socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <optional>
#include <string>

#include "amqp/field_table.hpp"
#include "events/event_checks.hpp"

namespace pg_resty {

namespace {

constexpr amqp_channel_t kChannel = 1;
constexpr int kFrameMax = 131072;
timeval to_timeval(std::chrono::milliseconds ms) {
    timeval tv;
    tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
    return tv;
}

amqp_bytes_t bytes_of(const std::string& text) {
    amqp_bytes_t bytes;
    bytes.len = text.size();
    bytes.bytes = const_cast<char*>(text.data());
    return bytes;
}

std::string text_of(const amqp_bytes_t& bytes) {
    return std::string(static_cast<const char*>(bytes.bytes), bytes.len);
}

std::string library_error(int status) {
    return amqp_error_string2(status);
}

// "NOT_FOUND - no exchange 'x' in vhost '/' (404)"
std::string close_reason(const amqp_method_t& method) {
    if (method.id == AMQP_CONNECTION_CLOSE_METHOD) {
        const auto* close = static_cast<const amqp_connection_close_t*>(method.decoded);
        return text_of(close->reply_text) + " (" + std::to_string(close->reply_code) + ")";
    }
    if (method.id == AMQP_CHANNEL_CLOSE_METHOD) {
        const auto* close = static_cast<const amqp_channel_close_t*>(method.decoded);
        return text_of(close->reply_text) + " (" + std::to_string(close->reply_code) + ")";
    }
    return "unexpected method " + std::to_string(method.id);
}

}  // namespace

void AmqpConnection::StateDeleter::operator()(amqp_connection_state_t state) const {
    amqp_destroy_connection(state);
}

AmqpConnection::AmqpConnection(const AmqpUrl& url, std::chrono::milliseconds timeout)
    : state_(amqp_new_connection()) {
    if (!state_) {
        throw AmqpError("out of memory creating an AMQP connection");
    }
    amqp_socket_t* socket = amqp_tcp_socket_new(state_.get());  // owned by the connection
    if (socket == nullptr) {
        throw AmqpError("out of memory creating an AMQP socket");
    }
    timeval tv = to_timeval(timeout);
    amqp_set_handshake_timeout(state_.get(), &tv);
    amqp_set_rpc_timeout(state_.get(), &tv);
    const int status = amqp_socket_open_noblock(socket, url.host.c_str(), url.port, &tv);
    if (status != AMQP_STATUS_OK) {
        // rabbitmq-c keeps the socket's own error to itself ("a socket error occurred").
        throw AmqpError("TCP connection to " + url.host + ":" + std::to_string(url.port) +
                        " failed (" + library_error(status) + ")");
    }
    // No heartbeats (see the class comment), so an idle connection is only noticed when it
    // breaks; TCP keepalive covers a peer that vanished without a word.
    const int on = 1;
    setsockopt(amqp_get_sockfd(state_.get()), SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);

    // The broker tells a client that announces connection.blocked when an alarm blocks
    // publishing, instead of just no longer reading from its socket.
    amqp_table_entry_t capabilities[2];
    capabilities[0].key = amqp_cstring_bytes("connection.blocked");
    capabilities[0].value.kind = AMQP_FIELD_KIND_BOOLEAN;
    capabilities[0].value.value.boolean = 1;
    capabilities[1].key = amqp_cstring_bytes("authentication_failure_close");
    capabilities[1].value.kind = AMQP_FIELD_KIND_BOOLEAN;
    capabilities[1].value.value.boolean = 1;
    amqp_table_entry_t property[2];
    property[0].key = amqp_cstring_bytes("connection_name");
    property[0].value.kind = AMQP_FIELD_KIND_UTF8;
    property[0].value.value.bytes = amqp_cstring_bytes("pg_resty amqp worker");
    property[1].key = amqp_cstring_bytes("capabilities");
    property[1].value.kind = AMQP_FIELD_KIND_TABLE;
    property[1].value.value.table.num_entries = 2;
    property[1].value.value.table.entries = capabilities;
    amqp_table_t properties;
    properties.num_entries = 2;
    properties.entries = property;
    check_reply(
        amqp_login_with_properties(state_.get(), url.vhost.c_str(), 1, kFrameMax, 0, &properties,
                                   AMQP_SASL_METHOD_PLAIN, url.user.c_str(), url.password.c_str()),
        "login");
    usable_ = true;
    amqp_channel_open(state_.get(), kChannel);
    check_reply(amqp_get_rpc_reply(state_.get()), "opening a channel");
    amqp_confirm_select(state_.get(), kChannel);
    check_reply(amqp_get_rpc_reply(state_.get()), "selecting publisher confirms");
}

AmqpConnection::~AmqpConnection() {
    if (usable_) {
        // Bounded by the RPC timeout; the state (and socket) go with state_ right after.
        (void)amqp_connection_close(state_.get(), AMQP_REPLY_SUCCESS);
    }
}

int AmqpConnection::socket_fd() const {
    return amqp_get_sockfd(state_.get());
}

void AmqpConnection::check_reply(const amqp_rpc_reply_t& reply, const char* step) {
    switch (reply.reply_type) {
        case AMQP_RESPONSE_NORMAL:
            return;
        case AMQP_RESPONSE_NONE:
            usable_ = false;
            throw AmqpError(std::string(step) + " failed: no reply from the broker");
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            usable_ = false;
            throw AmqpError(std::string(step) + " failed: " + library_error(reply.library_error));
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            usable_ = false;
            throw AmqpError(std::string(step) +
                            " refused by the broker: " + close_reason(reply.reply));
    }
    usable_ = false;
    throw AmqpError(std::string(step) + " failed");
}

void AmqpConnection::handle_other_frame(const amqp_frame_t& frame) {
    if (frame.frame_type != AMQP_FRAME_METHOD) {
        return;  // heartbeats and stray content: nothing to do
    }
    const amqp_method_t& method = frame.payload.method;
    if (method.id == AMQP_CONNECTION_BLOCKED_METHOD) {
        const auto* block = static_cast<const amqp_connection_blocked_t*>(method.decoded);
        blocked_ = true;
        blocked_reason_ = text_of(block->reason);
        return;
    }
    if (method.id == AMQP_CONNECTION_UNBLOCKED_METHOD) {
        blocked_ = false;
        blocked_reason_.clear();
        return;
    }
    if (method.id == AMQP_CONNECTION_CLOSE_METHOD) {
        amqp_connection_close_ok_t ok{};
        (void)amqp_send_method(state_.get(), 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
        usable_ = false;
        throw AmqpError("the broker closed the connection: " + close_reason(method));
    }
    if (method.id == AMQP_CHANNEL_CLOSE_METHOD) {
        amqp_channel_close_ok_t ok{};
        (void)amqp_send_method(state_.get(), frame.channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
        throw AmqpError("the broker closed the channel: " + close_reason(method));
    }
}

uint64_t AmqpConnection::send(const OutboxEvent& event) {
    static const std::string kAppId = "pg_resty";
    const std::string message_id = std::to_string(event.id);
    JsonValue headers;
    std::optional<FieldTable> table;
    if (event.headers_json) {
        try {
            headers = parse_event_headers(*event.headers_json);
            table.emplace(headers);
        } catch (const EventError&) {
            // publish() checked them; a row written by hand may still hold anything.
        }
    }
    amqp_basic_properties_t props{};
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG |
                   AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_TIMESTAMP_FLAG | AMQP_BASIC_APP_ID_FLAG;
    props.content_type = bytes_of(event.content_type);
    props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
    props.message_id = bytes_of(message_id);
    props.timestamp = static_cast<uint64_t>(event.created_at);
    props.app_id = bytes_of(kAppId);
    if (table) {
        props._flags |= AMQP_BASIC_HEADERS_FLAG;
        props.headers = table->table();
    }
    const int status =
        amqp_basic_publish(state_.get(), kChannel, bytes_of(event.exchange),
                           bytes_of(event.routing_key), 0, 0, &props, bytes_of(event.payload));
    if (status != AMQP_STATUS_OK) {
        usable_ = false;
        throw AmqpError("publishing failed: " + library_error(status));
    }
    return next_delivery_tag_++;
}

void AmqpConnection::cork(bool on) {
    const int value = on ? 1 : 0;
    setsockopt(amqp_get_sockfd(state_.get()), IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

void AmqpConnection::read_available(std::vector<AmqpConfirm>& confirms) {
    for (;;) {
        timeval tv{0, 0};
        amqp_frame_t frame;
        const int status = amqp_simple_wait_frame_noblock(state_.get(), &frame, &tv);
        if (status == AMQP_STATUS_TIMEOUT) {
            if (!amqp_frames_enqueued(state_.get()) && !amqp_data_in_buffer(state_.get())) {
                amqp_maybe_release_buffers(state_.get());
            }
            return;
        }
        if (status != AMQP_STATUS_OK) {
            usable_ = false;
            throw AmqpError("connection lost: " + library_error(status));
        }
        if (frame.frame_type == AMQP_FRAME_METHOD &&
            frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
            const auto* ack = static_cast<const amqp_basic_ack_t*>(frame.payload.method.decoded);
            confirms.push_back({ack->delivery_tag, ack->multiple != 0, true});
        } else if (frame.frame_type == AMQP_FRAME_METHOD &&
                   frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
            const auto* nack = static_cast<const amqp_basic_nack_t*>(frame.payload.method.decoded);
            confirms.push_back({nack->delivery_tag, nack->multiple != 0, false});
        } else {
            handle_other_frame(frame);
        }
    }
}

}  // namespace pg_resty
