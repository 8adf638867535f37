import Foundation
import O2CContracts

extension OrderToCashSaga {
    /// The steps of DOMAIN.md's flow with their status and time, as `GET /v1/orders/{id}` shows them.
    package var steps: [SagaStep] {
        let cancelled = facts.cancelledAt != nil || facts.cancellation != nil
        func step(_ name: String, _ at: Date?, skipped: Bool = false) -> SagaStep {
            if let at { return SagaStep(name: name, status: .done, at: at) }
            return SagaStep(name: name, status: skipped || cancelled ? .skipped : .pending, at: nil)
        }
        let noDeposit = depositAmount == .zero
        let noBalance = balanceAmount == .zero
        var steps = [
            step("contract_signed", facts.signedAt),
            step("customer_confirmed", facts.customerConfirmedAt),
            facts.creditRefusal != nil && facts.creditReservedAt == nil
                ? SagaStep(name: "credit_reserved", status: .failed, at: facts.creditRefusal?.at)
                : step("credit_reserved", facts.creditReservedAt),
            step("deposit_requested", facts.depositInvoice?.issuedAt, skipped: noDeposit),
            step("deposit_received", facts.depositPaidAt, skipped: noDeposit),
            step("shipment_scheduled", facts.shipmentScheduledAt),
            step("dispatched", facts.dispatchedAt),
            step("customer_told_of_shipment", facts.shipmentNoticeAt),
            step("delivered", facts.deliveredAt),
            step("balance_invoiced", facts.balanceInvoice?.issuedAt, skipped: noBalance),
            step("paid", facts.balancePaidAt ?? (noBalance ? facts.depositPaidAt : nil), skipped: false),
            step("credit_released", facts.cancellation == nil ? facts.creditReleasedAt : nil),
            step("completed", facts.completedAt),
        ]
        if let cancellation = facts.cancellation {
            steps.append(SagaStep(name: "cancellation_approved", status: .done, at: cancellation.requestedAt))
            if facts.creditReleasedAt != nil {
                steps.append(SagaStep(name: "credit_released", status: .compensated, at: facts.creditReleasedAt))
            }
            if facts.shipmentCancelledAt != nil {
                steps.append(SagaStep(name: "shipment_cancelled", status: .compensated, at: facts.shipmentCancelledAt))
            }
            if facts.depositRefundedAt != nil {
                steps.append(SagaStep(name: "deposit_refunded", status: .compensated, at: facts.depositRefundedAt))
            }
            steps.append(SagaStep(name: "cancelled", status: facts.cancelledAt == nil ? .pending : .done, at: facts.cancelledAt))
        }
        return steps
    }
}
