import Foundation
import Testing

/// Issue 12, "one shape for every service" (ARCHITECTURE.md "Layout"): the five services have the same rooms,
/// every query lives in a `Store/` (or the platform), there is one way to write to the outbox, rules are pure,
/// and no saga or state machine hides a case behind `default:`.
@Suite("Service layout (ARCHITECTURE.md: Layout)")
struct ServiceLayoutTests {
    static let root = ModuleBoundaryTests.root
    static let rooms: Set<String> = ["Rules", "Store", "HTTP", "Messaging", "Migrations"]
    /// The room a service that prints has as well: its forms, built from its records (no query, no HTTP).
    static let printingRoom = "Documents"
    static let serviceFile: [String: String] = [
        "Orders": "OrdersService.swift", "Credit": "CreditService.swift", "WarehouseDispatch": "WarehouseDispatchService.swift",
        "FinanceCollections": "FinanceCollectionsService.swift", "AfterSales": "AfterSalesService.swift",
    ]

    /// The Swift files under `folder` (relative to the repository), with their paths relative to it and their text.
    static func sources(_ folder: String) throws -> [(path: String, text: String)] {
        let directory = root.appendingPathComponent(folder)
        guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let file as URL in files where file.pathExtension == "swift" {
            let relative = file.standardizedFileURL.path.replacingOccurrences(of: directory.standardizedFileURL.path + "/", with: "")
            found.append((relative, try String(contentsOf: file, encoding: .utf8)))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    @Test(
        "every service has the same rooms — Rules, Store, HTTP, Messaging, Migrations, and Documents where it prints — and only its service definition at the root"
    )
    func sameRooms() throws {
        for (service, definition) in Self.serviceFile {
            let files = try Self.sources("Services/\(service)").map(\.path)
            let top = Set(files.compactMap { $0.contains("/") ? String($0.split(separator: "/")[0]) : nil })
            #expect(top.subtracting([Self.printingRoom]) == Self.rooms, "Services/\(service) has the folders \(top.sorted())")
            let atRoot = files.filter { !$0.contains("/") }
            #expect(atRoot == [definition], "Services/\(service) has at its root \(atRoot)")
            let nested = files.filter { $0.split(separator: "/").count > 2 }
            #expect(nested.isEmpty, "rooms are flat; Services/\(service) has \(nested)")
        }
    }

    @Test("no query outside a service's Store/ (the platform's modules keep theirs)")
    func queriesInStores() throws {
        for service in Self.serviceFile.keys {
            for file in try Self.sources("Services/\(service)") where !file.path.hasPrefix("Store/") && !file.path.hasPrefix("Migrations/")
            {
                let queries = file.text.contains(".query(")
                #expect(!queries, "Services/\(service)/\(file.path) runs a query outside Store/")
            }
        }
    }

    @Test("one way to write to the outbox: Outbox.enqueue, reached as environment.outbox or context.outbox")
    func oneOutboxWriter() throws {
        for service in Self.serviceFile.keys {
            for file in try Self.sources("Services/\(service)") {
                let ownOutbox = file.text.contains("Outbox(schema:")
                let send = file.text.contains("context.send(")
                let rows = file.text.contains("into outbox") || file.text.contains(".outbox (")
                #expect(!ownOutbox, "Services/\(service)/\(file.path) makes its own Outbox")
                #expect(!send, "Services/\(service)/\(file.path) writes through context.send")
                #expect(!rows, "Services/\(service)/\(file.path) writes outbox rows itself")
            }
        }
        let messaging = try Self.sources("Shared/O2CMessaging")
        let writers = messaging.filter { $0.text.contains("outbox (message_id") }.map(\.path)
        #expect(writers == ["Outbox.swift"], "outbox rows are written by \(writers)")
    }

    @Test("rules are pure: no file under a service's Rules/ imports the database, the broker, the HTTP runtime or the messaging module")
    func rulesArePure() throws {
        let io: Set<String> = ["O2CPostgres", "O2CAMQP", "O2CMessaging", "O2CRuntime", "Hummingbird", "CLibPQ", "CAMQP"]
        for service in Self.serviceFile.keys {
            for file in try Self.sources("Services/\(service)/Rules") {
                let imported = file.text.split(separator: "\n").compactMap { line -> String? in
                    let words = line.split(separator: " ")
                    return words.first == "import" && words.count > 1 ? String(words[1]) : nil
                }
                #expect(
                    io.isDisjoint(with: imported),
                    "Services/\(service)/Rules/\(file.path) imports \(Set(imported).intersection(io).sorted())")
            }
        }
    }

    @Test("no `default:` in a saga, in the saga host, or in a service's state machines (Rules/*Flow, *Status, *Workflow)")
    func noDefaultInStateMachines() throws {
        var files = try Self.sources("Shared/O2CSaga").map { ("Shared/O2CSaga/\($0.path)", $0.text) }
        files += try Self.sources("Shared/O2CMessaging").filter { $0.path.hasPrefix("Saga") }.map {
            ("Shared/O2CMessaging/\($0.path)", $0.text)
        }
        for service in Self.serviceFile.keys {
            files += try Self.sources("Services/\(service)")
                .filter {
                    $0.path.contains("SagaHost") || $0.path.contains("Flow") || $0.path.contains("Status") || $0.path.contains("Workflow")
                }
                .map { ("Services/\(service)/\($0.path)", $0.text) }
        }
        #expect(files.count > 20, "found the saga and state-machine files")
        for (path, text) in files {
            let hasDefault = text.contains("default:")
            #expect(!hasDefault, "\(path) has a `default:`")
        }
    }
}
