import Foundation

/// The servers a harness world runs on: the single-node PostgreSQL and RabbitMQ of `scripts/infra.sh
/// start` (`single`), or the cluster of `scripts/infra.sh cluster start` — three RabbitMQ nodes and a
/// PostgreSQL primary with a standby — reached through multi-host URLs, as operators configure the
/// services on one.
struct TestInfrastructure: Sendable {
    /// The operator's broker URL (`o2c`), with one or several `host:port`.
    var amqpURL: String
    /// The superuser's database URL, with one or several `host:port`.
    var adminDatabaseURL: String
    /// Base URLs of the management API, tried in turn (any node of a cluster answers for all).
    var managementAPIs: [String]

    static let single = TestInfrastructure(
        amqpURL: TestEnvironment.amqpURL, adminDatabaseURL: TestEnvironment.adminDatabaseURL,
        managementAPIs: ["http://127.0.0.1:15672"])

    /// The cluster, started when it is not running (about 20 s the first time), with the URLs
    /// `scripts/infra.sh cluster env` prints.
    static func cluster() async throws -> TestInfrastructure {
        try await Infrastructure.run("cluster", "start")
        let exports = try await Infrastructure.output("cluster", "env")
        var values: [String: String] = [:]
        for line in exports.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            values[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        guard let amqp = values["O2C_CLUSTER_AMQP_URL"], let database = values["O2C_CLUSTER_ADMIN_DATABASE_URL"],
            let management = values["O2C_CLUSTER_MANAGEMENT"]
        else { throw TestFailure("scripts/infra.sh cluster env printed no cluster URLs:\n\(exports)") }
        return TestInfrastructure(
            amqpURL: amqp, adminDatabaseURL: database,
            managementAPIs: management.split(separator: ",").map(String.init))
    }

    /// The operator's credentials on the management API (the development machine's loopback-only o2c/o2c).
    static let managementHeaders = ["Authorization": "Basic \(Data("o2c:o2c".utf8).base64EncodedString())"]

    /// Calls the management API as the operator, on the first node that answers; returns the body.
    @discardableResult
    func management(_ method: String, _ path: String, json: String? = nil) async throws -> Data {
        var failures: [String] = []
        for api in managementAPIs {
            do {
                let (body, status, _) = try await HTTPClient.exchange(
                    method, "\(api)\(path)", json: json, headers: Self.managementHeaders, timeout: 10)
                guard (200..<300).contains(status) else {
                    throw TestFailure("management API \(method) \(path) answered \(status): \(String(decoding: body, as: UTF8.self))")
                }
                return body
            } catch let failure as TestFailure {
                throw failure  // the broker answered: another node would say the same
            } catch {
                failures.append("\(api): \(error)")
            }
        }
        throw TestFailure("no management API answered \(method) \(path): \(failures)")
    }
}
