import Foundation

// o2c-bench: prints the platform's throughput and latency figures (not a test; nothing passes or fails).
//
//   swift run -c release o2c-bench [amqp|outbox|all]
//
// Environment: O2C_AMQP_URL, O2C_ADMIN_DATABASE_URL (required for outbox: a role that may create a schema;
// `eval "$(scripts/infra.sh env)"` sets it with the generated password),
// O2C_BENCH_MESSAGES (20000), O2C_BENCH_BATCH (200), O2C_BENCH_OUTBOX_MESSAGES (5000), O2C_BENCH_OUTBOX_RATE (1000).
let environment = ProcessInfo.processInfo.environment
let amqpURL = environment["O2C_AMQP_URL"] ?? "amqp://o2c:o2c@127.0.0.1:5672/o2c"
let databaseURL = environment["O2C_ADMIN_DATABASE_URL"] ?? ""
func setting(_ name: String, _ fallback: Int) -> Int { Int(environment[name] ?? "") ?? fallback }
let which = CommandLine.arguments.dropFirst().first ?? "all"
guard ["amqp", "outbox", "all"].contains(which) else {
    FileHandle.standardError.write(Data("usage: o2c-bench [amqp|outbox|all]\n".utf8))
    exit(2)
}
guard which == "amqp" || !databaseURL.isEmpty else {
    FileHandle.standardError.write(
        Data("o2c-bench: O2C_ADMIN_DATABASE_URL is required for the outbox benchmark (eval \"$(scripts/infra.sh env)\")\n".utf8))
    exit(2)
}

print("o2c-bench on \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())")
if which != "outbox" {
    let report = try await AMQPBenchmark.run(
        amqpURL: amqpURL, messages: setting("O2C_BENCH_MESSAGES", 20_000), batch: setting("O2C_BENCH_BATCH", 200))
    report.printTable()
}
if which != "amqp" {
    let report = try await OutboxLatencyBenchmark.run(
        databaseURL: databaseURL, amqpURL: amqpURL, messages: setting("O2C_BENCH_OUTBOX_MESSAGES", 5000),
        rate: setting("O2C_BENCH_OUTBOX_RATE", 1000))
    report.printTable()
}
