import Foundation
import O2CContracts
import Testing

/// The operators' CLI (`o2cctl`, docs/OPERATIONS.md) run as a separate process against the real broker
/// and database, on the fixture service: a message that keeps failing is parked (CONTRACT.md "a message
/// that keeps failing is parked with its reason, never lost"), listed and inspected with its reason and
/// original routing key, replayed once the cause is fixed and then consumed; a minted token is accepted.
@Suite(.serialized) struct OpsCLITests {
    @Test("parked list, inspect and replay: the replayed message is consumed and leaves the parked queue")
    func parkedMessageRoundTrip() async throws {
        let harness = try await FixtureHarness()
        do {
            try await harness.start()
            // The handler's insert fails until the constraint is dropped: retried, then parked.
            try await harness.admin.query(
                "alter table \(identifier: harness.schema).effects add constraint refuse_replay check (key not like 'replay-me%')")
            try await harness.publish(harness.effectRequests(1, prefix: "replay-me"))
            let amqp = ["O2C_AMQP_URL": TestEnvironment.amqpURL]

            try await eventually("the message parked", timeout: .seconds(30), every: .milliseconds(500)) {
                try OpsCLI.run(["parked", "list", harness.queue], environment: amqp).output.contains("1 message(s)")
            }
            let list = try OpsCLI.run(["parked", "list", harness.queue], environment: amqp)
            #expect(list.output.contains("handler failed"), "\(list)")
            #expect(list.output.contains("\(harness.topic).effect_requested.v1"), "\(list)")

            let inspect = try OpsCLI.run(["parked", "inspect", harness.queue, "1"], environment: amqp)
            #expect(inspect.status == 0, "\(inspect)")
            #expect(inspect.output.contains("reason: handler failed"), "\(inspect)")
            #expect(inspect.output.contains("original: o2c.events \(harness.topic).effect_requested.v1"), "\(inspect)")
            #expect(inspect.output.contains("\"key\" : \"replay-me-0\""), "\(inspect)")
            #expect(try await harness.effects(prefix: "replay-me").rows == 0)

            try await harness.admin.query("alter table \(identifier: harness.schema).effects drop constraint refuse_replay")
            let replay = try OpsCLI.run(["parked", "replay", harness.queue, "--all"], environment: amqp)
            #expect(replay.status == 0, "\(replay)")
            #expect(replay.output.contains("1 replayed, 0 left parked"), "\(replay)")

            let effects = try await harness.waitForEffects(1, prefix: "replay-me", timeout: .seconds(30))
            #expect(effects.rows == 1, "the replayed message is consumed once")
            let after = try OpsCLI.run(["parked", "list", harness.queue], environment: amqp)
            #expect(after.output.contains("0 message(s)"), "\(after)")
        } catch {
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
    }

    @Test("stuck and timeline: an order its customer did not confirm within 4 hours is listed; the timeline names who signed")
    func stuckAndTimeline() async throws {
        try await OrdersWorld.with(["O2C_TEST_CLOCK": "1"]) { world in
            let (order, _) = try await world.signedOrder()
            let database = ["O2C_DATABASE_URL": TestEnvironment.adminDatabaseURL, "O2C_DB_SCHEMA": world.harness.schema]
            let before = try OpsCLI.run(["stuck", "--service", "orders"], environment: database)
            #expect(before.status == 0 && !before.output.contains(order), "\(before)")

            let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(5 * 3_600))
            try await world.ok("PUT", "/v1/admin/test-clock", as: .salesperson, json: #"{"now": "\#(later)"}"#)
            try await eventually("the order listed as stuck", timeout: .seconds(20), every: .milliseconds(500)) {
                try OpsCLI.run(["stuck", "--service", "orders"], environment: database).output.contains(order)
            }
            let timeline = try OpsCLI.run(["timeline", order, "--type", "order-to-cash"], environment: database)
            #expect(timeline.status == 0, "\(timeline)")
            let start = timeline.output.split(separator: "\n").first { $0.hasPrefix("0\t") }.map(String.init) ?? ""
            #expect(
                start.contains("start") && start.contains("sales_admin.user") && start.contains("sales_admin"),
                "the saga's first transition names who signed, in which role: \(timeline)")
        }
    }

    @Test("a token minted by o2cctl is accepted by a service; a bad secret or role is refused with one line")
    func mintedTokenIsAccepted() async throws {
        let harness = try await FixtureHarness()
        do {
            let process = try await harness.start()
            let minted = try OpsCLI.run(
                ["token", "--role", "sales_admin", "--subject", "ops-test", "--ttl", "600"],
                environment: ["O2C_AUTH_SECRET": FixtureHarness.secret])
            #expect(minted.status == 0, "\(minted)")
            let token = minted.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let accepted = try await HTTPClient.request(
                "POST", "http://127.0.0.1:\(process.port)/v1/fixture/emit", token: token, json: #"{"count":1,"prefix":"tok"}"#)
            #expect(accepted.status == 201)

            let other = try OpsCLI.run(
                ["token", "--role", "sales_admin"], environment: ["O2C_AUTH_SECRET": String(repeating: "x", count: 40)])
            let refused = try await HTTPClient.request(
                "POST", "http://127.0.0.1:\(process.port)/v1/fixture/emit",
                token: other.output.trimmingCharacters(in: .whitespacesAndNewlines), json: #"{"count":1,"prefix":"tok2"}"#)
            #expect(refused.status == 401)

            let badRole = try OpsCLI.run(["token", "--role", "janitor"], environment: ["O2C_AUTH_SECRET": FixtureHarness.secret])
            #expect(badRole.status == 2 && badRole.error.contains("unknown role"), "\(badRole)")
            let noSecret = try OpsCLI.run(["token", "--role", "finance"], environment: ["O2C_AUTH_SECRET": ""])
            #expect(noSecret.status == 1 && noSecret.error == "o2cctl: O2C_AUTH_SECRET is required but not set\n", "\(noSecret)")
        } catch {
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
    }
}

/// Runs the built `o2cctl` next to the test runner and collects its output.
enum OpsCLI {
    struct Result: CustomStringConvertible {
        var status: Int32
        var output: String
        var error: String
        var description: String { "exit \(status)\nstdout:\n\(output)\nstderr:\n\(error)" }
    }

    static func run(_ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = ServiceProcess.binDirectory.appendingPathComponent("o2cctl")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("o2cctl-\(UUID().uuidString).out")
        let error = output.appendingPathExtension("err")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        FileManager.default.createFile(atPath: error.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: error)
        }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: error)
        try process.run()
        let status = ChildProcess.waitForExit(process)
        return Result(
            status: status, output: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
            error: (try? String(contentsOf: error, encoding: .utf8)) ?? "")
    }
}
