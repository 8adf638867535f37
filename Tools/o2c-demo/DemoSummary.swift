import Foundation

/// The figures of a run: outcomes, throughput and the latency between saga milestones.
struct DemoSummary {
    let results: [OrderDriver.Result]
    let expectedCancellations: Int
    let wall: Duration
    let commitsPerSecond: Double?

    static let spans: [(String, String, String)] = [
        ("signed → deposit invoiced", "signed", "depositInvoiced"),
        ("deposit paid → dispatch note", "depositPaid", "dispatchNote"),
        ("released → balance invoiced", "released", "balanceInvoiced"),
        ("last receipt → completed", "lastReceipt", "completed"),
        ("deposit paid → cancelled", "depositPaid", "cancelled"),
        ("signed → completed", "signed", "completed"),
    ]

    var completed: Int { results.filter { if case .completed = $0.outcome { true } else { false } }.count }
    var cancelled: Int { results.filter { if case .cancelled = $0.outcome { true } else { false } }.count }
    var failures: [String] { results.compactMap { if case .failed(let why) = $0.outcome { why } else { nil } } }
    var succeeded: Bool { failures.isEmpty && cancelled == expectedCancellations }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded(.up)))]
    }

    func print() {
        let wallSeconds = Self.seconds(wall)
        Swift.print(
            """

            o2c-demo summary
              orders     \(results.count): \(completed) completed, \(cancelled) cancelled (\(expectedCancellations) intended), \(failures.count) failed
              wall time  \(String(format: "%.1f s", wallSeconds))
              throughput \(String(format: "%.2f completed sagas/s", Double(completed) / max(wallSeconds, 0.001)))
            """)
        if let commitsPerSecond {
            Swift.print(String(format: "  postgres   %.0f single-row commits/s on one connection (for scale)", commitsPerSecond))
        }
        Swift.print("  latency (ms)                     n      p50      p99")
        for (name, from, to) in Self.spans {
            let values = results.compactMap { result -> Double? in
                guard let start = result.marks[from], let end = result.marks[to] else { return nil }
                return Self.seconds(end - start) * 1000
            }.sorted()
            guard !values.isEmpty else { continue }
            Swift.print(
                String(
                    format: "    %@ %4d %8.0f %8.0f", name.padding(toLength: 29, withPad: " ", startingAt: 0),
                    values.count, percentile(values, 0.5), percentile(values, 0.99)))
        }
        for failure in failures { Swift.print("  FAILED: \(failure)") }
        if cancelled != expectedCancellations { Swift.print("  FAILED: \(cancelled) cancelled, \(expectedCancellations) intended") }
    }
}
