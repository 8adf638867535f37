/// The five services of CONTRACT.md "Processes, ports, configuration".
package enum ServiceName: String, CaseIterable, Codable, Sendable, Hashable {
    case orders
    case credit
    case warehouseDispatch = "warehouse-dispatch"
    case financeCollections = "finance-collections"
    case afterSales = "after-sales"

    /// The PostgreSQL schema the service owns, which no other service touches.
    package var schema: String {
        switch self {
        case .orders: "orders"
        case .credit: "credit"
        case .warehouseDispatch: "warehouse"
        case .financeCollections: "finance"
        case .afterSales: "aftersales"
        }
    }

    /// The first segment of the routing keys of the events the service publishes.
    package var eventPrefix: String {
        switch self {
        case .orders: "orders"
        case .credit: "credit"
        case .warehouseDispatch: "warehouse"
        case .financeCollections: "finance"
        case .afterSales: "aftersales"
        }
    }

    package var defaultHTTPPort: Int {
        switch self {
        case .orders: 8081
        case .credit: 8082
        case .warehouseDispatch: 8083
        case .financeCollections: 8084
        case .afterSales: 8085
        }
    }
}
