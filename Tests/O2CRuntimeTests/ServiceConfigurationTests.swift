import Foundation
import O2CRuntime
import Testing

@Suite("ServiceConfiguration: settings from the environment, bad ones refused in one line naming the variable")
struct ServiceConfigurationTests {
    static let minimal: [String: String] = [
        "O2C_DATABASE_URL": "postgres://o2c:pg-secret@db.example:5433/o2c",
        "O2C_AMQP_URL": "amqp://o2c:mq-secret@mq.example:5673/o2c",
        "O2C_AUTH_SECRET": String(repeating: "k", count: 32),
    ]

    private func parse(_ environment: [String: String]) throws(ServiceConfiguration.Error) -> ServiceConfiguration {
        try ServiceConfiguration.fromEnvironment(
            service: "orders", defaultHTTPPort: 8081, defaultSchema: "orders", environment: environment)
    }

    /// The refusal's text, or nil if the environment was accepted.
    private func refusal(_ environment: [String: String]) -> String? {
        do {
            _ = try parse(environment)
            return nil
        } catch {
            return error.description
        }
    }

    private func expectRefused(
        _ environment: [String: String], naming variable: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let message = refusal(environment) else {
            Issue.record("accepted an environment that should be refused (\(variable))", sourceLocation: sourceLocation)
            return
        }
        #expect(message.contains(variable), "\(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("\n"), "one line: \(message)", sourceLocation: sourceLocation)
        #expect(!message.isEmpty, sourceLocation: sourceLocation)
    }

    private func with(_ changes: [String: String?]) -> [String: String] {
        var environment = Self.minimal
        for (name, value) in changes { environment[name] = value }
        return environment
    }

    @Test("a full environment parses")
    func full() throws {
        let configuration = try parse(
            with([
                "O2C_HTTP_HOST": "0.0.0.0", "O2C_HTTP_PORT": "9091", "O2C_DB_SCHEMA": "orders_test_7", "O2C_QUEUE": "orders-b",
                "O2C_LOG_LEVEL": "DEBUG", "O2C_TEST_CLOCK": "1", "O2C_RETRY_DELAYS": "200ms,2s,1m",
                "O2C_DB_POOL_SIZE": "3", "O2C_CONSUMERS": "4", "O2C_PREFETCH": "50", "O2C_FAULTS": "pg.commit_lost:2",
                "O2C_TEST_FAULTS": "1", "O2C_SHUTDOWN_SECONDS": "55", "O2C_DB_STATEMENT_TIMEOUT_MS": "12000",
                "O2C_DB_LOCK_TIMEOUT_MS": "700", "O2C_DB_POOL_WAIT_MS": "1500",
            ]))
        #expect(configuration.httpHost == "0.0.0.0")
        #expect(configuration.httpPort == 9091)
        #expect(configuration.schema == "orders_test_7")
        #expect(configuration.database.searchPath == "orders_test_7", "the service's SQL names its tables unqualified")
        #expect(configuration.database.host == "db.example")
        #expect(configuration.database.port == 5433)
        #expect(configuration.database.user == "o2c")
        #expect(configuration.database.password == "pg-secret")
        #expect(configuration.database.database == "o2c")
        #expect(configuration.database.applicationName == "orders")
        #expect(configuration.amqp.host == "mq.example")
        #expect(configuration.amqp.port == 5673)
        #expect(configuration.amqp.vhost == "o2c")
        #expect(configuration.amqp.connectionName == "orders")
        #expect(configuration.authSecret == String(repeating: "k", count: 32))
        #expect(configuration.logLevel == .debug)
        #expect(configuration.testClock)
        #expect(configuration.queue == "orders-b")
        #expect(configuration.retryDelays == [.milliseconds(200), .seconds(2), .seconds(60)])
        #expect(configuration.poolSize == 3)
        #expect(configuration.consumerConcurrency == 4)
        #expect(configuration.prefetch == 50)
        #expect(configuration.faults == "pg.commit_lost:2")
        #expect(configuration.testFaults)
        #expect(configuration.shutdownBudget == .seconds(55))
        #expect(configuration.database.statementTimeoutMilliseconds == 12_000)
        #expect(configuration.database.lockTimeoutMilliseconds == 700)
        #expect(configuration.database.conninfo.contains("-c lock_timeout=700"))
        #expect(configuration.poolWait == .milliseconds(1500))
        #expect(configuration.poolReadReserve == 1, "a quarter of a pool of 3, at least one")
    }

    @Test("O2C_FAULTS without O2C_TEST_FAULTS=1 refuses to start: fault injection is for tests only")
    func faultsNeedTestMode() throws {
        expectRefused(with(["O2C_FAULTS": "pg.commit_lost:1"]), naming: "O2C_FAULTS")
        expectRefused(with(["O2C_FAULTS": "pg.commit_lost:1", "O2C_TEST_FAULTS": "0"]), naming: "O2C_TEST_FAULTS")
        expectRefused(with(["O2C_TEST_FAULTS": "yes"]), naming: "O2C_TEST_FAULTS")
        #expect(try parse(with(["O2C_FAULTS": "pg.commit_lost:1", "O2C_TEST_FAULTS": "1"])).faults == "pg.commit_lost:1")
    }

    @Test("only the three required settings: everything else takes its default")
    func defaults() throws {
        let configuration = try parse(Self.minimal)
        #expect(configuration.httpHost == "127.0.0.1")
        #expect(configuration.httpPort == 8081)
        #expect(configuration.schema == "orders")
        #expect(configuration.database.searchPath == "orders")
        #expect(configuration.queue == "orders", "the queue defaults to the service's name")
        #expect(configuration.retryDelays == [.seconds(1), .seconds(10), .seconds(60)])
        #expect(configuration.logLevel == .info)
        #expect(configuration.testClock == false)
        #expect(configuration.poolSize == 8)
        #expect(configuration.consumerConcurrency == 2)
        #expect(configuration.prefetch == 20)
        #expect(configuration.faults == nil)
        #expect(configuration.testFaults == false)
        #expect(configuration.shutdownBudget == .seconds(30), "the deployments' grace periods are sized from 30 s")
        #expect(configuration.database.statementTimeoutMilliseconds == 30_000)
        #expect(configuration.database.lockTimeoutMilliseconds == 5_000)
        #expect(configuration.poolWait == .seconds(5))
        #expect(configuration.poolReadReserve == 2)
    }

    @Test(
        "empty optional settings count as unset",
        arguments: [
            "O2C_HTTP_HOST", "O2C_HTTP_PORT", "O2C_DB_SCHEMA", "O2C_QUEUE", "O2C_LOG_LEVEL", "O2C_TEST_CLOCK", "O2C_RETRY_DELAYS",
        ])
    func emptyIsUnset(variable: String) throws {
        let configuration = try parse(with([variable: ""]))
        #expect(configuration.httpPort == 8081)
        #expect(configuration.schema == "orders")
        #expect(configuration.queue == "orders")
        #expect(configuration.testClock == false)
    }

    @Test("O2C_TEST_CLOCK=1 turns the test clock on, 0 leaves it off")
    func testClock() throws {
        #expect(try parse(with(["O2C_TEST_CLOCK": "1"])).testClock)
        #expect(try parse(with(["O2C_TEST_CLOCK": "0"])).testClock == false)
    }

    @Test("a missing required setting is refused naming it", arguments: ["O2C_DATABASE_URL", "O2C_AMQP_URL", "O2C_AUTH_SECRET"])
    func missing(variable: String) {
        expectRefused(with([variable: nil]), naming: variable)
        expectRefused(with([variable: ""]), naming: variable)
    }

    @Test("an auth secret shorter than 32 bytes is refused; 32 bytes is enough")
    func shortSecret() {
        expectRefused(with(["O2C_AUTH_SECRET": "0123456789"]), naming: "O2C_AUTH_SECRET")
        expectRefused(with(["O2C_AUTH_SECRET": String(repeating: "k", count: 31)]), naming: "O2C_AUTH_SECRET")
        #expect(refusal(with(["O2C_AUTH_SECRET": String(repeating: "k", count: 32)])) == nil)
    }

    @Test("the secret is never echoed in a refusal")
    func secretNotEchoed() throws {
        let message = try #require(refusal(with(["O2C_AUTH_SECRET": "tooshort-s3cr3t"])))
        #expect(!message.contains("tooshort-s3cr3t"))
    }

    @Test(
        "a bad number is refused naming the variable",
        arguments: [
            ("O2C_HTTP_PORT", "abc"), ("O2C_HTTP_PORT", "70000"), ("O2C_HTTP_PORT", "-1"), ("O2C_HTTP_PORT", "80.5"),
            ("O2C_DB_POOL_SIZE", "0"), ("O2C_CONSUMERS", "65"), ("O2C_PREFETCH", "1001"),
            ("O2C_SHUTDOWN_SECONDS", "0"), ("O2C_SHUTDOWN_SECONDS", "30s"),
            ("O2C_DB_LOCK_TIMEOUT_MS", "-1"), ("O2C_DB_STATEMENT_TIMEOUT_MS", "5s"), ("O2C_DB_POOL_WAIT_MS", "0"),
        ])
    func badNumber(variable: String, value: String) {
        expectRefused(with([variable: value]), naming: variable)
    }

    @Test("port 0 (any free port, for tests) and 65535 are accepted")
    func portBounds() throws {
        #expect(try parse(with(["O2C_HTTP_PORT": "0"])).httpPort == 0)
        #expect(try parse(with(["O2C_HTTP_PORT": "65535"])).httpPort == 65535)
    }

    @Test("an unknown log level is refused")
    func badLogLevel() {
        expectRefused(with(["O2C_LOG_LEVEL": "loud"]), naming: "O2C_LOG_LEVEL")
    }

    @Test("malformed retry delays are refused", arguments: ["1s,10x", "10", "0s", "-1s", "s", ","])
    func badRetryDelays(text: String) {
        expectRefused(with(["O2C_RETRY_DELAYS": text]), naming: "O2C_RETRY_DELAYS")
    }

    @Test("O2C_TEST_CLOCK other than 0 or 1 is refused", arguments: ["yes", "true", "2"])
    func badTestClock(text: String) {
        expectRefused(with(["O2C_TEST_CLOCK": text]), naming: "O2C_TEST_CLOCK")
    }

    @Test(
        "a schema that is not a plain identifier is refused",
        arguments: ["bad-name;drop", "orders\"; drop schema x; --", "1orders", "_x", "a b"])
    func badSchema(schema: String) {
        expectRefused(with(["O2C_DB_SCHEMA": schema]), naming: "O2C_DB_SCHEMA")
    }

    @Test(
        "a database URL that is not postgres:// is refused, without echoing its password",
        arguments: [
            "mysql://o2c:pg-secret@db.example/o2c", "db.example:5432", "postgres://o2c:pg-secret@db.example", "https://example.com/o2c",
        ])
    func badDatabaseURL(url: String) {
        let environment = with(["O2C_DATABASE_URL": url])
        expectRefused(environment, naming: "O2C_DATABASE_URL")
        #expect(refusal(environment)?.contains("pg-secret") == false)
    }

    @Test(
        "a broker URL that is not amqp:// is refused naming the variable",
        arguments: [
            "amqps://o2c:mq-secret@mq.example/o2c", "postgres://o2c@mq.example/o2c", "amqp:///o2c", "amqp://mq.example/a/b",
        ])
    func badAMQPURL(url: String) {
        let environment = with(["O2C_AMQP_URL": url])
        expectRefused(environment, naming: "O2C_AMQP_URL")
        #expect(refusal(environment)?.contains("mq-secret") == false)
    }

    @Test("the broker heartbeat is O2C_AMQP_URL's heartbeat parameter in seconds, 10 by default, 0 to turn it off")
    func heartbeat() throws {
        #expect(try parse(Self.minimal).amqp.heartbeatSeconds == 10)
        for (query, seconds) in [("?heartbeat=2", 2), ("?heartbeat=0", 0), ("?heartbeat=600", 600)] {
            let configuration = try parse(with(["O2C_AMQP_URL": "amqp://o2c:mq-secret@mq.example:5673/o2c\(query)"]))
            #expect(configuration.amqp.heartbeatSeconds == seconds)
            #expect(configuration.amqp.vhost == "o2c")
        }
    }

    @Test(
        "a bad heartbeat, or another query parameter, is refused in one line naming the variable and the parameter",
        arguments: [
            "?heartbeat=abc", "?heartbeat=-1", "?heartbeat=601", "?heartbeat=", "?heartbeat=2.5", "?heartbeats=2", "?heartbeat=2&x=1",
        ])
    func badHeartbeat(query: String) {
        let environment = with(["O2C_AMQP_URL": "amqp://o2c:mq-secret@mq.example:5673/o2c\(query)"])
        expectRefused(environment, naming: "O2C_AMQP_URL")
        #expect(refusal(environment)?.contains(query.contains("x=") ? "'x'" : "heartbeat") == true, "\(refusal(environment) ?? "")")
        #expect(refusal(environment)?.contains("mq-secret") == false)
    }

    @Test(
        "O2C_AMQP_URL lists the nodes of a cluster as host:port separated by commas, tried in that order (CONTRACT.md \"Processes, ports, configuration\")"
    )
    func brokerCluster() throws {
        let configuration = try parse(
            with(["O2C_AMQP_URL": "amqp://orders:mq-secret@10.0.0.1:5681,rabbit-2,[::1]:5683/o2c?heartbeat=5"]))
        #expect(configuration.amqp.endpoints.map(\.description) == ["10.0.0.1:5681", "rabbit-2:5672", "[::1]:5683"])
        #expect(configuration.amqp.user == "orders" && configuration.amqp.password == "mq-secret")
        #expect(configuration.amqp.vhost == "o2c" && configuration.amqp.heartbeatSeconds == 5)
        #expect(try parse(Self.minimal).amqp.endpoints.map(\.description) == ["mq.example:5673"], "one broker is a list of one")
        for bad in [
            "amqp://orders:mq-secret@a:5681,,b:5682/o2c", "amqp://orders:mq-secret@a:5681,b:99999/o2c",
            "amqp://orders:mq-secret@a:5681,b:x/o2c", "amqp://orders:mq-secret@a:5681,b c/o2c",
            "amqp://orders:mq-secret@" + Array(repeating: "n:5672", count: 17).joined(separator: ",") + "/o2c",
        ] {
            let environment = with(["O2C_AMQP_URL": bad])
            expectRefused(environment, naming: "O2C_AMQP_URL")
            #expect(refusal(environment)?.contains("mq-secret") == false, "the password is not repeated: \(refusal(environment) ?? "")")
        }
    }

    @Test("O2C_DATABASE_URL takes libpq's multi-host form with target_session_attrs, handed to libpq as host and port lists")
    func databaseCluster() throws {
        let configuration = try parse(
            with([
                "O2C_DATABASE_URL": "postgres://o2c_orders:pg-secret@127.0.0.1:5442,127.0.0.1:5443/o2c?target_session_attrs=read-write"
            ]))
        #expect(configuration.database.servers.map { "\($0.host):\($0.port)" } == ["127.0.0.1:5442", "127.0.0.1:5443"])
        #expect(configuration.database.targetSessionAttributes == "read-write")
        let conninfo = configuration.database.conninfo
        #expect(conninfo.contains("host='127.0.0.1,127.0.0.1'") && conninfo.contains("port='5442,5443'"), "\(conninfo)")
        #expect(conninfo.contains("target_session_attrs='read-write'"))
        #expect(try parse(Self.minimal).database.conninfo.contains("target_session_attrs") == false, "libpq's default (any) unless asked")
        for bad in [
            "postgres://o2c:pg-secret@a:5442,,b:5443/o2c", "postgres://o2c:pg-secret@a:5442,b:0/o2c",
            "postgres://o2c:pg-secret@a,b/o2c?target_session_attrs=writable",
        ] {
            let environment = with(["O2C_DATABASE_URL": bad])
            expectRefused(environment, naming: "O2C_DATABASE_URL")
            #expect(refusal(environment)?.contains("pg-secret") == false, "the password is not repeated: \(refusal(environment) ?? "")")
        }
    }

    @Test("O2C_QUORUM_GROUP_SIZE: the replicas of each quorum queue, 3 unless set, a whole number in 1...7")
    func quorumGroupSize() throws {
        #expect(try parse(Self.minimal).quorumGroupSize == 3)
        #expect(try parse(with(["O2C_QUORUM_GROUP_SIZE": "5"])).quorumGroupSize == 5)
        for bad in ["0", "8", "three", "-1"] { expectRefused(with(["O2C_QUORUM_GROUP_SIZE": bad]), naming: "O2C_QUORUM_GROUP_SIZE") }
    }
}
