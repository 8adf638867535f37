import CAMQP

/// Owns the C memory behind the `amqp_bytes_t`, `amqp_table_t` and `amqp_array_t` values handed to one
/// librabbitmq call, and frees it when the call is over. `amqp_cstring_bytes(swiftString)` would point
/// into a temporary that dies before the call; everything built here lives until `scoped` returns.
final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    private init() {}

    /// Runs `body` with a fresh arena and frees all it allocated afterwards.
    static func scoped<R, E: Error>(_ body: (CArena) throws(E) -> R) throws(E) -> R {
        let arena = CArena()
        defer { arena.release() }
        return try body(arena)
    }

    private func release() {
        for pointer in allocations { pointer.deallocate() }
        allocations.removeAll()
    }

    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(count, 1))
        allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    func bytes(_ value: some Collection<UInt8>) -> amqp_bytes_t {
        guard !value.isEmpty else { return amqp_bytes_t(len: 0, bytes: nil) }
        let pointer = allocate(UInt8.self, count: value.count)
        _ = UnsafeMutableBufferPointer(start: pointer, count: value.count).initialize(from: value)
        return amqp_bytes_t(len: value.count, bytes: UnsafeMutableRawPointer(pointer))
    }

    func bytes(_ string: String) -> amqp_bytes_t { bytes(string.utf8) }

    /// A NUL-terminated copy, for the `const char *` parameters (login, host).
    func cString(_ string: String) -> UnsafePointer<CChar> {
        let utf8 = Array(string.utf8CString)
        let pointer = allocate(CChar.self, count: utf8.count)
        pointer.initialize(from: utf8, count: utf8.count)
        return UnsafePointer(pointer)
    }

    func table(_ values: [String: AMQPFieldValue]) -> amqp_table_t {
        guard !values.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let entries = allocate(amqp_table_entry_t.self, count: values.count)
        // Sorted keys: the same headers always encode to the same bytes.
        for (index, key) in values.keys.sorted().enumerated() {
            (entries + index).initialize(to: amqp_table_entry_t(key: bytes(key), value: field(values[key]!)))
        }
        return amqp_table_t(num_entries: Int32(values.count), entries: entries)
    }

    func field(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        switch value {
        case .string(let string):
            field.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
            field.value.bytes = bytes(string)
        case .int(let int):
            field.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue)
            field.value.i64 = int
        case .bool(let bool):
            field.kind = UInt8(AMQP_FIELD_KIND_BOOLEAN.rawValue)
            field.value.boolean = bool ? 1 : 0
        case .array(let array):
            field.kind = UInt8(AMQP_FIELD_KIND_ARRAY.rawValue)
            let entries = allocate(amqp_field_value_t.self, count: array.count)
            for (index, element) in array.enumerated() { (entries + index).initialize(to: self.field(element)) }
            field.value.array = amqp_array_t(num_entries: Int32(array.count), entries: array.isEmpty ? nil : entries)
        case .table(let table):
            field.kind = UInt8(AMQP_FIELD_KIND_TABLE.rawValue)
            field.value.table = self.table(table)
        }
        return field
    }
}
