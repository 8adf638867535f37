/// A value in an AMQP field table (message headers, queue arguments, client properties).
///
/// Decoding maps every integer kind (and timestamps) to `.int`, byte strings that are UTF-8 to
/// `.string`, and nested arrays and tables (such as RabbitMQ's `x-death`) recursively; floats,
/// decimals and void are dropped.
public indirect enum AMQPFieldValue: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case array([AMQPFieldValue])
    case table([String: AMQPFieldValue])
}

extension AMQPFieldValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AMQPFieldValue {
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
    public var arrayValue: [AMQPFieldValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
    public var tableValue: [String: AMQPFieldValue]? {
        if case .table(let value) = self { return value }
        return nil
    }
}
