import Foundation

/// A one-line failure: bad usage (exit 2) or a failed operation (exit 1).
struct CLIError: Error {
    var message: String
    var usage = false

    static func usage(_ message: String) -> CLIError { CLIError(message: message, usage: true) }
}

/// The command line, parsed by hand: positional words and `--name value` options in any order.
struct Arguments {
    private var words: [String]

    init(_ words: [String]) { self.words = words }

    /// The next positional word, if any (options are skipped over, not consumed).
    mutating func next() -> String? {
        var index = 0
        while index < words.count {
            if words[index].hasPrefix("--") { index += 2; continue }
            return words.remove(at: index)
        }
        return nil
    }

    mutating func positional(_ name: String) throws(CLIError) -> String {
        guard let value = next() else { throw .usage("missing <\(name)>") }
        return value
    }

    /// `--name value`; nil when absent.
    mutating func option(_ name: String) throws(CLIError) -> String? {
        guard let index = words.firstIndex(of: "--\(name)") else { return nil }
        guard index + 1 < words.count, !words[index + 1].hasPrefix("--") else { throw .usage("--\(name) needs a value") }
        let value = words[index + 1]
        words.removeSubrange(index...index + 1)
        return value
    }

    /// A flag without a value, e.g. `--all`.
    mutating func flag(_ name: String) -> Bool {
        guard let index = words.firstIndex(of: "--\(name)") else { return false }
        words.remove(at: index)
        return true
    }

    mutating func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(CLIError) -> Int {
        guard let text = try option(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw .usage("--\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got \"\(text)\"")
        }
        return number
    }

    /// Refuses words nobody asked for, so a typo is not silently ignored.
    func finish() throws(CLIError) {
        guard words.isEmpty else { throw .usage("unexpected argument(s): \(words.joined(separator: " "))") }
    }
}
