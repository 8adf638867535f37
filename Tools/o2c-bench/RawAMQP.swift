import CAMQP
import Foundation
import O2CAMQP

/// librabbitmq-c called directly, the baseline the adapter is measured against: one connection,
/// channel 1 in confirm mode, the same login settings and message properties as `AMQPPublisher`.
///
/// @unchecked Sendable: the benchmark hands it to one thread at a time (publish, then consume, each
/// awaited before the next starts), so the connection handle is never used concurrently.
final class RawAMQP: @unchecked Sendable {
    private let state: amqp_connection_state_t
    private let channel: amqp_channel_t = 1

    init(_ configuration: AMQPConfiguration) throws {
        guard let state = amqp_new_connection(), let socket = amqp_tcp_socket_new(state) else {
            throw BenchmarkError("raw: cannot create a connection")
        }
        self.state = state
        try check(amqp_socket_open(socket, configuration.host, Int32(configuration.port)), "socket open")
        try check(
            CAMQP_login_plain(
                state, configuration.vhost, 0, Int32(AMQP_DEFAULT_FRAME_SIZE), Int32(configuration.heartbeatSeconds),
                configuration.user, configuration.password), "login")
        amqp_channel_open(state, channel)
        try check(amqp_get_rpc_reply(state), "channel.open")
        amqp_confirm_select(state, channel)
        try check(amqp_get_rpc_reply(state), "confirm.select")
    }

    func close() {
        _ = amqp_channel_close(state, channel, AMQP_REPLY_SUCCESS)
        _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS)
        amqp_destroy_connection(state)
    }

    func declareQuorumQueue(_ name: String) throws {
        let key = "x-queue-type", value = "quorum"
        try key.withCString { keyPointer in
            try value.withCString { valuePointer in
                var entry = amqp_table_entry_t()
                entry.key = amqp_cstring_bytes(keyPointer)
                entry.value.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
                entry.value.value.bytes = amqp_cstring_bytes(valuePointer)
                try withUnsafeMutablePointer(to: &entry) { entries in
                    try name.withCString { queue in
                        _ = amqp_queue_declare(
                            state, channel, amqp_cstring_bytes(queue), 0, 1, 0, 0,
                            amqp_table_t(num_entries: 1, entries: entries))
                        try check(amqp_get_rpc_reply(state), "queue.declare")
                    }
                }
            }
        }
    }

    /// Publishes `messages` in batches of `batch`, waiting for all confirms of a batch before the next.
    func publish(messages: Int, batch: Int, queue: String, body: [UInt8]) throws {
        var tag: UInt64 = 0
        var sent = 0
        while sent < messages {
            let count = min(batch, messages - sent)
            for index in sent..<sent + count {
                let messageID = "m-\(index)"
                let status = queue.withCString { queuePointer in
                    messageID.withCString { idPointer in
                        "application/json".withCString { contentType in
                            body.withUnsafeBytes { bodyBytes in
                                var properties = amqp_basic_properties_t()
                                properties._flags = UInt32(
                                    AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG
                                        | AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_TIMESTAMP_FLAG)
                                properties.content_type = amqp_cstring_bytes(contentType)
                                properties.delivery_mode = 2
                                properties.message_id = amqp_cstring_bytes(idPointer)
                                properties.timestamp = UInt64(Date().timeIntervalSince1970)
                                return amqp_basic_publish(
                                    state, channel, amqp_bytes_t(len: 0, bytes: nil), amqp_cstring_bytes(queuePointer),
                                    1, 0, &properties,
                                    amqp_bytes_t(len: bodyBytes.count, bytes: UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress)))
                            }
                        }
                    }
                }
                try check(status, "basic.publish")
            }
            let lastTag = tag + UInt64(count)
            try awaitConfirms(through: lastTag, from: tag + 1)
            tag = lastTag
            sent += count
        }
    }

    private func awaitConfirms(through lastTag: UInt64, from firstTag: UInt64) throws {
        var settledThrough = firstTag - 1
        var single = Set<UInt64>()
        while settledThrough < lastTag {
            var frame = amqp_frame_t()
            try check(amqp_simple_wait_frame(state, &frame), "waiting for confirms")
            guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { continue }
            switch frame.payload.method.id {
            case AMQP_BASIC_ACK_METHOD:
                let ack = frame.payload.method.decoded!.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
                if ack.multiple != 0 { settledThrough = max(settledThrough, ack.delivery_tag) } else { single.insert(ack.delivery_tag) }
                while single.remove(settledThrough + 1) != nil { settledThrough += 1 }
            case AMQP_BASIC_NACK_METHOD, AMQP_BASIC_RETURN_METHOD, AMQP_CHANNEL_CLOSE_METHOD, AMQP_CONNECTION_CLOSE_METHOD:
                throw BenchmarkError("raw: unexpected method 0x\(String(frame.payload.method.id, radix: 16))")
            default:
                continue
            }
        }
        amqp_maybe_release_buffers(state)
    }

    /// Consumes `messages` with manual acks and a prefetch of `prefetch`.
    func consume(messages: Int, queue: String, prefetch: UInt16) throws {
        amqp_basic_qos(state, channel, 0, prefetch, 0)
        try check(amqp_get_rpc_reply(state), "basic.qos")
        try queue.withCString { queuePointer in
            _ = amqp_basic_consume(
                state, channel, amqp_cstring_bytes(queuePointer), amqp_bytes_t(len: 0, bytes: nil), 0, 0, 0,
                amqp_table_t(num_entries: 0, entries: nil))
            try check(amqp_get_rpc_reply(state), "basic.consume")
        }
        var timeout = CAMQP_timeval(10, 0)
        for received in 0..<messages {
            amqp_maybe_release_buffers(state)
            var envelope = amqp_envelope_t()
            let reply = amqp_consume_message(state, &envelope, &timeout, 0)
            guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
                throw BenchmarkError("raw consumer: only \(received) of \(messages) messages arrived")
            }
            let status = amqp_basic_ack(state, channel, envelope.delivery_tag, 0)
            amqp_destroy_envelope(&envelope)
            try check(status, "basic.ack")
        }
    }

    private func check(_ status: Int32, _ what: String) throws {
        guard status < 0 else { return }
        throw BenchmarkError("raw \(what): \(String(cString: amqp_error_string2(status)))")
    }

    private func check(_ reply: amqp_rpc_reply_t, _ what: String) throws {
        guard reply.reply_type != AMQP_RESPONSE_NORMAL else { return }
        throw BenchmarkError("raw \(what) failed (reply type \(reply.reply_type.rawValue), library error \(reply.library_error))")
    }
}
