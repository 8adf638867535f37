import Foundation
import Logging
import O2CPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// What the machine spent on a measured window, from its own counters: CPU time of each process of the
/// suite (from `/proc/<pid>/stat`, utime + stime), their resident memory (`VmRSS` of `/proc/<pid>/status`),
/// and PostgreSQL's transactions (`pg_stat_database` of the suite's database) and statements
/// (`pg_stat_statements`, when the extension is there).
enum BenchMeasure {
    /// A process group of the table: the five services (their pids, given), every `postgres` process,
    /// RabbitMQ's `beam.smp`, and this driver.
    struct Group: Sendable {
        let name: String
        let pids: [Int32]
        let isService: Bool
    }

    struct Sample: Sendable {
        /// CPU seconds (user + system) of each group, summed over its processes.
        var cpu: [String: Double] = [:]
        /// VmRSS in kB of each service.
        var rss: [String: Int] = [:]
    }

    struct Counters: Sendable {
        var transactions: Int64?
        var statements: Int64?
        var statementsMissing: String?
    }

    static let ticksPerSecond: Double = {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }()

    /// `orders=123,credit=456,…` (what `scripts/bench.sh` passes) plus the processes found by name.
    static func groups(services: String) -> [Group] {
        var groups: [Group] = []
        for entry in services.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let pid = Int32(parts[1]) else { continue }
            groups.append(Group(name: String(parts[0]), pids: [pid], isService: true))
        }
        groups.append(Group(name: "postgres (all)", pids: pids(named: "postgres"), isService: false))
        groups.append(Group(name: "rabbitmq beam.smp", pids: pids(named: "beam.smp"), isService: false))
        groups.append(Group(name: "driver (o2c-demo)", pids: [getpid()], isService: false))
        return groups
    }

    /// Every process whose `comm` is `name`.
    static func pids(named name: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let comm = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8),
                comm.trimmingCharacters(in: .whitespacesAndNewlines) == name
            else { return nil }
            return pid
        }
    }

    /// utime + stime of one process in seconds (fields 14 and 15 of /proc/<pid>/stat, counted after the
    /// command name's closing parenthesis); nil when it is gone.
    static func cpuSeconds(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }

    static func rssKilobytes(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.dropFirst("VmRSS:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }

    static func sample(_ groups: [Group]) -> Sample {
        var sample = Sample()
        for group in groups {
            sample.cpu[group.name] = group.pids.compactMap(cpuSeconds).reduce(0, +)
            if group.isService, let pid = group.pids.first { sample.rss[group.name] = rssKilobytes(pid) }
        }
        return sample
    }

    /// The suite database's transactions (commits + rollbacks) and, when pg_stat_statements is loaded, the
    /// calls of every statement it tracked in that database.
    static func counters(_ pool: PostgresPool) async -> Counters {
        var counters = Counters()
        if let row = try? await pool.query(
            "select (xact_commit + xact_rollback)::bigint as n from pg_stat_database where datname = current_database()"
        ).rows.first {
            counters.transactions = try? row.int64("n")
        }
        do {
            let row = try await pool.query(
                """
                select coalesce(sum(calls), 0)::bigint as n from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database())
                """
            ).rows.first
            counters.statements = try row?.int64("n")
        } catch {
            counters.statementsMissing = "n/a (pg_stat_statements not loaded)"
        }
        return counters
    }

    static func pool(url: String) throws -> PostgresPool {
        var logger = Logger(label: "o2c-demo.measure")
        logger.logLevel = .critical
        let configuration = try PostgresConfiguration(url: url, applicationName: "o2c-demo-measure")
        return PostgresPool(configuration: configuration, size: 1, logger: logger)
    }
}
