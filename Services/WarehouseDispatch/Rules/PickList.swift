import O2CContracts

/// Quantities per sku (a note's lines, a pick, an approval), merged and without zero lines, so that two
/// lists compare equal exactly when they ask for the same goods (DOMAIN.md "Dispatch" 2–3).
struct PickList: Sendable, Hashable {
    private(set) var quantities: [String: Int]

    /// Lines of input (a request, a message): the lines of one sku add up, and their sum must stay
    /// within 0...1,000,000,000, else a refusal naming the line that went past (`lines[1].quantity`).
    init(_ lines: [(sku: String, quantity: Int)], field: String = "lines") throws(RuleViolation) {
        var merged: [String: Int] = [:]
        for (index, line) in lines.enumerated() {
            merged[line.sku] = try Quantity.adding(merged[line.sku] ?? 0, line.quantity, field: "\(field)[\(index)].quantity")
        }
        quantities = merged.filter { $0.value != 0 }
    }

    /// Lines with one line per sku (a stored note: the key of its lines is the sku), so nothing adds up.
    init(stored lines: [(sku: String, quantity: Int)]) {
        quantities = Dictionary(lines, uniquingKeysWith: { first, _ in first }).filter { $0.value != 0 }
    }

    var skus: [String] { quantities.keys.sorted() }
    subscript(sku: String) -> Int { quantities[sku] ?? 0 }
    var sortedLines: [(sku: String, quantity: Int)] { skus.map { ($0, self[$0]) } }
    /// The lines as the events carry them (a delivery, a return's count), sorted by sku.
    var countedLines: [CountedLine] { sortedLines.map { CountedLine(sku: $0.sku, quantity: $0.quantity) } }

    /// One line where the pick differs from the note.
    struct Difference: Sendable, Hashable, CustomStringConvertible {
        enum Kind: String, Sendable { case shortage, extra, substitution }
        var sku: String
        var ordered: Int
        var picked: Int
        var kind: Kind { ordered == 0 ? .substitution : (picked < ordered ? .shortage : .extra) }
        var description: String { "\(sku): note \(ordered), picked \(picked) (\(kind.rawValue))" }
    }

    /// Every sku whose picked quantity differs from the note's (单品不足、更换品相、增加发货量).
    func differences(picked: PickList) -> [Difference] {
        Set(quantities.keys).union(picked.quantities.keys).sorted().compactMap { sku in
            self[sku] == picked[sku] ? nil : Difference(sku: sku, ordered: self[sku], picked: picked[sku])
        }
    }

    /// The pick is allowed when it is exactly the note, or exactly what a sales approval allowed.
    func checkPick(_ picked: PickList, approved: PickList?) throws(RuleViolation) {
        let differences = differences(picked: picked)
        guard !differences.isEmpty, picked != approved else { return }
        throw RuleViolation(
            code: .approvalRequired,
            detail: "the pick differs from the dispatch note and needs a sales_manager's discrepancy approval: "
                + differences.map(\.description).joined(separator: "; "))
    }
}
