import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The sales reports (CONTRACT.md "The department's daily work", Reports; DOMAIN.md "Reports", the manuals'
/// 销售目标 and 畅销/滞销 reports): sales by salesperson, region, product or customer over a period, the month's
/// targets and how far each came, and the best and slowest sellers. JSON, or CSV with `Accept: text/csv`; every
/// figure computed by one statement over the orders schema. Periods are days in the company's time zone (the
/// business calendar's), `to` included.
enum ReportRoutes {
    static let readers: Set<Role> = [.salesManager, .salesDirector, .generalManager, .branchManager, .finance, .auditor]

    struct Sales: Encodable {
        var from: CalendarDate
        var to: CalendarDate
        var groupBy: String
        var groups: [SalesReportStore.Group]
        var total: Money
    }

    struct TargetsBody: Decodable {
        var targets: [SalesTargetStore.Target]
    }

    struct Achievement: Encodable, CSVRow {
        var salesperson: String?
        var region: String?
        var target: Money
        var achieved: Money
        /// `87.50%`, rounded down; absent for a target of 0.00.
        var achievement: String?

        static let csvHeader = ["salesperson", "region", "target", "achieved", "achievement"]
        var csvFields: [String] { [salesperson ?? "", region ?? "", "\(target)", "\(achieved)", achievement ?? ""] }
    }

    struct Achievements: Encodable {
        var period: String
        var targets: [Achievement]
        var sold: Money
    }

    struct Ranking: Encodable {
        var from: CalendarDate
        var to: CalendarDate
        var top: Int
        /// Most sold first (by quantity, then amount).
        var best: [SalesReportStore.Group]
        /// Least sold first, products that sold nothing included.
        var slowest: [SalesReportStore.Group]
    }

    struct RankingRow: CSVRow {
        var list: String
        var rank: Int
        var group: SalesReportStore.Group
        static let csvHeader = ["list", "rank", "sku", "name", "orders", "quantity", "amount"]
        var csvFields: [String] {
            [list, "\(rank)", group.key, group.name ?? "", "\(group.orders)", "\(group.quantity ?? 0)", "\(group.amount)"]
        }
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/reports/sales") { request, context in
            _ = try context.require(anyOf: readers)
            let parameters = try ReportParameters(request, takes: ["from", "to", "groupBy"])
            let (from, to) = try parameters.days()
            let grouping = try parameters.choice("groupBy", of: SalesReportStore.Grouping.self)
            let calendar = BusinessCalendar()
            let groups = try await environment.pool.withConnection { connection in
                try await SalesReportStore.sales(
                    by: grouping, from: calendar.startOfDay(from), before: calendar.startOfDay(to.adding(days: 1)), on: connection)
            }
            var total = Money.zero
            for group in groups { total = try total + group.amount }
            let body = Sales(from: from, to: to, groupBy: grouping.rawValue, groups: groups, total: total)
            return try ReportResponse(body, rows: groups, filename: "sales-\(from)-\(to)-by-\(grouping.rawValue)")
                .response(from: request, context: context)
        }

        router.put("/v1/sales-targets/{period}") { request, context in
            let actor = try context.actor(as: .salesManager)
            let periodText = try context.parameters.require("period")
            guard let period = ReportMonth(periodText) else {
                throw Problem.validation(
                    "invalid period", errors: [.init(field: "period", message: "must be a month (2026-11) between 2000-01 and 2199-12")])
            }
            let body = try await request.decode(as: TargetsBody.self, context: context)
            try validate(body.targets)
            let now = environment.clock.now()
            try await environment.pool.transaction { connection in
                try await SalesTargetStore.replace(period.description, with: body.targets, by: actor, at: now, on: connection)
            }
            return try JSONResponse(body.targets.map { ["salesperson": $0.salesperson, "region": $0.region, "amount": "\($0.amount)"] })
                .response()
        }

        router.get("/v1/reports/target-achievement") { request, context in
            _ = try context.require(anyOf: readers)
            let month = try ReportParameters(request, takes: ["period"]).month("period")
            let calendar = BusinessCalendar()
            let (targets, achieved) = try await environment.pool.withConnection { connection in
                (
                    try await SalesTargetStore.targets(of: month.description, on: connection),
                    try await SalesReportStore.achieved(
                        from: calendar.startOfDay(month.first), before: calendar.startOfDay(month.next), on: connection)
                )
            }
            let rows = targets.map { target in
                let amount: Money
                switch (target.salesperson, target.region) {
                case (let salesperson?, _): amount = achieved.bySalesperson[salesperson] ?? .zero
                case (nil, let region?): amount = achieved.byRegion[region] ?? .zero
                case (nil, nil): amount = achieved.total
                }
                return Achievement(
                    salesperson: target.salesperson, region: target.region, target: target.amount, achieved: amount,
                    achievement: TargetAchievement(target: target.amount, achieved: amount).percent)
            }
            return try ReportResponse(
                Achievements(period: month.description, targets: rows, sold: achieved.total), rows: rows,
                filename: "target-achievement-\(month)"
            ).response(from: request, context: context)
        }

        router.get("/v1/reports/product-ranking") { request, context in
            _ = try context.require(anyOf: readers)
            let parameters = try ReportParameters(request, takes: ["from", "to", "top"])
            let (from, to) = try parameters.days()
            let top = try parameters.int("top", in: 1...100, fallback: 10)
            let calendar = BusinessCalendar()
            let products = try await environment.pool.withConnection { connection in
                try await SalesReportStore.productSales(
                    from: calendar.startOfDay(from), before: calendar.startOfDay(to.adding(days: 1)), on: connection)
            }
            let best = products.filter { $0.orders > 0 }.sorted(by: ranked(\.self, descending: true)).prefix(top)
            let slowest = products.sorted(by: ranked(\.self, descending: false)).prefix(top)
            let ranking = Ranking(from: from, to: to, top: top, best: Array(best), slowest: Array(slowest))
            let rows =
                best.enumerated().map { RankingRow(list: "best", rank: $0.offset + 1, group: $0.element) }
                + slowest.enumerated().map { RankingRow(list: "slowest", rank: $0.offset + 1, group: $0.element) }
            return try ReportResponse(ranking, rows: rows, filename: "product-ranking-\(from)-\(to)")
                .response(from: request, context: context)
        }
    }

    /// By quantity, then amount, then sku (a stable order).
    static func ranked(
        _ key: KeyPath<SalesReportStore.Group, SalesReportStore.Group>, descending: Bool
    ) -> (SalesReportStore.Group, SalesReportStore.Group) -> Bool {
        { left, right in
            let (a, b) = (left[keyPath: key], right[keyPath: key])
            if (a.quantity ?? 0) != (b.quantity ?? 0) {
                return descending ? (a.quantity ?? 0) > (b.quantity ?? 0) : (a.quantity ?? 0) < (b.quantity ?? 0)
            }
            if a.amount != b.amount { return descending ? a.amount > b.amount : a.amount < b.amount }
            return a.key < b.key
        }
    }

    /// At most 500 targets; each names a salesperson, a region, both or neither (the department), once.
    static func validate(_ targets: [SalesTargetStore.Target]) throws {
        var errors: [Problem.FieldError] = []
        if targets.count > 500 { errors.append(.init(field: "targets", message: "at most 500 targets")) }
        var seen: Set<String> = []
        for (index, target) in targets.enumerated() {
            for (field, value) in [("salesperson", target.salesperson), ("region", target.region)] {
                if let value, value.allSatisfy(\.isWhitespace) || value.utf8.count > 100 {
                    errors.append(.init(field: "targets[\(index)].\(field)", message: "must be 1 to 100 characters"))
                }
            }
            if target.amount < .zero { errors.append(.init(field: "targets[\(index)].amount", message: "must not be negative")) }
            if !seen.insert("\(target.salesperson ?? "")\u{0}\(target.region ?? "")").inserted {
                errors.append(.init(field: "targets[\(index)]", message: "names the same salesperson and region as another target"))
            }
        }
        guard errors.isEmpty else { throw Problem.validation("invalid sales targets", errors: errors) }
    }
}

extension SalesReportStore.Group: CSVRow {
    static let csvHeader = ["key", "name", "orders", "quantity", "amount"]
    var csvFields: [String] { [key, name ?? "", "\(orders)", quantity.map { "\($0)" } ?? "", "\(amount)"] }
}
