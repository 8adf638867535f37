import Foundation
import Testing

/// The module boundaries of ARCHITECTURE.md "Layout", read from the sources and from `Package.swift` (through
/// `swift package dump-package`): every module a file imports is declared for its target, a service never
/// imports another service, the contracts depend on Foundation alone, and each C client is imported by its
/// adapter only.
@Suite("Module boundaries (ARCHITECTURE.md: Layout)")
struct ModuleBoundaryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let services = ["Orders", "Credit", "WarehouseDispatch", "FinanceCollections", "AfterSales"]
    /// The toolchain's own modules, which need no declaration.
    static let toolchain: Set<String> = [
        "Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Synchronization", "Dispatch", "Testing", "XCTest",
    ]
    /// C modules and the one adapter each may be imported by, plus the benchmark that measures the raw C client
    /// beside the adapter in the same run (its figures are the machine's own limit).
    static let cModules: [String: Set<String>] = ["CAMQP": ["O2CAMQP", "o2c-bench"], "CLibPQ": ["O2CPostgres"]]

    struct Target {
        var name: String
        var path: String
        var dependencies: Set<String>
        var imports: [String: String]  // module → a file that imports it
    }

    static func targets() throws -> [Target] {
        // A scratch path of its own: the test run holds the lock of the package's `.build`.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("o2c-dump-package-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--package-path", root.path, "--scratch-path", scratch.path, "dump-package"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "swift package dump-package")
        let package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(package["targets"] as? [[String: Any]])
        return try entries.map { entry in
            let name = try #require(entry["name"] as? String)
            let path = try #require(entry["path"] as? String, "target \(name) names its path")
            var dependencies: Set<String> = []
            for dependency in entry["dependencies"] as? [[String: Any]] ?? [] {
                for value in dependency.values {
                    if let first = (value as? [Any])?.first as? String { dependencies.insert(first) }
                }
            }
            return Target(
                name: name, path: path, dependencies: dependencies, imports: try imports(under: root.appendingPathComponent(path)))
        }
    }

    /// The modules the Swift files under `directory` import (`import X`, `@testable import X`, `import struct X.Y`).
    static func imports(under directory: URL) throws -> [String: String] {
        var found: [String: String] = [:]
        let pattern = try Regex(
            #"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)"#
        )
        guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [:] }
        for case let file as URL in files where file.pathExtension == "swift" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                guard let match = try pattern.firstMatch(in: String(line)), let module = match.output[1].substring else { continue }
                found[String(module)] = found[String(module)] ?? file.path.replacingOccurrences(of: root.path + "/", with: "")
            }
        }
        return found
    }

    @Test("every module a target's files import is declared for it in Package.swift")
    func importsDeclared() throws {
        for target in try Self.targets() {
            let undeclared = target.imports.keys.filter {
                !target.dependencies.contains($0) && !Self.toolchain.contains($0) && $0 != target.name
            }
            #expect(
                undeclared.isEmpty,
                "\(target.name) imports \(undeclared.sorted().map { "\($0) (\(target.imports[$0] ?? ""))" }) without declaring them")
        }
    }

    @Test("a service module imports no other service; the contracts import Foundation only; a C client only in its adapter")
    func boundaries() throws {
        let targets = try Self.targets()
        #expect(Set(Self.services).isSubset(of: targets.map(\.name)), "the five services are targets")
        for target in targets where Self.services.contains(target.name) {
            let others = target.imports.keys.filter { Self.services.contains($0) && $0 != target.name }
            #expect(others.isEmpty, "\(target.name) imports the service modules \(others.sorted()): services talk only over the broker")
        }
        let contracts = try #require(targets.first { $0.name == "O2CContracts" })
        #expect(Set(contracts.imports.keys) == ["Foundation"], "O2CContracts imports \(contracts.imports.keys.sorted())")
        for target in targets {
            for (module, allowed) in Self.cModules where target.imports[module] != nil {
                #expect(allowed.contains(target.name), "\(target.name) imports the C module \(module) (\(target.imports[module] ?? ""))")
            }
        }
    }
}
