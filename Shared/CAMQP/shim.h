#ifndef O2C_CAMQP_SHIM_H
#define O2C_CAMQP_SHIM_H

/* rabbitmq-c 0.11 (Debian 12) ships flat headers; 0.12+ moved them under rabbitmq-c/. */
#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/tcp_socket.h>
#include <rabbitmq-c/framing.h>
#else
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_framing.h>
#endif
#include <sys/time.h>

/* amqp_login is variadic and so cannot be called from Swift. */
static inline amqp_rpc_reply_t CAMQP_login_plain(amqp_connection_state_t state, const char *vhost,
                                                 int channel_max, int frame_max, int heartbeat,
                                                 const char *user, const char *password) {
    return amqp_login(state, vhost, channel_max, frame_max, heartbeat,
                      AMQP_SASL_METHOD_PLAIN, user, password);
}

/* amqp_login_with_properties is variadic too: the client properties carry connection_name. */
static inline amqp_rpc_reply_t CAMQP_login_plain_with_properties(
    amqp_connection_state_t state, const char *vhost, int channel_max, int frame_max, int heartbeat,
    const amqp_table_t *properties, const char *user, const char *password) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max, heartbeat, properties,
                                      AMQP_SASL_METHOD_PLAIN, user, password);
}

/* Swift's MemberImportVisibility attributes struct timeval to whichever module imported <sys/time.h>
   first (CDispatch on Linux); building it here keeps Swift code off its members. */
static inline struct timeval CAMQP_timeval(long seconds, long microseconds) {
    struct timeval tv;
    tv.tv_sec = seconds;
    tv.tv_usec = microseconds;
    return tv;
}

#endif
