import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `token`, `migrate` and `topology`.
enum AdminCommands {
    /// A bearer token as the services expect it (HS256 with O2C_AUTH_SECRET; claims sub, roles, exp).
    static func token(_ arguments: inout Arguments) async throws {
        guard let roleList = try arguments.option("role") else {
            throw CLIError.usage("--role is required (one or more of \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let roles = try roleList.split(separator: ",").map { name throws(CLIError) in
            guard let role = Role(rawValue: String(name)) else { throw CLIError.usage("unknown role \"\(name)\"") }
            return role
        }
        let subject = try arguments.option("subject") ?? "ops-\(roles[0].rawValue)"
        // Within the services' limit on a token's life (O2C_AUTH_MAX_TOKEN_SECONDS, default 12 hours).
        let limit = ProcessInfo.processInfo.environment["O2C_AUTH_MAX_TOKEN_SECONDS"].flatMap { Int($0) } ?? 43_200
        let ttl = try arguments.integer("ttl", default: min(3600, limit), in: 1...max(1, limit))
        try arguments.finish()
        let secret = try CLIEnvironment.authSecret()
        print(try await TokenMinter.token(secret: secret, subject: subject, roles: roles, lifetime: TimeInterval(ttl)))
    }

    /// The platform's and the service's migrations, with the Migrator the service runs at start.
    static func migrate(_ arguments: inout Arguments) async throws {
        let service = try CLIEnvironment.service(try arguments.option("service"))
        try arguments.finish()
        let (pool, schema) = try CLIEnvironment.pool(schema: service.schema)
        let definition = ServiceCatalog.definition(service)
        let applied = try await Migrator.migrate(
            pool: pool, schema: schema, migrations: PlatformMigrations.all + definition.migrations, logger: CLIEnvironment.logger)
        await pool.close()
        CLIEnvironment.write(
            applied.isEmpty
                ? "\(service.rawValue): schema \(schema) is up to date"
                : "\(service.rawValue): applied \(applied.map(String.init).joined(separator: ", ")) to schema \(schema)")
    }

    /// deploy/rabbitmq/definitions.json, from the code: `swift run o2cctl topology > deploy/rabbitmq/definitions.json`.
    static func topology(_ arguments: inout Arguments) throws {
        let vhost = try arguments.option("vhost") ?? "o2c"
        try arguments.finish()
        let topologies = try ServiceName.allCases.map { try ServiceCatalog.topology($0).amqpTopology }
        print(try RabbitDefinitions(topologies, users: BrokerPermissions.all, vhost: vhost).json())
    }
}
