import Foundation
import O2CContracts
import O2CSaga
import Testing

/// DOMAIN.md "After-sales and returns" (退货/换货): every transition of the return saga, with no I/O.
@Suite("Return saga (DOMAIN.md: After-sales and returns)")
struct ReturnSagaTests {
    typealias Saga = ReturnSaga
    // Monday 2026-11-23 10:00 Shanghai.
    static let monday = Date(timeIntervalSince1970: 1_795_399_200)
    static let lines = [
        ReturnLine(sku: "FL-100", quantity: 4, unitPrice: Money("1000.00")!),
        ReturnLine(sku: "FL-200", quantity: 2, unitPrice: Money("250.50")!),
    ]

    static func request(_ kind: Saga.Kind = .return) -> Saga.Request {
        Saga.Request(
            returnId: "r-1", orderId: "o-1", customerId: "c-1", customerName: "Acme Castings", deliveryAddress: "1 Foundry Rd",
            kind: kind, lines: lines, reason: "wrong size", requestedBy: "sam")
    }

    static func started(_ kind: Saga.Kind = .return) -> (SagaInstance<Saga>, [Saga.Command]) {
        let (saga, commands) = Saga.start(request: request(kind), settings: Saga.Settings(), at: monday)
        return (SagaInstance(id: "r-1", machine: saga), commands)
    }

    static func run(_ saga: inout SagaInstance<Saga>, _ events: [Saga.Event], at time: Date = monday) -> [Saga.Command] {
        saga.applying(events, at: time)
    }

    static let approvedPath: [Saga.Event] = [
        .confirmed(by: "bob", comment: nil), .inspected(genuine: true, by: "tina", notes: "ours"), .approved(by: "mia", comment: "ok"),
    ]
    static let received = [CountedLine(sku: "FL-100", quantity: 3), CountedLine(sku: "FL-200", quantity: 2)]

    @Test("a request is announced and waits for the branch_manager's confirmation")
    func start() throws {
        let (saga, commands) = Self.started()
        #expect(commands == [.announceRequested])
        #expect(saga.machine.stateName == "awaiting_confirmation")
        #expect(try saga.machine.requestedAmount == Money("4501.00"))
    }

    @Test("confirmed and inspected are announced once each; approved sends ReturnApproved for exactly the requested lines, once")
    func approval() {
        var (saga, _) = Self.started()
        #expect(
            Self.run(&saga, [.confirmed(by: "bob", comment: nil), .confirmed(by: "bob", comment: nil)]) == [.announceConfirmed(by: "bob")])
        #expect(saga.machine.stateName == "awaiting_inspection")
        #expect(Self.run(&saga, [.inspected(genuine: true, by: "tina", notes: "ours")]) == [.announceInspected(by: "tina", notes: "ours")])
        #expect(saga.machine.stateName == "awaiting_approval")
        let commands = Self.run(&saga, [.approved(by: "mia", comment: nil), .approved(by: "mia", comment: nil)])
        #expect(commands == [.approveReturn(lines: Self.lines, approvedBy: "mia")])
        #expect(saga.machine.stateName == "awaiting_return_note")
    }

    @Test("a return: note issued → received → CreditNoteRequested for received qty × price → credit note → refunded")
    func refunded() {
        var (saga, _) = Self.started()
        _ = Self.run(&saga, Self.approvedPath)
        #expect(Self.run(&saga, [.returnNoteIssued(noteId: "rn-1")]).isEmpty)
        #expect(saga.machine.stateName == "awaiting_receipt")
        var commands = Self.run(&saga, [.received(lines: Self.received, at: Self.monday)])
        let expected = [
            ReturnLine(sku: "FL-100", quantity: 3, unitPrice: Money("1000.00")!),
            ReturnLine(sku: "FL-200", quantity: 2, unitPrice: Money("250.50")!),
        ]
        #expect(commands == [.requestCreditNote(lines: expected, amount: Money("3501.00")!)])
        #expect(saga.machine.stateName == "awaiting_credit_note")
        commands = Self.run(
            &saga, [.creditNoteIssued(creditNoteId: "cn-1", amount: Money("3501.00")!, offset: .zero, refunded: Money("3501.00")!)])
        #expect(commands == [.close(outcome: "refunded", reason: nil)])
        #expect(saga.machine.stateName == "refunded")
        #expect(saga.machine.isFinished)
        #expect(saga.machine.steps.allSatisfy { $0.status == .done })
    }

    @Test("an exchange: received → ReplacementRequested with the received quantities → dispatched → delivered → exchanged, no credit note")
    func exchanged() {
        var (saga, _) = Self.started(.exchange)
        _ = Self.run(&saga, Self.approvedPath + [.returnNoteIssued(noteId: "rn-1")])
        var commands = Self.run(&saga, [.received(lines: [CountedLine(sku: "FL-100", quantity: 4)], at: Self.monday)])
        #expect(commands == [.requestReplacement(lines: [ReturnLine(sku: "FL-100", quantity: 4, unitPrice: Money("1000.00")!)])])
        #expect(saga.machine.stateName == "awaiting_replacement_dispatch")
        #expect(Self.run(&saga, [.replacementDispatched(noteId: "dn-9", at: Self.monday)]).isEmpty)
        #expect(saga.machine.stateName == "awaiting_replacement_delivery")
        commands = Self.run(&saga, [.replacementDelivered(at: Self.monday)])
        #expect(commands == [.close(outcome: "exchanged", reason: nil)])
        #expect(saga.machine.stateName == "exchanged")
        #expect(!saga.machine.steps.map(\.name).contains("credit_note_issued"))
    }

    @Test(
        "rejections end the return at any decision step with nothing moved",
        arguments: [
            [Saga.Event.confirmationRejected(by: "bob", comment: "no")],
            [.confirmed(by: "bob", comment: nil), .inspected(genuine: false, by: "tina", notes: "not our product")],
            [
                .confirmed(by: "bob", comment: nil), .inspected(genuine: true, by: "tina", notes: nil),
                .approvalRejected(by: "mia", comment: "no"),
            ],
        ])
    func rejected(_ events: [Saga.Event]) {
        var (saga, _) = Self.started()
        let commands = Self.run(&saga, events).filter {
            switch $0 {
            case .announceConfirmed, .announceInspected: false  // the broadcasts of the steps taken before
            default: true
            }
        }
        #expect(commands.count == 1, "nothing moves: no ReturnApproved, no credit note, no replacement")
        guard case .close(let outcome, let reason)? = commands.first else { Issue.record("no close: \(commands)"); return }
        #expect(outcome == "rejected")
        #expect(reason != nil)
        #expect(saga.machine.stateName == "rejected")
        #expect(saga.machine.steps.contains { $0.status == .failed })
        #expect(Self.run(&saga, [.approved(by: "mia", comment: nil)]).isEmpty, "a finished saga ignores events")
    }
}
