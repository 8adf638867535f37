import CAMQP

extension AMQPConnection {
    /// Declares exchanges, then queues (with their arguments), then bindings. Idempotent on the broker;
    /// a declaration that contradicts an existing one closes the channel (406 PRECONDITION_FAILED).
    func declare(_ topology: AMQPTopology) throws(AMQPError) {
        guard let state else { throw Self.notConnected }
        for exchange in topology.exchanges where !Self.isPredeclared(exchange.name) {
            CArena.scoped { arena in
                _ = amqp_exchange_declare(
                    state, channel, arena.bytes(exchange.name), arena.bytes(exchange.type), exchange.passive ? 1 : 0,
                    exchange.durable ? 1 : 0, 0, 0, amqp_table_t(num_entries: 0, entries: nil))
            }
            try check(amqp_get_rpc_reply(state), "declaring exchange '\(exchange.name)' (\(exchange.type))")
        }
        for queue in topology.queues {
            _ = try declareQueue(queue.name, passive: false, durable: queue.durable, arguments: queue.arguments)
        }
        for binding in topology.bindings where !binding.exchange.isEmpty {
            CArena.scoped { arena in
                _ = amqp_queue_bind(
                    state, channel, arena.bytes(binding.queue), arena.bytes(binding.exchange),
                    arena.bytes(binding.routingKey), amqp_table_t(num_entries: 0, entries: nil))
            }
            try check(
                amqp_get_rpc_reply(state),
                "binding queue '\(binding.queue)' to '\(binding.exchange)' with '\(binding.routingKey)'")
        }
    }

    /// queue.declare; passive only checks that the queue exists. Returns (ready messages, consumers).
    func declareQueue(
        _ name: String, passive: Bool, durable: Bool = true, arguments: [String: AMQPFieldValue] = [:]
    ) throws(AMQPError) -> (messages: Int, consumers: Int) {
        guard let state, channelOpen else { throw Self.notConnected }
        let ok = CArena.scoped { arena in
            amqp_queue_declare(
                state, channel, arena.bytes(name), passive ? 1 : 0, durable ? 1 : 0, 0, 0, arena.table(arguments))
        }
        try check(amqp_get_rpc_reply(state), "declaring queue '\(name)'")
        guard let ok else { return (0, 0) }
        return (Int(ok.pointee.message_count), Int(ok.pointee.consumer_count))
    }

    /// The default exchange and `amq.*` exist on every broker and cannot be declared by clients.
    static func isPredeclared(_ exchange: String) -> Bool {
        exchange.isEmpty || exchange.hasPrefix("amq.")
    }
}
