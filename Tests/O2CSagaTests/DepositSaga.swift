import Foundation
import O2CSaga

/// A small saga with the shape of the order-to-cash one, for testing the engine: it accumulates facts
/// (so reordered events still end in the same state), has a deadline with a compensation, and a
/// final state that ignores everything after it.
struct DepositSaga: SagaStateMachine {
    enum Event: Codable, Sendable, Equatable {
        case creditReserved
        case depositReceived
        case shipped
        case cancelled(reason: String)
    }
    enum Command: Sendable, Equatable {
        case requestDeposit
        case scheduleShipment
        case releaseCredit
        case completeOrder
    }

    static let sagaType = "deposit-test"
    static let depositWindow: TimeInterval = 7 * 86_400

    var creditReservedAt: Date?
    var depositReceivedAt: Date?
    var shippedAt: Date?
    var cancelledAt: Date?
    var cancelReason: String?
    var sent: [String] = []

    var stateName: String {
        if cancelledAt != nil { return "cancelled" }
        if creditReservedAt == nil { return "awaiting_credit" }
        if depositReceivedAt == nil { return "awaiting_deposit" }
        if shippedAt == nil { return "awaiting_shipment" }
        return "completed"
    }
    var isFinished: Bool { stateName == "completed" || stateName == "cancelled" }
    var awaiting: [String] {
        switch stateName {
        case "awaiting_credit": ["creditReserved"]
        case "awaiting_deposit": ["depositReceived"]
        case "awaiting_shipment": ["shipped"]
        default: []
        }
    }
    var deadlines: [SagaDeadline] {
        guard stateName == "awaiting_deposit", let reserved = creditReservedAt else { return [] }
        return [SagaDeadline(name: "deposit_unpaid", dueAt: reserved.addingTimeInterval(Self.depositWindow))]
    }
    var steps: [SagaStep] {
        [
            SagaStep(name: "credit_reserved", status: creditReservedAt == nil ? .pending : .done, at: creditReservedAt),
            SagaStep(name: "deposit_received", status: depositReceivedAt == nil ? .pending : .done, at: depositReceivedAt),
            SagaStep(name: "shipped", status: shippedAt == nil ? .pending : .done, at: shippedAt),
        ]
    }

    mutating func on(_ event: Event, at now: Date) -> [Command] {
        let before = stateName
        switch event {
        case .creditReserved: creditReservedAt = creditReservedAt ?? now
        case .depositReceived: depositReceivedAt = depositReceivedAt ?? now
        case .shipped: shippedAt = shippedAt ?? now
        case .cancelled(let reason):
            if cancelledAt == nil {
                cancelledAt = now
                cancelReason = reason
                return record([.releaseCredit])
            }
        }
        return before == stateName ? [] : record(commands(entering: stateName))
    }

    mutating func deadlineReached(_ deadline: SagaDeadline, at now: Date) -> [Command] {
        on(.cancelled(reason: deadline.name), at: now)
    }

    private func commands(entering state: String) -> [Command] {
        switch state {
        case "awaiting_deposit": [.requestDeposit]
        case "awaiting_shipment": [.scheduleShipment]
        case "completed": [.completeOrder]
        default: []
        }
    }

    /// Keeps what was sent in the state, so that a command is sent once even when facts arrive early.
    private mutating func record(_ commands: [Command]) -> [Command] {
        let fresh = commands.filter { !sent.contains("\($0)") }
        sent += fresh.map { "\($0)" }
        return fresh
    }
}
