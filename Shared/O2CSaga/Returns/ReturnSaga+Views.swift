import Foundation
import O2CContracts

extension ReturnSaga {
    /// The steps of DOMAIN.md's return flow with their status and time, as `GET /v1/returns/{id}` shows them.
    package var steps: [SagaStep] {
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
