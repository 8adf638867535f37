import Foundation
import O2CContracts

/// The lists of CONTRACT.md "The department's daily work" as the plan guard reads them: each list's first
/// page and the page after it, with the filters a department uses every day, so that QueryPlanTests sees
/// their statements before and after the history is loaded.
extension OrderToCashWorld {
    /// `(service, path, role)` of each list read, `customer` a customer of the driven orders.
    func dailyLists(customer: String) -> [(process: ServiceProcess, path: String, role: Role)] {
        [
            (orders, "/v1/orders?limit=2", .salesManager), (orders, "/v1/orders?status=completed&limit=2", .salesManager),
            (orders, "/v1/orders?customerId=\(customer)&limit=2", .salesManager), (orders, "/v1/orders?limit=2", .salesperson),
            (orders, "/v1/quotes?limit=2", .salesManager), (orders, "/v1/contracts?status=signed&limit=2", .salesAdmin),
            (orders, "/v1/customers?limit=2", .salesManager), (orders, "/v1/products?limit=2", .salesManager),
            (orders, "/v1/order-requests?limit=2", .salesManager),
            (warehouse, "/v1/dispatch-notes?limit=2", .warehouseKeeper),
            (warehouse, "/v1/dispatch-notes?status=delivered&limit=2", .warehouseKeeper),
            (warehouse, "/v1/dispatch-notes?customerId=\(customer)&limit=2", .salesAdmin),
            (warehouse, "/v1/gate-passes?limit=2", .gatekeeper), (warehouse, "/v1/stock?limit=2", .warehouseKeeper),
            (finance, "/v1/invoices?limit=2", .finance), (finance, "/v1/invoices?customerId=\(customer)&limit=2", .finance),
            (finance, "/v1/invoices?status=settled&limit=2", .finance), (finance, "/v1/receipts?limit=2", .finance),
            (finance, "/v1/refunds?limit=2", .finance), (credit, "/v1/credit-profiles?limit=2", .salesManager),
        ] + (afterSales.map { [($0, "/v1/returns?limit=2", .salesManager), ($0, "/v1/complaints?limit=2", .salesManager)] } ?? [])
    }

    /// Reads each list's first page and follows its `Link` once; answers how many pages were read.
    @discardableResult
    func readDailyLists(customer: String) async throws -> Int {
        var pages = 0
        for (process, path, role) in dailyLists(customer: customer) {
            var next: String? = path
            for _ in 0..<2 {
                guard let current = next else { break }
                let token = try await harness.token(role, subject: "\(role.rawValue)-1")
                let (body, status, headers) = try await HTTPClient.exchange(
                    "GET", "http://127.0.0.1:\(process.port)\(current)", token: token)
                guard status == 200 else { throw TestFailure("GET \(current) → \(status): \(String(decoding: body, as: UTF8.self))") }
                pages += 1
                next = headers["link"].flatMap(ListPaging.nextReference)
            }
        }
        return pages
    }
}
