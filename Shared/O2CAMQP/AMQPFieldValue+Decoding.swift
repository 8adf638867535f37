import CAMQP

extension AMQPFieldValue {
    /// Decodes a field table received from the broker (headers of a delivery or a returned message).
    static func decode(_ table: amqp_table_t) -> [String: AMQPFieldValue] {
        guard table.num_entries > 0, let entries = table.entries else { return [:] }
        var result: [String: AMQPFieldValue] = [:]
        result.reserveCapacity(Int(table.num_entries))
        for entry in UnsafeBufferPointer(start: entries, count: Int(table.num_entries)) {
            guard let key = String(amqpBytes: entry.key), let value = decode(entry.value) else { continue }
            result[key] = value
        }
        return result
    }

    /// Decodes one field value; `nil` for kinds the adapter does not carry (floats, decimals, void).
    static func decode(_ field: amqp_field_value_t) -> AMQPFieldValue? {
        switch UInt32(field.kind) {
        case AMQP_FIELD_KIND_UTF8.rawValue, AMQP_FIELD_KIND_BYTES.rawValue:
            return String(amqpBytes: field.value.bytes).map { .string($0) }
        case AMQP_FIELD_KIND_BOOLEAN.rawValue: return .bool(field.value.boolean != 0)
        case AMQP_FIELD_KIND_I8.rawValue: return .int(Int64(field.value.i8))
        case AMQP_FIELD_KIND_U8.rawValue: return .int(Int64(field.value.u8))
        case AMQP_FIELD_KIND_I16.rawValue: return .int(Int64(field.value.i16))
        case AMQP_FIELD_KIND_U16.rawValue: return .int(Int64(field.value.u16))
        case AMQP_FIELD_KIND_I32.rawValue: return .int(Int64(field.value.i32))
        case AMQP_FIELD_KIND_U32.rawValue: return .int(Int64(field.value.u32))
        case AMQP_FIELD_KIND_I64.rawValue: return .int(field.value.i64)
        case AMQP_FIELD_KIND_U64.rawValue, AMQP_FIELD_KIND_TIMESTAMP.rawValue:
            return .int(Int64(truncatingIfNeeded: field.value.u64))
        case AMQP_FIELD_KIND_TABLE.rawValue: return .table(decode(field.value.table))
        case AMQP_FIELD_KIND_ARRAY.rawValue:
            let array = field.value.array
            guard array.num_entries > 0, let entries = array.entries else { return .array([]) }
            return .array(UnsafeBufferPointer(start: entries, count: Int(array.num_entries)).compactMap(decode))
        default: return nil
        }
    }
}

extension String {
    /// A copy of the bytes as UTF-8 text; `nil` when they are not valid UTF-8.
    init?(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let base = bytes.bytes else {
            self = ""
            return
        }
        let buffer = UnsafeRawBufferPointer(start: base, count: bytes.len)
        self.init(validating: buffer, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// A copy of the bytes (the C buffer belongs to librabbitmq's pool and is reused).
    init(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let base = bytes.bytes else {
            self = []
            return
        }
        self.init(UnsafeRawBufferPointer(start: base, count: bytes.len))
    }
}
