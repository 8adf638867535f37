import Foundation

/// A statement and its parameters, built by string interpolation (postgres-nio's `PostgresQuery` is the
/// model): an interpolated value becomes a `$n` placeholder with the value bound to it, never text in the
/// statement; an identifier is named explicitly (`\(identifier: schema)`) and quoted; a fragment built the
/// same way splices in with its parameters renumbered.
///
///     let sql: SQL = "select status from \(identifier: schema).orders where id = \(orderID)"
///     // text: select status from "orders".orders where id = $1, binds: [orderID]
package struct SQL: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement with `$1`, `$2`, … placeholders.
    package private(set) var text: String
    /// The values bound to the placeholders, in order.
    package private(set) var binds: [any PostgresBindable]

    package init(stringLiteral value: String) {
        text = value
        binds = []
    }

    package init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.text
        binds = stringInterpolation.binds
    }

    package var description: String { text }

    /// This statement followed by `other`, whose placeholders are renumbered after this one's.
    package static func + (lhs: SQL, rhs: SQL) -> SQL {
        var interpolation = StringInterpolation(literalCapacity: 0, interpolationCount: 0)
        interpolation.appendInterpolation(lhs)
        interpolation.appendInterpolation(rhs)
        return SQL(stringInterpolation: interpolation)
    }

    package static func += (lhs: inout SQL, rhs: SQL) { lhs = lhs + rhs }

    /// `parts` with `separator` between them (`and`, `,`), e.g. the filters of a list query.
    package static func joined(_ parts: [SQL], separator: String) -> SQL {
        var interpolation = StringInterpolation(literalCapacity: 0, interpolationCount: 0)
        for (index, part) in parts.enumerated() {
            if index > 0 { interpolation.appendLiteral(separator) }
            interpolation.appendInterpolation(part)
        }
        return SQL(stringInterpolation: interpolation)
    }

    package struct StringInterpolation: StringInterpolationProtocol {
        var text = ""
        var binds: [any PostgresBindable] = []

        package init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        package mutating func appendLiteral(_ literal: String) { text += literal }

        /// A parameter: `$n` in the text, the value bound to it.
        package mutating func appendInterpolation(_ value: any PostgresBindable) {
            binds.append(value)
            text += "$\(binds.count)"
        }

        /// A parameter cast to a type the server cannot infer, e.g. `\(headers, as: "jsonb")` → `$3::jsonb`.
        package mutating func appendInterpolation(_ value: any PostgresBindable, as type: StaticString) {
            appendInterpolation(value)
            text += "::\(type)"
        }

        /// A schema, table or column name, double-quoted (a `"` inside is doubled).
        package mutating func appendInterpolation(identifier: String) {
            text += "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }

        /// A fragment built the same way; its placeholders are renumbered to follow this statement's.
        package mutating func appendInterpolation(_ fragment: SQL) {
            let offset = binds.count
            binds.append(contentsOf: fragment.binds)
            guard offset > 0 else {
                text += fragment.text
                return
            }
            text += Self.renumbered(fragment.text, by: offset)
        }

        /// Statement text chosen by the code itself (a column list, a sort direction, `asc`/`desc`),
        /// never a value from a request or a message.
        package mutating func appendInterpolation(unescaped fragment: StaticString) {
            text += "\(fragment)"
        }

        /// Shifts every `$n` outside quotes by `offset`.
        static func renumbered(_ text: String, by offset: Int) -> String {
            var out = ""
            out.reserveCapacity(text.count + 8)
            var quote: Character? = nil
            var index = text.startIndex
            while index < text.endIndex {
                let character = text[index]
                if let open = quote {
                    if character == open { quote = nil }
                    out.append(character)
                    index = text.index(after: index)
                    continue
                }
                if character == "'" || character == "\"" {
                    quote = character
                    out.append(character)
                    index = text.index(after: index)
                    continue
                }
                if character == "$" {
                    var end = text.index(after: index)
                    while end < text.endIndex, let digit = text[end].wholeNumberValue, digit >= 0 { end = text.index(after: end) }
                    if end > text.index(after: index), let number = Int(text[text.index(after: index)..<end]),
                        case (let shifted, false) = number.addingReportingOverflow(offset)
                    {
                        out += "$\(shifted)"
                        index = end
                        continue
                    }
                }
                out.append(character)
                index = text.index(after: index)
            }
            return out
        }
    }
}
