import Foundation
import O2CContracts

/// Products, customers with credit profiles, and stock, all named with the run id so that a second
/// run never collides with the first.
struct DemoSeeder {
    struct Product: Sendable { let sku: String; let price: String }
    struct Customer: Sendable { let id: String; let grade: String; let name: String }
    struct Seed: Sendable { let products: [Product]; let customers: [Customer] }

    let client: DemoClient
    let runId: String

    func seed(customers count: Int) async throws -> Seed {
        let catalogue: [(String, String, String, String, String, String)] = [
            ("FL", "Flange", "DN100", "1200.00", "1000.00", "800.00"),
            ("VL", "Gate valve", "DN80", "860.50", "700.00", "560.00"),
            ("PP", "Steel pipe", "6m Ø114", "345.00", "300.00", "250.00"),
            ("EB", "Elbow", "90° DN100", "98.80", "80.00", "65.00"),
        ]
        var products: [Product] = []
        for (prefix, name, spec, market, dealer, factory) in catalogue {
            let sku = "\(prefix)-\(runId)"
            _ = try await client.call(
                "POST", .orders, "/v1/products", as: .salesManager,
                [
                    "sku": sku, "name": name, "spec": spec, "unit": "piece",
                    "marketPrice": market, "dealerFloorPrice": dealer, "factoryFloorPrice": factory,
                ])
            _ = try await client.call(
                "PUT", .warehouse, "/v1/stock/\(sku)", as: .warehouseKeeper,
                ["warehouse": "main", "onHand": 1_000_000])
            products.append(Product(sku: sku, price: market))
        }
        var customers: [Customer] = []
        let grades = ["A", "B", "C"]
        for index in 0..<count {
            let grade = grades[index % grades.count]
            let name = "Demo \(grade) \(runId)-\(index)"
            let made = try await client.call(
                "POST", .orders, "/v1/customers", as: .salesperson,
                [
                    "name": name, "channel": "end_user",
                    "contact": ["person": "Li \(index)", "phone": "138000\(index)"],
                    "deliveryAddress": "\(index + 1) Foundry Rd, Wuxi",
                ])
            guard let id = made["id"] as? String else { throw DemoClient.Failure("customer without id: \(made)") }
            _ = try await client.call(
                "PUT", .credit, "/v1/customers/\(id)/credit-profile", as: .finance,
                ["grade": grade, "creditLimit": "1000000.00", "depositRatio": "0.30"])
            customers.append(Customer(id: id, grade: grade, name: name))
        }
        return Seed(products: products, customers: customers)
    }
}
