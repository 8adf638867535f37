import Foundation
import O2CContracts
import O2CMessaging
import Testing

extension AfterSalesReturnsTests {
    @Test("more than delivered − already returned, an unknown or undelivered order: 4xx problem+json, nothing stored")
    func refusedRequests() async throws {
        try await Self.withDeliveredOrder { harness, process, _ in
            var (data, status) = try await Self.request(harness, process, sku: "FL-200", quantity: 5)  // 4 delivered
            var problem = try JSONDecoder().decode(Problem.self, from: data)
            #expect(status == 422 && problem.code == "validation_failed")
            #expect(problem.errors?.map(\.field) == ["lines[0].quantity"])
            (data, status) = try await Self.request(harness, process, order: "o-404")
            #expect(status == 422)
            (data, status) = try await Self.request(harness, process, order: "o-2")
            problem = try JSONDecoder().decode(Problem.self, from: data)
            #expect(status == 409 && problem.code == "invalid_state")
            #expect(try await Self.returnsStored(harness) == 0)

            // 6 of 10 FL-100 returned; then at most 4 more.
            #expect(try await Self.request(harness, process, quantity: 6).1 == 201)
            #expect(try await Self.request(harness, process, quantity: 5).1 == 422)
            #expect(try await Self.request(harness, process, quantity: 4).1 == 201)
            #expect(try await Self.returnsStored(harness) == 2)
        }
    }

    @Test("wrong roles are 403 forbidden_role; a step out of turn is 409 invalid_state")
    func roles() async throws {
        try await Self.withDeliveredOrder { harness, process, _ in
            let finance = try await harness.token(.finance)
            let (_, refused) = try await harness.http(
                "POST", process, "/v1/returns", token: finance,
                json: #"{"orderId": "o-1", "kind": "return", "lines": [{"sku": "FL-100", "quantity": 1}], "reason": "x"}"#)
            #expect(refused == 403)
            let id = try await Self.created(harness, process)
            #expect(try await Self.decide(harness, process, id, "approvals", .salesManager, #"{"decision": "approve"}"#) == 403)
            #expect(try await Self.decide(harness, process, id, "approvals", .technician, #"{"decision": "approve"}"#) == 403)
            #expect(try await Self.decide(harness, process, id, "inspection", .branchManager, #"{"genuine": true}"#) == 403)
            #expect(try await Self.decide(harness, process, id, "inspection", .technician, #"{"genuine": true}"#) == 409)
            #expect(try await Self.view(harness, process, id).status == "awaiting_confirmation")
        }
    }

    @Test("a step past its deadline sends ReturnStepOverdue once and the return shows in /v1/sagas/stuck")
    func deadline() async throws {
        try await Self.withDeliveredOrder { harness, process, capture in
            let id = try await Self.created(harness, process)
            let manager = try await harness.token(.salesManager)
            // Confirmation is due within 1 working day: Tuesday 10:00 Shanghai; move to Tuesday 11:00.
            _ = try await harness.http("PUT", process, "/v1/admin/test-clock", token: manager, json: #"{"now": "2026-11-24T03:00:00Z"}"#)
            let overdue = try await capture.next(ReturnStepOverdue.self) { $0.returnId == id }
            #expect(overdue.step == "confirmation")
            let (data, status) = try await harness.http("GET", process, "/v1/sagas/stuck", token: manager)
            #expect(status == 200)
            let stuck = try JSONDecoder().decode([Stuck].self, from: data)
            #expect(stuck.contains { $0.id == id && $0.type == "return" && $0.state == "awaiting_confirmation" })
            #expect(
                try await Self.view(harness, process, id).history.contains { $0.action == "confirmation_overdue" && $0.role == "system" })
        }
    }

    @Test("quality tracking cards: one per delivered line, revisits by customer_service, and the product's summary")
    func qualityCards() async throws {
        try await Self.withDeliveredOrder { harness, process, _ in
            let service = try await harness.token(.customerService, subject: "cs-1")
            let (data, _) = try await harness.http("GET", process, "/v1/quality-cards?sku=FL-200", token: service)
            let cards = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            #expect(cards.count == 1 && cards.first?["quantity"] as? Int == 4)
            let card = try #require(cards.first?["id"] as? String)
            let path = "/v1/quality-cards/\(card)/revisits"
            #expect(
                try await harness.http("POST", process, path, token: service, json: #"{"satisfaction": "satisfied", "contact": "Mr. Li"}"#)
                    .status == 201)
            #expect(
                try await harness.http("POST", process, path, token: service, json: #"{"satisfaction": "great", "contact": "Mr. Li"}"#)
                    .status == 422)
            let finance = try await harness.token(.finance)
            #expect(
                try await harness.http("POST", process, path, token: finance, json: #"{"satisfaction": "neutral", "contact": "x"}"#).status
                    == 403)
            let (summary, status) = try await harness.http("GET", process, "/v1/products/FL-200/quality", token: service)
            #expect(status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: summary) as? [String: Any])
            #expect(json["cards"] as? Int == 1 && json["revisits"] as? Int == 1)
            #expect((json["satisfaction"] as? [String: Int])?["satisfied"] == 1)
        }
    }
}
