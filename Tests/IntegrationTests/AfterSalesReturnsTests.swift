import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

/// after-sales alone, the harness playing orders, warehouse-dispatch and finance-collections: the return
/// and exchange saga (DOMAIN.md "After-sales and returns", "Roles") over HTTP and the broker.
@Suite("after-sales: returns and exchanges (DOMAIN.md After-sales and returns; Roles)", .serialized)
struct AfterSalesReturnsTests {
    struct Problem: Decodable {
        struct Field: Decodable { var field: String }
        var code: String
        var errors: [Field]?
    }
    struct Return: Decodable {
        struct Line: Decodable { var sku: String, quantity: Int, unitPrice: Money, amount: Money }
        struct CreditNote: Decodable { var id: String, amount: Money }
        struct Replacement: Decodable { var lines: [ReturnLine] }
        struct Step: Decodable { var action: String, by: String, role: String }
        struct Saga: Decodable { var state: String, steps: [SagaStepView] }
        struct SagaStepView: Decodable { var name: String, status: String }
        var id: String, orderId: String, customerId: String, kind: String, status: String
        var lines: [Line]
        var amount: Money
        var creditNote: CreditNote?
        var replacement: Replacement?
        var history: [Step]
        var saga: Saga
    }
    struct Stuck: Decodable { var id: String, type: String, state: String }

    static let monday = ISO8601DateFormatter().date(from: "2026-11-23T02:00:00Z")!
    static let lines = [
        OrderLine(sku: "FL-100", quantity: 10, unitPrice: Money("1000.00")!),
        OrderLine(sku: "FL-200", quantity: 5, unitPrice: Money("250.50")!),
    ]

    /// A world with one delivered order `o-1` (FL-100 × 10 at 1000.00; FL-200 × 5 at 250.50, of which 4 delivered)
    /// and a signed, undelivered `o-2`.
    static func withDeliveredOrder(_ body: (ServiceHarness, ServiceProcess, EventCapture) async throws -> Void) async throws {
        try await ServiceHarness.run("after-sales") { harness in
            let process = try await harness.start(["O2C_TEST_CLOCK": "1"])
            let token = try await harness.token(.salesManager)
            _ = try await harness.http("PUT", process, "/v1/admin/test-clock", token: token, json: #"{"now": "2026-11-23T02:00:00Z"}"#)
            let capture = try await harness.capture(["aftersales.#"])
            for order in ["o-1", "o-2"] {
                try await harness.publish(
                    ContractSigned(
                        orderId: order, customerId: "c-1", customerName: "Acme Castings", lines: lines, total: Money("11252.50")!,
                        deliveryAddress: "1 Foundry Rd", requestedDeliveryDate: nil, signedBy: "sam", signedAt: monday),
                    correlationID: order)
            }
            try await harness.publish(
                DeliveryConfirmed(
                    dispatchNoteId: "dn-1", orderId: "o-1", deliveredAt: monday, signedBy: "customer",
                    lines: [CountedLine(sku: "FL-100", quantity: 10), CountedLine(sku: "FL-200", quantity: 4)]), correlationID: "o-1")
            try await eventually("quality cards of o-1") {
                let (data, _) = try await harness.http("GET", process, "/v1/quality-cards?orderId=o-1", token: token)
                return (try JSONSerialization.jsonObject(with: data) as? [Any])?.count == 2
            }
            try await body(harness, process, capture)
        }
    }

    static func request(
        _ harness: ServiceHarness, _ process: ServiceProcess, kind: String = "return", order: String = "o-1", sku: String = "FL-100",
        quantity: Int = 4
    ) async throws -> (Data, Int) {
        try await harness.http(
            "POST", process, "/v1/returns", token: try await harness.token(.salesperson, subject: "sam"),
            json:
                #"{"orderId": "\#(order)", "kind": "\#(kind)", "lines": [{"sku": "\#(sku)", "quantity": \#(quantity)}], "reason": "wrong size"}"#
        )
    }

    static func created(_ harness: ServiceHarness, _ process: ServiceProcess, kind: String = "return") async throws -> String {
        let (data, status) = try await request(harness, process, kind: kind)
        guard status == 201 else { throw TestFailure("request answered \(status): \(String(decoding: data, as: UTF8.self))") }
        return try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String)
    }

    static func decide(
        _ harness: ServiceHarness, _ process: ServiceProcess, _ id: String, _ path: String, _ role: Role, _ json: String
    ) async throws -> Int {
        try await harness.http(
            "POST", process, "/v1/returns/\(id)/\(path)", token: try await harness.token(role, subject: role.rawValue), json: json
        ).status
    }

    /// branch_manager confirms, the technician finds the goods genuine, sales_manager approves.
    static func approve(_ harness: ServiceHarness, _ process: ServiceProcess, _ id: String) async throws {
        #expect(try await decide(harness, process, id, "approvals", .branchManager, #"{"decision": "approve"}"#) == 200)
        #expect(try await decide(harness, process, id, "inspection", .technician, #"{"genuine": true, "notes": "our casting"}"#) == 200)
        #expect(try await decide(harness, process, id, "approvals", .salesManager, #"{"decision": "approve", "comment": "ok"}"#) == 200)
    }

    static func view(_ harness: ServiceHarness, _ process: ServiceProcess, _ id: String) async throws -> Return {
        let (data, status) = try await harness.http("GET", process, "/v1/returns/\(id)", token: try await harness.token(.auditor))
        guard status == 200 else { throw TestFailure("GET return answered \(status)") }
        return try JSONCoding.decoder.decode(Return.self, from: data)
    }

    static func returnsStored(_ harness: ServiceHarness) async throws -> Int {
        try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).returns").rows[0].int("n")
    }
}
