import Foundation

/// A fresh id with a readable prefix (`q-…`, `k-…`, `o-…`).
func newID(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.lowercased())"
}
