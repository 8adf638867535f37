// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The five services. Each is a library (wiring, handlers, routes; testable) plus a thin executable.
let services: [(executable: String, module: String)] = [
    ("orders", "Orders"),
    ("credit", "Credit"),
    ("warehouse-dispatch", "WarehouseDispatch"),
    ("finance-collections", "FinanceCollections"),
    ("after-sales", "AfterSales"),
]

var targets: [Target] = [
    // C boundary: one system-library module per C client, each imported by exactly one adapter.
    .systemLibrary(
        name: "CAMQP", path: "Shared/CAMQP", pkgConfig: "librabbitmq",
        providers: [.apt(["librabbitmq-dev"])]),
    .systemLibrary(
        name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq",
        providers: [.apt(["libpq-dev"])]),

    // Pure values: message contracts, money, roles. No I/O.
    .target(name: "O2CContracts", path: "Shared/O2CContracts", swiftSettings: swiftSettings),
    // Saga engine: value-type state machines and their scheduling rules. No I/O.
    .target(name: "O2CSaga", dependencies: ["O2CContracts"], path: "Shared/O2CSaga", swiftSettings: swiftSettings),
    // One thread per C handle: the executor the adapters' actors run on.
    .target(name: "O2CThreads", path: "Shared/O2CThreads", swiftSettings: swiftSettings),
    // Adapters over the C clients.
    .target(
        name: "O2CAMQP",
        dependencies: ["CAMQP", "O2CThreads", .product(name: "Logging", package: "swift-log")],
        path: "Shared/O2CAMQP", swiftSettings: swiftSettings),
    .target(
        name: "O2CPostgres",
        dependencies: ["CLibPQ", "O2CThreads", .product(name: "Logging", package: "swift-log")],
        path: "Shared/O2CPostgres", swiftSettings: swiftSettings),
    // Outbox, inbox, relay, consumers, saga store: the exactly-once machinery over both adapters.
    .target(
        name: "O2CMessaging",
        dependencies: [
            "O2CContracts", "O2CSaga", "O2CAMQP", "O2CPostgres",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        path: "Shared/O2CMessaging", swiftSettings: swiftSettings),
    // Service runtime: configuration, HTTP, auth, problem+json, idempotency, health, metrics.
    .target(
        name: "O2CRuntime",
        dependencies: [
            "O2CContracts", "O2CMessaging", "O2CPostgres", "O2CAMQP",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Yams", package: "Yams"),
        ],
        path: "Shared/O2CRuntime", swiftSettings: swiftSettings),
    // Printable forms: mustache templates compiled in, an HTML response, money in words (大写金额).
    .target(
        name: "O2CForms",
        dependencies: [
            "O2CContracts",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
        ],
        path: "Shared/O2CForms", swiftSettings: swiftSettings),

    // Operator and developer tools.
    .executableTarget(
        name: "o2c-bench",
        dependencies: [
            "CAMQP", "O2CAMQP", "O2CPostgres", "O2CMessaging", "O2CContracts",
            .product(name: "Logging", package: "swift-log"),
        ],
        path: "Tools/o2c-bench", swiftSettings: swiftSettings),
    // Seeds a running suite over HTTP and drives orders end to end (scripts/run.sh runs it).
    .executableTarget(
        name: "o2c-demo",
        dependencies: [
            "O2CRuntime", "O2CContracts", "O2CPostgres", "O2CAMQP", .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ],
        path: "Tools/o2c-demo", swiftSettings: swiftSettings),
    // The operators' CLI: stuck sagas, timelines, parked messages, tokens, migrations, the broker topology.
    .executableTarget(
        name: "o2cctl",
        dependencies: [
            "O2CRuntime", "O2CMessaging", "O2CAMQP", "O2CPostgres", "O2CContracts", "O2CSaga",
            "Orders", "Credit", "WarehouseDispatch", "FinanceCollections", "AfterSales",
            .product(name: "Logging", package: "swift-log"),
        ],
        path: "Tools/o2cctl", swiftSettings: swiftSettings),
    // A minimal service used by the platform's integration tests: consumes, records effects, relays.
    .executableTarget(
        name: "o2c-fixture",
        dependencies: [
            "O2CRuntime", "O2CMessaging", "O2CContracts", "O2CPostgres", "O2CSaga", .product(name: "Hummingbird", package: "hummingbird"),
        ],
        path: "Tests/Fixtures/o2c-fixture", swiftSettings: swiftSettings),

    // Tests.
    .testTarget(name: "O2CSagaTests", dependencies: ["O2CSaga", "O2CContracts"], path: "Tests/O2CSagaTests"),
    .testTarget(name: "O2CFormsTests", dependencies: ["O2CForms", "O2CContracts"], path: "Tests/O2CFormsTests"),
    .testTarget(
        name: "O2CContractsTests", dependencies: ["O2CContracts", .product(name: "PropertyBased", package: "swift-property-based")],
        path: "Tests/O2CContractsTests"),
    .testTarget(
        name: "O2CRuntimeTests",
        dependencies: [
            "O2CRuntime", "O2CContracts", "O2CMessaging", "O2CAMQP",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ],
        path: "Tests/O2CRuntimeTests"),
    .testTarget(
        name: "IntegrationTests",
        dependencies: [
            "O2CRuntime", "O2CMessaging", "O2CAMQP", "O2CPostgres", "O2CContracts", "O2CSaga",
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Logging", package: "swift-log"),
            // The tests' HTTP client: FoundationNetworking's URLSession on Linux can crash the whole test
            // process in libdispatch when curl closes a socket (swift-corelibs-foundation #4791, #5469).
            .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ],
        path: "Tests/IntegrationTests"),
]

// Unit tests of each service's business rules (pure functions, no I/O).
for module in ["Orders", "Credit", "FinanceCollections", "WarehouseDispatch", "AfterSales"] {
    targets.append(
        .testTarget(
            name: "\(module)Tests",
            dependencies: [
                .target(name: module), "O2CContracts", "O2CSaga", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/\(module)Tests"))
}

for service in services {
    targets.append(
        .target(
            name: service.module,
            dependencies: [
                "O2CRuntime", "O2CMessaging", "O2CContracts", "O2CSaga", "O2CPostgres", "O2CForms",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/\(service.module)", resources: [.copy("openapi.yaml")], swiftSettings: swiftSettings))
    targets.append(
        .executableTarget(
            name: service.executable,
            dependencies: [.target(name: service.module), "O2CRuntime"],
            path: "Services/\(service.executable)", swiftSettings: swiftSettings))
}

// Every service's OpenAPI document against the routes its router registers (no database, no broker).
targets.append(
    .testTarget(
        name: "ServicesContractTests",
        dependencies: services.map { .target(name: $0.module) } + [
            "O2CRuntime", "O2CMessaging", "O2CPostgres", "O2CContracts", "O2CAMQP",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ],
        path: "Tests/ServicesContractTests"))

let package = Package(
    name: "order-to-cash",
    platforms: [.macOS(.v15)],
    products: services.map { .executable(name: $0.executable, targets: [$0.executable]) } + [
        .executable(name: "o2c-bench", targets: ["o2c-bench"]),
        .executable(name: "o2c-demo", targets: ["o2c-demo"]),
        .executable(name: "o2cctl", targets: ["o2cctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Named for the modules the code imports directly (HTTPTypes' statuses, NIOCore's buffers); hummingbird brings them.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Printable forms' templates (O2CForms).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // o2c-demo's HTTP client for the benchmark (hummingbird depends on it already; no new package is fetched).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
        // Tests only: property-based tests of the money and calendar rules at their bounds.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: targets
)
