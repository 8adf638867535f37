import Foundation

/// The one table `scripts/bench.sh` ends with: throughput, the latency of each saga step and of the HTTP
/// calls, PostgreSQL's transactions and statements per order, CPU per order per process, memory per
/// service, and the machine's commit rate for scale.
struct BenchReport {
    var mode: String
    var historyOrders: Int?
    var results: [OrderDriver.Result]
    var wall: Duration
    var http: [String: [Double]]
    var groups: [BenchMeasure.Group]
    var idle: BenchMeasure.Sample?
    var windowStart: BenchMeasure.Sample?
    var windowEnd: BenchMeasure.Sample?
    var countersBefore: BenchMeasure.Counters?
    var countersAfter: BenchMeasure.Counters?
    var commits: (one: Double, many: Double, connections: Int)?

    static let spans: [(String, String, String)] = [
        ("signed → deposit invoiced", "signed", "depositInvoiced"),
        ("deposit paid → dispatch note", "depositPaid", "dispatchNote"),
        ("released → balance invoiced", "released", "balanceInvoiced"),
        ("last receipt → completed", "lastReceipt", "completed"),
        ("signed → completed", "signed", "completed"),
    ]

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let index = Int((Double(sorted.count - 1) * fraction).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, index))]
    }

    var completed: Int { results.filter { if case .completed = $0.outcome { true } else { false } }.count }
    var failures: [String] { results.compactMap { if case .failed(let why) = $0.outcome { why } else { nil } } }

    func print() {
        let seconds = DemoSummary.seconds(wall)
        let done = completed
        let perOrder = Double(max(done, 1))
        var lines: [String] = []
        func add(_ text: String) { lines.append(text) }
        func row(_ label: String, _ value: String) { add("  " + label.padding(toLength: 50, withPad: " ", startingAt: 0) + value) }
        func latency(_ label: String, _ values: [Double]) {
            let sorted = values.sorted()
            let text =
                sorted.isEmpty
                ? "n/a"
                : String(format: "%8.1f %8.1f %7d", Self.percentile(sorted, 0.5), Self.percentile(sorted, 0.99), sorted.count)
            row("  " + label, text)
        }

        let formatter = ISO8601DateFormatter()
        add("")
        add("o2c benchmark — \(formatter.string(from: Date())), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        add(String(repeating: "-", count: 84))
        row("orders driven", "\(results.count): \(done) completed, \(failures.count) failed (\(mode))")
        if let historyOrders { row("history (orders in orders.orders at start)", "\(historyOrders)") }
        row("wall time of the measured window", String(format: "%.1f s", seconds))
        row("complete sagas/s", String(format: "%.2f", Double(done) / max(seconds, 0.001)))
        add("")
        row("latency (ms)", "     p50      p99       n")
        for (name, from, to) in Self.spans {
            let values = results.compactMap { result -> Double? in
                guard case .completed = result.outcome, let start = result.marks[from], let end = result.marks[to] else { return nil }
                return DemoSummary.seconds(end - start) * 1000
            }
            latency(name, values)
        }
        latency("HTTP call (all)", http.values.flatMap { $0 })
        for label in http.keys.sorted() { latency("HTTP \(label)", http[label] ?? []) }
        add("")
        if let before = countersBefore, let after = countersAfter {
            if let a = after.transactions, let b = before.transactions {
                row("transactions per order (pg_stat_database)", String(format: "%.1f", (Double(a) - Double(b)) / perOrder))
            } else {
                row("transactions per order (pg_stat_database)", "n/a")
            }
            if let a = after.statements, let b = before.statements {
                row("statements per order (pg_stat_statements)", String(format: "%.1f", (Double(a) - Double(b)) / perOrder))
            } else {
                row("statements per order (pg_stat_statements)", after.statementsMissing ?? before.statementsMissing ?? "n/a")
            }
        } else {
            row("transactions / statements per order", "n/a (no O2C_ADMIN_DATABASE_URL)")
        }
        if let start = windowStart, let end = windowEnd {
            add("")
            row("CPU per order (ms)", "")
            var total = 0.0
            for group in groups {
                let spent = max(0, (end.cpu[group.name] ?? 0) - (start.cpu[group.name] ?? 0))
                total += spent
                let count = group.isService ? "" : " (\(group.pids.count) process\(group.pids.count == 1 ? "" : "es"))"
                row("  " + group.name + count, String(format: "%8.1f", spent * 1000 / perOrder))
            }
            row("  total", String(format: "%8.1f", total * 1000 / perOrder))
            add("")
            row("memory per service (VmRSS, MB)", "    idle   at end")
            for group in groups where group.isService {
                func mb(_ sample: BenchMeasure.Sample?) -> String {
                    guard let kb = sample?.rss[group.name] else { return "     n/a" }
                    return String(format: "%8.1f", Double(kb) / 1024)
                }
                row("  " + group.name, mb(idle) + " " + mb(end))
            }
        }
        add("")
        if let commits {
            row("PostgreSQL single-row commits/s, 1 connection", String(format: "%.0f", commits.one))
            row("PostgreSQL single-row commits/s, \(commits.connections) connections", String(format: "%.0f", commits.many))
        } else {
            row("PostgreSQL commit rate", "not measured")
        }
        add(String(repeating: "-", count: 84))
        for failure in failures.prefix(20) { add("  FAILED: \(failure)") }
        if failures.count > 20 { add("  … and \(failures.count - 20) more failures") }
        Swift.print(lines.joined(separator: "\n"))
    }
}
