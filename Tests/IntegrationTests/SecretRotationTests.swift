import Foundation
import Logging
import O2CAMQP
import Testing

/// docs/SECURITY.md "Rotating a broker password": `scripts/infra.sh rotate-amqp-password USER` gives the
/// user a new generated password in the broker and in its secret file; the old one stops working at once.
/// Run on the template reader `o2c-reader`, which no service uses.
@Suite("Secret rotation (real RabbitMQ)", .serialized)
struct SecretRotationTests {
    func connects(_ user: String, _ password: String) async -> Bool {
        var configuration = AMQPConfiguration(user: user, password: password, vhost: "o2c", connectionName: "rotation-test")
        configuration.port = Int(ProcessInfo.processInfo.environment["O2C_AMQP_PORT"] ?? "") ?? 5672
        let publisher = AMQPPublisher(configuration: configuration, topology: AMQPTopology(), logger: Logger(label: "test"))
        defer { Task { await publisher.close() } }
        do { try await publisher.connect(); return true } catch { return false }
    }

    @Test("rotate-amqp-password: the new password works, the old one is refused, the file holds the new one")
    func rotateBrokerPassword() async throws {
        let user = "o2c-reader"
        let old = try TestEnvironment.brokerPassword(for: user)
        #expect(await connects(user, old))
        try await Infrastructure.run("rotate-amqp-password", user)
        let new = try TestEnvironment.brokerPassword(for: user)
        #expect(new != old && new.count == 48)
        #expect(await connects(user, new), "the new password is the broker's")
        #expect(!(await connects(user, old)), "the old password no longer logs in")
    }
}
