/// Where an order came from: a signed contract, or taken by phone or fax (电话/传真订货).
enum OrderSource: String, Codable, Sendable, Hashable {
    case contract, phone, fax
}
