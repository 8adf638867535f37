import Foundation

// o2c-demo: seeds a running suite over HTTP and drives orders from quote to `completed`, playing every
// role (and the bank, the carrier and the gatekeeper); prints outcomes, sagas/s and milestone latencies.
//
//   swift run o2c-demo [--orders 30] [--concurrency 6] [--cancel-every 0] [--returns 0] [--timeout 60] [--host 127.0.0.1] [--bench]
//   swift run o2c-demo --react [--orders N] [--concurrency C | --rate R] [--watch orders=PID,…] [--settle S] [--bench]
//
// `--returns N` then sends one piece of N completed orders back, alternately as a return and an exchange.
//
// `--react` drives the orders from the events on `o2c.events` (ReactiveDriver, through EventFeed; no polling),
// `--concurrency C` at a time or, with `--rate R`, starting R orders per second whatever is in flight (open
// loop), and ends with the benchmark table (BenchReport): per-step and HTTP latencies, PostgreSQL's
// transactions and statements per order over the driven window (counters read `--settle` seconds, default 11,
// after the window so that every backend has reported its statistics), CPU per order of the `--watch`ed
// services, of every `postgres` and `beam.smp` process and of the driver, and the services' memory.
// `--bench` adds the commit rate on 1 and 32 connections. scripts/bench.sh runs it.
//
// Environment: O2C_AUTH_SECRET (the dev secret of scripts/run.sh), O2C_ADMIN_DATABASE_URL (for --bench and the
// counters of --react; `scripts/infra.sh env` prints it with the generated password), O2C_AMQP_URL_O2C_READER
// (else O2C_AMQP_URL: the broker user whose queue --react reads).
// Exits 0 only when every order ended completed, or cancelled when it was meant to be.
let environment = ProcessInfo.processInfo.environment
func parseArguments() -> (options: [String: String], bench: Bool, react: Bool) {
    var options: [String: String] = [:]
    var bench = false
    var react = false
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
        switch argument {
        case "--bench": bench = true
        case "--react": react = true
        case "--orders", "--concurrency", "--cancel-every", "--returns", "--timeout", "--host", "--rate", "--watch", "--settle":
            guard let value = arguments.next() else { fallthrough }
            options[argument] = value
        default:
            FileHandle.standardError.write(
                Data(
                    ("usage: o2c-demo [--orders N] [--concurrency C] [--cancel-every K] [--returns R] [--timeout S] [--host H] [--bench]\n"
                        + "       o2c-demo --react [--orders N] [--concurrency C | --rate R] [--watch name=pid,…] [--settle S] [--timeout S] [--bench]\n")
                        .utf8))
            exit(2)
        }
    }
    return (options, bench, react)
}
let (options, bench, react) = parseArguments()
func option(_ name: String, _ fallback: Int) -> Int { max(0, Int(options[name] ?? "") ?? fallback) }
let orderCount = option("--orders", 30)
let concurrency = max(1, option("--concurrency", 6))
let cancelEvery = option("--cancel-every", 0)
let returnCount = option("--returns", 0)
let timeout = Duration.seconds(max(1, option("--timeout", 60)))
guard let secret = environment["O2C_AUTH_SECRET"], !secret.isEmpty else {
    FileHandle.standardError.write(Data("o2c-demo: O2C_AUTH_SECRET is required (the services' secret; scripts/run.sh sets it)\n".utf8))
    exit(2)
}
let runId = String(UInt32.random(in: 0...UInt32.max), radix: 36).uppercased()

if react {
    if cancelEvery > 0 || returnCount > 0 {
        FileHandle.standardError.write(Data("o2c-demo: --react drives complete orders only (no --cancel-every, no --returns)\n".utf8))
        exit(2)
    }
    let rate = Double(options["--rate"] ?? "").flatMap { $0 > 0 ? min(max($0, 0.01), 10_000) : nil }
    let settle = Double(options["--settle"] ?? "") ?? 11
    let succeeded = await ReactiveRun(
        host: options["--host"] ?? "127.0.0.1", secret: secret, runId: runId, orders: orderCount, concurrency: concurrency, rate: rate,
        timeout: timeout, watch: options["--watch"] ?? "", settle: min(max(0, settle), 600), commitRate: bench, environment: environment
    ).run()
    exit(succeeded ? 0 : 1)
}

do {
    let client = try await DemoClient.make(host: options["--host"] ?? "127.0.0.1", secret: secret)
    FileHandle.standardError.write(Data("o2c-demo run \(runId): seeding 4 products and \(orderCount) customers (grades A/B/C)...\n".utf8))
    let seed = try await DemoSeeder(client: client, runId: runId).seed(customers: orderCount)
    let driver = OrderDriver(client: client, timeout: timeout)
    let progress = DemoProgress(total: orderCount)
    func cancels(_ index: Int) -> Bool { cancelEvery > 0 && index % cancelEvery == cancelEvery - 1 }
    let expectedCancellations = (0..<orderCount).filter(cancels).count
    FileHandle.standardError.write(Data("driving \(orderCount) orders, \(concurrency) at a time...\n".utf8))

    let clock = ContinuousClock()
    let start = clock.now
    let results = await withTaskGroup(of: OrderDriver.Result.self) { group in
        var results: [OrderDriver.Result] = []
        var next = 0
        func add() {
            let index = next
            next += 1
            group.addTask {
                await driver.run(index: index, customer: seed.customers[index], products: seed.products, cancel: cancels(index))
            }
        }
        while next < min(concurrency, orderCount) { add() }
        for await result in group {
            results.append(result)
            await progress.record(result.outcome)
            if next < orderCount { add() }
        }
        return results
    }
    let wall = clock.now - start

    var commits: Double?
    if bench {
        if let url = environment["O2C_ADMIN_DATABASE_URL"], !url.isEmpty {
            do { commits = try await CommitBenchmark.run(databaseURL: url) } catch {
                FileHandle.standardError.write(Data("commit benchmark failed: \(error)\n".utf8))
            }
        } else {
            FileHandle.standardError.write(
                Data("commit benchmark skipped: O2C_ADMIN_DATABASE_URL is not set (eval \"$(scripts/infra.sh env)\")\n".utf8))
        }
    }
    let summary = DemoSummary(results: results, expectedCancellations: expectedCancellations, wall: wall, commitsPerSecond: commits)
    summary.print()
    var returnsSucceeded = true
    let returnable = results.compactMap(\.delivered).prefix(returnCount)
    if !returnable.isEmpty { print("\nreturns and exchanges (one piece each):") }
    for (n, delivered) in returnable.enumerated() {
        let kind = n % 2 == 0 ? "return" : "exchange"
        do {
            let started = clock.now
            let outcome = try await ReturnDriver(client: client, timeout: timeout).run(delivered, kind: kind)
            let took = (clock.now - started).components
            let ms = took.seconds * 1_000 + took.attoseconds / 1_000_000_000_000_000
            print(
                "  \(outcome.kind) \(outcome.returnId) of order \(delivered.orderId): \(outcome.status) in \(ms) ms"
                    + (outcome.creditNote.map { ", credit note \($0)" } ?? ""))
        } catch {
            returnsSucceeded = false
            print("  \(kind) of order \(delivered.orderId) failed: \(error)")
        }
    }
    await client.shutdown()
    exit(summary.succeeded && returnsSucceeded ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("o2c-demo: \(error)\n".utf8))
    exit(1)
}
