/* The baseline of bench/amqp.sh: a plain rabbitmq-c publisher, no database, publishing
 * persistent messages to amq.topic with publisher confirms, waiting for the confirms after
 * every `confirm_every` messages. Prints "BASELINE messages=N seconds=S rate=R".
 *
 *   amqp_baseline <port> <routing key> <messages> <payload bytes> <confirm every>
 */
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die_on_reply(amqp_rpc_reply_t reply, const char* step) {
    if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
        fprintf(stderr, "amqp_baseline: %s failed (reply type %d)\n", step, reply.reply_type);
        exit(1);
    }
}

int main(int argc, char** argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s port routing_key messages payload_bytes confirm_every\n",
                argv[0]);
        return 2;
    }
    const int port = atoi(argv[1]);
    const char* routing_key = argv[2];
    const long messages = atol(argv[3]);
    const size_t payload_bytes = (size_t)atol(argv[4]);
    const long confirm_every = atol(argv[5]);

    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t* socket = amqp_tcp_socket_new(conn);
    if (amqp_socket_open(socket, "127.0.0.1", port) != AMQP_STATUS_OK) {
        fprintf(stderr, "amqp_baseline: cannot connect\n");
        return 1;
    }
    die_on_reply(amqp_login(conn, "/", 1, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest"),
                 "login");
    amqp_channel_open(conn, 1);
    die_on_reply(amqp_get_rpc_reply(conn), "channel.open");
    amqp_confirm_select(conn, 1);
    die_on_reply(amqp_get_rpc_reply(conn), "confirm.select");

    char* payload = malloc(payload_bytes + 1);
    memset(payload, 'x', payload_bytes);
    amqp_bytes_t body = {payload_bytes, payload};
    amqp_basic_properties_t props;
    memset(&props, 0, sizeof props);
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
    props.content_type = amqp_cstring_bytes("text/plain");
    props.delivery_mode = AMQP_DELIVERY_PERSISTENT;

    const double start = now_seconds();
    uint64_t sent = 0;
    uint64_t confirmed = 0;
    while (confirmed < (uint64_t)messages) {
        const uint64_t target = sent + (uint64_t)confirm_every < (uint64_t)messages
                                    ? sent + (uint64_t)confirm_every
                                    : (uint64_t)messages;
        for (; sent < target; ++sent) {
            if (amqp_basic_publish(conn, 1, amqp_cstring_bytes("amq.topic"),
                                   amqp_cstring_bytes(routing_key), 0, 0, &props,
                                   body) != AMQP_STATUS_OK) {
                fprintf(stderr, "amqp_baseline: publish failed\n");
                return 1;
            }
        }
        while (confirmed < sent) {
            amqp_frame_t frame;
            if (amqp_simple_wait_frame(conn, &frame) != AMQP_STATUS_OK) {
                fprintf(stderr, "amqp_baseline: connection lost\n");
                return 1;
            }
            if (frame.frame_type == AMQP_FRAME_METHOD &&
                (frame.payload.method.id == AMQP_BASIC_ACK_METHOD ||
                 frame.payload.method.id == AMQP_BASIC_NACK_METHOD)) {
                const amqp_basic_ack_t* ack = frame.payload.method.decoded;
                confirmed = ack->multiple ? ack->delivery_tag : confirmed + 1;
            }
        }
        amqp_maybe_release_buffers(conn);
    }
    const double seconds = now_seconds() - start;
    printf("BASELINE messages=%ld seconds=%.3f rate=%.0f\n", messages, seconds,
           (double)messages / seconds);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
    free(payload);
    return 0;
}
