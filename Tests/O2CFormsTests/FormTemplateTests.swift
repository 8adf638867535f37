import Foundation
import O2CContracts
import Testing

@testable import O2CForms

/// The form template: A4, every value escaped, money exact, times in the company's time zone.
@Suite("Form template")
struct FormTemplateTests {
    static func document(customer: String) -> FormDocument {
        var lines = FormTable(columns: [FormLabel("产品", "Product"), FormLabel("金额", "Amount")])
        lines.append([customer, FormFormat.money(Money(minorUnits: 123_456_789))], numeric: [1])
        return FormDocument(
            companyName: "Acme & Sons", title: FormLabel("销售出库单", "Sales Delivery Note"), number: "DN-1",
            pages: [
                FormPage(
                    title: FormLabel("销售出库单", "Sales Delivery Note"), number: "DN-1", copy: FormLabel("第一联 客户联", "Copy 1: customer"),
                    fields: [FormField("客户", "Customer", customer)], tables: [lines],
                    amountInWords: FormField("大写金额", "Amount in words", "壹元整"), paragraphs: [customer],
                    signatures: [FormLabel("承运人", "Carrier")]),
                FormPage(title: FormLabel("托运单", "Waybill"), number: "DN-1", tables: [FormTable(columns: [FormLabel("项", "Item")])]),
            ])
    }

    @Test("a page is A4 HTML with the Chinese title, the English beside it, the company and every copy")
    func page() throws {
        let html = try FormTemplate.render(Self.document(customer: "Li"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("销售出库单 <small>Sales Delivery Note</small>"))
        #expect(html.contains("Acme &amp; Sons"))
        #expect(html.contains("第一联 客户联"))
        #expect(html.contains("托运单 <small>Waybill</small>"))
        #expect(html.contains("1,234,567.89"))
        #expect(html.contains("无 <small>None</small>"), "an empty table says so")
        #expect(html.components(separatedBy: "<section class=\"page\">").count == 3)
    }

    @Test("markup in a value is printed as text: escaped in fields, tables, paragraphs and the title")
    func escaped() throws {
        let html = try FormTemplate.render(Self.document(customer: "<script>alert(1)</script>\"'"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"))
    }

    @Test("the template writes every value escaped: no triple mustache")
    func noUnescapedValues() {
        #expect(!FormTemplate.page.contains("{{{"))
        #expect(!FormTemplate.page.contains("{{&"))
        #expect(FormTemplate.compiled != nil)
    }

    @Test("money is printed exactly, grouped by thousands, with its sign")
    func money() throws {
        #expect(FormFormat.money(.zero) == "0.00")
        #expect(FormFormat.money(Money(minorUnits: 100)) == "1.00")
        #expect(FormFormat.money(Money(minorUnits: 100_000)) == "1,000.00")
        #expect(FormFormat.money(.maximum) == "999,999,999,999.99")
        #expect(FormFormat.money(.minimum) == "-999,999,999,999.99")
        #expect(FormFormat.yuan(Money(minorUnits: -480_000)) == "-¥4,800.00")
    }

    @Test("times are printed in the company's time zone: 23:30 UTC is the next morning in Shanghai")
    func timeZone() throws {
        let instant = try #require(Instant.parse("2026-11-30T23:30:00Z"))
        #expect(FormFormat.dateTime(instant) == "2026-12-01 07:30")
        #expect(FormFormat.day(instant) == "2026-12-01")
        #expect(FormFormat.day(instant, in: .gmt) == "2026-11-30")
    }
}
