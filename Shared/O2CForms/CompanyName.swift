/// The company name a service prints at the head of its forms: the `companyName` of its rule settings
/// (`PUT /v1/settings`, general_manager), this default until it is set.
package enum CompanyName {
    package static let `default` = "本公司 The Company"
    package static let maximumLength = 120

    /// Why `name` cannot be printed as the company's name, or nil when it can.
    package static func problem(_ name: String) -> String? {
        if name.allSatisfy(\.isWhitespace) { return "must not be empty" }
        if name.count > maximumLength { return "must be at most \(maximumLength) characters, got \(name.count)" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not contain control characters (a line break, a tab)"
        }
        return nil
    }
}
