import Foundation
import O2CContracts
import Testing

/// CONTRACT.md "The department's daily work", Documents: every `…/document` page of the five services, fetched
/// with a token, printed by headless Chromium to PDF and read back with pdftotext, for one order of a customer
/// whose name is markup. Each page is A4 HTML whose PDF text holds the Chinese title, the document's number and
/// its amounts; the name is text, never markup; a role that may not read the JSON cannot read the page either.
@Suite("Printable forms: each …/document page printed to PDF (CONTRACT.md The department's daily work)", .serialized)
struct PrintableFormsTests {
    static let customerName = "<script>alert(1)</script>"
    static let escapedName = "&lt;script&gt;alert(1)&lt;/script&gt;"

    @Test(
        "quote, contract, dispatch note with waybill, gate pass, invoice, statement, dunning letter and return print with their titles, numbers and amounts; a role that may not read the JSON cannot print"
    )
    func everyFormPrints() async throws {
        try await OrderToCashWorld.run(financeEnvironment: ["O2C_TEST_CLOCK": "1"], withAfterSales: true) { world in
            let ids = try await Self.order(in: world)

            // orders: the quote and the contract, with the company name from the settings.
            let (blank, blankStatus) = try await world.send(
                "PUT", world.orders, "/v1/settings", as: .generalManager, #"{"companyName":" "}"#)
            #expect(blankStatus == 422 && String(decoding: blank, as: UTF8.self).contains("companyName"), "a blank company name is refused")
            _ = try await world.call("PUT", world.orders, "/v1/settings", as: .generalManager, #"{"companyName":"无锡法兰有限公司"}"#)
            _ = try await world.call("PUT", world.warehouse, "/v1/settings", as: .generalManager, #"{"companyName":"无锡法兰有限公司"}"#)
            let quote = try await Self.print(world, world.orders, "/v1/quotes/\(ids.quote)/document", as: .salesperson)
            Self.expect(quote, ["报价单", "Quotation", ids.quote, "12,000.00", "1,200.00", "壹万贰仟元整", "无锡法兰有限公司", "Flange", "DN100"])
            let contract = try await Self.print(world, world.orders, "/v1/contracts/\(ids.contract)/document", as: .salesAdmin)
            Self.expect(contract, ["销售合同", "Sales Contract", ids.contract, ids.quote, ids.order, "12,000.00", "壹万贰仟元整", "1 Foundry Rd"])

            // warehouse-dispatch: the note in its three copies and its waybill, then the gate pass.
            let note = try await Self.print(world, world.warehouse, "/v1/dispatch-notes/\(ids.note)/document", as: .salesAdmin)
            Self.expect(
                note,
                [
                    "销售出库单", "Sales Delivery Note", ids.note, ids.order, "客户联", "财务联", "业务联", "托运单", "Waybill", "¥5.00", "¥50.00", "伍拾元整",
                    "Wuxi", "Driver Chen", "Wang, Zhao", "无锡法兰有限公司",
                ])
            #expect(note.text.components(separatedBy: "销售出库单").count - 1 == 3, "the note prints in three copies:\n\(note.text)")
            let pass = try await Self.print(world, world.warehouse, "/v1/gate-passes/\(ids.pass)/document", as: .gatekeeper)
            Self.expect(pass, ["出门条", "Gate Pass", ids.pass, ids.note, "carrier-forms"], name: false)
            #expect(!pass.text.contains("1 Foundry Rd"), "a gate pass carries no address")

            // finance-collections: the deposit invoice and the month's statement.
            let deposit = try await world.invoice(ids.order, kind: "deposit")
            let depositId = try #require(deposit["id"] as? String)
            let invoice = try await Self.print(world, world.finance, "/v1/invoices/\(depositId)/document", as: .finance)
            Self.expect(invoice, ["发票", "Invoice", depositId, ids.order, "3,600.00", "叁仟陆佰元整"], name: false)
            let month = try Self.month(of: try #require(deposit["issuedAt"] as? String))
            let statementPath = "/v1/customers/\(ids.customer)/statements/\(month)/document"
            let statement = try await Self.print(world, world.finance, statementPath, as: .finance)
            Self.expect(
                statement, ["客户对账单", "Statement of Account", "期初余额", "期末余额", ids.customer, depositId, "3,600.00", "8,400.00", "50.00"],
                name: false)

            // after-sales: a return of 2 of the 10.
            try await Self.expectRolesAsTheJSON(world, ids)

            let returnId = try await world.requestReturn(ids.order, kind: "return", quantity: 2)
            try await world.approveReturn(returnId)
            let afterSales = try #require(world.afterSales)
            let returned = try await Self.print(world, afterSales, "/v1/returns/\(returnId)/document", as: .salesManager)
            Self.expect(returned, ["退货单", "Return Form", returnId, ids.order, "2,400.00", "贰仟肆佰元整", "wrong size"])

            // The balance (8,400.00, due on dispatch for grade A) is left unpaid; 40 days on, the dunning letter.
            let balance = try await world.invoice(ids.order, kind: "balance")
            let balanceId = try #require(balance["id"] as? String)
            let (early, earlyStatus) = try await world.send("GET", world.finance, "/v1/dunning/\(balanceId)/letter", as: .finance)
            #expect(earlyStatus == 409, "not overdue yet: \(String(decoding: early, as: UTF8.self))")
            let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(40 * 86_400))
            _ = try await world.call("PUT", world.finance, "/v1/admin/test-clock", as: .finance, #"{"now":"\#(later)"}"#)
            let letter = try await Self.print(world, world.finance, "/v1/dunning/\(balanceId)/letter", as: .finance)
            Self.expect(letter, ["催款函", "Payment Reminder", balanceId, "8,400.00", "捌仟肆佰元整", "二级"], name: false)
        }
    }

    /// A role that may not read a document's JSON cannot print it: the same 403 or 404 as the JSON read. (Run
    /// inside `everyFormPrints`, on its order: one world for both.)
    static func expectRolesAsTheJSON(_ world: OrderToCashWorld, _ ids: Order) async throws {
        let harness = world.harness
        let cases: [(ServiceProcess, String, String, Role, String)] = [
            (world.orders, "/v1/quotes/\(ids.quote)", "/document", .technician, "technician"),
            (world.orders, "/v1/contracts/\(ids.contract)", "/document", .gatekeeper, "gatekeeper"),
            (world.warehouse, "/v1/dispatch-notes/\(ids.note)", "/document", .gatekeeper, "gatekeeper"),
            (world.warehouse, "/v1/dispatch-notes/\(ids.note)", "/document", .carrier, "another-carrier"),
            (world.warehouse, "/v1/gate-passes/\(ids.pass)", "/document", .carrier, "carrier-forms"),
        ]
        for (process, read, suffix, role, subject) in cases {
            let token = try await harness.token(role, subject: subject)
            let (_, json) = try await harness.http("GET", process, read, token: token)
            let (_, page) = try await harness.http("GET", process, read + suffix, token: token)
            #expect([403, 404].contains(json), "\(role.rawValue) \(subject) reads \(read): \(json)")
            #expect(page == json, "\(role.rawValue) \(subject): the page of \(read) answers \(page), its JSON \(json)")
        }
        // The carrier the note was handed to prints it, without the customer's name (as its JSON view).
        let carrier = try await harness.token(.carrier, subject: "carrier-forms")
        let (body, status) = try await harness.http("GET", world.warehouse, "/v1/dispatch-notes/\(ids.note)/document", token: carrier)
        #expect(status == 200)
        let html = String(decoding: body, as: UTF8.self)
        #expect(html.contains(ids.note) && !html.contains(Self.escapedName), "the carrier's print has no customer name")

        let deposit = try await world.invoice(ids.order, kind: "deposit")
        let depositId = try #require(deposit["id"] as? String)
        let month = try Self.month(of: try #require(deposit["issuedAt"] as? String))
        let financeCases: [(String, String, Role)] = [
            ("/v1/invoices?orderId=\(ids.order)", "/v1/invoices/\(depositId)/document", .carrier),
            (
                "/v1/customers/\(ids.customer)/statements/\(month)", "/v1/customers/\(ids.customer)/statements/\(month)/document",
                .warehouseKeeper
            ),
            ("/v1/dunning", "/v1/dunning/\(depositId)/letter", .salesperson),
        ]
        for (read, page, role) in financeCases {
            let (_, json) = try await world.send("GET", world.finance, read, as: role)
            let (_, printed) = try await world.send("GET", world.finance, page, as: role)
            #expect(json == 403 && printed == 403, "\(role.rawValue): \(read) → \(json), \(page) → \(printed)")
        }
    }

    // MARK: - The order both tests print

    struct Order { var customer, quote, contract, order, note, pass: String }

    /// A grade A customer named with markup orders 10 × FL-100 at 1,200.00; the deposit is paid, the goods are picked,
    /// handed to carrier `carrier-forms` (freight 5.00 a piece), let out against a gate pass and delivered.
    static func order(in world: OrderToCashWorld) async throws -> Order {
        let customer = try await world.customer(grade: "A", name: customerName)
        let quote = try await world.call(
            "POST", world.orders, "/v1/quotes", as: .salesperson,
            #"{"customerId":"\#(customer)","lines":[{"sku":"FL-100","quantity":10,"unitPrice":"1200.00"}],"validUntil":"2030-01-01","paymentTerms":"30% deposit, balance on dispatch"}"#
        )
        let quoteId = try #require(quote["id"] as? String)
        _ = try await world.call("POST", world.orders, "/v1/quotes/\(quoteId)/send", as: .salesperson)
        _ = try await world.call("POST", world.orders, "/v1/quotes/\(quoteId)/accept", as: .salesperson)
        let contract = try await world.call(
            "POST", world.orders, "/v1/contracts", as: .salesperson,
            #"{"quoteId":"\#(quoteId)","deliveryAddress":"1 Foundry Rd","requestedDeliveryDate":"2030-01-01","paymentTerms":"30% deposit, balance on dispatch"}"#
        )
        let contractId = try #require(contract["id"] as? String)
        let signed = try await world.call("POST", world.orders, "/v1/contracts/\(contractId)/sign", as: .salesAdmin)
        let orderId = try #require(signed["orderId"] as? String)
        try await world.payDeposit(customer, orderId)
        let noteId = try await world.dispatchNote(orderId)
        _ = try await world.call(
            "POST", world.warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper,
            #"{"lines":[{"sku":"FL-100","quantity":10}],"pickedBy":["Wang","Zhao"]}"#)
        _ = try await world.call(
            "POST", world.warehouse, "/v1/dispatch-notes/\(noteId)/handover", as: .warehouseKeeper,
            #"{"carrier":"carrier-forms","waybill":{"quantity":10,"unitFreight":"5.00","pricingUnit":"piece","consignee":"Li","address":"1 Foundry Rd","phone":"138","totalFreight":"50.00","destination":"Wuxi"},"signedBy":"Driver Chen"}"#
        )
        let pass = try await world.call("POST", world.warehouse, "/v1/dispatch-notes/\(noteId)/gate-pass", as: .salesAdmin)
        let passId = try #require(pass["gatePassId"] as? String)
        _ = try await world.call("POST", world.warehouse, "/v1/gate-passes/\(passId)/release", as: .gatekeeper)
        try await world.deliver(orderId)
        _ = try await world.invoice(orderId, kind: "balance")
        _ = try await world.waitFor(world.finance, "/v1/invoices?customerId=\(customer)", as: .finance) {
            $0["kind"] as? String == "freight"
        }
        if let afterSales = world.afterSales {
            _ = try await world.waitFor(afterSales, "/v1/quality-cards?orderId=\(orderId)", as: .customerService) { _ in true }
        }
        return Order(customer: customer, quote: quoteId, contract: contractId, order: orderId, note: noteId, pass: passId)
    }

    /// Fetches a page as `role`, checks it is A4 HTML with the customer's name escaped, and prints it.
    static func print(
        _ world: OrderToCashWorld, _ process: ServiceProcess, _ path: String, as role: Role,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> FormPrinter.Printed {
        let token = try await world.harness.token(role, subject: "\(role.rawValue)-1")
        let (body, status, headers) = try await HTTPClient.exchange("GET", "http://127.0.0.1:\(process.port)\(path)", token: token)
        guard status == 200 else {
            throw TestFailure("GET \(path) as \(role.rawValue) → \(status): \(String(decoding: body, as: UTF8.self))")
        }
        #expect(headers["content-type"] == "text/html; charset=utf-8", "\(path)", sourceLocation: sourceLocation)
        let html = String(decoding: body, as: UTF8.self)
        #expect(html.contains("@page { size: A4"), "\(path) is A4", sourceLocation: sourceLocation)
        #expect(!html.contains("<script>"), "\(path) has no markup from data", sourceLocation: sourceLocation)
        let name = path.split(separator: "/").prefix(3).joined(separator: "-")
        return try FormPrinter.print(body, name: name)
    }

    /// Every text is in the PDF's text; the customer's name too (escaped in the HTML, as text in the PDF) when
    /// the form names the customer (`name`).
    static func expect(
        _ printed: FormPrinter.Printed, _ texts: [String], name: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for text in texts {
            #expect(printed.text.contains(text), "PDF text lacks \(text):\n\(printed.text)", sourceLocation: sourceLocation)
        }
        if name {
            #expect(printed.html.contains(escapedName), "the name is escaped in the HTML", sourceLocation: sourceLocation)
            #expect(printed.text.contains(customerName), "the name prints as text:\n\(printed.text)", sourceLocation: sourceLocation)
        }
    }

    /// The yyyy-mm an instant falls in, in the company's time zone (the statement's months).
    static func month(of instant: String) throws -> String {
        let date = try #require(Instant.parse(instant))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = BusinessCalendar.defaultTimeZone
        let parts = calendar.dateComponents([.year, .month], from: date)
        let month = parts.month ?? 0
        return "\(parts.year ?? 0)-\(month < 10 ? "0" : "")\(month)"
    }
}
