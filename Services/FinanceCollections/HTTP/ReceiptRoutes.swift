import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `POST /v1/receipts` (CONTRACT.md): finance only (DOMAIN.md "Roles": a salesperson never records a
/// receipt). Allocated by `ReceiptAllocation` (as told, else oldest first); the rest becomes the
/// customer's credit balance; each invoice paid off is settled and `finance.invoice_paid.v1` published.
/// All of it, or nothing, in one transaction. A bank or cash reference already recorded for the customer
/// and method is refused (409 `duplicate_receipt`), so a retry without an Idempotency-Key books nothing twice.
///
/// A `cod` receipt names the order, the carrier who handed the money over and when it was collected
/// (`CodHandover`): it pays that order's open invoices unless told otherwise, is checked against what
/// they owe, and a mismatch or a late hand-over is flagged for reconciliation.
enum ReceiptRoutes {
    struct Body: Decodable {
        var customerId: String
        var amount: Money
        var method: Receipt.Method
        var reference: String
        var allocations: [AllocationLine]?
        /// What the customer was expected to pay (payment notice, COD dispatch amount): a difference is flagged.
        var expectedAmount: Money?
        /// Cash on delivery: the order, the carrier who handed the money over, when the carrier collected it.
        var orderId: String?
        var carrier: String?
        var collectedAt: Date?
    }

    struct Recorded: Encodable {
        var id: String
        var customerId: String
        var amount: Money
        var method: Receipt.Method
        var reference: String
        var allocations: [AllocationLine]
        /// The part of this receipt that went to no invoice.
        var toCredit: Money
        /// The customer's credit balance after this receipt.
        var creditBalance: Money
        var needsReconciliation: Bool
        var reconciliation: ReconciliationFlag?
        var cod: CodHandover?
        var recordedAt: Date
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/receipts") { request, context -> Response in
            let actor = try context.actor(as: .finance)
            let body = try await request.decode(as: Body.self, context: context)
            var errors: [Problem.FieldError] = []
            if body.customerId.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(.init(field: "customerId", message: "is required"))
            }
            if body.reference.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(.init(field: "reference", message: "is required"))
            }
            if body.method == .cod {
                for (field, value) in [("orderId", body.orderId), ("carrier", body.carrier)]
                where (value ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    errors.append(.init(field: field, message: "is required for cash on delivery"))
                }
                if body.collectedAt == nil { errors.append(.init(field: "collectedAt", message: "is required for cash on delivery")) }
            }
            guard errors.isEmpty else { throw Problem.validation("the receipt is incomplete", errors: errors) }
            let recorded = try await environment.pool.transaction { connection in
                try await record(body, actor: actor, now: environment.clock.now(), environment: environment, on: connection)
            }
            return try JSONResponse(recorded, status: .created).response()
        }
    }

    static func record(
        _ body: Body, actor: Author, now: Date, environment: ServiceEnvironment, on connection: PostgresConnection
    ) async throws -> Recorded {
        try await InvoiceStore.lockCustomer(body.customerId, on: connection)
        if body.method != .cod,
            let existing = try await ReceiptStore.existing(
                customerId: body.customerId, method: body.method, reference: body.reference, on: connection)
        {
            throw RuleViolation(
                code: .duplicateReceipt,
                detail:
                    "a \(body.method.rawValue) receipt with reference \(body.reference) is already recorded for this customer as \(existing)",
                fieldErrors: [.init(field: "reference", message: "already recorded")])
        }
        var invoices = try await InvoiceStore.forCustomer(body.customerId, lock: true, on: connection)
        var cod: CodHandover?
        if body.method == .cod, let orderId = body.orderId, let carrier = body.carrier, let collectedAt = body.collectedAt {
            let ofOrder = invoices.filter { $0.orderId == orderId }
            cod = try CodHandover(
                amount: body.amount, orderId: orderId, carrier: carrier, collectedAt: collectedAt, handedOverAt: now,
                owedOnOrder: try RuleViolation.checking("orderId") { () throws(MoneyError) in
                    try ofOrder.filter(\.isPayable).sum(\.outstanding)
                },
                calendar: FinanceCalendar.business)
            if body.allocations == nil { invoices = ofOrder }
        }
        let receipt = Receipt(
            customerId: body.customerId, amount: body.amount, method: body.method, reference: body.reference,
            expectedAmount: cod?.expected ?? body.expectedAmount)
        let allocation = try ReceiptAllocation.allocate(receipt, to: invoices, as: body.allocations)
        let needsReconciliation = allocation.reconciliation != nil || cod?.handedOverLate == true
        let id = InvoiceStore.newID("rcpt")
        try await ReceiptStore.insert(
            id: id, receipt, allocation: allocation, needsReconciliation: needsReconciliation, cod: cod, actor: actor, at: now,
            on: connection)
        try await AllocationStore.record(allocation.lines, receiptId: id, actor: actor, at: now, on: connection)
        try await InvoiceStore.saveAllocated(allocation.updatedInvoices, at: now, on: connection)
        try await CreditBalanceStore.adjust(
            body.customerId, by: allocation.creditBalance, reason: "overpayment of receipt \(id)", receiptId: id,
            actor: actor, at: now, on: connection)
        try await environment.outbox.enqueue(try FinanceMessages.paid(allocation.updatedInvoices, at: now, causationID: id), on: connection)
        let credit = try await CreditBalanceStore.balance(of: body.customerId, on: connection)
        return Recorded(
            id: id, customerId: body.customerId, amount: body.amount, method: body.method, reference: body.reference,
            allocations: allocation.lines, toCredit: allocation.creditBalance, creditBalance: credit,
            needsReconciliation: needsReconciliation, reconciliation: allocation.reconciliation, cod: cod, recordedAt: now)
    }
}
