import CAMQP
import Logging

/// The one place where librabbitmq results become `AMQPError`s, and where the connection reacts to
/// them: a channel.close from the broker is acknowledged (channel.close-ok, so the channel number can be
/// reopened); a connection.close or any library error ends the connection (`isOpen` turns false).
extension AMQPConnection {
    /// Checks the reply of a synchronous RPC (`amqp_get_rpc_reply`, login, consume, read_message).
    func check(_ reply: amqp_rpc_reply_t, _ context: @autoclosure () -> String) throws(AMQPError) {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            throw closedByBroker(method: reply.reply, context())
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw libraryFailure(reply.library_error, context())
        default:
            drop()
            throw AMQPError(code: .protocolError, message: "\(context()): librabbitmq returned no reply")
        }
    }

    /// Checks a status code (`AMQP_STATUS_OK` or a negative `amqp_status_enum`).
    func check(status: Int32, _ context: @autoclosure () -> String) throws(AMQPError) {
        guard status < 0 else { return }
        throw libraryFailure(status, context())
    }

    /// A library error ends the connection: its state is unknown afterwards.
    private func libraryFailure(_ status: Int32, _ context: String) -> AMQPError {
        let text = String(cString: amqp_error_string2(status))
        drop()
        let protocolErrors: Set<Int32> = [
            AMQP_STATUS_BAD_AMQP_DATA.rawValue, AMQP_STATUS_UNKNOWN_CLASS.rawValue,
            AMQP_STATUS_UNKNOWN_METHOD.rawValue, AMQP_STATUS_WRONG_METHOD.rawValue,
            AMQP_STATUS_UNEXPECTED_STATE.rawValue, AMQP_STATUS_TABLE_TOO_BIG.rawValue,
            AMQP_STATUS_INVALID_PARAMETER.rawValue, AMQP_STATUS_INCOMPATIBLE_AMQP_VERSION.rawValue,
        ]
        let code: AMQPError.Code = protocolErrors.contains(status) ? .protocolError : .connectionLost
        return AMQPError(code: code, message: "\(context): \(text) (status \(status))")
    }

    /// Turns a channel.close / connection.close method (an RPC's server exception, or a frame read while
    /// waiting for confirms or deliveries) into an error, after answering it as the protocol requires.
    func closedByBroker(method: amqp_method_t, _ context: String) -> AMQPError {
        switch method.id {
        case AMQP_CHANNEL_CLOSE_METHOD:
            let close = method.decoded!.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            let text = String(amqpBytes: close.reply_text) ?? ""
            if let state {
                var ok = amqp_channel_close_ok_t()
                _ = amqp_send_method(state, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok)
            }
            channelOpen = false
            logger.warning(
                "AMQP channel closed by the broker", metadata: ["amqp.reply_code": "\(close.reply_code)", "amqp.reply_text": "\(text)"])
            return AMQPError(
                code: .channelClosed, message: "\(context): channel closed by the broker: \(text)",
                replyCode: Int(close.reply_code))
        case AMQP_CONNECTION_CLOSE_METHOD:
            let close = method.decoded!.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            let text = String(amqpBytes: close.reply_text) ?? ""
            if let state {
                var ok = amqp_connection_close_ok_t()
                _ = amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok)
            }
            drop()
            logger.warning(
                "AMQP connection closed by the broker", metadata: ["amqp.reply_code": "\(close.reply_code)", "amqp.reply_text": "\(text)"])
            return AMQPError(
                code: .connectionLost, message: "\(context): connection closed by the broker: \(text)",
                replyCode: Int(close.reply_code))
        default:
            drop()
            return AMQPError(
                code: .protocolError, message: "\(context): unexpected method 0x\(String(method.id, radix: 16))")
        }
    }

    /// Deals with a frame nobody asked for (a late confirm, a return, a close, a broker-side cancel).
    /// Throws when the frame ends the channel, the connection or the subscription.
    func handleStrayFrame(_ frame: amqp_frame_t, _ context: @autoclosure () -> String) throws(AMQPError) {
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { return }
        switch frame.payload.method.id {
        case AMQP_CHANNEL_CLOSE_METHOD, AMQP_CONNECTION_CLOSE_METHOD:
            throw closedByBroker(method: frame.payload.method, context())
        case AMQP_BASIC_RETURN_METHOD:
            let id = try readReturnedMessageID(channel: frame.channel)
            logger.warning("AMQP message returned outside a publish", metadata: ["message.id": "\(id ?? "-")"])
        case AMQP_BASIC_CANCEL_METHOD:
            // The broker cancelled the subscription (queue deleted, quorum leader moved): start over.
            drop()
            throw AMQPError(code: .connectionLost, message: "\(context()): the broker cancelled the consumer")
        default:
            logger.debug("AMQP frame ignored", metadata: ["amqp.method": "\(frame.payload.method.id)"])
        }
    }

    /// Reads the header and body that follow a basic.return and gives its message id.
    func readReturnedMessageID(channel: amqp_channel_t) throws(AMQPError) -> String? {
        guard let state else { throw Self.notConnected }
        var message = amqp_message_t()
        try check(amqp_read_message(state, channel, &message, 0), "reading a returned message")
        defer { amqp_destroy_message(&message) }
        guard message.properties._flags & UInt32(AMQP_BASIC_MESSAGE_ID_FLAG) != 0 else { return nil }
        return String(amqpBytes: message.properties.message_id)
    }
}
