import O2CContracts

extension RuleViolation.Code {
    /// A unit price under the lowest ex-factory price; `subjects` names the products, in line order (HTTP 422).
    package static let priceBelowFactoryFloor = Self(rawValue: "price_below_factory_floor")
}
