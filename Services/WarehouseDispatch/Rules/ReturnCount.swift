import O2CContracts

/// The warehouse receives exactly the listed quantities of a return (DOMAIN.md "After-sales and returns":
/// 仓库按红字销售出库单收货). A count that differs in any way (short, extra, an sku not on the note) is a
/// discrepancy: nothing goes on hand until a recount matches or a sales_manager accepts what was counted.
struct ReturnCount: Sendable, Hashable {
    enum Outcome: Sendable, Hashable {
        /// The count is the note: receive it.
        case exact
        /// The count differs: record it and wait.
        case discrepancy([PickList.Difference])
    }

    /// What the reversing note lists.
    var listed: PickList

    func outcome(of counted: PickList) -> Outcome {
        let differences = listed.differences(picked: counted)
        return differences.isEmpty ? .exact : .discrepancy(differences)
    }

    /// A sales_manager's acceptance of a differing count: every accepted line is an sku of the note, at
    /// most what it lists (extra goods are refused, never taken in) and at most what was counted; and
    /// something is accepted. Returns the field problems, empty when it may be received.
    func acceptanceProblems(_ accepted: [(sku: String, quantity: Int)], counted: PickList) -> [RuleViolation.FieldError] {
        var problems: [RuleViolation.FieldError] = []
        for (index, line) in accepted.enumerated() {
            let field = "lines[\(index)].quantity"
            if listed[line.sku] == 0 {
                problems.append(
                    .init(field: "lines[\(index)].sku", message: "\(line.sku) is not on the return note: extra goods are refused"))
            } else if line.quantity > listed[line.sku] {
                problems.append(
                    .init(field: field, message: "at most the \(listed[line.sku]) listed on the return note: extra goods are refused"))
            } else if line.quantity > counted[line.sku] {
                problems.append(.init(field: field, message: "at most the \(counted[line.sku]) counted"))
            }
        }
        if problems.isEmpty, accepted.allSatisfy({ $0.quantity == 0 }) {
            problems.append(.init(field: "lines", message: "accepts nothing: recount instead"))
        }
        return problems
    }
}
