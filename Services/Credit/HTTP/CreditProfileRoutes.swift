import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Credit profiles over HTTP (CONTRACT.md credit): set one, read the customer's credit, read
/// every change. DOMAIN.md "Credit": grades, limits and deposit ratios are reviewed by
/// sales_manager and finance; every change is kept.
enum CreditProfileRoutes {
    /// `depositRatio` is a decimal fraction string ("0.30"); `depositRatioBasisPoints` (3000) may be
    /// sent instead. Neither: the setting `defaultDepositRatio` (`GET /v1/settings`, 30% unless changed).
    struct Body: Decodable {
        var grade: CreditGrade
        var creditLimit: Money
        var depositRatio: String?
        var depositRatioBasisPoints: Int?

        func basisPoints(default defaultRatio: Int) throws -> Int {
            func invalid(_ message: String) -> Problem {
                Problem.validation("invalid input: depositRatio", errors: [.init(field: "depositRatio", message: message)])
            }
            switch (depositRatio, depositRatioBasisPoints) {
            case (nil, nil): return defaultRatio
            case (nil, let basisPoints?): return basisPoints
            case (let text?, let basisPoints):
                guard let parsed = DepositRatio.basisPoints(text) else {
                    throw invalid("must be a decimal fraction between 0 and 1 such as \"0.30\", got \"\(text)\"")
                }
                if let basisPoints, basisPoints != parsed {
                    throw invalid("\"\(text)\" disagrees with depositRatioBasisPoints \(basisPoints)")
                }
                return parsed
            }
        }
    }

    static let readers: Set<Role> = [
        .salesperson, .salesAdmin, .customerService, .branchManager, .salesManager, .salesDirector, .generalManager,
        .finance, .auditor,
    ]
    static let historyReaders: Set<Role> = [.salesManager, .salesDirector, .generalManager, .finance, .auditor]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.put("/v1/customers/{id}/credit-profile") { request, context in
            let actor = try context.actor(as: .salesManager, .finance)
            let customerId = try context.parameters.require("id")
            let body = try await request.decode(as: Body.self, context: context)
            let settings = try await environment.pool.withConnection { try await RuleSettingsStore<CreditSettings>().current(on: $0) }
            let basisPoints = try body.basisPoints(default: settings.defaultDepositRatioBasisPoints)
            let profile = try CreditProfile(grade: body.grade, creditLimit: body.creditLimit, depositRatioBasisPoints: basisPoints)
            let (view, created) = try await environment.pool.transaction { connection in
                let previous = try await CreditStore.profile(customerId, lock: true, on: connection)
                try await CreditStore.save(
                    profile, for: customerId, previous: previous, by: actor, at: environment.clock.now(), on: connection)
                let account = try await CreditStore.account(customerId, on: connection)
                return (try CreditView(customerId: customerId, profile: profile, account: account), previous == nil)
            }
            return try JSONResponse(view, status: created ? .created : .ok).response()
        }

        // Every customer's credit position, for the managers who set limits (CONTRACT.md "The department's daily work").
        router.get("/v1/credit-profiles") { request, context in
            _ = try context.require(anyOf: readers)
            let query = try ListQuery(request, choices: ["grade": CreditGrade.allCases.map(\.rawValue)])
            let (views, next) = try await environment.pool.withConnection { connection in
                let page = try await CreditStore.profiles(query, on: connection)
                var views: [CreditView] = []
                for (customerId, profile) in page.items {
                    views.append(
                        try CreditView(
                            customerId: customerId, profile: profile, account: try await CreditStore.account(customerId, on: connection)))
                }
                return (views, page.next)
            }
            return try ListPage(views, next: next).response(from: request, context: context)
        }

        router.get("/v1/customers/{id}/credit") { _, context in
            _ = try context.require(anyOf: readers)
            let customerId = try context.parameters.require("id")
            let view = try await environment.pool.withConnection { connection -> CreditView? in
                guard let profile = try await CreditStore.profile(customerId, on: connection) else { return nil }
                let account = try await CreditStore.account(customerId, on: connection)
                return try CreditView(customerId: customerId, profile: profile, account: account)
            }
            guard let view else { throw Problem.notFound("customer \(customerId) has no credit profile") }
            return try JSONResponse(view).response()
        }

        router.get("/v1/customers/{id}/credit/history") { _, context in
            _ = try context.require(anyOf: historyReaders)
            let customerId = try context.parameters.require("id")
            let history = try await environment.pool.withConnection { connection in
                try await CreditProfileHistory.load(customerId, on: connection)
            }
            guard !history.changes.isEmpty else { throw Problem.notFound("customer \(customerId) has no credit profile") }
            return try JSONResponse(history).response()
        }
    }
}
