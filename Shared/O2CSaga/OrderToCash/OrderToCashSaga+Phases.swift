import Foundation
import O2CContracts

/// The order-to-cash saga as a table of states (DOMAIN.md "The order-to-cash flow"): each phase with what it
/// waits for, the deadlines that run in it and what it sends on entry. `phase` (in `+Transitions.swift`)
/// derives the phase from the facts; `awaiting` and `deadlines` are read from this table.
extension OrderToCashSaga: SagaTable {
    /// The saga's states, in the order of the flow, then the cancellation's.
    package enum Phase: String, Codable, Sendable, CaseIterable {
        case awaitingCredit = "awaiting_credit"
        /// Refused (over the limit or on hold): waits for a sales_director override or a cancellation.
        case creditRefused = "credit_refused"
        case awaitingDeposit = "awaiting_deposit"
        case awaitingDispatch = "awaiting_dispatch"
        /// An approved cancellation or amendment is being applied: the warehouse holds the dispatch note (the
        /// gate is the point of no return) and, for a higher total, credit decides. Shows over the step the
        /// order is at (`progress`), whose deadlines still run.
        case changePending = "change_pending"
        case awaitingDelivery = "awaiting_delivery"
        case awaitingPayment = "awaiting_payment"
        case releasingCredit = "releasing_credit"
        case completed
        /// Compensating: releasing credit, cancelling the shipment, refunding the deposit.
        case cancelling
        case cancelled
    }

    /// The saga's timeouts (DOMAIN.md deadlines, configurable in `Settings`). `depositUnpaid` cancels the
    /// order; the others are alerts that fire once while the saga keeps waiting.
    package enum Deadline: String, Codable, Sendable, CaseIterable {
        /// The payment notice (the deposit invoice) goes out within `paymentNoticeDays` of the reservation.
        case paymentNotice = "payment_notice"
        /// The unpaid-deposit window (`depositDays`) after the reservation: the order is cancelled.
        case depositUnpaid = "deposit_unpaid"
        /// The goods leave within `shipWithinWorkingDays` of the deposit.
        case shipBy = "ship_by"
        /// The customer confirms the order within `customerConfirmationHours` of signing (四小时内确认).
        case customerConfirmation = "customer_confirmation"
        /// The customer is told what shipped within `shipmentNoticeWorkingDays` of dispatch.
        case shipmentNotice = "shipment_notice"
        /// The waybill reaches finance (its freight invoice) within `waybillWorkingDays` of dispatch.
        case waybillToFinance = "waybill_to_finance"
    }

    /// The alerts that run once the goods have left, and the customer's confirmation, which runs until it is
    /// recorded in every running step.
    static let afterDispatch: [Deadline] = [.customerConfirmation, .shipmentNotice, .waybillToFinance]

    package static func row(_ phase: Phase) -> SagaPhaseRow<Deadline, CommandKey> {
        switch phase {
        case .awaitingCredit:
            SagaPhaseRow(awaits: [.event(CreditReserved.self)], deadlines: [.customerConfirmation], entry: [.reserveCredit])
        case .creditRefused:
            SagaPhaseRow(
                awaits: [.event(CreditReserved.self, "sales_director override"), .decision("cancellation")],
                deadlines: [.customerConfirmation])
        case .awaitingDeposit:
            SagaPhaseRow(
                awaits: [.event(InvoicePaid.self, "deposit")], deadlines: [.paymentNotice, .depositUnpaid, .customerConfirmation],
                entry: [.requestDepositInvoice])
        case .awaitingDispatch:
            SagaPhaseRow(awaits: [.event(ShipmentDispatched.self)], deadlines: [.shipBy, .customerConfirmation], entry: [.requestShipment])
        case .changePending:
            SagaPhaseRow(
                awaits: [.decision("change request applied or rejected (warehouse hold, credit)")],
                note:
                    "shown over the step the order is at, whose deadlines keep running; no shipment or deposit invoice is asked for meanwhile"
            )
        case .awaitingDelivery:
            SagaPhaseRow(
                awaits: [.event(DeliveryConfirmed.self)], deadlines: afterDispatch, entry: [.requestBalanceInvoice],
                note: "grade A's balance is invoiced at dispatch")
        case .awaitingPayment:
            SagaPhaseRow(
                awaits: [.event(InvoicePaid.self)], deadlines: afterDispatch, entry: [.requestBalanceInvoice],
                note: "grades B and C's balance is invoiced at delivery")
        case .releasingCredit:
            SagaPhaseRow(awaits: [.event(CreditReleased.self)], deadlines: afterDispatch, entry: [.releaseCredit])
        case .completed:
            SagaPhaseRow(awaits: [], entry: [.completeOrder])
        case .cancelling:
            SagaPhaseRow(
                awaits: [.event(CreditReleased.self), .event(ShipmentCancelled.self), .event(DepositRefunded.self)],
                entry: [.releaseCredit, .cancelShipment, .refundDeposit], note: "each as applicable")
        case .cancelled:
            SagaPhaseRow(awaits: [], entry: [.cancelOrder])
        }
    }

    /// The deadlines of the step the order is at, also while a change is pending over it.
    package var deadlinePhase: Phase { progress }

    package var awaiting: [String] {
        switch phase {
        case .cancelling:
            // Only the compensations that were called for and have not been heard of yet.
            let outstanding: [(SagaAwait, Bool)] = [
                (.event(CreditReleased.self), facts.creditReleasedAt == nil && sent.contains(.reserveCredit)),
                (.event(ShipmentCancelled.self), facts.shipmentCancelledAt == nil && sent.contains(.requestShipment)),
                (.event(DepositRefunded.self), facts.depositRefundedAt == nil && sent.contains(.requestDepositInvoice)),
            ]
            return outstanding.filter(\.1).map(\.0.description)
        case .changePending:
            return (facts.pendingChanges ?? []).map { "change request \($0) applied or rejected (warehouse hold, credit)" }
        case .awaitingCredit, .creditRefused, .awaitingDeposit, .awaitingDispatch, .awaitingDelivery, .awaitingPayment,
            .releasingCredit, .completed, .cancelled:
            return Self.row(phase).awaits.map(\.description)
        }
    }

    package func due(_ deadline: Deadline) -> Date? {
        switch deadline {
        case .paymentNotice:
            guard facts.depositInvoice == nil, let reserved = facts.creditReservedAt else { return nil }
            return reserved.addingTimeInterval(TimeInterval(settings.paymentNoticeDays) * 86_400)
        case .depositUnpaid:
            return facts.creditReservedAt?.addingTimeInterval(TimeInterval(settings.depositDays) * 86_400)
        case .shipBy:
            return shipByDue
        case .customerConfirmation:
            guard let signed = facts.signedAt, facts.customerConfirmedAt == nil else { return nil }
            return signed.addingTimeInterval(TimeInterval(settings.customerConfirmationHours) * 3_600)
        case .shipmentNotice:
            guard let dispatched = facts.dispatchedAt, facts.shipmentNoticeAt == nil else { return nil }
            return settings.calendar.addingWorkingDays(settings.shipmentNoticeWorkingDays, to: dispatched)
        case .waybillToFinance:
            // The saga learns that the waybill reached finance from the order's freight invoice. Without freight
            // (known zero) there is no freight invoice to wait for; with freight unknown (older messages) it waits
            // until delivery.
            guard let dispatched = facts.dispatchedAt, facts.freightInvoicedAt == nil,
                facts.freight.map({ $0 > .zero }) ?? (facts.deliveredAt == nil)
            else { return nil }
            return settings.calendar.addingWorkingDays(settings.waybillWorkingDays, to: dispatched)
        }
    }

    package mutating func reached(_ deadline: Deadline, dueAt: Date, at now: Date) -> [Command] {
        switch deadline {
        case .depositUnpaid:
            facts.cancellation = Cancellation(reason: "deposit_unpaid", penalty: .zero, approvedBy: "system", requestedAt: now)
            return advance(at: now)
        case .shipBy: return send([.alertShipmentOverdue(dueAt: dueAt)])
        case .paymentNotice: return send([.alertPaymentNoticeLate(dueAt: dueAt)])
        case .waybillToFinance: return send([.alertWaybillLate(dueAt: dueAt)])
        case .customerConfirmation: return send([.alertCustomerConfirmationLate(dueAt: dueAt)])
        case .shipmentNotice: return send([.alertShipmentNoticeLate(dueAt: dueAt)])
        }
    }
}

extension OrderToCashSaga.CommandKey: SagaCommandKey {
    package var sentAs: String {
        switch self {
        case .reserveCredit: "`\(CreditReservationRequested.routingKey)` (at signing, after `\(ContractSigned.routingKey)`)"
        case .requestDepositInvoice: "`\(DepositInvoiceRequested.routingKey)`"
        case .requestShipment: "`\(ShipmentRequested.routingKey)`"
        case .requestBalanceInvoice: "`\(BalanceInvoiceRequested.routingKey)`"
        case .releaseCredit: "`\(CreditReleaseRequested.routingKey)`"
        case .cancelShipment: "`\(ShipmentCancellationRequested.routingKey)`"
        case .refundDeposit: "`\(DepositRefundRequested.routingKey)` (less the penalty)"
        case .alertShipmentOverdue: "`\(ShipmentOverdue.routingKey)`"
        case .alertPaymentNoticeLate: "`\(PaymentNoticeLate.routingKey)`"
        case .alertWaybillLate: "`\(WaybillLate.routingKey)`"
        case .alertCustomerConfirmationLate: "`\(CustomerConfirmationLate.routingKey)`"
        case .alertShipmentNoticeLate: "`\(ShipmentNoticeLate.routingKey)`"
        case .completeOrder: "`\(OrderCompleted.routingKey)`"
        case .cancelOrder: "`\(OrderCancelled.routingKey)`"
        }
    }
}
