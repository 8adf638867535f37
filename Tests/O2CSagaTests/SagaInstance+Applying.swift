import Foundation
import O2CSaga

extension SagaInstance {
    /// Applies `events` in order, each under a message id of its own (so an equal event applied twice is a
    /// second delivery of the same fact, not an exact redelivery), and collects the commands they send.
    mutating func applying(_ events: [Machine.Event], at time: Date) -> [Machine.Command] {
        var commands: [Machine.Command] = []
        for event in events {
            if case .applied(_, let sent) = apply(event, eventID: UUID().uuidString, at: time) { commands += sent }
        }
        return commands
    }
}
