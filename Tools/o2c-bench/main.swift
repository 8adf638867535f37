// TEMPORARY (AMQP adapter author): runs only the AMQP benchmark; the lead replaces this file.
import Foundation

let environment = ProcessInfo.processInfo.environment
let url = environment["O2C_AMQP_URL"] ?? "amqp://o2c:o2c@127.0.0.1:5672/%2F"
let messages = Int(environment["O2C_BENCH_MESSAGES"] ?? "") ?? 20_000
let batch = Int(environment["O2C_BENCH_BATCH"] ?? "") ?? 200
let report = try await AMQPBenchmark.run(amqpURL: url, messages: messages, batch: batch)
report.printTable()
