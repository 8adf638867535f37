import Foundation
import O2CContracts

extension ReturnSaga {
    public var awaiting: [String] {
        switch phase {
        case .awaitingConfirmation: ["confirmation (branch_manager)"]
        case .awaitingInspection: ["inspection (technician)"]
        case .awaitingApproval: ["approval (sales_manager)"]
        case .awaitingReturnNote: ["warehouse.return_note_issued.v1"]
        case .awaitingReceipt: ["warehouse.return_received.v1"]
        case .receiptDiscrepancy: ["warehouse.return_received.v1 (recount or acceptance)"]
        case .awaitingCreditNote: ["finance.credit_note_issued.v1"]
        case .awaitingReplacementDispatch: ["warehouse.replacement_dispatched.v1"]
        case .awaitingReplacementDelivery: ["warehouse.replacement_delivered.v1"]
        case .refunded, .exchanged, .rejected: []
        }
    }

    /// The deadline of the step the saga waits in, counted from when it entered that step.
    public var deadlines: [SagaDeadline] {
        let s = settings
        func working(_ name: String, _ days: Int, from: Date?) -> [SagaDeadline] {
            guard let from else { return [] }
            return [SagaDeadline(name: name, dueAt: s.calendar.addingWorkingDays(days, to: from))]
        }
        switch phase {
        case .awaitingConfirmation: return working("confirmation", s.confirmationWorkingDays, from: facts.requestedAt)
        case .awaitingInspection: return working("inspection", s.inspectionWorkingDays, from: facts.confirmation?.at)
        case .awaitingApproval: return working("approval", s.approvalWorkingDays, from: facts.inspection?.at)
        case .awaitingReturnNote: return working("return_note", s.returnNoteWorkingDays, from: facts.approval?.at)
        case .awaitingReceipt, .receiptDiscrepancy: return working("receipt", s.receiptWorkingDays, from: facts.returnNote?.at)
        case .awaitingCreditNote: return working("credit_note", s.creditNoteWorkingDays, from: facts.receivedAt)
        case .awaitingReplacementDispatch:
            return working("replacement_dispatch", s.replacementDispatchWorkingDays, from: facts.receivedAt)
        case .awaitingReplacementDelivery:
            guard let dispatched = facts.replacementDispatch?.at else { return [] }
            return [SagaDeadline(
                name: "replacement_delivery", dueAt: dispatched.addingTimeInterval(TimeInterval(s.replacementDeliveryDays) * 86_400))]
        case .refunded, .exchanged, .rejected: return []
        }
    }

    /// The steps of DOMAIN.md's return flow with their status and time, as `GET /v1/returns/{id}` shows them.
    public var steps: [SagaStep] {
        let rejection = facts.rejection
        func step(_ name: String, _ at: Date?) -> SagaStep {
            if let rejection, rejection.step == name { return SagaStep(name: name, status: .failed, at: rejection.at) }
            if let at { return SagaStep(name: name, status: .done, at: at) }
            return SagaStep(name: name, status: rejection == nil ? .pending : .skipped, at: nil)
        }
        var steps = [
            step("requested", facts.requestedAt),
            step("confirmation", facts.confirmation?.at),
            step("inspection", facts.inspection?.at),
            step("approval", facts.approval?.at),
            step("return_note_issued", facts.returnNote?.at),
            step("received", facts.receivedAt),
        ]
        switch request.kind {
        case .return:
            steps += [step("credit_note_issued", facts.creditNote?.at), step("refunded", phase == .refunded ? facts.closedAt : nil)]
        case .exchange:
            steps += [
                step("replacement_dispatched", facts.replacementDispatch?.at), step("replacement_delivered", facts.replacementDeliveredAt),
                step("exchanged", phase == .exchanged ? facts.closedAt : nil),
            ]
        }
        if let rejection { steps.append(SagaStep(name: "rejected", status: .done, at: rejection.at)) }
        return steps
    }
}
