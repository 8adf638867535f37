import Foundation
import O2CContracts

extension OrderToCashSaga {
    public var awaiting: [String] {
        switch phase {
        case .awaitingCredit: ["credit.credit_reserved.v1"]
        case .creditRefused: ["credit.credit_reserved.v1 (sales_director override)", "cancellation"]
        case .awaitingDeposit: ["finance.invoice_paid.v1 (deposit)"]
        case .awaitingDispatch: ["warehouse.shipment_dispatched.v1"]
        case .awaitingDelivery: ["warehouse.delivery_confirmed.v1"]
        case .awaitingPayment: ["finance.invoice_paid.v1"]
        case .releasingCredit: ["credit.credit_released.v1"]
        case .cancelling:
            [facts.creditReleasedAt == nil && sent.contains(.reserveCredit) ? "credit.credit_released.v1" : nil,
             facts.shipmentCancelledAt == nil && sent.contains(.requestShipment) ? "warehouse.shipment_cancelled.v1" : nil,
             facts.depositRefundedAt == nil && sent.contains(.requestDepositInvoice) ? "finance.deposit_refunded.v1" : nil]
                .compactMap { $0 }
        case .changePending:
            (facts.pendingChanges ?? []).map { "change request \($0) applied or rejected (warehouse hold, credit)" }
        case .completed, .cancelled: []
        }
    }

    /// The deadlines that apply now (DOMAIN.md "The order-to-cash flow", Deadlines); several may at once.
    /// `deposit_unpaid` cancels the order; the others are alerts that fire once while the saga keeps waiting.
    public var deadlines: [SagaDeadline] {
        var deadlines: [SagaDeadline] = []
        switch progress {
        case .awaitingDeposit:
            guard let reserved = facts.creditReservedAt else { return [] }
            // The payment notice (the deposit invoice) goes out within 1 day of confirmation (`paymentNoticeDays`).
            if facts.depositInvoice == nil {
                deadlines.append(SagaDeadline(
                    name: "payment_notice", dueAt: reserved.addingTimeInterval(TimeInterval(settings.paymentNoticeDays) * 86_400)))
            }
            deadlines.append(SagaDeadline(name: "deposit_unpaid", dueAt: reserved.addingTimeInterval(TimeInterval(settings.depositDays) * 86_400)))
        case .awaitingDispatch:
            if let shipBy = shipByDue { deadlines.append(SagaDeadline(name: "ship_by", dueAt: shipBy)) }
        case .awaitingCredit, .creditRefused, .awaitingDelivery, .awaitingPayment, .releasingCredit, .completed, .cancelling,
            .cancelled, .changePending:
            break
        }
        guard facts.cancellation == nil, !isFinished else { return deadlines }
        // The customer confirms the order within 4 hours of signing (四小时内确认).
        if let signed = facts.signedAt, facts.customerConfirmedAt == nil {
            deadlines.append(SagaDeadline(
                name: "customer_confirmation", dueAt: signed.addingTimeInterval(TimeInterval(settings.customerConfirmationHours) * 3_600)))
        }
        if let dispatched = facts.dispatchedAt {
            // The customer is told what shipped, and why anything differs, within 2 working days of dispatch.
            if facts.shipmentNoticeAt == nil {
                deadlines.append(SagaDeadline(
                    name: "shipment_notice", dueAt: settings.calendar.addingWorkingDays(settings.shipmentNoticeWorkingDays, to: dispatched)))
            }
            // The waybill reaches finance within 1 working day of dispatch (`waybillWorkingDays`); the saga learns it
            // from the order's freight invoice (`finance.invoice_issued.v1`, kind `freight`). Without freight (known zero) there is
            // no freight invoice to wait for; with freight unknown (older messages) it waits until delivery.
            let expectsFreightInvoice = facts.freight.map { $0 > .zero } ?? (facts.deliveredAt == nil)
            if expectsFreightInvoice && facts.freightInvoicedAt == nil {
                deadlines.append(SagaDeadline(
                    name: "waybill_to_finance", dueAt: settings.calendar.addingWorkingDays(settings.waybillWorkingDays, to: dispatched)))
            }
        }
        return deadlines
    }

    /// The steps of DOMAIN.md's flow with their status and time, as `GET /v1/orders/{id}` shows them.
    public var steps: [SagaStep] {
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
            if facts.creditReleasedAt != nil { steps.append(SagaStep(name: "credit_released", status: .compensated, at: facts.creditReleasedAt)) }
            if facts.shipmentCancelledAt != nil { steps.append(SagaStep(name: "shipment_cancelled", status: .compensated, at: facts.shipmentCancelledAt)) }
            if facts.depositRefundedAt != nil { steps.append(SagaStep(name: "deposit_refunded", status: .compensated, at: facts.depositRefundedAt)) }
            steps.append(SagaStep(name: "cancelled", status: facts.cancelledAt == nil ? .pending : .done, at: facts.cancelledAt))
        }
        return steps
    }
}
