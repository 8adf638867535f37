/// The people's roles (岗位) of DOMAIN.md "Roles". Tokens carry them by these raw names.
package enum Role: String, CaseIterable, Codable, Sendable, Hashable {
    case salesperson
    case salesAdmin = "sales_admin"
    case customerService = "customer_service"
    case branchManager = "branch_manager"
    case salesManager = "sales_manager"
    case salesDirector = "sales_director"
    case generalManager = "general_manager"
    case finance
    case warehouseKeeper = "warehouse_keeper"
    case carrier
    case gatekeeper
    case technician
    case auditor
}
