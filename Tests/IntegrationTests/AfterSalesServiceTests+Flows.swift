import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

extension AfterSalesServiceTests {
    @Test("After-sales and returns: opened → confirmed → assigned → contact → resolved → closed, each actor and role in the history")
    func fullPath() async throws {
        try await withAfterSales { harness, process in
            let capture = try await harness.capture(["aftersales.#"])
            let sales = try await harness.token(.salesperson, subject: "li.sales")
            let manager = try await harness.token(.salesManager, subject: "wang.manager")
            let tech = try await harness.token(.technician, subject: "zhao.tech")
            let id = try await open(harness, process, Self.openBody(), token: sales)
            let opened = try await capture.next(Opened.self) { $0.serviceRequestId == id }
            #expect(opened.orderId == "o-1" && opened.complaintClass == "quality")

            #expect(try await step(harness, process, id, "confirm", token: manager).status == 200)
            let assign = #"{"technician": "zhao.tech"}"#
            #expect(try await step(harness, process, id, "assign", token: manager, json: assign).status == 200)
            let other = try await harness.token(.technician, subject: "other.tech")
            #expect(try await step(harness, process, id, "contact", token: other, json: #"{"note": "x"}"#).status == 403)
            let contact = #"{"note": "called the customer, visit Tuesday"}"#
            #expect(try await step(harness, process, id, "contact", token: tech, json: contact).status == 200)
            #expect(try await read(harness, process, id).status == "in_progress")
            let result = #"{"workDone": "replaced the seal", "result": "no more leaks"}"#
            #expect(try await step(harness, process, id, "result", token: tech, json: result).status == 200)
            #expect(try await step(harness, process, id, "close", token: sales).status == 200)

            let request = try await read(harness, process, id)
            #expect(request.status == "closed" && request.technician == "zhao.tech")
            #expect(request.workDone == "replaced the seal" && request.result == "no more leaks")
            #expect(request.contactLog.map(\.note) == ["called the customer, visit Tuesday"])
            #expect(request.history.map(\.action) == ["open", "confirm", "assign", "contact", "result", "close"])
            #expect(request.history.map(\.status) == ["opened", "confirmed", "assigned", "in_progress", "resolved", "closed"])
            #expect(request.history.map(\.by) == ["li.sales", "wang.manager", "wang.manager", "zhao.tech", "zhao.tech", "li.sales"])
            #expect(
                request.history.map(\.role) == [
                    "salesperson", "sales_manager", "sales_manager", "technician", "technician", "salesperson",
                ])
            let closed = try await capture.next(Closed.self) { $0.serviceRequestId == id }
            #expect(closed.orderId == "o-1" && closed.result == "no more leaks")
        }
    }

    @Test("Roles: a salesperson may not confirm (403); closing before resolved is 409; customer_service works only non-quality")
    func rolesAndStates() async throws {
        try await withAfterSales { harness, process in
            let sales = try await harness.token(.salesperson, subject: "li.sales")
            let manager = try await harness.token(.salesManager, subject: "wang.manager")
            let service = try await harness.token(.customerService, subject: "chen.cs")
            let id = try await open(harness, process, Self.openBody(), token: sales)

            let forbidden = try await step(harness, process, id, "confirm", token: sales)
            #expect(forbidden.status == 403 && forbidden.body.contains("forbidden_role"))
            let early = try await step(harness, process, id, "close", token: manager)
            #expect(early.status == 409 && early.body.contains("invalid_state"))
            let stranger = try await harness.token(.salesperson, subject: "someone.else")
            #expect(try await step(harness, process, id, "close", token: stranger).status == 403)
            #expect(try await read(harness, process, id).history.count == 1)

            #expect(try await step(harness, process, id, "confirm", token: manager).status == 200)
            #expect(try await step(harness, process, id, "assign", token: manager, json: #"{"technician": " "}"#).status == 422)
            #expect(try await step(harness, process, id, "assign", token: manager, json: #"{"technician": "zhao.tech"}"#).status == 200)
            #expect(try await step(harness, process, id, "contact", token: service, json: #"{"note": "n"}"#).status == 403)

            let nonQuality = try await open(harness, process, Self.openBody(complaintClass: "non_quality"), token: service)
            #expect(try await step(harness, process, nonQuality, "confirm", token: manager).status == 200)
            #expect(try await step(harness, process, nonQuality, "contact", token: service, json: #"{"note": "n"}"#).status == 409)
            #expect(
                try await step(harness, process, nonQuality, "assign", token: manager, json: #"{"technician": "chen.cs"}"#).status == 200)
            #expect(try await step(harness, process, nonQuality, "contact", token: service, json: #"{"note": "explained"}"#).status == 200)
            let result = #"{"workDone": "explained the manual", "result": "customer satisfied"}"#
            #expect(try await step(harness, process, nonQuality, "result", token: service, json: result).status == 200)
            #expect(try await read(harness, process, nonQuality).history.last?.role == "customer_service")
        }
    }

    @Test("Complaints: a bad complaintClass or an empty description is 422 and nothing is stored")
    func badInput() async throws {
        try await withAfterSales { harness, process in
            let sales = try await harness.token(.salesperson)
            let (body, status) = try await harness.http(
                "POST", process, "/v1/service-requests", token: sales, json: Self.openBody(complaintClass: "cosmetic"))
            #expect(status == 422)
            #expect(String(decoding: body, as: UTF8.self).contains("validation_failed"))
            let empty = #"{"orderId": "o-1", "customerId": "c-1", "description": " ", "complaintClass": "quality"}"#
            #expect(try await harness.http("POST", process, "/v1/service-requests", token: sales, json: empty).status == 422)
            let warehouse = try await harness.token(.warehouseKeeper)
            #expect(try await harness.http("POST", process, "/v1/service-requests", token: warehouse, json: Self.openBody()).status == 403)
            for table in ["service_requests", "service_request_history"] {
                let rows = try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).\(identifier: table)")
                #expect(try rows.rows.first?.int("n") == 0)
            }
        }
    }

    @Test("After-sales and returns: quality statistics count quality complaints per sku and ignore non-quality ones")
    func qualityStatistics() async throws {
        try await withAfterSales { harness, process in
            let sales = try await harness.token(.salesperson)
            _ = try await open(harness, process, Self.openBody(order: "o-1", sku: "P-100"), token: sales)
            _ = try await open(harness, process, Self.openBody(order: "o-2", sku: "P-100"), token: sales)
            _ = try await open(harness, process, Self.openBody(order: "o-3", sku: "P-100", complaintClass: "non_quality"), token: sales)

            #expect(try await harness.http("GET", process, "/v1/quality-statistics", token: sales).status == 403)
            let manager = try await harness.token(.salesManager)
            let (body, status) = try await harness.http("GET", process, "/v1/quality-statistics", token: manager)
            #expect(status == 200)
            let statistics = try JSONDecoder().decode(Statistics.self, from: body)
            #expect(statistics.totalQualityComplaints == 2)
            #expect(statistics.bySku.count == 1)
            #expect(statistics.bySku.first?.sku == "P-100" && statistics.bySku.first?.qualityComplaints == 2)
        }
    }
}
