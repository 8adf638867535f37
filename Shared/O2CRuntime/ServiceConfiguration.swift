import Foundation
import Logging
import O2CAMQP
import O2CContracts
import O2CMessaging
import O2CPostgres

/// A service's settings, from the environment (CONTRACT.md "Processes, ports, configuration").
/// A missing or bad value is refused with one line naming the variable.
package struct ServiceConfiguration: Sendable {
    package var httpHost: String
    package var httpPort: Int
    package var database: PostgresConfiguration
    package var amqp: AMQPConfiguration
    package var authSecret: String
    package var logLevel: Logger.Level
    package var testClock: Bool
    /// The schema the service owns; tests may point a service at another one.
    package var schema: String
    /// The queue the service consumes; instances of one service share it.
    package var queue: String
    package var retryDelays: [Duration]
    package var poolSize: Int
    package var consumerConcurrency: Int
    package var prefetch: UInt16
    /// Fault-injection settings for tests, e.g. `pg.commit_lost:2,amqp.confirm_lost:1`; honoured only
    /// in test mode (`O2C_TEST_FAULTS=1`), which also enables the per-request `O2C-Test-Fault` header.
    package var faults: String?
    /// `O2C_TEST_FAULTS=1`: the fault seams may be armed. Never set in production.
    package var testFaults = false
    /// The longest a bearer token may live (`exp` − `iat`), `O2C_AUTH_MAX_TOKEN_SECONDS`, default 12 hours.
    package var maxTokenLifetime: TimeInterval = 43_200
    /// How long a borrower waits for a pooled database connection before the request answers 503 `busy`.
    package var poolWait: Duration = .seconds(5)
    /// Length bounds of `<queue>.parked` and of each `<queue>.retry.<delay>` (`O2C_PARKED_QUEUE_MAX`,
    /// `O2C_RETRY_QUEUE_MAX`): when full they refuse new copies, which the consumer then holds.
    package var parkedQueueMax = ServiceTopology.standardParkedLimit
    package var retryQueueMax = ServiceTopology.standardRetryLimit
    /// On how many nodes of a RabbitMQ cluster each quorum queue is replicated (`O2C_QUORUM_GROUP_SIZE`,
    /// 1–7, default 3). The broker refuses the service's declaration when a queue exists with another size.
    package var quorumGroupSize = ServiceTopology.standardQuorumGroupSize
    /// How long a graceful shutdown (SIGTERM) may take before what is left is cancelled: HTTP stops,
    /// consumers finish and ack what they hold, the relay drains the outbox. Deployments size their grace
    /// period from it (`O2C_SHUTDOWN_SECONDS`, default 30).
    package var shutdownBudget: Duration = .seconds(30)

    package struct Error: Swift.Error, CustomStringConvertible {
        package var description: String
    }

    package static func fromEnvironment(
        service: String, defaultHTTPPort: Int, defaultSchema: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Error) -> ServiceConfiguration {
        func required(_ name: String) throws(Error) -> String {
            guard let value = environment[name], !value.isEmpty else { throw Error(description: "\(name) is required but not set") }
            return value
        }
        func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(Error) -> Int {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw Error(description: "\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got \"\(text)\"")
            }
            return number
        }

        let database: PostgresConfiguration
        do { database = try PostgresConfiguration(url: try required("O2C_DATABASE_URL"), applicationName: service) } catch let error
            as Error
        { throw error } catch { throw Error(description: "O2C_DATABASE_URL is not a valid postgres:// URL: \(error)") }
        let amqp: AMQPConfiguration
        do { amqp = try AMQPConfiguration(url: try required("O2C_AMQP_URL"), connectionName: service) } catch let error as Error {
            throw error
        } catch { throw Error(description: "O2C_AMQP_URL is not a valid amqp:// URL: \(error)") }

        let secret = try required("O2C_AUTH_SECRET")
        guard secret.utf8.count >= 32 else { throw Error(description: "O2C_AUTH_SECRET must be at least 32 bytes long") }

        let level: Logger.Level
        if let text = environment["O2C_LOG_LEVEL"], !text.isEmpty {
            guard let parsed = Logger.Level(rawValue: text.lowercased()) else {
                throw Error(
                    description: "O2C_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical; got \"\(text)\"")
            }
            level = parsed
        } else {
            level = .info
        }

        var delays = RetryPolicy.standardDelays
        if let text = environment["O2C_RETRY_DELAYS"], !text.isEmpty {
            guard let parsed = RetryPolicy.parse(text) else {
                throw Error(description: "O2C_RETRY_DELAYS must be a list like 1s,10s,60s; got \"\(text)\"")
            }
            delays = parsed
        }
        /// A 0/1 switch (unset or empty: off).
        func flag(_ name: String) throws(Error) -> Bool {
            let text = environment[name] ?? ""
            guard ["0", "1", ""].contains(text) else { throw Error(description: "\(name) must be 0 or 1, got \"\(text)\"") }
            return text == "1"
        }
        let testClock = try flag("O2C_TEST_CLOCK")

        let schema = environment["O2C_DB_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultSchema
        guard schema.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), schema.first?.isLetter == true else {
            throw Error(description: "O2C_DB_SCHEMA must be a plain identifier (letters, digits, _), got \"\(schema)\"")
        }
        var databaseInSchema = database
        databaseInSchema.searchPath = schema
        databaseInSchema.statementTimeoutMilliseconds = try integer("O2C_DB_STATEMENT_TIMEOUT_MS", default: 30_000, in: 0...3_600_000)
        databaseInSchema.lockTimeoutMilliseconds = try integer("O2C_DB_LOCK_TIMEOUT_MS", default: 5_000, in: 0...3_600_000)
        let poolWait = try integer("O2C_DB_POOL_WAIT_MS", default: 5_000, in: 1...600_000)

        let testFaults = try flag("O2C_TEST_FAULTS")
        let faults = environment["O2C_FAULTS"].flatMap { $0.isEmpty ? nil : $0 }
        if faults != nil && !testFaults {
            throw Error(description: "O2C_FAULTS is set but O2C_TEST_FAULTS=1 is not: fault injection is for tests only")
        }

        var configuration = ServiceConfiguration(
            httpHost: environment["O2C_HTTP_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            httpPort: try integer("O2C_HTTP_PORT", default: defaultHTTPPort, in: 0...65535),
            database: databaseInSchema, amqp: amqp, authSecret: secret, logLevel: level, testClock: testClock,
            schema: schema,
            queue: environment["O2C_QUEUE"].flatMap { $0.isEmpty ? nil : $0 } ?? service,
            retryDelays: delays,
            poolSize: try integer("O2C_DB_POOL_SIZE", default: 8, in: 1...200),
            consumerConcurrency: try integer("O2C_CONSUMERS", default: 2, in: 1...64),
            prefetch: UInt16(try integer("O2C_PREFETCH", default: 20, in: 1...1000)),
            faults: faults,
            shutdownBudget: .seconds(try integer("O2C_SHUTDOWN_SECONDS", default: 30, in: 1...600)))
        configuration.testFaults = testFaults
        configuration.poolWait = .milliseconds(poolWait)
        configuration.parkedQueueMax = try integer("O2C_PARKED_QUEUE_MAX", default: ServiceTopology.standardParkedLimit, in: 1...10_000_000)
        configuration.retryQueueMax = try integer("O2C_RETRY_QUEUE_MAX", default: ServiceTopology.standardRetryLimit, in: 1...10_000_000)
        configuration.quorumGroupSize = try integer(
            "O2C_QUORUM_GROUP_SIZE", default: ServiceTopology.standardQuorumGroupSize, in: ServiceTopology.quorumGroupSizes)
        configuration.maxTokenLifetime = TimeInterval(try integer("O2C_AUTH_MAX_TOKEN_SECONDS", default: 43_200, in: 60...2_678_400))
        return configuration
    }

    /// Pool slots kept for plain reads: a quarter of the pool (at least one when it has two or more).
    package var poolReadReserve: Int { poolSize >= 2 ? max(1, poolSize / 4) : 0 }
}
