import Foundation
import O2CContracts

extension OrderToCashSaga {
    /// Everything the saga has heard, each with when it happened.
    package struct Facts: Codable, Sendable, Hashable {
        package var signedAt: Date?
        package var creditReservedAt: Date?
        package var grade: CreditGrade?
        package var depositRatioBasisPoints: Int?
        package var shipBeforePayment = false
        package var creditRefusal: Refusal?
        package var depositInvoice: Invoice?
        package var depositPaidAt: Date?
        package var shipmentScheduledAt: Date?
        package var dispatchedAt: Date?
        /// The waybill's total freight; with none, finance has no freight invoice to issue.
        package var freight: Money?
        /// When customer_service had the customer confirm the order (DOMAIN.md deadlines: within 4 hours).
        package var customerConfirmedAt: Date?
        /// When customer_service told the customer what shipped (within 2 working days of dispatch).
        package var shipmentNoticeAt: Date?
        /// Approved line-item or price amendments applied to the order, by id (nil on sagas stored before
        /// amendments were taken, and until the first one).
        package var amendments: [String]?
        /// Approved change requests being applied (the dispatch note held, credit asked), by id; nil or empty
        /// when none (`changeRequested` … `changeSettled`).
        package var pendingChanges: [String]?
        /// When finance invoiced the freight, i.e. had the waybill (DOMAIN.md "Dispatch" 6).
        package var freightInvoicedAt: Date?
        /// The ids of the order's freight invoices finance issued (nil on sagas stored before they were kept).
        package var freightInvoiceIds: [String]?
        package var deliveredAt: Date?
        package var balanceInvoice: Invoice?
        package var balancePaidAt: Date?
        package var creditReleasedAt: Date?
        package var cancellation: Cancellation?
        package var shipmentCancelledAt: Date?
        package var depositRefundedAt: Date?
        package var cancelledAt: Date?
        package var completedAt: Date?
    }

    package struct Refusal: Codable, Sendable, Hashable {
        package var code: String
        package var at: Date
    }

    package struct Invoice: Codable, Sendable, Hashable {
        package var invoiceId: String
        package var amount: Money
        package var issuedAt: Date
    }

    package struct Cancellation: Codable, Sendable, Hashable {
        package var reason: String
        package var penalty: Money
        package var approvedBy: String
        package var requestedAt: Date
    }

    /// The facts other services report, and the decisions people make, as the saga takes them.
    package enum Event: Codable, Sendable, Hashable {
        case creditReserved(grade: CreditGrade, depositRatioBasisPoints: Int, shipBeforePayment: Bool)
        case creditRefused(code: String)
        case invoiceIssued(invoiceId: String, kind: InvoiceKind, amount: Money)
        /// Taken only for the invoice finance issued for the order and kind (`checkPayment`).
        case invoicePaid(invoiceId: String, kind: InvoiceKind, customerId: String? = nil)
        case shipmentScheduled
        /// The goods left; `freight` is the waybill's total (nil when not known).
        case dispatched(at: Date, freight: Money? = nil)
        case delivered(at: Date)
        case creditReleased
        /// A cancellation whose approvals are complete (orders checks them and that nothing was dispatched).
        case cancellationApproved(reason: String, penalty: Money, approvedBy: String)
        case shipmentCancelled
        case depositRefunded
        /// An approved line-item or price amendment before dispatch (orders checks the approvals).
        case amended(amendmentId: String, lines: [OrderLine], total: Money)
        /// Finance re-priced an open invoice (a deposit invoice after an amendment).
        case invoiceAdjusted(invoiceId: String, kind: InvoiceKind, amount: Money)
        case customerConfirmed
        case customerToldOfShipment
        /// A change request's last approval: orders asked the warehouse to hold the dispatch note. Until it is
        /// settled the saga asks for no shipment and no deposit invoice, which would carry the old lines or total.
        case changeRequested(requestId: String)
        /// The change request was applied or rejected (its hold lifted).
        case changeSettled(requestId: String)
    }

    /// What the saga asks the other services to do (sent as `orders.*_requested.v1` messages).
    package enum Command: Sendable, Hashable {
        case reserveCredit(amount: Money)
        case requestDepositInvoice(total: Money, depositRatioBasisPoints: Int)
        case requestShipment(shipBy: Date)
        case requestBalanceInvoice(amount: Money, grade: CreditGrade, dispatchedAt: Date, deliveredAt: Date?)
        case releaseCredit
        case cancelShipment
        case refundDeposit(penalty: Money, approvedBy: String, reason: String)
        case alertShipmentOverdue(dueAt: Date)
        /// The deposit invoice (payment notice) did not go out within 1 day of the credit reservation.
        case alertPaymentNoticeLate(dueAt: Date)
        /// Finance did not have the waybill (no freight invoice) within 1 working day of dispatch.
        case alertWaybillLate(dueAt: Date)
        /// The customer did not confirm the order within the configured hours of signing.
        case alertCustomerConfirmationLate(dueAt: Date)
        /// The customer was not told what shipped within the configured working days of dispatch.
        case alertShipmentNoticeLate(dueAt: Date)
        case completeOrder
        case cancelOrder(reason: String)

        package var key: CommandKey {
            switch self {
            case .reserveCredit: .reserveCredit
            case .requestDepositInvoice: .requestDepositInvoice
            case .requestShipment: .requestShipment
            case .requestBalanceInvoice: .requestBalanceInvoice
            case .releaseCredit: .releaseCredit
            case .cancelShipment: .cancelShipment
            case .refundDeposit: .refundDeposit
            case .alertShipmentOverdue: .alertShipmentOverdue
            case .alertPaymentNoticeLate: .alertPaymentNoticeLate
            case .alertWaybillLate: .alertWaybillLate
            case .alertCustomerConfirmationLate: .alertCustomerConfirmationLate
            case .alertShipmentNoticeLate: .alertShipmentNoticeLate
            case .completeOrder: .completeOrder
            case .cancelOrder: .cancelOrder
            }
        }
    }

    package enum CommandKey: String, Codable, Sendable, Hashable {
        case reserveCredit, requestDepositInvoice, requestShipment, requestBalanceInvoice, releaseCredit
        case cancelShipment, refundDeposit, alertShipmentOverdue, completeOrder, cancelOrder
        case alertPaymentNoticeLate, alertWaybillLate, alertCustomerConfirmationLate, alertShipmentNoticeLate
    }

    /// The deposit — as invoiced (and re-priced by finance after an amendment), else ratio × total to the
    /// fen — and the balance the customer still owes after it. Nil before the credit decision; never
    /// beyond the bounds, because `check` refuses an event that would put them there.
    package var depositAmount: Money? { try? checkedAmounts()?.deposit }
    package var balanceAmount: Money? { try? checkedAmounts()?.balance }

    /// Deposit and balance, checked: a total or a ratio that puts either beyond the bounds is refused,
    /// naming the field of the order that caused it.
    func checkedAmounts() throws(RuleViolation) -> (deposit: Money, balance: Money)? {
        let total = order.total
        guard total.isWithinBounds else {
            throw .validation("total", "the order total \(total) is beyond the largest amount, 999999999999.99")
        }
        let deposit: Money
        if let invoiced = facts.depositInvoice?.amount {
            deposit = invoiced
        } else if let ratio = facts.depositRatioBasisPoints {
            guard (0...10_000).contains(ratio) else {
                throw .validation("depositRatioBasisPoints", "the deposit ratio must be between 0 and 10000 basis points, got \(ratio)")
            }
            deposit = try RuleViolation.checking("total") { () throws(MoneyError) in try total.times(basisPoints: ratio) }
        } else {
            return nil
        }
        let balance = try RuleViolation.checking("total") { () throws(MoneyError) in try total - deposit }
        return (deposit, balance)
    }

    /// Refuses an event after which the deposit or the balance cannot be computed within the bounds, and a
    /// payment that is not for an invoice finance issued for this order and kind (`checkPayment`).
    package func check(_ event: Event, at now: Date) throws {
        if case .invoicePaid(let invoiceId, let kind, let customerId) = event {
            try checkPayment(invoiceId: invoiceId, kind: kind, customerId: customerId)
        }
        var next = self
        _ = next.on(event, at: now)
        _ = try next.checkedAmounts()
    }
}
