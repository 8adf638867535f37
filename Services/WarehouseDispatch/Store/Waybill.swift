import Foundation
import O2CContracts

/// The waybill (托运单) as the hand-over records it (DOMAIN.md "Dispatch" 6); its checks are `WaybillCheck`.
struct Waybill: Codable, Sendable {
    var quantity: Int
    var unitFreight: Money
    var pricingUnit: WaybillCheck.PricingUnit
    var consignee: String
    var address: String
    var phone: String
    var totalFreight: Money
    var destination: String

    private enum CodingKeys: String, CodingKey {
        case quantity, unitFreight, pricingUnit, consignee, address, phone, totalFreight, destination
    }

    init(
        quantity: Int, unitFreight: Money, pricingUnit: WaybillCheck.PricingUnit, consignee: String, address: String, phone: String,
        totalFreight: Money, destination: String
    ) {
        (self.quantity, self.unitFreight, self.pricingUnit, self.consignee) = (quantity, unitFreight, pricingUnit, consignee)
        (self.address, self.phone, self.totalFreight, self.destination) = (address, phone, totalFreight, destination)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        quantity = try container.decode(Int.self, forKey: .quantity, in: Quantity.positive)
        unitFreight = try container.decode(Money.self, forKey: .unitFreight)
        pricingUnit = try container.decode(WaybillCheck.PricingUnit.self, forKey: .pricingUnit)
        consignee = try container.decode(String.self, forKey: .consignee)
        address = try container.decode(String.self, forKey: .address)
        phone = try container.decode(String.self, forKey: .phone)
        totalFreight = try container.decode(Money.self, forKey: .totalFreight)
        destination = try container.decode(String.self, forKey: .destination)
    }
}
