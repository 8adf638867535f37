import Foundation
import O2CContracts

/// The return/exchange saga as a table of states (DOMAIN.md "After-sales and returns"): each waiting step
/// with what it waits for, its deadline (working days on the business calendar, configurable in `Settings`)
/// and what the saga sends on entering it. `phase` (in `+Transitions.swift`) derives the phase from the
/// facts; `awaiting` and `deadlines` are read from this table.
extension ReturnSaga: SagaTable {
    /// The saga's states, in the order of the flow.
    package enum Phase: String, Codable, Sendable, CaseIterable {
        case awaitingConfirmation = "awaiting_confirmation"
        case awaitingInspection = "awaiting_inspection"
        case awaitingApproval = "awaiting_approval"
        case awaitingReturnNote = "awaiting_return_note"
        case awaitingReceipt = "awaiting_receipt"
        /// The warehouse counted something else than the note says; waits for a recount or acceptance.
        case receiptDiscrepancy = "receipt_discrepancy"
        case awaitingCreditNote = "awaiting_credit_note"
        case awaitingReplacementDispatch = "awaiting_replacement_dispatch"
        case awaitingReplacementDelivery = "awaiting_replacement_delivery"
        case refunded, exchanged, rejected
    }

    /// The deadline of each waiting step, named after the step; each raises `ReturnStepOverdue` once.
    package enum Deadline: String, Codable, Sendable, CaseIterable {
        case confirmation, inspection, approval
        case returnNote = "return_note"
        case receipt
        case creditNote = "credit_note"
        case replacementDispatch = "replacement_dispatch"
        /// Counted in calendar days: transport does not stop at weekends.
        case replacementDelivery = "replacement_delivery"
    }

    /// The saga's commands by name (an overdue alert is one per step: `overdue:<step>`).
    package enum CommandKey: String, Sendable, CaseIterable, SagaCommandKey {
        case announceRequested = "announce"
        case announceConfirmed = "announce:confirmed"
        case announceInspected = "announce:inspected"
        case approveReturn = "approve"
        case requestCreditNote = "credit_note"
        case requestReplacement = "replacement"
        case close
        case alertStepOverdue = "overdue"

        package var sentAs: String {
            switch self {
            case .announceRequested: "`\(ReturnRequested.routingKey)`"
            case .announceConfirmed: "`\(ReturnConfirmed.routingKey)`"
            case .announceInspected: "`\(ReturnInspected.routingKey)`"
            case .approveReturn: "`\(ReturnApproved.routingKey)`"
            case .requestCreditNote: "`\(CreditNoteRequested.routingKey)` (received quantity × price)"
            case .requestReplacement: "`\(ReplacementRequested.routingKey)`"
            case .close: "`\(ReturnClosed.routingKey)`"
            case .alertStepOverdue: "`\(ReturnStepOverdue.routingKey)`"
            }
        }
    }

    package static func row(_ phase: Phase) -> SagaPhaseRow<Deadline, CommandKey> {
        switch phase {
        case .awaitingConfirmation:
            SagaPhaseRow(awaits: [.decision("confirmation (branch_manager)")], deadlines: [.confirmation], entry: [.announceRequested])
        case .awaitingInspection:
            SagaPhaseRow(
                awaits: [.decision("inspection (technician)")], deadlines: [.inspection], entry: [.announceConfirmed],
                note: "not genuine → rejected")
        case .awaitingApproval:
            SagaPhaseRow(
                awaits: [.decision("approval (sales_manager)")], deadlines: [.approval], entry: [.announceInspected],
                note: "of the return detail (红字需货申请单)")
        case .awaitingReturnNote:
            SagaPhaseRow(awaits: [.event(ReturnNoteIssued.self)], deadlines: [.returnNote], entry: [.approveReturn])
        case .awaitingReceipt:
            SagaPhaseRow(awaits: [.event(ReturnReceived.self)], deadlines: [.receipt])
        case .receiptDiscrepancy:
            SagaPhaseRow(awaits: [.event(ReturnReceived.self, "recount or acceptance")], deadlines: [.receipt])
        case .awaitingCreditNote:
            SagaPhaseRow(awaits: [.event(CreditNoteIssued.self)], deadlines: [.creditNote], entry: [.requestCreditNote])
        case .awaitingReplacementDispatch:
            SagaPhaseRow(awaits: [.event(ReplacementDispatched.self)], deadlines: [.replacementDispatch], entry: [.requestReplacement])
        case .awaitingReplacementDelivery:
            SagaPhaseRow(awaits: [.event(ReplacementDelivered.self)], deadlines: [.replacementDelivery])
        case .refunded, .exchanged, .rejected:
            SagaPhaseRow(awaits: [], entry: [.close])
        }
    }

    package var deadlinePhase: Phase { phase }

    package var awaiting: [String] { Self.row(phase).awaits.map(\.description) }

    /// Counted from when the saga entered the step.
    package func due(_ deadline: Deadline) -> Date? {
        let s = settings
        func working(_ days: Int, from: Date?) -> Date? { from.map { s.calendar.addingWorkingDays(days, to: $0) } }
        switch deadline {
        case .confirmation: return working(s.confirmationWorkingDays, from: facts.requestedAt)
        case .inspection: return working(s.inspectionWorkingDays, from: facts.confirmation?.at)
        case .approval: return working(s.approvalWorkingDays, from: facts.inspection?.at)
        case .returnNote: return working(s.returnNoteWorkingDays, from: facts.approval?.at)
        case .receipt: return working(s.receiptWorkingDays, from: facts.returnNote?.at)
        case .creditNote: return working(s.creditNoteWorkingDays, from: facts.receivedAt)
        case .replacementDispatch: return working(s.replacementDispatchWorkingDays, from: facts.receivedAt)
        case .replacementDelivery:
            return facts.replacementDispatch?.at.addingTimeInterval(TimeInterval(s.replacementDeliveryDays) * 86_400)
        }
    }

    /// Every deadline is an alert: it fires once, and the saga keeps waiting (the engine shows it overdue).
    package mutating func reached(_ deadline: Deadline, dueAt: Date, at now: Date) -> [Command] {
        send([.alertStepOverdue(step: deadline.rawValue, dueAt: dueAt)])
    }
}
