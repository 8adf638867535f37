import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

/// CONTRACT.md "Faults, limits and identity" (HTTP): an Idempotency-Key is claimed in the request's own
/// transaction, so no retry doubles an effect and no crash leaves a waiting period behind; a bank reference
/// is booked once; waits that run out answer 503 `busy`, and a plain read never waits behind them.
/// finance-collections as a real process; the "customer's lock" is the advisory lock every receipt takes.
@Suite("Faults and retries over HTTP: CONTRACT.md \"Faults, limits and identity\"", .serialized)
struct RequestFaultTests {
    struct Receipt: Decodable { var id: String }
    struct ProblemBody: Decodable {
        struct FieldError: Decodable { var field: String }
        var code: String
        var errors: [FieldError]?
    }

    static func receipt(_ customer: String, reference: String, amount: String = "100.00") -> String {
        #"{"customerId": "\#(customer)", "amount": "\#(amount)", "method": "bank", "reference": "\#(reference)"}"#
    }

    func receipts(_ harness: ServiceHarness, customer: String) async throws -> Int {
        try await harness.admin.query(
            "select count(*) as n from \(identifier: harness.schema).receipts where customer_id = \(customer)"
        ).rows[0].int("n")
    }

    /// finance-collections' sessions waiting for a lock.
    func lockWaiters(_ harness: ServiceHarness) async throws -> Int {
        try await harness.admin.query(
            "select count(*) as n from pg_stat_activity where application_name = 'finance-collections' and wait_event_type = 'Lock'"
        ).rows[0].int("n")
    }

    /// Holds finance's lock on `customer` from a connection of the test's own until `release()`.
    final class CustomerLock: Sendable {
        let connection: PostgresConnection
        init(_ customer: String) async throws {
            connection = try await PostgresConnection.connect(
                try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL), logger: .init(label: "lock"))
            try await connection.query("begin")
            try await connection.query("select pg_advisory_xact_lock(hashtextextended('finance.customer:' || \(customer), 0))")
        }
        func release() async throws {
            try await connection.query("commit")
            await connection.close()
        }
    }

    func post(
        _ process: ServiceProcess, _ path: String, token: String, json: String, key: String? = nil,
        headers: [String: String] = [:], timeout: TimeInterval = 30
    ) async throws -> (body: Data, status: Int, headers: [String: String]) {
        var headers = headers
        if let key { headers["Idempotency-Key"] = key }
        return try await HTTPClient.exchange(
            "POST", "http://127.0.0.1:\(process.port)\(path)", token: token, json: json, headers: headers, timeout: timeout)
    }

    @Test("a receipt held past the client's timeout, then retried with the same key and body: one receipt, the retry gets the first answer")
    func retryOfAHeldRequest() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start()
            let finance = try await harness.token(.finance, subject: "fin-1")
            let body = Self.receipt("c-held", reference: "BANK-1")
            let lock = try await CustomerLock("c-held")
            // The client gives up after a second while the service still waits for the customer's lock.
            await #expect(throws: (any Error).self) {
                _ = try await post(process, "/v1/receipts", token: finance, json: body, key: "k-held", timeout: 1)
            }
            // Its retry waits on the first attempt's claim; the lock goes away meanwhile.
            async let retry = post(process, "/v1/receipts", token: finance, json: body, key: "k-held")
            try await Task.sleep(for: .milliseconds(500))
            try await lock.release()
            let answer = try await retry
            #expect(answer.status == 201 && answer.headers["idempotent-replayed"] == "true")
            let recorded = try JSONCoding.decoder.decode(Receipt.self, from: answer.body)
            #expect(try await receipts(harness, customer: "c-held") == 1)
            let stored = try await harness.admin.query("select id from \(identifier: harness.schema).receipts where customer_id = 'c-held'")
            #expect(try stored.rows[0].string("id") == recorded.id)
            #expect(process.isRunning)
        }
    }

    @Test("finance-collections SIGKILLed in the middle of a receipt: the client's retry with the same key runs at once and books it once")
    func retryAfterACrash() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let first = try await harness.start()
            let finance = try await harness.token(.finance, subject: "fin-1")
            let body = Self.receipt("c-crash", reference: "BANK-2")
            let lock = try await CustomerLock("c-crash")
            let inFlight = Task { try await post(first, "/v1/receipts", token: finance, json: body, key: "k-crash") }
            try await eventually("the receipt waits for the customer's lock inside the service") {
                try await lockWaiters(harness) >= 1
            }
            first.kill()
            _ = await inFlight.result
            try await lock.release()
            let second = try await harness.start()
            let started = ContinuousClock.now
            let answer = try await post(second, "/v1/receipts", token: finance, json: body, key: "k-crash")
            #expect(answer.status == 201 && answer.headers["idempotent-replayed"] == nil)
            // The old scheme made this retry wait a minute for an abandoned claim; now there is none.
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try await receipts(harness, customer: "c-crash") == 1)
            let again = try await post(second, "/v1/receipts", token: finance, json: body, key: "k-crash")
            #expect(again.status == 201 && again.headers["idempotent-replayed"] == "true")
            #expect(try await receipts(harness, customer: "c-crash") == 1)
        }
    }

    @Test("a commit whose answer was lost is 503 unavailable; the retry replays it: one receipt. Same key, other body: 422")
    func lostCommitReply() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start(["O2C_TEST_FAULTS": "1"])
            let finance = try await harness.token(.finance, subject: "fin-1")
            let body = Self.receipt("c-lost", reference: "BANK-3")
            let lost = try await post(
                process, "/v1/receipts", token: finance, json: body, key: "k-lost", headers: ["O2C-Test-Fault": "pg.commit_lost"])
            #expect(lost.status == 503 && lost.headers["retry-after"] != nil)
            #expect(try JSONCoding.decoder.decode(ProblemBody.self, from: lost.body).code == "unavailable")
            #expect(try await receipts(harness, customer: "c-lost") == 1)  // it did commit

            let retry = try await post(process, "/v1/receipts", token: finance, json: body, key: "k-lost")
            #expect(retry.status == 201 && retry.headers["idempotent-replayed"] == "true")
            #expect(try await receipts(harness, customer: "c-lost") == 1)

            let other = try await post(
                process, "/v1/receipts", token: finance, json: Self.receipt("c-lost", reference: "BANK-4"), key: "k-lost")
            #expect(other.status == 422)
            #expect(try JSONCoding.decoder.decode(ProblemBody.self, from: other.body).code == "idempotency_key_reused")
            #expect(try await receipts(harness, customer: "c-lost") == 1)

            // The same key on another path is another key (scoped to caller, method and path).
            let (_, elsewhere) = try await harness.http(
                "POST", process, "/v1/customers/c-lost/statements/2026-01/confirmation", token: finance,
                json: #"{"confirmedBy": "Wang Li", "note": "agreed by phone"}"#, headers: ["Idempotency-Key": "k-lost"])
            #expect(elsewhere != 422)
        }
    }

    @Test("a bank reference already booked for the customer is 409 duplicate_receipt without a key; another customer or method may use it")
    func duplicateBankReference() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start()
            let finance = try await harness.token(.finance, subject: "fin-1")
            let first = try await post(process, "/v1/receipts", token: finance, json: Self.receipt("c-dup", reference: "BANK-9"))
            #expect(first.status == 201)
            let twice = try await post(process, "/v1/receipts", token: finance, json: Self.receipt("c-dup", reference: "BANK-9"))
            #expect(twice.status == 409)
            let problem = try JSONCoding.decoder.decode(ProblemBody.self, from: twice.body)
            #expect(problem.code == "duplicate_receipt" && problem.errors?.map(\.field) == ["reference"])
            #expect(try await receipts(harness, customer: "c-dup") == 1)
            let cash = #"{"customerId": "c-dup", "amount": "100.00", "method": "cash", "reference": "BANK-9"}"#
            #expect(try await post(process, "/v1/receipts", token: finance, json: cash).status == 201)
            #expect(
                try await post(process, "/v1/receipts", token: finance, json: Self.receipt("c-other", reference: "BANK-9")).status == 201)
        }
    }

    @Test(
        "twelve receipts blocked on one customer's lock: an unrelated read answers within a second; the blocked ones answer 503 busy, nothing booked"
    )
    func blockedWritersDoNotStopReads() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start(["O2C_DB_LOCK_TIMEOUT_MS": "1500", "O2C_DB_POOL_WAIT_MS": "2000"])
            let finance = try await harness.token(.finance, subject: "fin-1")
            let lock = try await CustomerLock("c-busy")
            let blocked = (1...12).map { n in
                Task { try await post(process, "/v1/receipts", token: finance, json: Self.receipt("c-busy", reference: "BUSY-\(n)")) }
            }
            try await eventually("every connection a writer may take waits for the lock") {
                try await lockWaiters(harness) >= 6
            }
            let started = ContinuousClock.now
            let (_, read) = try await harness.http("GET", process, "/v1/invoices?customerId=c-unrelated", token: finance)
            let readTook = ContinuousClock.now - started
            #expect(read == 200)
            #expect(readTook < .seconds(1), "the read took \(readTook)")

            var answers: [(status: Int, code: String?, retryAfter: String?)] = []
            for task in blocked {
                let answer = try await task.value
                answers.append(
                    (answer.status, try? JSONCoding.decoder.decode(ProblemBody.self, from: answer.body).code, answer.headers["retry-after"])
                )
            }
            try await lock.release()
            #expect(answers.allSatisfy { $0.status == 503 && $0.code == "busy" && $0.retryAfter != nil }, "\(answers)")
            #expect(try await receipts(harness, customer: "c-busy") == 0)
            // The service is fine afterwards.
            #expect(
                try await post(process, "/v1/receipts", token: finance, json: Self.receipt("c-busy", reference: "BUSY-1")).status == 201)
        }
    }

    @Test("PostgreSQL restarted while requests run: every answer is 2xx, 4xx or 503, never 500, and the service serves again")
    func databaseRestartDuringRequests() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start()
            let finance = try await harness.token(.finance, subject: "fin-1")
            let statuses = StatusTally()
            // The workers stop at a flag, not by cancelling their tasks, so each request in flight ends
            // with the service's own answer and is counted.
            let load = (0..<4).map { worker in
                Task {
                    var n = 0
                    while !statuses.stopped {
                        n += 1
                        if let answer = try? await post(
                            process, "/v1/receipts", token: finance,
                            json: Self.receipt("c-restart-\(worker)", reference: "R-\(worker)-\(n)"),
                            key: "restart-\(worker)-\(n)", timeout: 20)
                        {
                            statuses.add(answer.status)
                        }
                        if let (_, status) = try? await harness.http(
                            "GET", process, "/v1/invoices?customerId=c-restart-\(worker)", token: finance)
                        {
                            statuses.add(status)
                        }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            try await Infrastructure.run("restart-postgres")
            try await Task.sleep(for: .seconds(2))
            statuses.stop()
            for task in load { _ = await task.result }
            let seen = statuses.all
            print("database restart under load: statuses \(statuses.summary)")
            #expect(!seen.contains { $0 >= 500 && $0 != 503 }, "statuses seen: \(statuses.summary)")
            #expect(seen.contains(201))
            try await eventually("the service answers again after the restart") {
                try await post(process, "/v1/receipts", token: finance, json: Self.receipt("c-after", reference: "AFTER-1")).status == 201
            }
            #expect(process.isRunning)
        }
    }
}

/// Statuses collected by concurrent workers, and the flag that stops them.
final class StatusTally: @unchecked Sendable {
    // @unchecked Sendable: every access holds `lock`.
    private let lock = NSLock()
    private var statuses: [Int] = []
    private var isStopped = false
    func add(_ status: Int) { lock.withLock { statuses.append(status) } }
    /// Tells the workers to finish their current request and stop.
    func stop() { lock.withLock { isStopped = true } }
    var stopped: Bool { lock.withLock { isStopped } }
    var all: [Int] { lock.withLock { statuses } }
    var summary: String {
        Dictionary(grouping: all, by: { $0 }).map { "\($0.key)×\($0.value.count)" }.sorted().joined(separator: " ")
    }
}
