/// Exponential backoff with jitter, for callers that reconnect after `.connectionFailed` /
/// `.connectionLost`: the adapter itself never retries in a loop.
///
/// Delays double from `initial` up to `max`; each returned delay is drawn uniformly from the upper
/// half of the current step ("equal jitter"), so restarted services do not reconnect in lockstep.
package struct Backoff: Sendable {
    package let initial: Duration
    package let max: Duration
    private var step: Duration

    package init(initial: Duration = .milliseconds(100), max: Duration = .seconds(10)) {
        precondition(initial > .zero && max >= initial, "Backoff needs 0 < initial <= max")
        self.initial = initial
        self.max = max
        self.step = initial
    }

    /// The delay to wait before the next attempt.
    package mutating func next() -> Duration {
        let current = step
        step = Swift.min(step * 2, max)
        let half = current / 2
        let jitterNanos = Int64.random(in: 0...Swift.max(0, Self.nanoseconds(half)))
        return half + .nanoseconds(jitterNanos)
    }

    /// Back to `initial` after a success.
    package mutating func reset() {
        step = initial
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
