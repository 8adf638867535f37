import Foundation
import O2CContracts
import O2CSaga
import Testing

/// The sagas as tables (`+Phases.swift`): ARCHITECTURE.md shows exactly these tables, and what the machines
/// do under any order of facts, duplicates, refusals, cancellations and deadlines stays inside them — a
/// command is sent only by a phase whose row lists it.
@Suite("Saga phase tables (ARCHITECTURE.md \"The order-to-cash saga\", \"The return/exchange saga\")")
struct SagaPhaseTableTests {
    static let architecture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/ARCHITECTURE.md").standardized

    /// The block between `<!-- saga-table:NAME -->` and `<!-- /saga-table -->` in ARCHITECTURE.md.
    static func documented(_ name: String) throws -> String {
        let text = try String(contentsOf: architecture, encoding: .utf8)
        let open = "<!-- saga-table:\(name) -->"
        let parts = text.components(separatedBy: open)
        guard parts.count == 2, let body = parts[1].components(separatedBy: "<!-- /saga-table -->").first else {
            Issue.record("ARCHITECTURE.md has no single \(open) … <!-- /saga-table --> block")
            return ""
        }
        return body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("ARCHITECTURE.md's order-to-cash state table is the saga's table")
    func orderToCashTableIsDocumented() throws {
        let expected = OrderToCashSaga.markdownTable
        #expect(try Self.documented("order-to-cash") == expected, "paste into docs/ARCHITECTURE.md:\n\(expected)")
    }

    @Test("ARCHITECTURE.md's return state table is the saga's table")
    func returnTableIsDocumented() throws {
        let expected = ReturnSaga.markdownTable
        #expect(try Self.documented("return") == expected, "paste into docs/ARCHITECTURE.md:\n\(expected)")
    }

    /// The commands the rows from `from` to `to` (in the table's order) send on entry.
    static func entries<M: SagaTable>(_ type: M.Type, from: M.Phase, to: M.Phase) -> Set<M.CommandKey> {
        let phases = Array(M.Phase.allCases)
        guard let a = phases.firstIndex(of: from), let b = phases.firstIndex(of: to) else { return [] }
        return Set(phases[min(a, b)...max(a, b)].flatMap { M.row($0).entry })
    }

    @Test(
        "order-to-cash: under random facts, refusals, cancellations and deadlines, each command comes from a row that lists it",
        arguments: 0..<150)
    func orderToCashStaysInItsTable(seed: Int) {
        typealias Saga = OrderToCashSaga
        var generator = SeededGenerator(seed: UInt64(seed) &+ 7_001)
        var time = OrderFixtures.monday
        let (machine, _) = Saga.start(order: OrderFixtures.order, settings: Saga.Settings(), at: time)
        var saga = SagaInstance(id: "o-1", machine: machine)
        // Each fact with the command that makes its service report it (nil: a person's decision, any time). A
        // fact is delivered only once its cause was sent, but then in any order, late, or twice.
        let pool: [(Saga.Event, Saga.CommandKey?)] = [
            (.creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false), .reserveCredit),
            (.creditReserved(grade: .c, depositRatioBasisPoints: 0, shipBeforePayment: false), .reserveCredit),
            (.creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: true), .reserveCredit),
            (.creditRefused(code: "over_limit"), .reserveCredit),
            (.invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!), .requestDepositInvoice),
            (.invoicePaid(invoiceId: "d", kind: .deposit), .requestDepositInvoice),
            (.shipmentScheduled, .requestShipment), (.dispatched(at: time, freight: Money("120.00")!), .requestShipment),
            (.delivered(at: time), .requestShipment),
            (.invoiceIssued(invoiceId: "f", kind: .freight, amount: Money("120.00")!), .requestShipment),
            (.invoiceIssued(invoiceId: "b", kind: .balance, amount: Money("7000.00")!), .requestBalanceInvoice),
            (.invoicePaid(invoiceId: "b", kind: .balance), .requestBalanceInvoice),
            (.creditReleased, .releaseCredit), (.shipmentCancelled, .cancelShipment), (.depositRefunded, .refundDeposit),
            (.cancellationApproved(reason: "customer", penalty: .zero, approvedBy: "gm"), nil),
            (.amended(amendmentId: "a-1", lines: OrderFixtures.order.lines, total: Money("9000.00")!), nil),
            (.customerConfirmed, nil), (.customerToldOfShipment, nil), (.changeRequested(requestId: "r-1"), nil),
            (.changeSettled(requestId: "r-1"), nil),
        ]
        let flowEnd: Set<Saga.Phase> = [.cancelling, .cancelled]
        // While a change is pending the saga asks for no shipment and no deposit invoice; once it settles, what the
        // steps it passed meanwhile would have sent goes out: those rows count too.
        var sinceChange: Saga.Phase? = nil
        for step in 0..<40 where !saga.machine.isFinished {
            time = time.addingTimeInterval(TimeInterval(Int.random(in: 0...(30 * 3_600), using: &generator)))
            let before = saga.machine.progress
            for (transition, commands) in saga.fireDueDeadlines(now: time) {
                let keys = Set(commands.map(\.key))
                let deadline = Saga.Deadline(rawValue: String(transition.trigger.dropFirst("deadline:".count)))
                switch deadline {
                case .depositUnpaid:
                    #expect(keys.isSubset(of: Set(Saga.row(.cancelling).entry + Saga.row(.cancelled).entry)), "\(commands)")
                case .paymentNotice: #expect(keys.isSubset(of: [.alertPaymentNoticeLate]))
                case .shipBy: #expect(keys.isSubset(of: [.alertShipmentOverdue]))
                case .customerConfirmation: #expect(keys.isSubset(of: [.alertCustomerConfirmationLate]))
                case .shipmentNotice: #expect(keys.isSubset(of: [.alertShipmentNoticeLate]))
                case .waybillToFinance: #expect(keys.isSubset(of: [.alertWaybillLate]))
                case nil: Issue.record("a deadline the table does not list fired: \(transition.trigger)")
                }
                #expect(Saga.row(before).deadlines.contains { $0.rawValue == transition.trigger.dropFirst("deadline:".count) })
            }
            let available = pool.filter { $0.1.map(saga.machine.sent.contains) ?? true }.map(\.0)
            guard !saga.machine.isFinished, let event = available.randomElement(using: &generator) else { break }
            if (try? saga.machine.check(event, at: time)) == nil { continue }  // refused or held back: nothing moves
            let from = sinceChange ?? saga.machine.progress
            guard case .applied(_, let commands) = saga.apply(event, eventID: "e\(step)", at: time) else { continue }
            let to = saga.machine.progress
            sinceChange = saga.machine.phase == .changePending ? (sinceChange ?? from) : nil
            let allowed =
                flowEnd.contains(to)
                ? Set(Saga.row(.cancelling).entry + Saga.row(.cancelled).entry) : Self.entries(Saga.self, from: from, to: to)
            #expect(Set(commands.map(\.key)).isSubset(of: allowed), "\(event): \(from) → \(to) sent \(commands)")
            let awaited = Set(Saga.row(saga.machine.phase).awaits.map(\.description))
            if saga.machine.phase != .changePending {
                #expect(Set(saga.machine.awaiting).isSubset(of: awaited), "\(saga.machine.phase) awaits \(saga.machine.awaiting)")
            }
        }
    }

    @Test("return: under random decisions and facts in any order, each command comes from a row that lists it", arguments: 0..<150)
    func returnStaysInItsTable(seed: Int) {
        typealias Saga = ReturnSaga
        var generator = SeededGenerator(seed: UInt64(seed) &+ 9_001)
        var time = ReturnSagaTests.monday
        let kind: Saga.Kind = Bool.random(using: &generator) ? .return : .exchange
        var saga = ReturnSagaTests.started(kind).0
        // The warehouse's and finance's facts come once the saga asked for them, then in any order or twice;
        // people decide at any time (out of turn, a decision changes nothing).
        let pool: [(Saga.Event, Saga.CommandKey?, Int)] = [
            (.confirmed(by: "bob", comment: nil), nil, 5), (.confirmationRejected(by: "bob", comment: "no"), nil, 1),
            (.inspected(genuine: true, by: "tina", notes: nil), nil, 5), (.inspected(genuine: false, by: "tina", notes: "fake"), nil, 1),
            (.approved(by: "mia", comment: nil), nil, 5), (.approvalRejected(by: "mia", comment: "no"), nil, 1),
            (.returnNoteIssued(noteId: "rn-1"), .approveReturn, 4), (.discrepancyFound, .approveReturn, 2),
            (.received(lines: ReturnSagaTests.received, at: time), .approveReturn, 4),
            (.replacementDispatched(noteId: "dn-9", at: time), .requestReplacement, 3),
            (.replacementDelivered(at: time), .requestReplacement, 3),
            (
                .creditNoteIssued(creditNoteId: "cn-1", amount: Money("3501.00")!, offset: .zero, refunded: Money("3501.00")!),
                .requestCreditNote, 3
            ),
        ]
        for step in 0..<40 where !saga.machine.isFinished {
            time = time.addingTimeInterval(TimeInterval(Int.random(in: 0...(40 * 3_600), using: &generator)))
            let before = saga.machine.phase
            for (transition, commands) in saga.fireDueDeadlines(now: time) {
                #expect(Set(commands.map(\.name)).isSubset(of: [.alertStepOverdue]), "\(commands)")
                #expect(Saga.row(before).deadlines.contains { $0.rawValue == transition.trigger.dropFirst("deadline:".count) })
            }
            let draws = pool.filter { $0.1.map { saga.machine.sent.contains($0.rawValue) } ?? true }
                .flatMap { Array(repeating: $0.0, count: $0.2) }
            guard let event = draws.randomElement(using: &generator) else { break }
            if (try? saga.machine.check(event, at: time)) == nil { continue }
            let from = saga.machine.phase
            guard case .applied(_, let commands) = saga.apply(event, eventID: "e\(step)", at: time) else { continue }
            let to = saga.machine.phase
            let allowed = to == .rejected ? Set(Saga.row(.rejected).entry) : Self.entries(Saga.self, from: from, to: to)
            #expect(Set(commands.map(\.name)).isSubset(of: allowed), "\(event): \(from) → \(to) sent \(commands)")
            #expect(Set(saga.machine.awaiting).count == saga.machine.awaiting.count)
        }
    }
}
