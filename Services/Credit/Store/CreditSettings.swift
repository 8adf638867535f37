import Foundation
import O2CContracts
import O2CRuntime

/// The credit service's rules as data (CONTRACT.md "Changes to an order, payments, rules as data";
/// DOMAIN.md "Credit": deposit ratio, default 30%): the deposit ratio a credit profile gets when it is set
/// without one. On the wire a decimal fraction string as on the profile ("0.30"), kept in basis points.
struct CreditSettings: RuleSettings {
    var defaultDepositRatioBasisPoints = CreditProfile.defaultDepositRatioBasisPoints

    init() {}

    func fieldErrors() -> [Problem.FieldError] {
        (0...10_000).contains(defaultDepositRatioBasisPoints)
            ? []
            : [
                .init(
                    field: "defaultDepositRatio",
                    message: "must be between 0 and 1, got \(DepositRatio.text(basisPoints: defaultDepositRatioBasisPoints))")
            ]
    }

    private enum CodingKeys: String, CodingKey { case defaultDepositRatio }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .defaultDepositRatio)
        guard let basisPoints = DepositRatio.basisPoints(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .defaultDepositRatio, in: container,
                debugDescription: "must be a decimal fraction between 0 and 1 such as \"0.30\", got \"\(text)\"")
        }
        defaultDepositRatioBasisPoints = basisPoints
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(DepositRatio.text(basisPoints: defaultDepositRatioBasisPoints), forKey: .defaultDepositRatio)
    }
}
