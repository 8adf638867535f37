import CAMQP
import Logging

extension AMQPPublisher {
    /// On an idle connection: serves heartbeats and reads whatever the broker sent (late confirms,
    /// a connection.close), for at most ~10 ms. A dead connection is dropped, so `isConnected`
    /// turns false and the next `publish` reconnects.
    package func keepAlive() async {
        guard let connection, connection.isOpen else { return }
        let deadline = ContinuousClock.now + .milliseconds(10)
        do throws(AMQPError) {
            while let frame = try connection.waitFrame(timeout: deadline - .now) {
                if frame.frame_type == UInt8(AMQP_FRAME_METHOD),
                    [AMQP_BASIC_ACK_METHOD, AMQP_BASIC_NACK_METHOD].contains(frame.payload.method.id)
                {
                    continue  // the confirm of a batch that already gave up waiting
                }
                try connection.handleStrayFrame(frame, "keep-alive")
                if ContinuousClock.now >= deadline { break }
            }
            connection.releaseBuffers()
        } catch {
            logger.warning("AMQP publisher connection lost", metadata: ["amqp.error": "\(error)"])
        }
        if !connection.isOpen { self.connection = nil }
    }

    /// Closes channel and connection. Idempotent; later calls to `publish` or `connect` throw.
    /// The executor thread ends when the actor is released (deinit).
    package func close() {
        guard !closed else { return }
        closed = true
        connection?.close()
        connection = nil
        logger.info("AMQP publisher closed")
        // The executor thread stops in deinit, not here: a job enqueued after `shutdown()` never
        // runs, so a second close() or an `isConnected` read would hang.
    }
}
