import O2CContracts
import Testing

@testable import O2CRuntime

@Suite("Report CSV and parameters (CONTRACT.md The department's daily work, Reports)")
struct ReportResponseTests {
    struct Row: CSVRow {
        var name: String
        static let csvHeader = ["name"]
        var csvFields: [String] { [name] }
    }

    @Test("CSV fields are quoted as RFC 4180 says and a formula is never run by a spreadsheet")
    func csvFields() {
        typealias CSV = ReportResponse<[String], Row>
        #expect(CSV.field("Hengda Trading") == "Hengda Trading")
        #expect(CSV.field("Hengda, Shanghai") == "\"Hengda, Shanghai\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSV.field("-1+2") == "'-1+2" && CSV.field("@cmd") == "'@cmd")
        #expect(CSV.line(["a", "b,c"]) == "a,\"b,c\"\r\n")
    }

    @Test("CSV only when Accept asks for text/csv before JSON")
    func negotiation() {
        typealias CSV = ReportResponse<[String], Row>
        #expect(CSV.wantsCSV(["text/csv"]))
        #expect(CSV.wantsCSV(["text/csv;q=0.9, application/json;q=0.5"]))
        #expect(!CSV.wantsCSV(["application/json, text/csv"]))
        #expect(!CSV.wantsCSV([]) && !CSV.wantsCSV(["*/*"]))
    }

    @Test("months and periods are checked, each refusal naming its parameter")
    func parameters() throws {
        #expect(ReportMonth("2026-11")?.description == "2026-11")
        #expect(ReportMonth("2026-12")?.next == CalendarDate("2027-01-01"))
        for bad in ["2026-13", "2026-1", "1999-12", "2200-01", "2026-11-01", "abcd-ef", ""] { #expect(ReportMonth(bad) == nil, "\(bad)") }
        let days = try ReportParameters(parameters: [("from", "2026-11-01"), ("to", "2026-11-30")], takes: ["from", "to"]).days()
        #expect(days.from == CalendarDate("2026-11-01") && days.to == CalendarDate("2026-11-30"))
        for (parameters, field) in [
            ([("from", "2026-11-01")], "to"), ([("from", "2026-11-02"), ("to", "2026-11-01")], "to"),
            ([("from", "2025-01-01"), ("to", "2026-06-01")], "to"), ([("from", "2026-02-30"), ("to", "2026-03-01")], "from"),
            ([("from", "2026-11-01"), ("to", "2026-11-02"), ("sort", "x")], "sort"),
        ] {
            do {
                _ = try ReportParameters(parameters: parameters, takes: ["from", "to"]).days()
                Issue.record("\(parameters) was accepted")
            } catch let problem as Problem {
                #expect(problem.errors?.map(\.field) == [field], "\(parameters)")
            }
        }
    }
}
