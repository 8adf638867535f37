import Foundation
import O2CContracts

extension ReturnSaga {
    /// Everything the saga has heard, each with when it happened.
    package struct Facts: Codable, Sendable, Hashable {
        package var requestedAt: Date?
        package var confirmation: Decision?
        package var inspection: Decision?
        package var approval: Decision?
        /// The step at which the return was refused, and by whom.
        package var rejection: Rejection?
        package var returnNote: Note?
        package var discrepancyAt: Date?
        package var receivedAt: Date?
        /// What the warehouse actually took back.
        package var received: [CountedLine]?
        package var replacementDispatch: Note?
        package var replacementDeliveredAt: Date?
        package var creditNote: CreditNote?
        package var closedAt: Date?
    }

    /// A person's decision at a step.
    package struct Decision: Codable, Sendable, Hashable {
        package var by: String
        package var comment: String?
        package var at: Date
    }

    package struct Rejection: Codable, Sendable, Hashable {
        /// `confirmation`, `inspection` or `approval`.
        package var step: String
        package var by: String
        package var comment: String?
        package var at: Date
    }

    /// A warehouse note (the reversing note, or the replacement's dispatch note) and when it was reported.
    package struct Note: Codable, Sendable, Hashable {
        package var id: String
        package var at: Date
    }

    package struct CreditNote: Codable, Sendable, Hashable {
        package var id: String
        package var amount: Money
        package var offset: Money
        package var refunded: Money
        package var at: Date
    }

    /// People's decisions (from after-sales' own routes) and the other services' facts.
    package enum Event: Codable, Sendable, Hashable {
        /// branch_manager's first review.
        case confirmed(by: String, comment: String?)
        case confirmationRejected(by: String, comment: String?)
        /// The technician's authentication of the goods.
        case inspected(genuine: Bool, by: String, notes: String?)
        /// sales_manager's decision on the return detail.
        case approved(by: String, comment: String?)
        case approvalRejected(by: String, comment: String?)
        case returnNoteIssued(noteId: String)
        case discrepancyFound
        case received(lines: [CountedLine], at: Date)
        case replacementDispatched(noteId: String, at: Date)
        case replacementDelivered(at: Date)
        case creditNoteIssued(creditNoteId: String, amount: Money, offset: Money, refunded: Money)
    }

    /// What the saga asks the other services to do, and the broadcasts it makes (`aftersales.*`).
    package enum Command: Sendable, Hashable {
        case announceRequested
        /// branch_manager confirmed the request (broadcast).
        case announceConfirmed(by: String)
        /// The technician found the goods genuine (broadcast; a counterfeit ends the return as rejected).
        case announceInspected(by: String, notes: String?)
        /// sales_manager approved: the warehouse issues the reversing note for these lines.
        case approveReturn(lines: [ReturnLine], approvedBy: String)
        case requestCreditNote(lines: [ReturnLine], amount: Money)
        case requestReplacement(lines: [ReturnLine])
        case close(outcome: String, reason: String?)
        case alertStepOverdue(step: String, dueAt: Date)

        /// The key under which it is sent once (`sent`): one overdue alert per step.
        var key: String {
            switch self {
            case .alertStepOverdue(let step, _): "\(name.rawValue):\(step)"
            case .announceRequested, .announceConfirmed, .announceInspected, .approveReturn, .requestCreditNote, .requestReplacement,
                .close:
                name.rawValue
            }
        }

        /// The command's row in the saga's table.
        package var name: CommandKey {
            switch self {
            case .announceRequested: .announceRequested
            case .announceConfirmed: .announceConfirmed
            case .announceInspected: .announceInspected
            case .approveReturn: .approveReturn
            case .requestCreditNote: .requestCreditNote
            case .requestReplacement: .requestReplacement
            case .close: .close
            case .alertStepOverdue: .alertStepOverdue
            }
        }
    }

    /// What was received, priced at the return's unit prices (skus not on the return are not credited).
    /// The counts of one sku add up, capped at Int.max (a sum past 1,000,000,000 is refused by `check`).
    package var receivedLines: [ReturnLine] {
        guard let received = facts.received else { return [] }
        return request.lines.compactMap { line in
            let quantity = received.filter { $0.sku == line.sku }.reduce(0) { sum, counted in
                let (total, overflow) = sum.addingReportingOverflow(counted.quantity)
                return overflow ? Int.max : total
            }
            return quantity > 0 ? ReturnLine(sku: line.sku, quantity: quantity, unitPrice: line.unitPrice) : nil
        }
    }

    /// The value of what came back: received quantity × unit price, summed; checked.
    package var receivedAmount: Money {
        get throws(RuleViolation) { try receivedLines.total(field: "received") }
    }

    /// The value of what was asked for; checked.
    package var requestedAmount: Money {
        get throws(RuleViolation) { try request.lines.total(field: "lines") }
    }

    /// Refuses an event after which what was asked for or what came back is beyond the bounds (a
    /// quantity past 1,000,000,000, an amount past 999,999,999,999.99).
    package func check(_ event: Event, at now: Date) throws(RuleViolation) {
        var next = self
        _ = next.on(event, at: now)
        if let line = next.receivedLines.first(where: { !Quantity.positive.contains($0.quantity) }) {
            throw .validation("received", "the counts of \(line.sku) add up to more than \(Quantity.maximum)")
        }
        _ = try next.requestedAmount
        _ = try next.receivedAmount
    }
}
