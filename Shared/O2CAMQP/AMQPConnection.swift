import CAMQP
import Foundation
import Logging

/// One librabbitmq connection and its channel 1.
///
/// Not thread-safe and deliberately not `Sendable`: exactly one actor owns each instance and uses it
/// only on that actor's `DedicatedThreadExecutor`, so the blocking C calls never run on the
/// cooperative pool and the handle is never touched by two threads. Every C result goes through
/// `check(_:_:)` (AMQPConnection+Errors.swift).
final class AMQPConnection {
    let channel: amqp_channel_t = 1
    private(set) var state: amqp_connection_state_t?
    var channelOpen = false
    let logger: Logger
    /// The broker this connection went to.
    let endpoint: AMQPConfiguration.Endpoint

    /// The TCP connection is up (the channel may have been closed by the broker).
    var isOpen: Bool { state != nil }
    /// Connection and channel are both usable.
    var isUsable: Bool { state != nil && channelOpen }

    private init(state: amqp_connection_state_t, endpoint: AMQPConfiguration.Endpoint, logger: Logger) {
        self.state = state
        self.endpoint = endpoint
        self.logger = logger
    }

    deinit { drop() }

    /// Connects to the configuration's brokers in turn, from the one at `start` (wrapping around),
    /// and returns the first connection that logs in with the index of its endpoint. Each address is
    /// tried once: when none answers it throws `.connectionFailed` naming every failure, and the caller
    /// backs off before the next round.
    static func openFirstAvailable(
        _ configuration: AMQPConfiguration, startingAt start: Int, logger: Logger
    ) throws(AMQPError) -> (connection: AMQPConnection, index: Int) {
        let endpoints = configuration.endpoints
        var failures: [String] = []
        for offset in endpoints.indices {
            let index = (start + offset) % endpoints.count
            do throws(AMQPError) {
                return (try open(configuration, endpoint: endpoints[index], logger: logger), index)
            } catch {
                guard endpoints.count > 1 else { throw error }
                failures.append("\(endpoints[index]): \(error.message)")
                // A refused login is the same on every node: trying the others would only hide it.
                if error.replyCode == 403 { break }
            }
        }
        throw AMQPError(code: .connectionFailed, message: "no broker answered (\(failures.joined(separator: "; ")))")
    }

    /// Opens the TCP connection to `endpoint` and logs in. Throws `.connectionFailed`.
    static func open(
        _ configuration: AMQPConfiguration, endpoint: AMQPConfiguration.Endpoint, logger: Logger
    ) throws(AMQPError) -> AMQPConnection {
        guard let state = amqp_new_connection() else {
            throw AMQPError(code: .connectionFailed, message: "amqp_new_connection failed (out of memory)")
        }
        let connection = AMQPConnection(state: state, endpoint: endpoint, logger: logger)
        do throws(AMQPError) {
            try connection.connectSocket(configuration)
            try connection.login(configuration)
        } catch {
            connection.drop()
            throw error.withCode(.connectionFailed)
        }
        return connection
    }

    private func connectSocket(_ configuration: AMQPConfiguration) throws(AMQPError) {
        guard let state, let socket = amqp_tcp_socket_new(state) else {
            throw AMQPError(code: .connectionFailed, message: "amqp_tcp_socket_new failed")
        }
        var timeout = timeval(configuration.connectTimeout)
        let status = amqp_socket_open_noblock(socket, endpoint.host, Int32(endpoint.port), &timeout)
        try check(status: status, "TCP connect to \(endpoint)")
        // Bounds every synchronous RPC (login, declare, qos, close) so a dying broker cannot hang us.
        _ = amqp_set_handshake_timeout(state, &timeout)
        _ = amqp_set_rpc_timeout(state, &timeout)
    }

    private func login(_ configuration: AMQPConfiguration) throws(AMQPError) {
        guard let state else { throw Self.notConnected }
        let reply = CArena.scoped { arena in
            var properties = arena.table(["connection_name": .string(configuration.connectionName)])
            return CAMQP_login_plain_with_properties(
                state, arena.cString(configuration.vhost), 0, Int32(AMQP_DEFAULT_FRAME_SIZE),
                Int32(configuration.heartbeatSeconds), &properties, arena.cString(configuration.user),
                arena.cString(configuration.password))
        }
        try check(reply, "login as '\(configuration.user)' to \(endpoint) vhost \(configuration.vhost)")
    }

    /// Opens channel 1, in confirm mode for publishers.
    func openChannel(confirm: Bool) throws(AMQPError) {
        guard let state else { throw Self.notConnected }
        amqp_channel_open(state, channel)
        try check(amqp_get_rpc_reply(state), "channel.open")
        channelOpen = true
        if confirm {
            amqp_confirm_select(state, channel)
            try check(amqp_get_rpc_reply(state), "confirm.select")
        }
    }

    /// Publishes one message (basic.publish); the confirm arrives later as a frame.
    func publish(_ message: AMQPOutgoingMessage) throws(AMQPError) {
        guard let state, channelOpen else { throw Self.notConnected }
        let status = CArena.scoped { arena in
            var properties = message.properties(in: arena)
            return amqp_basic_publish(
                state, channel, arena.bytes(message.exchange), arena.bytes(message.routingKey),
                message.mandatory ? 1 : 0, 0, &properties, arena.bytes(message.body))
        }
        try check(status: status, "basic.publish of message \(message.messageID)")
    }

    /// The next frame, or `nil` when none arrives within `timeout`. Heartbeats are sent and
    /// received inside librabbitmq while it waits.
    func waitFrame(timeout: Duration) throws(AMQPError) -> amqp_frame_t? {
        guard let state else { throw Self.notConnected }
        var frame = amqp_frame_t()
        var tv = timeval(max(timeout, .zero))
        let status = amqp_simple_wait_frame_noblock(state, &frame, &tv)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        try check(status: status, "waiting for a frame")
        return frame
    }

    /// Lets librabbitmq reuse its decoding buffers (call between operations, never while a decoded
    /// frame is still being read).
    func releaseBuffers() {
        if let state { amqp_maybe_release_buffers(state) }
    }

    /// Fault injection: shuts the socket down under librabbitmq, as a network failure would.
    func shutdownSocket() {
        guard let state else { return }
        let fd = amqp_get_sockfd(state)
        if fd >= 0 { _ = Foundation.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// Closes channel and connection politely (bounded by a 1 s RPC timeout), then frees the handle.
    func close() {
        guard let state else { return }
        var timeout = timeval(.seconds(1))
        _ = amqp_set_rpc_timeout(state, &timeout)
        if channelOpen { _ = amqp_channel_close(state, channel, AMQP_REPLY_SUCCESS) }
        _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS)
        drop()
    }

    /// Frees the handle without a close handshake (after the connection broke).
    func drop() {
        guard let state else { return }
        amqp_destroy_connection(state)
        self.state = nil
        channelOpen = false
    }

    static let notConnected = AMQPError(code: .connectionLost, message: "not connected to the broker")
}

extension timeval {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = CAMQP_timeval(Int(seconds), Int(attoseconds / 1_000_000_000_000))
    }
}
