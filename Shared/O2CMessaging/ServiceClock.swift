import Foundation
import Synchronization

/// The service's idea of "now". Deadlines, due dates and aging all read it, so that tests can move
/// it (`PUT /v1/admin/test-clock`, only with `O2C_TEST_CLOCK=1`); otherwise it is the system clock.
package final class ServiceClock: Sendable {
    private struct Anchor {
        var instant: Date
        var setAt: ContinuousClock.Instant
    }
    private let anchor = Mutex<Anchor?>(nil)
    package let isMovable: Bool

    package init(movable: Bool = false) { self.isMovable = movable }

    package func now() -> Date {
        guard let anchor = anchor.withLock({ $0 }) else { return Date() }
        let elapsed = ContinuousClock.now - anchor.setAt
        let (seconds, attoseconds) = elapsed.components
        return anchor.instant.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Moves the clock to `instant`; time runs on from there. Only for a movable clock.
    package func set(_ instant: Date) {
        precondition(isMovable, "the clock of a service without O2C_TEST_CLOCK=1 cannot be moved")
        anchor.withLock { $0 = Anchor(instant: instant, setAt: .now) }
    }
}
