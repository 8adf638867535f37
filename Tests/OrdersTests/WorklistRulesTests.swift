import Foundation
import O2CContracts
import Testing

@testable import Orders

@Suite("CONTRACT.md The department's daily work: whose worklist an approval is on, and when a contract is due archived")
struct WorklistRulesTests {
    let manager = Approver(userId: "wang.manager", roles: [.salesManager])
    let boss = Approver(userId: "zhao.gm", roles: [.generalManager])
    let both = Approver(userId: "qian.both", roles: [.salesManager, .generalManager])
    let quote = SeparationOfDuties.Document("quote q-1", author: "chen.sales")
    let calendar = BusinessCalendar()

    static func instant(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }

    @Test("a pending approval is on the worklist of a holder of a pending role, not on its author's nor another role's")
    func pendingRoleHolders() {
        let state = ApprovalState(requiredRoles: [.salesManager])
        #expect(state.awaits(manager, author: "chen.sales"))
        #expect(!state.awaits(manager, author: "wang.manager"), "the author decides nothing on it")
        #expect(!state.awaits(boss, author: "chen.sales"), "general_manager is not asked")
    }

    @Test("once someone approved in one role, the next role waits for someone else; a rejected document waits for no one")
    func afterDecisions() throws {
        var state = ApprovalState(requiredRoles: [.salesManager, .generalManager])
        #expect(state.awaits(both, author: "chen.sales"))
        try state.record(.approve, by: both, on: quote, at: .now)
        #expect(!state.awaits(both, author: "chen.sales"), "one person's approval counts for one role only")
        #expect(state.awaits(boss, author: "chen.sales"))
        #expect(!state.awaits(manager, author: "chen.sales"), "sales_manager already approved")
        try state.record(.reject, by: boss, on: quote, at: .now)
        #expect(!state.awaits(Approver(userId: "sun.gm", roles: [.generalManager]), author: "chen.sales"))
    }

    @Test("a contract signed on a working day is due archived at the end of that day in Shanghai")
    func sameDay() throws {
        // Monday 2027-03-01, 10:00 and 23:30 in Shanghai: due at midnight, 2027-03-01T16:00Z.
        let due = try Self.instant("2027-03-01T16:00:00Z")
        #expect(ContractArchiving.dueBy(signedAt: try Self.instant("2027-03-01T02:00:00Z"), calendar: calendar) == due)
        #expect(ContractArchiving.dueBy(signedAt: try Self.instant("2027-03-01T15:30:00Z"), calendar: calendar) == due)
        // 01:00 on Tuesday in Shanghai (still Monday in UTC): Tuesday's end.
        #expect(
            ContractArchiving.dueBy(signedAt: try Self.instant("2027-03-01T17:00:00Z"), calendar: calendar)
                == (try Self.instant("2027-03-02T16:00:00Z")))
    }

    @Test("a contract signed on a weekend or holiday is due archived at the end of the next working day")
    func nonWorkingDay() throws {
        // Saturday 2027-03-06 → Monday 2027-03-08's end.
        #expect(
            ContractArchiving.dueBy(signedAt: try Self.instant("2027-03-06T02:00:00Z"), calendar: calendar)
                == (try Self.instant("2027-03-08T16:00:00Z")))
        let holiday = BusinessCalendar(holidays: Set([CalendarDate(year: 2027, month: 3, day: 8)].compactMap { $0 }))
        #expect(
            ContractArchiving.dueBy(signedAt: try Self.instant("2027-03-06T02:00:00Z"), calendar: holiday)
                == (try Self.instant("2027-03-09T16:00:00Z")))
    }
}
