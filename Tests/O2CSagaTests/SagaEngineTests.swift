import Foundation
import O2CSaga
import Testing

@Suite("Saga engine (no I/O)")
struct SagaEngineTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    private func fresh() -> SagaInstance<DepositSaga> { SagaInstance(id: "order-1", machine: DepositSaga()) }

    @Test("the happy path moves through every state and sends each command once")
    func happyPath() {
        var saga = fresh()
        var sent: [DepositSaga.Command] = []
        for (n, event) in [DepositSaga.Event.creditReserved, .depositReceived, .shipped].enumerated() {
            guard case .applied(_, let commands) = saga.apply(event, eventID: "e\(n)", at: start) else {
                Issue.record("event \(n) was not applied"); return
            }
            sent += commands
        }
        #expect(saga.machine.stateName == "completed")
        #expect(saga.machine.isFinished)
        #expect(sent == [.requestDeposit, .scheduleShipment, .completeOrder])
        #expect(saga.version == 3)
        #expect(saga.nextDeadline == nil)
    }

    @Test("an event redelivered with the same id changes nothing")
    func duplicateIgnored() {
        var saga = fresh()
        _ = saga.apply(.creditReserved, eventID: "m-1", at: start)
        let before = saga
        guard case .ignored(.duplicate) = saga.apply(.creditReserved, eventID: "m-1", at: start.addingTimeInterval(5)) else {
            Issue.record("duplicate was applied"); return
        }
        #expect(saga == before)
    }

    @Test(
        "every order and duplication of the same events ends in the same state with the same commands",
        arguments: 0..<40)
    func shuffledAndDuplicated(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let events: [(String, DepositSaga.Event)] = [("a", .creditReserved), ("b", .depositReceived), ("c", .shipped)]
        // Each event delivered one to three times, all shuffled.
        var deliveries = events.flatMap { event in Array(repeating: event, count: Int.random(in: 1...3, using: &generator)) }
        deliveries.shuffle(using: &generator)

        var saga = fresh()
        var sent: [DepositSaga.Command] = []
        for (id, event) in deliveries {
            if case .applied(_, let commands) = saga.apply(event, eventID: id, at: start) { sent += commands }
        }
        #expect(saga.machine.stateName == "completed")
        #expect(saga.version == 3, "three distinct events, three versions; duplicates add none")
        #expect(sent.count == Set(sent.map { "\($0)" }).count, "no command is sent twice")
        #expect(sent.last == .completeOrder)
        #expect(saga.machine.steps.allSatisfy { $0.status == .done })
    }

    @Test("a deadline fires once, compensates, and finishes the saga")
    func deadlineCompensates() {
        var saga = fresh()
        _ = saga.apply(.creditReserved, eventID: "r", at: start)
        #expect(saga.nextDeadline == start.addingTimeInterval(DepositSaga.depositWindow))

        #expect(saga.fireDueDeadlines(now: start.addingTimeInterval(3600)).isEmpty, "not due yet")
        let fired = saga.fireDueDeadlines(now: start.addingTimeInterval(DepositSaga.depositWindow + 1))
        #expect(fired.count == 1)
        #expect(fired.first?.1 == [.releaseCredit])
        #expect(fired.first?.0.trigger == "deadline:deposit_unpaid")
        #expect(saga.machine.stateName == "cancelled")
        #expect(saga.nextDeadline == nil)
        #expect(saga.fireDueDeadlines(now: start.addingTimeInterval(DepositSaga.depositWindow * 2)).isEmpty)
    }

    @Test("a deposit that arrives in time removes the deadline")
    func deadlineClearedByProgress() {
        var saga = fresh()
        _ = saga.apply(.creditReserved, eventID: "r", at: start)
        _ = saga.apply(.depositReceived, eventID: "d", at: start.addingTimeInterval(86_400))
        #expect(saga.nextDeadline == nil)
        #expect(saga.fireDueDeadlines(now: start.addingTimeInterval(DepositSaga.depositWindow * 2)).isEmpty)
        #expect(saga.machine.stateName == "awaiting_shipment")
    }

    @Test("a finished saga ignores late events")
    func finishedIgnoresEvents() {
        var saga = fresh()
        _ = saga.apply(.cancelled(reason: "customer"), eventID: "x", at: start)
        let before = saga
        guard case .ignored(.finished) = saga.apply(.depositReceived, eventID: "late", at: start) else {
            Issue.record("late event applied"); return
        }
        #expect(saga == before)
    }

    @Test("the instance survives a JSON round trip unchanged")
    func codableRoundTrip() throws {
        var saga = fresh()
        _ = saga.apply(.creditReserved, eventID: "r", at: start)
        let data = try JSONEncoder().encode(saga)
        let decoded = try JSONDecoder().decode(SagaInstance<DepositSaga>.self, from: data)
        #expect(decoded == saga)
    }

    @Test("the applied-id memory is bounded")
    func appliedIDsBounded() {
        var saga = fresh()
        for n in 0..<(SagaInstance<DepositSaga>.appliedEventLimit + 50) {
            _ = saga.apply(.creditReserved, eventID: "id-\(n)", at: start)
        }
        #expect(saga.version == SagaInstance<DepositSaga>.appliedEventLimit + 50)
        #expect(saga.appliedEventIDs.count <= SagaInstance<DepositSaga>.appliedEventLimit)
    }
}

/// A deterministic random number generator (SplitMix64), so a failing shuffle can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Saga engine: alert-only deadlines")
struct AlertDeadlineTests {
    /// Waits for shipment; when the ship-by deadline passes it raises an alert but keeps waiting.
    struct ShipBySaga: SagaStateMachine {
        static let sagaType = "ship-by-test"
        var due: Date
        var shippedAt: Date?
        var alerts = 0
        var stateName: String { shippedAt == nil ? "awaiting_shipment" : "shipped" }
        var isFinished: Bool { shippedAt != nil }
        var awaiting: [String] { isFinished ? [] : ["shipped"] }
        var deadlines: [SagaDeadline] { isFinished ? [] : [SagaDeadline(name: "ship_by", dueAt: due)] }
        var steps: [SagaStep] { [SagaStep(name: "shipped", status: shippedAt == nil ? .pending : .done, at: shippedAt)] }
        mutating func on(_ event: String, at now: Date) -> [String] { shippedAt = now; return [] }
        mutating func deadlineReached(_ deadline: SagaDeadline, at now: Date) -> [String] { alerts += 1; return ["alert"] }
    }

    @Test("an alert deadline fires once, and the saga then shows as overdue until it moves on")
    func alertOnce() {
        let due = Date(timeIntervalSince1970: 1_800_000_000)
        var saga = SagaInstance(id: "s", machine: ShipBySaga(due: due))
        #expect(saga.nextDeadline == due)
        #expect(saga.overdueSince == nil)
        #expect(saga.fireDueDeadlines(now: due.addingTimeInterval(1)).map(\.1) == [["alert"]])
        #expect(saga.fireDueDeadlines(now: due.addingTimeInterval(100)).isEmpty)
        #expect(saga.machine.alerts == 1)
        #expect(saga.nextDeadline == nil)
        #expect(saga.overdueSince == due)
        _ = saga.apply("shipped", eventID: "s1", at: due.addingTimeInterval(200))
        #expect(saga.overdueSince == nil)
        #expect(saga.firedDeadlines.isEmpty)
    }
}
