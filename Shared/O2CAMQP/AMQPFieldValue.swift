/// A value in an AMQP field table (message headers, queue arguments, client properties).
///
/// Decoding maps every integer kind (and timestamps) to `.int`, byte strings that are UTF-8 to
/// `.string`, and nested arrays and tables (such as RabbitMQ's `x-death`) recursively; floats,
/// decimals and void are dropped.
package indirect enum AMQPFieldValue: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case array([AMQPFieldValue])
    case table([String: AMQPFieldValue])
}

extension AMQPFieldValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int64) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AMQPFieldValue {
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
    package var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
    package var arrayValue: [AMQPFieldValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
    package var tableValue: [String: AMQPFieldValue]? {
        if case .table(let value) = self { return value }
        return nil
    }
}
