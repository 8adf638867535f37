import CAMQP
import Logging

extension AMQPConsumer {
    /// basic.ack. A delivery from an earlier connection (`generation` differs) is ignored: its tag
    /// means nothing on the current connection, and the broker has requeued it already.
    ///
    /// With `multiple`, every delivery of this connection up to and including `delivery` that is still
    /// outstanding (neither acked nor rejected) is acked at once: one frame, and one settlement in the
    /// broker's queue, for a run of messages handled in order.
    package func ack(_ delivery: AMQPDelivery, multiple: Bool = false) async throws(AMQPError) {
        guard let (connection, state) = try connectionFor(delivery, "ack") else { return }
        if faults?.consume(.ackLost) == true {
            logger.warning("fault injected: ack lost, connection closed", metadata: ["message.id": "\(delivery.messageID ?? "-")"])
            lost(AMQPError(code: .injectedFault, message: "ack lost"))
            return
        }
        do throws(AMQPError) {
            try connection.check(
                status: amqp_basic_ack(state, connection.channel, delivery.deliveryTag, multiple ? 1 : 0), "basic.ack")
        } catch {
            lost(error)
            throw error
        }
    }

    /// basic.reject; with `requeue: false` the queue dead-letters (or drops) the message.
    package func reject(_ delivery: AMQPDelivery, requeue: Bool) async throws(AMQPError) {
        guard let (connection, state) = try connectionFor(delivery, "reject") else { return }
        do throws(AMQPError) {
            let status = amqp_basic_reject(state, connection.channel, delivery.deliveryTag, requeue ? 1 : 0)
            try connection.check(status: status, "basic.reject")
        } catch {
            lost(error)
            throw error
        }
    }

    /// The connection `delivery` came on and its state, `nil` when that connection is gone (stale
    /// generation), `.connectionLost` when it is the current generation but the connection just died.
    private func connectionFor(
        _ delivery: AMQPDelivery, _ operation: String
    ) throws(AMQPError) -> (AMQPConnection, amqp_connection_state_t)? {
        guard delivery.generation == generation else {
            logger.debug(
                "AMQP \(operation) skipped: delivery from an earlier connection",
                metadata: ["amqp.generation": "\(delivery.generation)", "amqp.current_generation": "\(generation)"])
            return nil
        }
        guard let connection, connection.isUsable, let state = connection.state else {
            throw AMQPError(code: .connectionLost, message: "\(operation): the connection of this delivery was lost")
        }
        return (connection, state)
    }

    /// basic.cancel: the broker stops sending new deliveries; those already received can still be
    /// acked or rejected. `next` then only drains what was already buffered and returns `nil`.
    package func cancel() async {
        guard let connection, connection.isUsable, let state = connection.state, let tag = consumerTag else { return }
        CArena.scoped { arena in _ = amqp_basic_cancel(state, connection.channel, arena.bytes(tag)) }
        do throws(AMQPError) {
            try connection.check(amqp_get_rpc_reply(state), "basic.cancel")
            consumerTag = nil
            logger.info("AMQP consumer cancelled")
        } catch {
            lost(error)
        }
    }

    /// Closes channel and connection (unacked deliveries go back to the queue). Idempotent; later
    /// calls to `next` or `connect` throw. The executor thread ends when the actor is released.
    package func close() {
        guard !closed else { return }
        closed = true
        connection?.close()
        connection = nil
        buffered.removeAll()  // unacked: the broker requeues them
        logger.info("AMQP consumer closed")
        // The executor thread stops in deinit, not here: a job enqueued after `shutdown()` never
        // runs, so a second close() or an `isConnected` read would hang.
    }
}
