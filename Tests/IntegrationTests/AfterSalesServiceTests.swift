import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

/// The after-sales service as a real process (DOMAIN.md "After-sales and returns", "Roles"): service
/// requests and complaints over HTTP from opening to closing, and quality statistics.
@Suite("After-sales service (DOMAIN.md After-sales and returns): service requests, complaints, quality statistics", .serialized)
struct AfterSalesServiceTests {
    struct Step: Decodable {
        var action: String
        var status: String
        var note: String?
        var by: String
        var role: String
    }

    struct Request: Decodable {
        var id: String
        var status: String
        var complaintClass: String
        var technician: String?
        var workDone: String?
        var result: String?
        var contactLog: [Step.Contact]
        var history: [Step]
    }

    struct Statistics: Decodable {
        struct Entry: Decodable {
            var sku: String?
            var qualityComplaints: Int
        }
        var totalQualityComplaints: Int
        var bySku: [Entry]
    }

    /// Mirrors of the service's event contracts, as an outside consumer would declare them.
    struct Opened: EventContract {
        static let routingKey = "aftersales.service_request_opened.v1"
        var serviceRequestId: String
        var orderId: String
        var complaintClass: String
    }

    struct Closed: EventContract {
        static let routingKey = "aftersales.service_request_closed.v1"
        var serviceRequestId: String
        var orderId: String
        var result: String
    }

    func withAfterSales(_ body: (ServiceHarness, ServiceProcess) async throws -> Void) async throws {
        try await ServiceHarness.run("after-sales") { harness in
            let process = try await harness.start()
            try await body(harness, process)
        }
    }

    static func openBody(order: String = "o-1", sku: String = "P-100", complaintClass: String = "quality") -> String {
        #"{"orderId": "\#(order)", "customerId": "c-1", "sku": "\#(sku)", "description": "pump leaks", "complaintClass": "\#(complaintClass)"}"#
    }

    func open(_ harness: ServiceHarness, _ process: ServiceProcess, _ json: String, token: String) async throws -> String {
        let (body, status) = try await harness.http("POST", process, "/v1/service-requests", token: token, json: json)
        guard status == 201 else { throw TestFailure("open answered \(status): \(String(decoding: body, as: UTF8.self))") }
        let opened = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        #expect(opened?["status"] as? String == "opened")
        return try #require(opened?["id"] as? String)
    }

    func step(
        _ harness: ServiceHarness, _ process: ServiceProcess, _ id: String, _ action: String, token: String, json: String? = nil
    ) async throws -> (body: String, status: Int) {
        let (body, status) = try await harness.http(
            "POST", process, "/v1/service-requests/\(id)/\(action)", token: token, json: json ?? "{}")
        return (String(decoding: body, as: UTF8.self), status)
    }

    func read(_ harness: ServiceHarness, _ process: ServiceProcess, _ id: String) async throws -> Request {
        let token = try await harness.token(.auditor)
        let (body, status) = try await harness.http("GET", process, "/v1/service-requests/\(id)", token: token)
        guard status == 200 else { throw TestFailure("GET answered \(status): \(String(decoding: body, as: UTF8.self))") }
        return try JSONCoding.decoder.decode(Request.self, from: body)
    }
}

extension AfterSalesServiceTests.Step {
    struct Contact: Decodable {
        var note: String
        var by: String
        var role: String
    }
}
