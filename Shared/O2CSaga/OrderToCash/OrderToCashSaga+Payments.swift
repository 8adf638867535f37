import Foundation
import O2CContracts

extension OrderToCashSaga {
    /// The invoice of this order with this id as finance issued it (from `finance.invoice_issued.v1`), if the
    /// saga heard of it.
    package func issuedInvoice(_ invoiceId: String) -> IssuedInvoice? {
        let kind: InvoiceKind? =
            if facts.depositInvoice?.invoiceId == invoiceId { .deposit } else if facts.balanceInvoice?.invoiceId == invoiceId {
                .balance
            } else if facts.freightInvoiceIds?.contains(invoiceId) == true { .freight } else { nil }
        return kind.map { IssuedInvoice(invoiceId: invoiceId, orderId: order.orderId, customerId: order.customerId, kind: $0.rawValue) }
    }

    /// Takes a payment only for the invoice finance issued for this order and kind. Refused (`RuleViolation`
    /// `invoice_mismatch`, parked at once; nothing moves): an invoice of this order issued as another kind,
    /// another customer, a kind finance takes no payment on, and a deposit or balance invoice other than the
    /// one finance issued for the order (it has one of each). Held back (`InvoiceNotYetIssued`, retried on the
    /// delay tiers): a payment whose invoice the saga has not heard of while the order may still get it, i.e.
    /// one that overtook its `finance.invoice_issued.v1`. A payment for another order's invoice is refused by
    /// the host before it reaches the saga (`OrderSagaHost.invoicePaid`, from its `order_invoices`).
    package func checkPayment(invoiceId: String, kind: InvoiceKind, customerId: String?) throws {
        let customerId = customerId ?? order.customerId
        if let issued = issuedInvoice(invoiceId) {
            return try issued.take(paymentFor: order.orderId, customerId: customerId, kind: kind.rawValue)
        }
        guard customerId == order.customerId else {
            throw RuleViolation.invoiceMismatch(
                invoiceId, "the payment names customer \(customerId); order \(order.orderId) is customer \(order.customerId)'s")
        }
        guard kind.isPayable else { throw Self.notPayable(invoiceId, kind: kind.rawValue) }
        // Finance issues one deposit and one balance invoice per order; freight is invoiced per dispatch note.
        let issuedOfKind: Invoice? =
            switch kind {
            case .deposit: facts.depositInvoice
            case .balance: facts.balanceInvoice
            case .freight, .creditNote: nil
            }
        if let issuedOfKind {
            throw RuleViolation.invoiceMismatch(
                invoiceId, "order \(order.orderId)'s \(kind) invoice is \(issuedOfKind.invoiceId), not \(invoiceId)")
        }
        // A saga stored before freight invoice ids were kept cannot tell its freight invoices apart: as before.
        if kind == .freight && facts.freightInvoiceIds == nil && facts.freightInvoicedAt != nil { return }
        // Nothing is left to wait for in a finished saga, which ignores the payment.
        if isFinished { return }
        throw InvoiceNotYetIssued(invoiceId: invoiceId, orderId: order.orderId, kind: kind.rawValue)
    }

    /// The refusal of a payment on a kind finance takes no payment on (a credit note, or a kind it does not
    /// issue at all).
    package static func notPayable(_ invoiceId: String, kind: String) -> RuleViolation {
        RuleViolation.invoiceMismatch(invoiceId, "finance takes payments on deposit, balance and freight invoices, not on '\(kind)'")
    }

    /// The kind a payment names, as the saga takes it: an unknown kind is refused like a kind finance takes no
    /// payment on.
    package static func paymentKind(_ kind: String, invoiceId: String) throws(RuleViolation) -> InvoiceKind {
        guard let typed = InvoiceKind(rawValue: kind) else { throw notPayable(invoiceId, kind: kind) }
        return typed
    }
}
