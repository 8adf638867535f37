import Foundation

/// The service's hand-kept OpenAPI document (`openapi.yaml`, a resource of this module), served at
/// `GET /openapi.yaml`.
enum OpenAPIDocument {
    static var text: String? {
        Bundle.module.url(forResource: "openapi", withExtension: "yaml").flatMap { try? String(contentsOf: $0, encoding: .utf8) }
    }
}
