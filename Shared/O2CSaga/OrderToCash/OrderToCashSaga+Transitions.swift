import Foundation
import O2CContracts

extension OrderToCashSaga {
    /// The phase the facts put the saga in (the table of phases is in `+Phases.swift`).
    package var phase: Phase {
        let progress = self.progress
        switch progress {
        case .cancelled, .completed, .cancelling: return progress
        case .awaitingCredit, .creditRefused, .awaitingDeposit, .awaitingDispatch, .changePending, .awaitingDelivery, .awaitingPayment,
            .releasingCredit:
            return hasPendingChange ? .changePending : progress
        }
    }

    var hasPendingChange: Bool { !(facts.pendingChanges ?? []).isEmpty }

    /// The step of the flow the order is at, whether or not a change is pending.
    package var progress: Phase {
        if facts.cancelledAt != nil { return .cancelled }
        if facts.completedAt != nil { return .completed }
        if facts.cancellation != nil { return .cancelling }
        if facts.creditReservedAt == nil { return facts.creditRefusal == nil ? .awaitingCredit : .creditRefused }
        if !mayShip { return .awaitingDeposit }
        if facts.dispatchedAt == nil { return .awaitingDispatch }
        if facts.deliveredAt == nil { return .awaitingDelivery }
        if !isSettled { return .awaitingPayment }
        return .releasingCredit
    }

    /// Production and dispatch only after the deposit (DOMAIN.md "Credit"), unless there is none or a
    /// sales_director approved shipping before payment.
    var mayShip: Bool {
        facts.creditReservedAt != nil && (depositAmount == .zero || facts.depositPaidAt != nil || facts.shipBeforePayment)
    }
    var isPaid: Bool {
        guard let deposit = depositAmount, let balance = balanceAmount else { return false }
        return (deposit == .zero || facts.depositPaidAt != nil) && (balance == .zero || facts.balancePaidAt != nil)
    }

    /// Every step up to payment has happened: credit, the invoices, the shipment, delivery, the money.
    /// Only then is credit released and the order completed, whatever order the facts arrived in.
    var isSettled: Bool {
        guard facts.creditReservedAt != nil, let deposit = depositAmount, let balance = balanceAmount else { return false }
        return (deposit == .zero || facts.depositInvoice != nil) && facts.shipmentScheduledAt != nil
            && facts.dispatchedAt != nil && facts.deliveredAt != nil && (balance == .zero || facts.balanceInvoice != nil) && isPaid
    }

    package mutating func on(_ event: Event, at now: Date) -> [Command] {
        switch event {
        case .creditReserved(let grade, let ratio, let shipBeforePayment):
            if facts.creditReservedAt == nil {
                facts.creditReservedAt = now
                facts.grade = grade
                facts.depositRatioBasisPoints = ratio
            }
            // A sales_director may approve shipping before payment after the credit was reserved.
            if shipBeforePayment { facts.shipBeforePayment = true }
        case .creditRefused(let code):
            if facts.creditReservedAt == nil && facts.creditRefusal == nil { facts.creditRefusal = Refusal(code: code, at: now) }
        case .invoiceIssued(let id, let kind, let amount):
            let invoice = Invoice(invoiceId: id, amount: amount, issuedAt: now)
            switch kind {
            case .deposit: if facts.depositInvoice == nil { facts.depositInvoice = invoice }
            case .balance: if facts.balanceInvoice == nil { facts.balanceInvoice = invoice }
            case .freight:
                facts.freightInvoicedAt = facts.freightInvoicedAt ?? now
                if !(facts.freightInvoiceIds ?? []).contains(id) { facts.freightInvoiceIds = (facts.freightInvoiceIds ?? []) + [id] }
            case .creditNote: break  // finance announces no credit note as issued; a return's credit is not the order's
            }
        case .invoicePaid(_, let kind, _):
            switch kind {
            case .deposit: if facts.depositPaidAt == nil { facts.depositPaidAt = now }
            case .balance: if facts.balancePaidAt == nil { facts.balancePaidAt = now }
            case .freight, .creditNote: break  // freight is paid apart from the order's money; `check` refuses a credit note
            }
        case .shipmentScheduled:
            facts.shipmentScheduledAt = facts.shipmentScheduledAt ?? now
        case .dispatched(let at, let freight):
            if facts.dispatchedAt == nil {
                facts.dispatchedAt = at
                facts.freight = freight
            }
        case .delivered(let at):
            facts.deliveredAt = facts.deliveredAt ?? at
        case .creditReleased:
            facts.creditReleasedAt = facts.creditReleasedAt ?? now
        case .cancellationApproved(let reason, let penalty, let approvedBy):
            // After dispatch only returns apply (DOMAIN.md "Order amendments").
            if facts.cancellation == nil && facts.dispatchedAt == nil && facts.completedAt == nil {
                facts.cancellation = Cancellation(reason: reason, penalty: penalty, approvedBy: approvedBy, requestedAt: now)
            }
        case .shipmentCancelled:
            facts.shipmentCancelledAt = facts.shipmentCancelledAt ?? now
        case .depositRefunded:
            facts.depositRefundedAt = facts.depositRefundedAt ?? now
        case .amended(let amendmentId, let lines, let total):
            // Before dispatch only; orders refuses later ones, and a late or repeated one changes nothing.
            if !(facts.amendments ?? []).contains(amendmentId) && facts.dispatchedAt == nil && facts.cancellation == nil && !isFinished {
                facts.amendments = (facts.amendments ?? []) + [amendmentId]
                order.lines = lines
                order.total = total
            }
        case .invoiceAdjusted(let invoiceId, let kind, let amount):
            if kind == .deposit, facts.depositInvoice?.invoiceId == invoiceId, facts.depositPaidAt == nil {
                facts.depositInvoice?.amount = amount
            }
        case .customerConfirmed:
            facts.customerConfirmedAt = facts.customerConfirmedAt ?? now
        case .customerToldOfShipment:
            facts.shipmentNoticeAt = facts.shipmentNoticeAt ?? now
        case .changeRequested(let requestId):
            if !(facts.pendingChanges ?? []).contains(requestId) && !isFinished {
                facts.pendingChanges = (facts.pendingChanges ?? []) + [requestId]
            }
        case .changeSettled(let requestId):
            facts.pendingChanges?.removeAll { $0 == requestId }
        }
        return advance(at: now)
    }

    /// The commands the facts now call for, each sent once; and the final states, entered once.
    mutating func advance(at now: Date) -> [Command] {
        var wanted: [Command] = []
        if let cancellation = facts.cancellation {
            // Every cancellation releases reserved credit and stock; a deposit is refunded less the penalty.
            if sent.contains(.reserveCredit) { wanted.append(.releaseCredit) }
            if sent.contains(.requestShipment) { wanted.append(.cancelShipment) }
            if sent.contains(.requestDepositInvoice) {
                wanted.append(
                    .refundDeposit(penalty: cancellation.penalty, approvedBy: cancellation.approvedBy, reason: cancellation.reason))
            }
            let compensated =
                (!sent.contains(.reserveCredit) || facts.creditReleasedAt != nil)
                && (!sent.contains(.requestShipment) || facts.shipmentCancelledAt != nil)
                && (!sent.contains(.requestDepositInvoice) || facts.depositRefundedAt != nil)
            if compensated && facts.cancelledAt == nil {
                facts.cancelledAt = now
                wanted.append(.cancelOrder(reason: cancellation.reason))
            }
            return send(wanted)
        }
        if facts.signedAt != nil { wanted.append(.reserveCredit(amount: order.total)) }
        // A pending change may alter the lines and the total: the deposit invoice and the shipment wait for it.
        if facts.creditReservedAt != nil, !hasPendingChange, let ratio = facts.depositRatioBasisPoints, ratio > 0 {
            wanted.append(.requestDepositInvoice(total: order.total, depositRatioBasisPoints: ratio))
        }
        if facts.creditReservedAt != nil && mayShip && !hasPendingChange, let shipBy = shipByDue {
            wanted.append(.requestShipment(shipBy: shipBy))
        }
        if let dispatched = facts.dispatchedAt, let grade = facts.grade, let balance = balanceAmount, balance > .zero,
            grade.balanceDueBasis == .dispatch || facts.deliveredAt != nil
        {
            wanted.append(.requestBalanceInvoice(amount: balance, grade: grade, dispatchedAt: dispatched, deliveredAt: facts.deliveredAt))
        }
        if isSettled { wanted.append(.releaseCredit) }
        if isSettled && facts.creditReleasedAt != nil && facts.completedAt == nil {
            facts.completedAt = now
            wanted.append(.completeOrder)
        }
        return send(wanted)
    }

    /// When the goods must have left: the configured working days after the deposit arrived (or after
    /// the credit decision, when there is no deposit to wait for).
    var shipByDue: Date? {
        guard let from = facts.depositPaidAt ?? facts.creditReservedAt else { return nil }
        return settings.calendar.addingWorkingDays(settings.shipWithinWorkingDays, to: from)
    }

    mutating func send(_ commands: [Command]) -> [Command] {
        let fresh = commands.filter { !sent.contains($0.key) }
        for command in fresh { sent.insert(command.key) }
        return fresh
    }
}
