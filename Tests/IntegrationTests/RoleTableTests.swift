import Foundation
import JWTKit
import O2CContracts
import O2CRuntime
import Testing

/// docs/SECURITY.md "Roles and routes" against each running service: the table lists exactly the
/// operations of the service's openapi.yaml, the service answers each of them, and every route called with
/// a token of each of DOMAIN.md's 13 roles (and one whose only role is an unknown name) refuses exactly the
/// roles the table leaves out (DOMAIN.md "Roles", "Confidentiality").
@Suite("docs/SECURITY.md roles table: every route walked with each role (DOMAIN.md Roles, Confidentiality)", .serialized)
struct RoleTableTests {
    struct Row: Sendable, CustomStringConvertible {
        var method: String
        var path: String
        /// nil for `any` (no token needed, or any valid token).
        var roles: Set<Role>?
        var operation: String { "\(method) \(path)" }
        var description: String { operation }
    }

    static let services = ["orders", "credit", "warehouse-dispatch", "finance-collections", "after-sales"]

    /// How the walker calls a route whose roles row is for a narrower request than the bare one (see
    /// docs/SECURITY.md): the dispatch-note list's row is for one order's notes.
    static let walkQuery = ["GET /v1/dispatch-notes": "?orderId=o-walk"]

    @Test("each role gets exactly the routes the table gives it", arguments: services)
    func walk(service: String) async throws {
        let table = try Self.table(for: service)
        try await ServiceHarness.run(service) { harness in
            let process = try await harness.start(["O2C_TEST_CLOCK": "1"])
            let (document, documentStatus) = try await harness.http("GET", process, "/openapi.yaml")
            #expect(documentStatus == 200)
            let documented = Set(Self.operations(inOpenAPI: String(decoding: document, as: UTF8.self)))
            let listed = Set(table.map(\.operation))
            #expect(listed.count == table.count, "\(service): a route is listed twice in docs/SECURITY.md")
            #expect(
                documented.subtracting(listed).isEmpty,
                "\(service): in openapi.yaml, not in docs/SECURITY.md: \(documented.subtracting(listed).sorted())")
            #expect(
                listed.subtracting(documented).isEmpty,
                "\(service): in docs/SECURITY.md, not in openapi.yaml: \(listed.subtracting(documented).sorted())")

            var tokens: [(name: String, role: Role?, token: String)] = []
            for role in Role.allCases {
                tokens.append((role.rawValue, role, try await harness.token(role, subject: "walk-\(role.rawValue)")))
            }
            tokens.append(("unknown role", nil, try await Self.unknownRoleToken()))

            for row in table {
                let path =
                    row.path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "walk-none", options: .regularExpression)
                    + (Self.walkQuery[row.operation] ?? "")
                let json = ["POST", "PUT", "PATCH"].contains(row.method) ? "{}" : nil
                var answered = false
                if row.roles == nil {
                    let (body, status) = try await harness.http(row.method, process, path, json: json)
                    answered = answered || Self.answered(status, body)
                    #expect(status != 401 || row.path == "/v1/admin/test-clock", "\(service) \(row): public, yet \(status) without a token")
                }
                for (name, role, token) in tokens {
                    let (body, status) = try await harness.http(row.method, process, path, token: token, json: json)
                    let code = Self.code(body)
                    let allowed = row.roles.map { roles in role.map(roles.contains) ?? false } ?? true
                    if allowed {
                        answered = answered || Self.answered(status, body)
                        #expect(
                            status != 403, "\(service) \(row) as \(name): the table allows it, the service answered \(status) \(code ?? "")"
                        )
                    } else {
                        #expect(
                            status == 403 && code == "forbidden_role",
                            "\(service) \(row) as \(name): not in the table, yet \(status) \(code ?? "")")
                    }
                }
                #expect(answered, "\(service) \(row): no role got an answer from a registered route (404 Not Found or 405 for every role)")
            }
        }
    }

    /// A route answers when the router found it: a handler's 404 names what is missing ("no quote …"),
    /// the router's says only "Not Found".
    static func answered(_ status: Int, _ body: Data) -> Bool {
        if status == 405 { return false }
        guard status == 404 else { return true }
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        return (object?["detail"] as? String).map { $0 != "Not Found" } ?? false
    }

    static func code(_ body: Data) -> String? {
        ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["code"] as? String
    }

    /// A valid token whose only role is a name DOMAIN.md does not have: it gives no rights.
    static func unknownRoleToken() async throws -> String {
        let keys = await JWTAuthenticator.keys(secret: ServiceHarness.secret)
        let now = Date()
        return try await keys.sign(
            O2CClaims(subject: "walk-wizard", roles: ["wizard"], expires: now.addingTimeInterval(600), issuedAt: now))
    }

    /// The service's table in docs/SECURITY.md: under `## Roles and routes`, `### <service>`, rows
    /// `| METHOD | `path` | roles | sees |`.
    static func table(for service: String) throws -> [Row] {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("docs/SECURITY.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        var inSection = false
        var inService = false
        var rows: [Row] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inSection = line == "## Roles and routes"; inService = false; continue }
            guard inSection else { continue }
            if line.hasPrefix("### ") { inService = line.dropFirst(4).trimmingCharacters(in: .whitespaces) == service; continue }
            guard inService, line.hasPrefix("|") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, cells[0] != "method", !cells[0].hasPrefix("-") else { continue }
            let path = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let roles: Set<Role>?
            switch cells[2] {
            case "any": roles = nil
            case "—": roles = []
            default:
                roles = try Set(
                    cells[2].split(separator: ",").map { name in
                        let name = name.trimmingCharacters(in: .whitespaces)
                        guard let role = Role(rawValue: name) else {
                            throw TestFailure("docs/SECURITY.md \(service) \(path): unknown role \(name)")
                        }
                        return role
                    })
            }
            rows.append(Row(method: cells[0], path: path, roles: roles))
        }
        guard !rows.isEmpty else { throw TestFailure("docs/SECURITY.md has no table for \(service) under ## Roles and routes") }
        return rows
    }

    /// The operations under `paths:` of an OpenAPI YAML document as `METHOD /path`: path keys indented two
    /// spaces, method keys four (the hand-kept documents' shape).
    static func operations(inOpenAPI document: String) -> [String] {
        let methods: Set<String> = ["get", "put", "post", "delete", "patch"]
        var operations: [String] = []
        var inPaths = false
        var path: String?
        for line in document.split(separator: "\n") {
            if !line.hasPrefix(" ") && !line.hasPrefix("#") { inPaths = line.hasPrefix("paths:"); continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), let colon = line.lastIndex(of: ":") {
                path = String(line[line.index(line.startIndex, offsetBy: 2)..<colon])
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = line.dropFirst(4).split(separator: ":").first.map(String.init) ?? ""
                if methods.contains(key) { operations.append("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }
}
