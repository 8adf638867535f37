import Foundation
import O2CContracts

extension ReturnSaga {
    /// The phase the facts put the saga in (the table of phases is in `+Phases.swift`).
    package var phase: Phase {
        if facts.rejection != nil { return .rejected }
        if facts.confirmation == nil { return .awaitingConfirmation }
        if facts.inspection == nil { return .awaitingInspection }
        if facts.approval == nil { return .awaitingApproval }
        if facts.receivedAt == nil {
            if facts.returnNote == nil { return .awaitingReturnNote }
            return facts.discrepancyAt == nil ? .awaitingReceipt : .receiptDiscrepancy
        }
        switch request.kind {
        case .return:
            return facts.creditNote == nil ? .awaitingCreditNote : .refunded
        case .exchange:
            if facts.replacementDeliveredAt != nil { return .exchanged }
            return facts.replacementDispatch == nil ? .awaitingReplacementDispatch : .awaitingReplacementDelivery
        }
    }

    package mutating func on(_ event: Event, at now: Date) -> [Command] {
        let current = phase
        switch event {
        case .confirmed(let by, let comment):
            if current == .awaitingConfirmation { facts.confirmation = Decision(by: by, comment: comment, at: now) }
        case .confirmationRejected(let by, let comment):
            if current == .awaitingConfirmation { facts.rejection = Rejection(step: "confirmation", by: by, comment: comment, at: now) }
        case .inspected(let genuine, let by, let notes):
            guard current == .awaitingInspection else { break }
            if genuine {
                facts.inspection = Decision(by: by, comment: notes, at: now)
            } else {
                facts.rejection = Rejection(step: "inspection", by: by, comment: notes ?? "not genuine", at: now)
            }
        case .approved(let by, let comment):
            if current == .awaitingApproval { facts.approval = Decision(by: by, comment: comment, at: now) }
        case .approvalRejected(let by, let comment):
            if current == .awaitingApproval { facts.rejection = Rejection(step: "approval", by: by, comment: comment, at: now) }
        // The warehouse's and finance's facts only follow an approval; they are kept whenever they come.
        case .returnNoteIssued(let noteId):
            facts.returnNote = facts.returnNote ?? Note(id: noteId, at: now)
        case .discrepancyFound:
            facts.discrepancyAt = facts.discrepancyAt ?? now
        case .received(let lines, let at):
            if facts.receivedAt == nil {
                facts.receivedAt = at
                facts.received = lines
            }
        case .replacementDispatched(let noteId, let at):
            facts.replacementDispatch = facts.replacementDispatch ?? Note(id: noteId, at: at)
        case .replacementDelivered(let at):
            facts.replacementDeliveredAt = facts.replacementDeliveredAt ?? at
        case .creditNoteIssued(let id, let amount, let offset, let refunded):
            facts.creditNote = facts.creditNote ?? CreditNote(id: id, amount: amount, offset: offset, refunded: refunded, at: now)
        }
        return advance(at: now)
    }

    /// The commands the facts now call for, each sent once, and the end, entered once.
    mutating func advance(at now: Date) -> [Command] {
        var wanted: [Command] = [.announceRequested]
        if let confirmation = facts.confirmation { wanted.append(.announceConfirmed(by: confirmation.by)) }
        if let inspection = facts.inspection { wanted.append(.announceInspected(by: inspection.by, notes: inspection.comment)) }
        if let approval = facts.approval, facts.rejection == nil {
            wanted.append(.approveReturn(lines: request.lines, approvedBy: approval.by))
        }
        if facts.approval != nil, facts.receivedAt != nil {
            switch request.kind {
            // `check` refused every event that would put the value beyond the bounds.
            case .return: if let amount = try? receivedAmount { wanted.append(.requestCreditNote(lines: receivedLines, amount: amount)) }
            case .exchange: wanted.append(.requestReplacement(lines: receivedLines))
            }
        }
        if isFinished && facts.closedAt == nil {
            facts.closedAt = now
            wanted.append(.close(outcome: phase.rawValue, reason: facts.rejection.map { "\($0.step): \($0.comment ?? "rejected")" }))
        }
        return send(wanted)
    }

    mutating func send(_ commands: [Command]) -> [Command] {
        let fresh = commands.filter { !sent.contains($0.key) }
        for command in fresh { sent.insert(command.key) }
        return fresh
    }
}
